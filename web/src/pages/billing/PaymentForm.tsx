import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, must } from '../../api/client';
import { ApiError, type FieldPath } from '../../api/problem';
import type { Invoice, PaymentInput } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useParty } from '../../components/names';
import { CustomerPicker } from '../../components/pickers';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { currencyDigits, parseDecimal, sumAmounts } from '../../lineAmounts';
import { nowrap } from '../../components/cells';

interface Values {
  customer_id?: string;
  amount?: string;
  method: 'bank' | 'cash';
  received_on?: string;
  reference?: string;
  /** Allocation per invoice ID. */
  alloc: Record<string, string | undefined>;
}

const own = ['customer_id', 'amount', 'method', 'received_on', 'reference'];
const known = (p: FieldPath) => (p.length === 1 && own.includes(String(p[0]))) || (p[0] === 'amount' && p[1] === 'amount');
const blank = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);

/** openInvoices are the customer's posted invoices with something still to pay, oldest due first. */
async function openInvoices(customerId: string): Promise<Invoice[]> {
  const [posted, partly] = await Promise.all(
    (['posted', 'partially_paid'] as const).map(async (status) =>
      must(await api.GET('/api/v1/invoices', { params: { query: { customer_id: customerId, status, kind: 'invoice', limit: 200 } } })).data ?? [],
    ),
  );
  return [...posted, ...partly].sort((a, b) => (a.due_date ?? '').localeCompare(b.due_date ?? '') || (a.number ?? '').localeCompare(b.number ?? ''));
}

