import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Space, Spin, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, must } from '../../api/client';
import type { FieldPath } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProductName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useFormat } from '../../components/useFormat';

const known = (p: FieldPath) => p[0] === 'reason';

/** ReturnForm authorizes a return from a ticket's order (or ?order=): a quantity per delivered line and a reason. */
export default function ReturnForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const f = useFormat();
  const [params] = useSearchParams();
  const ticketId = params.get('ticket') ?? undefined;
  const [form] = Form.useForm<{ reason: string }>();
  const errors = useFormErrors(form, known);
  const [qty, setQty] = useState<Record<number, string>>({});
  const ticket = useQuery({
    queryKey: ['ticket', ticketId],
    enabled: !!ticketId,
    queryFn: async () => must(await api.GET('/api/v1/tickets/{id}', { params: { path: { id: ticketId! } } })),
  });
  const orderId = params.get('order') ?? ticket.data?.order_id;
  const order = useQuery({
    queryKey: ['sales-order', orderId],
    enabled: !!orderId,
    queryFn: async () => must(await api.GET('/api/v1/sales-orders/{id}', { params: { path: { id: orderId! } } })),
  });
  const create = useMutation({
    mutationFn: async (v: { reason: string }) => {
      const lines = Object.entries(qty)
        .filter(([, q]) => q && q !== '0')
        .map(([i, q]) => ({ order_line: Number(i), quantity: q }));
      if (!lines.length) throw new Error(t('support.returns.nothingSelected'));
      return must(await api.POST('/api/v1/returns', { body: { ticket_id: ticketId, order_id: orderId, reason: v.reason, lines } }));
    },
    onSuccess: (r) => {
      void message.success(t('support.returns.authorized_ok', { number: r.number }));
      navigate(`/returns/${r.id}`);
    },
    onError: (e) => errors.show(e),
  });
  if ((ticketId && ticket.isPending) || (orderId && order.isPending)) return <Spin />;
  const err = ticket.error ?? order.error;
  if (err) return <ErrorAlert error={err} />;
  const o = order.data;
  return (
    <>
      <PageHeader title={t('support.returns.new')} />
      <Card style={{ maxWidth: 960 }}>
        {errors.error !== undefined && <ErrorAlert error={errors.error} title={t('common.saveFailed')} />}
        <p>
          {t('support.returns.order')}: <strong>{o?.number ?? '—'}</strong>
          {ticket.data && (
            <>
              {' · '}
              {t('support.returns.ticket')}: <strong>{ticket.data.number}</strong>
            </>
          )}
        </p>
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={(o?.lines ?? []).map((l, i) => ({ ...l, i }))}
          columns={[
            { title: '#', dataIndex: 'i', width: 50, render: (i: number) => i + 1 },
            { title: t('orders.product'), dataIndex: 'product_id', render: (p: string) => <ProductName id={p} /> },
            { title: t('support.returns.delivered'), dataIndex: 'delivered', align: 'right', width: 120, render: (q: string) => f.quantity(q) },
            {
              title: t('support.returns.quantity'),
              key: 'qty',
              width: 160,
              render: (_, l) => (
                <InputNumber<string>
                  aria-label={`${t('support.returns.quantity')} ${l.i + 1}`}
                  stringMode
                  min="0"
                  max={l.delivered}
                  value={qty[l.i]}
                  onChange={(v) => setQty((x) => ({ ...x, [l.i]: v ?? '' }))}
                />
              ),
            },
          ]}
        />
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} style={{ marginTop: 16 }}>
          <Form.Item label={t('support.returns.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('support.returns.reasonRequired') }]}>
            <Input />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('support.returns.authorize')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
