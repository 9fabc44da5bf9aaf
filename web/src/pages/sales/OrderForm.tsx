import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Spin, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, must } from '../../api/client';
import { ApiError, type FieldPath } from '../../api/problem';
import type { Credit, LinePreview, Quotation, SalesOrder, SalesOrderInput } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useParty } from '../../components/names';
import { CustomerPicker, ProductPicker } from '../../components/pickers';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { currencyDigits, isShort, lineAmounts, parseDecimal, sumAmounts } from '../../lineAmounts';
import { onGridKeyDown } from '../../components/gridKeys';

interface LineValues {
  product_id?: string;
  quantity?: string;
  unit_price?: string;
  discount_percent?: string;
  tax_code?: string;
}

interface Values {
  customer_id?: string;
  reference?: string;
  valid_until?: Dayjs;
  lines: LineValues[];
}

/** The form enters orders and quotations: the same customer, lines and prices. */
type Kind = 'order' | 'quotation';

const lineFields = ['product_id', 'quantity', 'unit_price', 'discount_percent', 'tax_code'];

/** Errors on these paths are shown on their field; anything else above the form. */
function knownField(p: FieldPath): boolean {
  if (p.length === 1) return p[0] === 'customer_id' || p[0] === 'reference' || p[0] === 'valid_until';
  return p[0] === 'lines' && typeof p[1] === 'number' && (p.length === 2 || (p.length === 3 && lineFields.includes(String(p[2]))));
}

const visuallyHidden = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

const blank = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
const validQty = (q: string | undefined) => {
  const d = parseDecimal(q);
  return !!d && d.n > 0n;
};