export default function PaymentForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, known);
  usePageTitle(t('payments.receive'));

  const customerId = Form.useWatch('customer_id', form);
  const amount = Form.useWatch('amount', form);
  const alloc = (Form.useWatch('alloc', form) ?? {}) as Record<string, string | undefined>;
  const customer = useParty(customerId);
  const invoices = useQuery({
    queryKey: ['invoices', 'open', customerId],
    enabled: !!customerId,
    queryFn: () => openInvoices(customerId!),
  });
  const currency = customer.data?.currency ?? invoices.data?.[0]?.currency ?? 'USD';
  const digits = currencyDigits(currency);
  const allocated = sumAmounts(Object.values(alloc).filter((v): v is string => !!blank(v)), digits);
  const rest = parseDecimal(amount) ? sumAmounts([amount!, '-' + allocated], digits) : undefined;

  // Coming from an invoice: pay its residual, allocated to it.
  const wanted = params.get('invoice');
  useEffect(() => {
    if (!wanted || !invoices.data) return;
    const inv = invoices.data.find((i) => i.id === wanted);
    if (inv && !form.getFieldValue('amount')) {
      form.setFieldsValue({ amount: inv.residual.amount, alloc: { [inv.id]: inv.residual.amount } });
    }
  }, [wanted, invoices.data, form]);

  /** allocateOldestFirst spreads the amount over the open invoices, oldest due first. */
  const allocateOldestFirst = () => {
    const total = parseDecimal(form.getFieldValue('amount'));
    if (!total || !invoices.data) return;
    let left = sumAmounts([form.getFieldValue('amount')], digits);
    const next: Record<string, string | undefined> = {};
    for (const inv of invoices.data) {
      if (inv.currency !== currency) continue;
      const l = parseDecimal(left)!;
      if (l.n <= 0n) break;
      const take = parseDecimal(sumAmounts([left, '-' + inv.residual.amount], digits))!.n >= 0n ? inv.residual.amount : left;
      next[inv.id] = take;
      left = sumAmounts([left, '-' + take], digits);
    }
    form.setFieldsValue({ alloc: next });
  };

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body: PaymentInput = {
        customer_id: v.customer_id ?? '',
        amount: { amount: (v.amount ?? '').trim(), currency },
        method: v.method,
        received_on: blank(v.received_on),
        reference: blank(v.reference),
        allocations: Object.entries(v.alloc ?? {})
          .filter(([, a]) => !!blank(a) && parseDecimal(a)!.n !== 0n)
          .map(([invoice_id, a]) => ({ invoice_id, amount: { amount: a!.trim(), currency } })),
      };
      return must(await api.POST('/api/v1/payments', { body }));
    },
    onSuccess: (p) => {
      errors.clear();
      void qc.invalidateQueries({ queryKey: ['payments'] });
      void qc.invalidateQueries({ queryKey: ['invoices'] });
      void qc.invalidateQueries({ queryKey: ['invoice'] });
      void qc.invalidateQueries({ queryKey: ['sales-order'] });
      void qc.invalidateQueries({ queryKey: ['overview', p.customer_id] });
      void message.success(t('payments.received', { number: p.number }));
      navigate('/payments');
    },
    onError: (e) => errors.show(e),
  });

  const cancel = () => navigate(-1);
  return (
    <div
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && !(e.target as HTMLElement).closest('.ant-select, .ant-modal')) cancel();
      }}
    >
      <PageHeader title={t('payments.receive')} />
      {errors.error !== undefined && (
        <ErrorAlert
          error={errors.error}
          title={errors.rest.length || !(errors.error instanceof ApiError && errors.error.problem.errors?.length) ? t('common.saveFailed') : t('errors.fixFields')}
        />
      )}
      {errors.rest.length > 0 && <Alert type="error" showIcon title={errors.rest.join('; ')} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ customer_id: params.get('customer') ?? undefined, method: 'bank', alloc: {} }}
        onFinish={(v) => !save.isPending && save.mutate({ ...form.getFieldsValue(true), ...v })}
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col span={10}>
              <Form.Item label={t('orders.customer')} name="customer_id" rules={[{ required: true, message: t('orders.pickCustomer') }]}>
                <CustomerPicker autoFocus={!params.get('customer')} />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item
                label={t('payments.amountIn', { currency })}
                name="amount"
                rules={[{ required: true, pattern: /^\d+(\.\d+)?$/, message: t('payments.amountRequired') }]}
              >
                <Input inputMode="decimal" style={{ textAlign: 'right' }} autoFocus={!!params.get('customer')} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label={t('payments.method')} name="method">
                <Select options={(['bank', 'cash'] as const).map((m) => ({ value: m, label: t(`payments.methods.${m}`) }))} />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item label={t('payments.received_on')} name="received_on" extra={t('payments.todayDefault')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item label={t('payments.reference')} name="reference">
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('payments.allocations')}</h2>}
          extra={
            <Button onClick={allocateOldestFirst} disabled={!parseDecimal(amount) || !invoices.data?.length}>
              {t('payments.allocateOldest')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        >
          {invoices.error && <ErrorAlert error={invoices.error} />}
          <Table<Invoice>
            rowKey="id"
            size="small"
            pagination={false}
            loading={!!customerId && invoices.isPending}
            dataSource={invoices.data ?? []}
            locale={{ emptyText: customerId ? t('payments.noOpenInvoices') : t('payments.pickCustomerFirst') }}
            columns={[
              { title: t('invoices.number'), onCell: nowrap, dataIndex: 'number', width: 160 },
              { title: t('invoices.due_date'), onCell: nowrap, dataIndex: 'due_date', width: 130, render: (d?: string) => f.date(d) },
              { title: t('orders.total'), key: 'total', align: 'right', render: (_, i) => f.money(i.total) },
              { title: t('invoices.residual'), key: 'residual', align: 'right', render: (_, i) => f.money(i.residual) },
              {
                title: t('payments.allocate'),
                key: 'alloc',
                width: 180,
                render: (_, i) => (
                  <Form.Item name={['alloc', i.id]} style={{ margin: 0 }} rules={[{ pattern: /^\d+(\.\d+)?$/, message: t('payments.amountRequired') }]}>
                    <Input aria-label={t('payments.allocateTo', { number: i.number })} inputMode="decimal" style={{ textAlign: 'right' }} disabled={i.currency !== currency} />
                  </Form.Item>
                ),
              },
            ]}
          />
          <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 24, marginTop: 12 }}>
            <Typography.Text>{t('payments.allocated', { amount: f.money({ amount: allocated, currency }) })}</Typography.Text>
            {rest !== undefined && (
              <Typography.Text type={rest.startsWith('-') ? 'danger' : undefined} data-testid="unallocated">
                {t('payments.remaining', { amount: f.money({ amount: rest, currency }) })}
              </Typography.Text>
            )}
          </div>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('payments.receive')}
          </Button>
          <Button htmlType="button" onClick={cancel}>
            {t('common.cancel')}
          </Button>
          <Typography.Text type="secondary">{t('common.keyboardHint')}</Typography.Text>
        </Space>
      </Form>
    </div>
  );
}
