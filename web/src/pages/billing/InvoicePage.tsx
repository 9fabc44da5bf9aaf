import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { Invoice } from '../../api/types';
import { useSession } from '../../auth/session';
import { InvoiceStatusTag } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName, ProductName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { CreditNoteDialog } from './CreditNoteDialog';
import { HistoryCard } from '../../components/HistoryCard';

type Line = NonNullable<Invoice['lines']>[number];

export default function InvoicePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();
  const [crediting, setCrediting] = useState(false);
  const invoice = useQuery({
    queryKey: ['invoice', id],
    queryFn: async () => must(await api.GET('/api/v1/invoices/{id}', { params: { path: { id: id! } } })),
  });
  const inv = invoice.data;
  usePageTitle(inv ? (inv.number ?? t('invoices.draft')) : undefined);
  const order = useQuery({
    queryKey: ['sales-order', inv?.order_id],
    enabled: !!inv?.order_id && may('sales.order.read'),
    queryFn: async () => must(await api.GET('/api/v1/sales-orders/{id}', { params: { path: { id: inv!.order_id! } } })),
  });
  const post = useMutation({
    mutationFn: async () =>
      must(await api.POST('/api/v1/invoices/{id}/post', { params: { path: { id: inv!.id }, header: { 'If-Match': `"${inv!.version}"` } } })),
    onSuccess: (next) => {
      qc.setQueryData(['invoice', id], next);
      void qc.invalidateQueries({ queryKey: ['invoices'] });
      if (next.order_id) void qc.invalidateQueries({ queryKey: ['sales-order', next.order_id] });
      void message.success(t('invoices.posted', { number: next.number }));
    },
    onError: (e) => {
      void message.error(errorMessage(t, e));
      void invoice.refetch();
    },
  });

  if (invoice.isPending) return <Spin />;
  if (invoice.error || !inv) return <ErrorAlert error={invoice.error} onRetry={() => void invoice.refetch()} />;
  const open = inv.kind === 'invoice' && (inv.status === 'posted' || inv.status === 'partially_paid');
  const creditable = inv.kind === 'invoice' && (open || inv.status === 'paid');
  return (
    <>
      <PageHeader
        title={
          <Space>
            {inv.number ? t(`invoices.headings.${inv.kind}`, { number: inv.number }) : t('invoices.draftHeading')}
            <InvoiceStatusTag status={inv.status} />
          </Space>
        }
        extra={
          <>
            {inv.status === 'draft' && may('billing.invoice.post') && (
              <Button type="primary" loading={post.isPending} onClick={() => post.mutate()}>
                {t('invoices.post')}
              </Button>
            )}
            {open && may('billing.payment.create') && (
              <Button type="primary" onClick={() => navigate(`/payments/new?customer=${inv.customer_id}&invoice=${inv.id}`)}>
                {t('payments.receive')}
              </Button>
            )}
            {creditable && may('billing.invoice.credit') && <Button onClick={() => setCrediting(true)}>{t('creditNotes.create')}</Button>}
          </>
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('orders.customer')}>
                <PartyName id={inv.customer_id} link />
              </Descriptions.Item>
              <Descriptions.Item label={t('shipments.order')}>
                {inv.order_id ? <Link to={`/orders/${inv.order_id}`}>{order.data?.number ?? inv.order_id}</Link> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('invoices.invoice_date')}>{inv.invoice_date ? f.date(inv.invoice_date) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('invoices.due_date')}>{inv.due_date ? f.date(inv.due_date) : '—'}</Descriptions.Item>
              {inv.reason && <Descriptions.Item label={t('invoices.reason')}>{inv.reason}</Descriptions.Item>}
              {inv.credit_note_for && (
                <Descriptions.Item label={t('creditNotes.corrects')}>
                  <Link to={`/invoices/${inv.credit_note_for}`}>{t('creditNotes.original')}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('orders.subtotal')}>{f.money(inv.subtotal)}</Descriptions.Item>
              <Descriptions.Item label={t('orders.tax')}>{f.money(inv.tax)}</Descriptions.Item>
              <Descriptions.Item label={t('orders.total')}>
                <Typography.Text strong>{f.money(inv.total)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('invoices.settled')}>{f.money(inv.settled)}</Descriptions.Item>
              <Descriptions.Item label={t('invoices.residual')}>
                <Typography.Text strong data-testid="residual">
                  {f.money(inv.residual)}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('orders.lines')}</h2>}>
        <Table<Line & { key: number }>
          size="small"
          pagination={false}
          dataSource={(inv.lines ?? []).map((l, i) => ({ ...l, key: i }))}
          columns={[
            { title: t('orders.product'), dataIndex: 'product_id', minWidth: 200, render: (p: string) => <ProductName id={p} /> },
            { title: t('orders.quantity'), dataIndex: 'quantity', align: 'right', width: 100, render: (q: string) => f.quantity(q) },
            { title: t('orders.unit_price'), key: 'unit_price', align: 'right', width: 120, render: (_, l) => f.money(l.unit_price) },
            { title: t('orders.discount'), dataIndex: 'discount_percent', align: 'right', width: 90, render: (d: string) => `${f.quantity(d)} %` },
            ...((inv.lines ?? []).some((l) => l.tax_code) ? [{ title: t('orders.tax_code'), dataIndex: 'tax_code', width: 90 }] : []),
            { title: t('orders.net'), key: 'net', align: 'right', width: 120, render: (_, l) => f.money(l.net) },
            { title: t('orders.tax'), key: 'tax', align: 'right', width: 110, render: (_, l) => f.money(l.tax) },
            { title: t('orders.total'), key: 'total', align: 'right', width: 120, render: (_, l) => f.money(l.total) },
          ]}
        />
      </Card>
      {crediting && <CreditNoteDialog invoice={inv} open={crediting} onClose={() => setCrediting(false)} />}
      <HistoryCard entityType="invoice" entityId={inv.id} />
    </>
  );
}