function CreditCard({ credit, orderTotal }: { credit?: Credit; orderTotal?: { amount: string; currency: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!credit) return null;
  // What this order would add, shown only when it is in the limit's currency.
  const limit = credit.limit;
  const after =
    limit && orderTotal && orderTotal.currency === limit.currency && credit.available?.currency === limit.currency
      ? sumAmounts([credit.available.amount, '-' + orderTotal.amount], currencyDigits(limit.currency))
      : undefined;
  const exceeded = credit.exceeded || (after !== undefined && after.startsWith('-'));
  const danger = exceeded ? { color: '#cf1322' } : undefined;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('orders.credit')}</h2>}
      size="small"
      style={{ marginBottom: 16, borderColor: exceeded ? '#cf1322' : undefined }}
      data-testid="credit"
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('orders.creditUsed')}>{f.money(credit.used)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.creditLimit')}>{limit ? f.money(limit) : t('orders.noLimit')}</Descriptions.Item>
        {credit.available && (
          <Descriptions.Item label={t('orders.creditAvailable')}>
            <span style={danger}>{f.money(credit.available)}</span>
          </Descriptions.Item>
        )}
        {after !== undefined && limit && (
          <Descriptions.Item label={t('orders.creditAfter')}>
            <span style={danger}>{f.money({ amount: after, currency: limit.currency })}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {exceeded && <Typography.Text type="danger">{t('orders.creditExceeded')}</Typography.Text>}
    </Card>
  );
}

/** The values of a draft being edited: a price the user gave is kept, others are repriced on saving. */
function toValues(o: SalesOrder | Quotation): Values {
  return {
    customer_id: o.customer_id,
    reference: ('reference' in o && o.reference) || undefined,
    valid_until: 'valid_until' in o ? dayjs(o.valid_until) : undefined,
    lines: (o.lines ?? []).map((l) => ({
      product_id: l.product_id,
      quantity: l.quantity,
      unit_price: l.price_source === 'given' ? l.unit_price.amount : undefined,
      discount_percent: l.discount_percent && Number(l.discount_percent) !== 0 ? l.discount_percent : undefined,
      tax_code: l.tax_code || undefined,
    })),
  };
}

/** New order at /orders/new; a draft's edit at /orders/:id/edit once it is loaded. */
export default function OrderFormPage() {
  const { id } = useParams();
  const order = useQuery({
    queryKey: ['sales-order', id],
    enabled: !!id,
    queryFn: async () => must(await api.GET('/api/v1/sales-orders/{id}', { params: { path: { id: id! } } })),
  });
  if (!id) return <OrderForm key="new" kind="order" />;
  if (order.error) return <ErrorAlert error={order.error} />;
  if (!order.data) return <Spin />;
  return <OrderForm key={id} kind="order" editing={order.data} />;
}

/** New quotation at /quotations/new; a revision at /quotations/:id/edit. */
export function QuotationFormPage() {
  const { id } = useParams();
  const quotation = useQuery({
    queryKey: ['quotation', id],
    enabled: !!id,
    queryFn: async () => must(await api.GET('/api/v1/quotations/{id}', { params: { path: { id: id! } } })),
  });
  if (!id) return <OrderForm key="new" kind="quotation" />;
  if (quotation.error) return <ErrorAlert error={quotation.error} />;
  if (!quotation.data) return <Spin />;
  return <OrderForm key={id} kind="quotation" editing={quotation.data} />;
}

function OrderForm({ kind, editing }: { kind: Kind; editing?: SalesOrder | Quotation }) {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, knownField);
  const [params] = useSearchParams();
  const quote = kind === 'quotation';
  const title = quote
    ? editing
      ? t('quotes.editHeading', { number: editing.number })
      : t('quotes.new')
    : editing
      ? t('orders.editHeading', { number: editing.number })
      : t('orders.new');
  const home = quote ? '/quotations' : '/orders';
  usePageTitle(title);

  const customerId = Form.useWatch('customer_id', form);
  const lines = (Form.useWatch('lines', form) ?? []) as (LineValues | undefined)[];
  const customer = useParty(customerId);
  const credit = useQuery({
    queryKey: ['credit', customerId],
    enabled: !!customerId,
    queryFn: async () => must(await api.GET('/api/v1/parties/{id}/credit', { params: { path: { id: customerId! } } })),
  });
  const taxes = useQuery({
    queryKey: ['taxes', 'active'],
    enabled: may('ledger.tax.read'),
    staleTime: 300_000,
    queryFn: async () => must(await api.GET('/api/v1/taxes', { params: { query: { active: 'true' } } })).data ?? [],
  });
  const previews = useQueries({
    queries: lines.map((l) => ({
      queryKey: ['line-preview', customerId, l?.product_id, l?.quantity?.trim()],
      enabled: !!customerId && !!l?.product_id && validQty(l?.quantity),
      staleTime: 30_000,
      placeholderData: keepPreviousData,
      retry: false,
      queryFn: async (): Promise<LinePreview> =>
        must(
          await api.GET('/api/v1/sales-orders/line-preview', {
            params: { query: { customer_id: customerId!, product_id: l!.product_id!, quantity: l!.quantity!.trim() } },
          }),
        ),
    })),
  });

  const currency = customer.data?.currency ?? previews.find((p) => p.data)?.data?.price.unit_price.currency ?? 'USD';
  const digits = currencyDigits(currency);
  const amounts = lines.map((l, i) => {
    if (!l?.product_id) return undefined;
    const price = blank(l.unit_price) ?? previews[i]?.data?.price.unit_price.amount;
    const tax = l.tax_code ? taxes.data?.find((x) => x.code === l.tax_code) : undefined;
    return lineAmounts(price, l.quantity, l.discount_percent, tax ? { rate: tax.rate, included: tax.included } : undefined, digits);
  });
  const present = amounts.filter((a) => !!a);
  const totals = {
    net: sumAmounts(present.map((a) => a.net), digits),
    tax: sumAmounts(present.map((a) => a.tax), digits),
    total: sumAmounts(present.map((a) => a.total), digits),
  };

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body: SalesOrderInput = {
        customer_id: v.customer_id ?? '',
        reference: blank(v.reference),
        lines: (v.lines ?? []).map((l) => ({
          product_id: l.product_id ?? '',
          quantity: (l.quantity ?? '').trim(),
          discount_percent: blank(l.discount_percent),
          tax_code: l.tax_code || undefined,
          unit_price: blank(l.unit_price) ? { amount: blank(l.unit_price)!, currency } : undefined,
        })),
      };
      if (quote) {
        const q = { customer_id: body.customer_id, currency, valid_until: v.valid_until?.format('YYYY-MM-DD'), lines: body.lines };
        return editing
          ? must(
              await api.PUT('/api/v1/quotations/{id}', {
                params: { path: { id: editing.id }, header: { 'If-Match': `"${editing.version}"` } },
                body: { ...q, version: editing.version },
              }),
            )
          : must(await api.POST('/api/v1/quotations', { body: q }));
      }
      if (editing) {
        return must(
          await api.PUT('/api/v1/sales-orders/{id}', {
            params: { path: { id: editing.id }, header: { 'If-Match': `"${editing.version}"` } },
            body: { ...body, version: editing.version },
          }),
        );
      }
      return must(await api.POST('/api/v1/sales-orders', { body }));
    },
    onSuccess: (o) => {
      errors.clear();
      qc.setQueryData([quote ? 'quotation' : 'sales-order', o.id], o);
      void qc.invalidateQueries({ queryKey: [quote ? 'quotations' : 'sales-orders'] });
      void message.success(t(quote ? 'quotes.saved' : 'orders.draftSaved', { number: o.number }));
      navigate(`${home}/${o.id}`, { replace: true });
    },
    onError: (e) => errors.show(e),
  });

  const cancel = () => navigate(editing ? `${home}/${editing.id}` : home);
  const shortCount = previews.filter((p, i) => p.data?.short && lines[i]?.product_id).length;

  return (
    <div
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && !(e.target as HTMLElement).closest('.ant-select, .ant-modal')) cancel();
      }}
    >
      <PageHeader title={title} />
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
        initialValues={
          editing
            ? toValues(editing)
            : { customer_id: params.get('customer') ?? undefined, valid_until: quote ? dayjs().add(30, 'day') : undefined, lines: [{}] }
        }
        onFinish={(v) => !save.isPending && save.mutate({ ...form.getFieldsValue(true), ...v })}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} xl={16}>
            <Card style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                <Col span={14}>
                  <Form.Item label={t('orders.customer')} name="customer_id" rules={[{ required: true, message: t('orders.pickCustomer') }]}>
                    <CustomerPicker autoFocus />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  {quote ? (
                    <Form.Item label={t('quotes.validUntil')} name="valid_until" rules={[{ required: true, message: t('quotes.validUntilRequired') }]}>
                      <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
                    </Form.Item>
                  ) : (
                    <Form.Item label={t('orders.reference')} name="reference" extra={t('orders.referenceHelp')}>
                      <Input />
                    </Form.Item>
                  )}
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            {credit.error ? <ErrorAlert error={credit.error} /> : <CreditCard credit={credit.data} orderTotal={present.length ? { amount: totals.total, currency } : undefined} />}
          </Col>
        </Row>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('orders.lines')}</h2>} style={{ marginBottom: 16 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <div onKeyDown={onGridKeyDown}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="key"
                  dataSource={fields}
                  columns={[
                    {
                      title: t('orders.product'),
                      key: 'product',
                      render: (_, fld) => (
                        <Form.Item name={[fld.name, 'product_id']} rules={[{ required: true, message: t('orders.pickProduct') }]} style={{ margin: 0 }}>
                          <ProductPicker aria-label={t('orders.productOfLine', { n: fld.name + 1 })} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('orders.quantity'),
                      key: 'quantity',
                      width: 100,
                      render: (_, fld) => (
                        <Form.Item name={[fld.name, 'quantity']} rules={[{ required: true, message: t('orders.quantityRequired') }]} style={{ margin: 0 }}>
                          <Input aria-label={t('orders.quantityOfLine', { n: fld.name + 1 })} inputMode="decimal" style={{ textAlign: 'right' }} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('orders.unit_price'),
                      key: 'unit_price',
                      width: 105,
                      render: (_, fld) => (
                        <Form.Item name={[fld.name, 'unit_price']} style={{ margin: 0 }}>
                          <Input
                            aria-label={t('orders.priceOfLine', { n: fld.name + 1 })}
                            inputMode="decimal"
                            placeholder={previews[fld.name]?.data?.price.unit_price.amount}
                            style={{ textAlign: 'right' }}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('orders.discount'),
                      key: 'discount',
                      width: 90,
                      render: (_, fld) => (
                        <Form.Item name={[fld.name, 'discount_percent']} style={{ margin: 0 }}>
                          <Input aria-label={t('orders.discountOfLine', { n: fld.name + 1 })} inputMode="decimal" suffix="%" />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('orders.tax_code'),
                      key: 'tax',
                      width: 110,
                      render: (_, fld) => (
                        <Form.Item name={[fld.name, 'tax_code']} style={{ margin: 0 }}>
                          <Select
                            allowClear
                            aria-label={t('orders.taxOfLine', { n: fld.name + 1 })}
                            disabled={!taxes.data?.length}
                            placeholder={t('orders.noTax')}
                            options={(taxes.data ?? []).map((x) => ({ value: x.code, label: `${x.code} (${f.quantity(x.rate)} %)` }))}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('orders.availability'),
                      key: 'atp',
                      width: 180,
                      render: (_, fld) => {
                        const p = previews[fld.name];
                        const l = lines[fld.name];
                        if (!l?.product_id || !validQty(l.quantity)) return null;
                        if (p?.error) return <Typography.Text type="danger">{(p.error as Error).message}</Typography.Text>;
                        const av = p?.data?.availability;
                        if (!p?.data) return <Typography.Text type="secondary">…</Typography.Text>;
                        if (!av) return <Typography.Text type="secondary">{t('orders.notStocked')}</Typography.Text>;
                        const short = p.data.short || isShort(l.quantity, av.available);
                        return short ? (
                          <Typography.Text type="danger" data-testid={`atp-${fld.name}`}>
                            {t('orders.short', { available: f.quantity(av.available) })}
                            <br />
                            {p.data.promise_date ? t('orders.promise', { date: f.date(p.data.promise_date) }) : t('orders.noPromise')}
                          </Typography.Text>
                        ) : (
                          <Typography.Text data-testid={`atp-${fld.name}`}>{t('orders.available', { available: f.quantity(av.available) })}</Typography.Text>
                        );
                      },
                    },
                    {
                      title: t('orders.total'),
                      key: 'total',
                      width: 120,
                      align: 'right',
                      render: (_, fld) => {
                        const a = amounts[fld.name];
                        return a ? <span data-testid={`line-total-${fld.name}`}>{f.money({ amount: a.total, currency })}</span> : null;
                      },
                    },
                    {
                      title: <span style={visuallyHidden}>{t('list.actions')}</span>,
                      key: 'remove',
                      width: 44,
                      render: (_, fld) => (
                        <Button type="text" icon={<DeleteOutlined />} aria-label={t('orders.removeLine', { n: fld.name + 1 })} disabled={fields.length === 1} onClick={() => remove(fld.name)} />
                      ),
                    },
                  ]}
                />
                <Space style={{ marginTop: 12 }}>
                  <Button icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('orders.addLine')}
                  </Button>
                  <Typography.Text type="secondary">{t('orders.gridHint')}</Typography.Text>
                </Space>
              </div>
            )}
          </Form.List>
          <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 16 }}>
            <Descriptions column={1} size="small" style={{ width: 320 }} data-testid="order-totals">
              <Descriptions.Item label={t('orders.subtotal')}>{f.money({ amount: totals.net, currency })}</Descriptions.Item>
              <Descriptions.Item label={t('orders.tax')}>{f.money({ amount: totals.tax, currency })}</Descriptions.Item>
              <Descriptions.Item label={t('orders.total')}>
                <Typography.Text strong>{f.money({ amount: totals.total, currency })}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </div>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'right', marginBottom: 0 }}>
            {t('orders.totalsHint')}
          </Typography.Paragraph>
        </Card>
        {shortCount > 0 && <Alert type="warning" showIcon title={t('orders.shortWarning', { count: shortCount })} style={{ marginBottom: 16 }} />}
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            disabled={!may(`sales.${quote ? 'quotation' : 'order'}.${editing ? 'update' : 'create'}`)}
          >
            {t(quote ? 'quotes.save' : 'orders.saveDraft')}
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
