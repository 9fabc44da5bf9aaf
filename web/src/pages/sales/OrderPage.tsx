import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Modal, Row, Space, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { Invoice, SalesLine, SalesOrder, Shipment } from '../../api/types';
import { useSession } from '../../auth/session';
import { InvoiceStatusTag, OrderStatusTag, ShipmentStatusTag } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName } from '../../components/names';
import { TotalsCard, useSalesLineColumns } from '../../components/salesLines';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { nowrap } from '../../components/cells';
import { HistoryCard } from '../../components/HistoryCard';

type Action = 'confirm' | 'cancel' | 'close';

export default function OrderPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();

  const order = useQuery({
    queryKey: ['sales-order', id],
    queryFn: async () => must(await api.GET('/api/v1/sales-orders/{id}', { params: { path: { id: id! } } })),
  });
  const o = order.data;
  usePageTitle(o?.number);
  const lineColumns = useSalesLineColumns(o?.lines ?? []);
  const shipments = useQuery({
    queryKey: ['shipments', 'order', o?.id],
    enabled: !!o && may('sales.shipment.read'),
    queryFn: async () => must(await api.GET('/api/v1/shipments', { params: { query: { order_id: o!.id, limit: 100 } } })).data ?? [],
  });
  const invoices = useQuery({
    queryKey: ['invoices', 'order', o?.id],
    enabled: !!o && may('billing.invoice.read'),
    queryFn: async () => must(await api.GET('/api/v1/invoices', { params: { query: { order_id: o!.id, limit: 100 } } })).data ?? [],
  });

  const refresh = (next?: SalesOrder) => {
    if (next) qc.setQueryData(['sales-order', id], next);
    void qc.invalidateQueries({ queryKey: ['sales-orders'] });
    void qc.invalidateQueries({ queryKey: ['shipments'] });
    void qc.invalidateQueries({ queryKey: ['invoices'] });
    void qc.invalidateQueries({ queryKey: ['approvals'] });
  };

  const act = useMutation({
    mutationFn: async (a: Action) => {
      const params = { path: { id: o!.id }, header: { 'If-Match': `"${o!.version}"` } };
      if (a === 'confirm') return must(await api.POST('/api/v1/sales-orders/{id}/confirm', { params }));
      if (a === 'cancel') return must(await api.POST('/api/v1/sales-orders/{id}/cancel', { params }));
      return must(await api.POST('/api/v1/sales-orders/{id}/close', { params }));
    },
    onSuccess: (next, a) => {
      refresh(next);
      if (a === 'confirm' && next.status === 'pending_approval') void message.warning(t('orders.sentForApproval'));
      else void message.success(t(`orders.done.${a}`));
    },
    onError: (e) => {
      void message.error(errorMessage(t, e));
      void order.refetch();
    },
  });

  const ship = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/shipments', { body: { order_id: o!.id } })),
    onSuccess: (s) => {
      refresh();
      void message.success(t('shipments.created', { number: s.number }));
      navigate(`/shipments/${s.id}`);
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });

  const invoice = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/invoices', { body: { order_id: o!.id } })),
    onSuccess: (inv) => {
      refresh();
      void message.success(t('invoices.draftCreated'));
      navigate(`/invoices/${inv.id}`);
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });

  if (order.isPending) return <Spin />;
  if (order.error || !o) return <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;

  const ask = (a: Action) =>
    a === 'confirm'
      ? act.mutate(a)
      : Modal.confirm({
          title: t(`orders.actions.${a}`),
          content: t(`orders.confirmText.${a}`, { number: o.number }),
          okText: t(`orders.actions.${a}`),
          okButtonProps: { danger: a === 'cancel' },
          cancelText: t('common.back'),
          onOk: () => act.mutateAsync(a).catch(() => undefined),
        });

  const s = o.status;
  const buttons = (
    <>
      {s === 'draft' && may('sales.order.update') && <Button onClick={() => navigate(`/orders/${o.id}/edit`)}>{t('orders.actions.edit')}</Button>}
      {s === 'draft' && may('sales.order.confirm') && (
        <Button type="primary" loading={act.isPending && act.variables === 'confirm'} onClick={() => ask('confirm')}>
          {t('orders.actions.confirm')}
        </Button>
      )}
      {(s === 'confirmed' || s === 'partially_delivered') && may('sales.shipment.create') && (
        <Button type="primary" loading={ship.isPending} onClick={() => ship.mutate()}>
          {t('orders.actions.ship')}
        </Button>
      )}
      {(s === 'confirmed' || s === 'partially_delivered' || s === 'delivered') && may('billing.invoice.create') && (
        <Button type={s === 'delivered' ? 'primary' : 'default'} loading={invoice.isPending} onClick={() => invoice.mutate()}>
          {t('orders.actions.invoice')}
        </Button>
      )}
      {s === 'paid' && may('sales.order.close') && <Button onClick={() => ask('close')}>{t('orders.actions.close')}</Button>}
      {(s === 'draft' || s === 'pending_approval' || s === 'confirmed') && may('sales.order.cancel') && (
        <Button danger onClick={() => ask('cancel')}>
          {t('orders.actions.cancel')}
        </Button>
      )}
    </>
  );

  const approval = o.approval;
  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('orders.heading', { number: o.number })}
            <OrderStatusTag status={o.status} />
          </Space>
        }
        extra={buttons}
      />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('orders.customer')}>
                <PartyName id={o.customer_id} link />
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.order_date')}>{f.date(o.order_date)}</Descriptions.Item>
              <Descriptions.Item label={t('orders.reference')}>{o.reference ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('orders.requested_date')}>{o.requested_date ? f.date(o.requested_date) : '—'}</Descriptions.Item>
              {approval && (
                <>
                  <Descriptions.Item label={t('orders.approval')}>
                    <StatusTag tone={approval.outcome === 'rejected' ? 'red' : approval.outcome === 'pending' ? 'gold' : 'green'}>
                      {t(`orders.outcomes.${approval.outcome}`)}
                    </StatusTag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('orders.rule')}>{approval.rule === 'no_policy_matched' ? t('orders.noPolicyMatched') : approval.rule}</Descriptions.Item>
                  {approval.comment && (
                    <Descriptions.Item label={t('approvals.comment')} span={2}>
                      {approval.comment}
                    </Descriptions.Item>
                  )}
                </>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <TotalsCard doc={o} />
        </Col>
      </Row>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('orders.lines')}</h2>} style={{ marginBottom: 16 }}>
        <Table<SalesLine & { key: number }>
          size="small"
          pagination={false}
          dataSource={(o.lines ?? []).map((l, i) => ({ ...l, key: i }))}
          columns={[
            ...lineColumns.head,
            { title: t('orders.reserved'), dataIndex: 'reserved', align: 'right', width: 85, render: (q: string) => f.quantity(q) },
            {
              title: t('orders.backordered'),
              dataIndex: 'backordered',
              align: 'right',
              width: 110,
              render: (q: string) => (Number(q) > 0 ? <Typography.Text type="danger">{f.quantity(q)}</Typography.Text> : f.quantity(q)),
            },
            { title: t('orders.delivered'), dataIndex: 'delivered', align: 'right', width: 85, render: (q: string) => f.quantity(q) },
            { title: t('orders.invoiced'), dataIndex: 'invoiced', align: 'right', width: 85, render: (q: string) => f.quantity(q) },
            lineColumns.total,
          ]}
        />
      </Card>
      <Row gutter={16}>
        {may('sales.shipment.read') && (
          <Col xs={24} xl={12}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('shipments.title')}</h2>} style={{ marginBottom: 16 }}>
              {shipments.error && <ErrorAlert error={shipments.error} />}
              <Table<Shipment>
                rowKey="id"
                size="small"
                pagination={false}
                loading={shipments.isPending}
                dataSource={shipments.data ?? []}
                locale={{ emptyText: t('shipments.none') }}
                columns={[
                  { title: t('shipments.number'), onCell: nowrap, dataIndex: 'number', render: (n: string, x) => <Link to={`/shipments/${x.id}`}>{n}</Link> },
                  { title: t('common.status'), dataIndex: 'status', render: (st: Shipment['status']) => <ShipmentStatusTag status={st} /> },
                  { title: t('shipments.tracking'), key: 'tracking', render: (_, x) => [x.carrier, x.tracking_number].filter(Boolean).join(' · ') },
                ]}
              />
            </Card>
          </Col>
        )}
        {may('billing.invoice.read') && (
          <Col xs={24} xl={12}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('invoices.title')}</h2>} style={{ marginBottom: 16 }}>
              {invoices.error && <ErrorAlert error={invoices.error} />}
              <Table<Invoice>
                rowKey="id"
                size="small"
                pagination={false}
                loading={invoices.isPending}
                dataSource={invoices.data ?? []}
                locale={{ emptyText: t('invoices.none') }}
                columns={[
                  { title: t('invoices.number'), onCell: nowrap, key: 'number', render: (_, x) => <Link to={`/invoices/${x.id}`}>{x.number ?? t('invoices.draft')}</Link> },
                  { title: t('common.status'), dataIndex: 'status', render: (st: Invoice['status']) => <InvoiceStatusTag status={st} /> },
                  { title: t('orders.total'), key: 'total', align: 'right', render: (_, x) => f.money(x.total) },
                  { title: t('invoices.residual'), key: 'residual', align: 'right', render: (_, x) => f.money(x.residual) },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
      <HistoryCard entityType="sales_order" entityId={o.id} />
    </>
  );
}
