import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Modal, Space, Spin, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { FieldPath } from '../../api/problem';
import type { Shipment } from '../../api/types';
import { useSession } from '../../auth/session';
import { ShipmentStatusTag } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName, ProductName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { HistoryCard } from '../../components/HistoryCard';

type Step = 'pick' | 'pack' | 'deliver' | 'cancel';
const shipFields = (p: FieldPath) => p.length === 1 && (p[0] === 'carrier' || p[0] === 'tracking_number');

export default function ShipmentPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const f = useFormat();
  const [shipOpen, setShipOpen] = useState(false);
  const [form] = Form.useForm<{ carrier: string; tracking_number: string }>();
  const shipErrors = useFormErrors(form, shipFields);

  const shipment = useQuery({
    queryKey: ['shipment', id],
    queryFn: async () => must(await api.GET('/api/v1/shipments/{id}', { params: { path: { id: id! } } })),
  });
  const s = shipment.data;
  usePageTitle(s?.number);
  const order = useQuery({
    queryKey: ['sales-order', s?.order_id],
    enabled: !!s && may('sales.order.read'),
    queryFn: async () => must(await api.GET('/api/v1/sales-orders/{id}', { params: { path: { id: s!.order_id } } })),
  });

  const done = (next: Shipment) => {
    qc.setQueryData(['shipment', id], next);
    void qc.invalidateQueries({ queryKey: ['shipments'] });
    void qc.invalidateQueries({ queryKey: ['sales-order', next.order_id] });
    void qc.invalidateQueries({ queryKey: ['sales-orders'] });
  };
  const step = useMutation({
    mutationFn: async (a: Step) => {
      const params = { path: { id: s!.id }, header: { 'If-Match': `"${s!.version}"` } };
      if (a === 'pick') return must(await api.POST('/api/v1/shipments/{id}/pick', { params }));
      if (a === 'pack') return must(await api.POST('/api/v1/shipments/{id}/pack', { params }));
      if (a === 'deliver') return must(await api.POST('/api/v1/shipments/{id}/deliver', { params }));
      return must(await api.POST('/api/v1/shipments/{id}/cancel', { params }));
    },
    onSuccess: (next, a) => {
      done(next);
      void message.success(t(`shipments.done.${a}`));
    },
    onError: (e) => {
      void message.error(errorMessage(t, e));
      void shipment.refetch();
    },
  });
  const ship = useMutation({
    mutationFn: async (v: { carrier: string; tracking_number: string }) =>
      must(
        await api.POST('/api/v1/shipments/{id}/ship', {
          params: { path: { id: s!.id }, header: { 'If-Match': `"${s!.version}"` } },
          body: { carrier: v.carrier.trim(), tracking_number: v.tracking_number.trim() },
        }),
      ),
    onSuccess: (next) => {
      done(next);
      setShipOpen(false);
      shipErrors.clear();
      void message.success(t('shipments.done.ship'));
    },
    onError: (e) => shipErrors.show(e),
  });

  if (shipment.isPending) return <Spin />;
  if (shipment.error || !s) return <ErrorAlert error={shipment.error} onRetry={() => void shipment.refetch()} />;

  const handle = may('sales.shipment.handle');
  const st = s.status;
  const open = st === 'to_pick' || st === 'picked' || st === 'packed';
  const lines = order.data?.lines ?? [];
  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('shipments.heading', { number: s.number })}
            <ShipmentStatusTag status={s.status} />
          </Space>
        }
        extra={
          handle && (
            <>
              {st === 'to_pick' && (
                <Button type="primary" loading={step.isPending} onClick={() => step.mutate('pick')}>
                  {t('shipments.actions.pick')}
                </Button>
              )}
              {st === 'picked' && (
                <Button type="primary" loading={step.isPending} onClick={() => step.mutate('pack')}>
                  {t('shipments.actions.pack')}
                </Button>
              )}
              {open && (
                <Button type={st === 'packed' ? 'primary' : 'default'} onClick={() => setShipOpen(true)}>
                  {t('shipments.actions.ship')}
                </Button>
              )}
              {st === 'shipped' && (
                <Button type="primary" loading={step.isPending} onClick={() => step.mutate('deliver')}>
                  {t('shipments.actions.deliver')}
                </Button>
              )}
              {open && (
                <Button
                  danger
                  onClick={() =>
                    Modal.confirm({
                      title: t('shipments.actions.cancel'),
                      content: t('shipments.cancelText', { number: s.number }),
                      okText: t('shipments.actions.cancel'),
                      okButtonProps: { danger: true },
                      cancelText: t('common.back'),
                      onOk: () => step.mutateAsync('cancel').catch(() => undefined),
                    })
                  }
                >
                  {t('shipments.actions.cancel')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('orders.customer')}>
            <PartyName id={s.customer_id} link />
          </Descriptions.Item>
          <Descriptions.Item label={t('shipments.order')}>
            <Link to={`/orders/${s.order_id}`}>{order.data?.number ?? s.order_id}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('shipments.carrier')}>{s.carrier ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('shipments.tracking_number')}>{s.tracking_number ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('shipments.shipped_at')}>{s.shipped_at ? f.dateTime(s.shipped_at) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('shipments.delivered_at')}>{s.delivered_at ? f.dateTime(s.delivered_at) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('orders.lines')}</h2>}>
        <Table
          size="small"
          pagination={false}
          rowKey="order_line"
          dataSource={s.lines ?? []}
          columns={[
            { title: '#', dataIndex: 'order_line', width: 60, render: (i: number) => i + 1 },
            { title: t('orders.product'), dataIndex: 'product_id', render: (p: string) => <ProductName id={p} /> },
            { title: t('orders.ordered'), key: 'ordered', align: 'right', width: 120, render: (_, l) => f.quantity(lines[l.order_line]?.quantity) },
            { title: t('shipments.quantity'), dataIndex: 'quantity', align: 'right', width: 120, render: (q: string) => f.quantity(q) },
          ]}
        />
      </Card>
      <Modal
        open={shipOpen}
        title={t('shipments.shipTitle', { number: s.number })}
        okText={t('shipments.actions.ship')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: ship.isPending }}
        onCancel={() => setShipOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {shipErrors.error !== undefined && <ErrorAlert error={shipErrors.error} title={t('common.saveFailed')} />}
        <Form form={form} layout="vertical" onFinish={(v) => ship.mutate(v)}>
          <Form.Item label={t('shipments.carrier')} name="carrier" rules={[{ required: true, whitespace: true, message: t('shipments.carrierRequired') }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item label={t('shipments.tracking_number')} name="tracking_number" rules={[{ required: true, whitespace: true, message: t('shipments.trackingRequired') }]}>
            <Input />
          </Form.Item>
          {/* Enter in a field ships, as in every form. */}
          <button type="submit" hidden />
        </Form>
      </Modal>
      <HistoryCard entityType="sales_shipment" entityId={s.id} />
    </>
  );
}
