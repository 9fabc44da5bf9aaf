import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Modal, Radio, Select, Space, Spin, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { FieldPath } from '../../api/problem';
import type { Return } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName, ProductName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { ReturnStatusTag } from '../support/tags';
import { HistoryCard } from '../../components/HistoryCard';

type Disposition = 'restock' | 'scrap';
const known = (p: FieldPath) => p[0] === 'location_id' || p[0] === 'disposition';

/** ReturnPage: a return with its links (ticket, order, credit notes) and its steps: receive (restock or scrap), credit, cancel. */
export default function ReturnPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const f = useFormat();
  const [receiveOpen, setReceiveOpen] = useState(false);
  const [form] = Form.useForm<{ disposition: Disposition; location_id?: string }>();
  const errors = useFormErrors(form, known);
  const disposition = Form.useWatch('disposition', form);

  const ret = useQuery({
    queryKey: ['return', id],
    queryFn: async () => must(await api.GET('/api/v1/returns/{id}', { params: { path: { id: id! } } })),
  });
  const r = ret.data;
  usePageTitle(r?.number);
  const order = useQuery({
    queryKey: ['sales-order', r?.order_id],
    enabled: !!r && may('sales.order.read'),
    queryFn: async () => must(await api.GET('/api/v1/sales-orders/{id}', { params: { path: { id: r!.order_id } } })),
  });
  const warehouse = useQuery({
    queryKey: ['warehouse', order.data?.warehouse_id],
    enabled: !!order.data && receiveOpen,
    queryFn: async () => must(await api.GET('/api/v1/warehouses/{id}', { params: { path: { id: order.data!.warehouse_id } } })),
  });
  const ticket = useQuery({
    queryKey: ['ticket', r?.ticket_id],
    enabled: !!r?.ticket_id && may('support.ticket.read'),
    queryFn: async () => must(await api.GET('/api/v1/tickets/{id}', { params: { path: { id: r!.ticket_id! } } })),
  });
  const done = (next: Return) => {
    qc.setQueryData(['return', id], next);
    void qc.invalidateQueries({ queryKey: ['returns'] });
    void message.success(t('support.returns.done'));
  };
  const step = useMutation({
    mutationFn: async (a: 'credit' | 'cancel') => {
      const params = { path: { id: r!.id }, header: { 'If-Match': `"${r!.version}"` } };
      if (a === 'credit') return must(await api.POST('/api/v1/returns/{id}/credit', { params }));
      return must(await api.POST('/api/v1/returns/{id}/cancel', { params }));
    },
    onSuccess: done,
    onError: (e) => {
      void message.error(errorMessage(t, e));
      void ret.refetch();
    },
  });
  const receive = useMutation({
    mutationFn: async (v: { disposition: Disposition; location_id?: string }) =>
      must(await api.POST('/api/v1/returns/{id}/receive', { params: { path: { id: r!.id }, header: { 'If-Match': `"${r!.version}"` } }, body: v })),
    onSuccess: (next) => {
      done(next);
      setReceiveOpen(false);
      errors.clear();
    },
    onError: (e) => errors.show(e),
  });

  if (ret.isPending) return <Spin />;
  if (ret.error || !r) return <ErrorAlert error={ret.error} onRetry={() => void ret.refetch()} />;
  const lines = order.data?.lines ?? [];
  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('support.returns.heading', { number: r.number })}
            <ReturnStatusTag status={r.status} />
          </Space>
        }
        extra={
          <>
            {r.status === 'authorized' && may('support.return.receive') && (
              <Button type="primary" onClick={() => setReceiveOpen(true)}>
                {t('support.returns.receive')}
              </Button>
            )}
            {r.status === 'received' && may('support.return.credit') && (
              <Button type="primary" loading={step.isPending} onClick={() => step.mutate('credit')}>
                {t('support.returns.credit')}
              </Button>
            )}
            {r.status === 'authorized' && may('support.return.authorize') && (
              <Button
                danger
                onClick={() =>
                  Modal.confirm({
                    title: t('support.returns.cancel'),
                    content: t('support.returns.cancelText', { number: r.number }),
                    okText: t('support.returns.cancel'),
                    okButtonProps: { danger: true },
                    cancelText: t('common.back'),
                    onOk: () => step.mutateAsync('cancel').catch(() => undefined),
                  })
                }
              >
                {t('support.returns.cancel')}
              </Button>
            )}
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('support.returns.customer')}>
            <PartyName id={r.customer_id} link />
          </Descriptions.Item>
          <Descriptions.Item label={t('support.returns.order')}>
            <Link to={`/orders/${r.order_id}`}>{order.data?.number ?? r.order_id}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('support.returns.ticket')}>{r.ticket_id ? <Link to={`/tickets/${r.ticket_id}`}>{ticket.data?.number ?? r.ticket_id}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('support.returns.reason')}>{r.reason}</Descriptions.Item>
          <Descriptions.Item label={t('support.returns.disposition')}>{r.disposition ? t(`support.returns.dispositions.${r.disposition}`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('support.returns.receivedAt')}>{r.received_at ? f.dateTime(r.received_at) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('support.returns.creditNotes')}>
            {(r.credit_note_ids ?? []).length
              ? (r.credit_note_ids ?? []).map((cn) => (
                  <Link key={cn} to={`/invoices/${cn}`} style={{ marginRight: 8 }}>
                    {cn}
                  </Link>
                ))
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('support.returns.creditedAt')}>{r.credited_at ? f.dateTime(r.credited_at) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('support.returns.lines')}</h2>}>
        <Table
          size="small"
          pagination={false}
          rowKey="order_line"
          dataSource={r.lines ?? []}
          columns={[
            { title: '#', dataIndex: 'order_line', width: 60, render: (i: number) => i + 1 },
            { title: t('orders.product'), dataIndex: 'product_id', minWidth: 200, render: (p: string) => <ProductName id={p} /> },
            { title: t('support.returns.delivered'), key: 'delivered', align: 'right', width: 120, render: (_, l) => f.quantity(lines[l.order_line]?.delivered) },
            { title: t('support.returns.quantity'), dataIndex: 'quantity', align: 'right', width: 140, render: (q: string) => f.quantity(q) },
          ]}
        />
      </Card>
      <Modal
        open={receiveOpen}
        title={t('support.returns.receiveTitle', { number: r.number })}
        okText={t('support.returns.receive')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: receive.isPending }}
        onCancel={() => setReceiveOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {errors.error !== undefined && <ErrorAlert error={errors.error} title={t('common.saveFailed')} />}
        <Form form={form} layout="vertical" initialValues={{ disposition: 'restock' }} onFinish={(v) => receive.mutate(v)}>
          <Form.Item label={t('support.returns.disposition')} name="disposition">
            <Radio.Group options={(['restock', 'scrap'] as const).map((d) => ({ value: d, label: t(`support.returns.dispositions.${d}`) }))} />
          </Form.Item>
          {disposition !== 'scrap' && (
            <Form.Item label={t('support.returns.location')} name="location_id" rules={[{ required: true, message: t('support.returns.locationRequired') }]}>
              <Select
                loading={warehouse.isFetching}
                options={(warehouse.data?.locations ?? []).filter((l) => l.active).map((l) => ({ value: l.id!, label: [l.code, l.name].filter(Boolean).join(' · ') }))}
              />
            </Form.Item>
          )}
          <button type="submit" hidden />
        </Form>
      </Modal>
      <HistoryCard entityType="return" entityId={r.id} />
    </>
  );
}
