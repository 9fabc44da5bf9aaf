import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Statistic, Table, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActivityPanel } from '../crm/ActivityPanel';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { Invoice, Payment, Quotation, SalesOrder, Shipment, Ticket } from '../../api/types';
import { PriorityTag, TicketStatusTag } from '../support/tags';
import { useSession } from '../../auth/session';
import { InvoiceStatusTag, OrderStatusTag, QuotationStatusTag, ShipmentStatusTag } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { nowrap } from '../../components/cells';

const h2 = (s: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{s}</h2>;

export default function CustomerOverview() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const ov = useQuery({
    queryKey: ['overview', id],
    queryFn: async () => must(await api.GET('/api/v1/parties/{id}/overview', { params: { path: { id: id! } } })),
  });
  const o = ov.data;
  usePageTitle(o ? `${o.customer.code} · ${t('overview.title')}` : undefined);
  if (ov.isPending) return <Spin />;
  if (ov.error || !o) return <ErrorAlert error={ov.error} onRetry={() => void ov.refetch()} />;

  const c = o.customer;
  const numberOf = new Map<string, string>();
  for (const x of o.orders ?? []) numberOf.set(x.id, x.number);
  const balance = o.balance_due ?? [];
  const counts = Object.entries(o.order_counts ?? {}).filter(([, n]) => n > 0);
  return (
    <>
      <PageHeader
        title={t('overview.heading', { name: c.legal_name })}
        extra={
          <>
            <Button onClick={() => navigate(`/customers/${c.id}`)}>{t('overview.editCustomer')}</Button>
            {may('sales.quotation.create') && <Button onClick={() => navigate(`/quotations/new?customer=${c.id}`)}>{t('quotes.new')}</Button>}
            {may('sales.order.create') && (
              <Button type="primary" onClick={() => navigate(`/orders/new?customer=${c.id}`)}>
                {t('orders.new')}
              </Button>
            )}
          </>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card title={h2(t('overview.customer'))} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('common.code')}>{c.code}</Descriptions.Item>
              {c.email && <Descriptions.Item label={t('common.email')}>{c.email}</Descriptions.Item>}
              {c.phone && <Descriptions.Item label={t('customers.phone')}>{c.phone}</Descriptions.Item>}
              {c.payment_terms && <Descriptions.Item label={t('customers.payment_terms')}>{c.payment_terms}</Descriptions.Item>}
              {c.addresses?.[0] && (
                <Descriptions.Item label={t('customers.address')}>
                  {[c.addresses[0].line1, c.addresses[0].postal_code, c.addresses[0].city, c.addresses[0].country].filter(Boolean).join(', ')}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={h2(t('overview.balanceDue'))} style={{ marginBottom: 16 }}>
            <div data-testid="balance-due">
              {balance.length === 0 ? (
                <Statistic value={f.money({ amount: '0', currency: c.currency ?? 'USD' })} />
              ) : (
                balance.map((b) => <Statistic key={b.currency} value={f.money(b)} valueStyle={b.amount.startsWith('-') || Number(b.amount) === 0 ? undefined : { color: '#cf1322' }} />)
              )}
            </div>
            {counts.length > 0 && (
              <Space wrap style={{ marginTop: 12 }}>
                {counts.map(([s, n]) => (
                  <span key={s}>
                    <OrderStatusTag status={s as SalesOrder['status']} /> {n}
                  </span>
                ))}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={h2(t('orders.credit'))} style={{ marginBottom: 16 }}>
            {o.credit ? (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('orders.creditUsed')}>{f.money(o.credit.used)}</Descriptions.Item>
                <Descriptions.Item label={t('orders.creditLimit')}>{o.credit.limit ? f.money(o.credit.limit) : t('orders.noLimit')}</Descriptions.Item>
                {o.credit.available && (
                  <Descriptions.Item label={t('orders.creditAvailable')}>
                    <span style={o.credit.exceeded ? { color: '#cf1322' } : undefined}>{f.money(o.credit.available)}</span>
                  </Descriptions.Item>
                )}
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{t('overview.notShown')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={h2(t('orders.title'))} style={{ marginBottom: 16 }}>
            <Table<SalesOrder>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={o.orders ?? []}
              locale={{ emptyText: t('list.empty') }}
              columns={[
                { title: t('orders.number'), onCell: nowrap, dataIndex: 'number', render: (n: string, x) => <Link to={`/orders/${x.id}`}>{n}</Link> },
                { title: t('orders.order_date'), onCell: nowrap, dataIndex: 'order_date', render: (d: string) => f.date(d) },
                { title: t('common.status'), dataIndex: 'status', render: (s: SalesOrder['status']) => <OrderStatusTag status={s} /> },
                { title: t('orders.total'), key: 'total', align: 'right', render: (_, x) => f.money(x.total) },
              ]}
            />
          </Card>
          {(o.open_quotations ?? []).length > 0 && (
            <Card title={h2(t('overview.openQuotations'))} style={{ marginBottom: 16 }}>
              <Table<Quotation>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={o.open_quotations ?? []}
                columns={[
                  { title: t('orders.number'), onCell: nowrap, dataIndex: 'number', render: (n: string, x) => <Link to={`/quotations/${x.id}`}>{n}</Link> },
                  { title: t('quotes.validUntil'), onCell: nowrap, dataIndex: 'valid_until', render: (d: string) => f.date(d) },
                  { title: t('common.status'), key: 'status', render: (_, x) => <QuotationStatusTag quotation={x} /> },
                  { title: t('orders.total'), key: 'total', align: 'right', render: (_, x) => f.money(x.total) },
                ]}
              />
            </Card>
          )}
          <Card title={h2(t('overview.openInvoices'))} style={{ marginBottom: 16 }}>
            <Table<Invoice>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={o.open_invoices ?? []}
              locale={{ emptyText: t('overview.noOpenInvoices') }}
              columns={[
                { title: t('invoices.number'), onCell: nowrap, key: 'number', render: (_, x) => <Link to={`/invoices/${x.id}`}>{x.number}</Link> },
                { title: t('invoices.due_date'), onCell: nowrap, dataIndex: 'due_date', render: (d?: string) => f.date(d) },
                { title: t('common.status'), dataIndex: 'status', render: (s: Invoice['status']) => <InvoiceStatusTag status={s} /> },
                { title: t('orders.total'), key: 'total', align: 'right', render: (_, x) => f.money(x.total) },
                { title: t('invoices.residual'), key: 'residual', align: 'right', render: (_, x) => f.money(x.residual) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={h2(t('shipments.title'))} style={{ marginBottom: 16 }}>
            <Table<Shipment>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={o.shipments ?? []}
              locale={{ emptyText: t('shipments.none') }}
              columns={[
                { title: t('shipments.number'), onCell: nowrap, dataIndex: 'number', render: (n: string, x) => <Link to={`/shipments/${x.id}`}>{n}</Link> },
                { title: t('shipments.order'), onCell: nowrap, dataIndex: 'order_id', render: (oid: string) => <Link to={`/orders/${oid}`}>{numberOf.get(oid) ?? oid}</Link> },
                { title: t('common.status'), dataIndex: 'status', render: (s: Shipment['status']) => <ShipmentStatusTag status={s} /> },
                { title: t('shipments.tracking'), key: 'tracking', render: (_, x) => [x.carrier, x.tracking_number].filter(Boolean).join(' · ') },
              ]}
            />
          </Card>
          {may('support.ticket.read') && (
            <Card
              title={h2(t('support.tickets.title'))}
              extra={<span>{t('support.tickets.openTickets', { count: o.open_tickets })}</span>}
              style={{ marginBottom: 16 }}
            >
              <Table<Ticket>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={o.tickets ?? []}
                locale={{ emptyText: t('list.empty') }}
                columns={[
                  { title: t('support.tickets.number'), onCell: nowrap, dataIndex: 'number', render: (n: string, x) => <Link to={`/tickets/${x.id}`}>{n}</Link> },
                  { title: t('support.tickets.subject'), dataIndex: 'subject' },
                  { title: t('common.status'), dataIndex: 'status', render: (s: Ticket['status']) => <TicketStatusTag status={s} /> },
                  { title: t('support.tickets.priority'), dataIndex: 'priority', render: (p: Ticket['priority']) => <PriorityTag priority={p} /> },
                ]}
              />
            </Card>
          )}
          <Card title={h2(t('payments.title'))} style={{ marginBottom: 16 }}>
            <Table<Payment>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={o.payments ?? []}
              locale={{ emptyText: t('list.empty') }}
              columns={[
                { title: t('payments.number'), onCell: nowrap, dataIndex: 'number' },
                { title: t('payments.received_on'), onCell: nowrap, dataIndex: 'received_on', render: (d: string) => f.date(d) },
                { title: t('payments.amount'), key: 'amount', align: 'right', render: (_, x) => f.money(x.amount) },
                { title: t('payments.unallocated'), key: 'unallocated', align: 'right', render: (_, x) => f.money(x.unallocated) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <ActivityPanel subjectType="party" subjectId={o.customer.id} partyId={o.customer.id} />
      <Card title={h2(t('overview.timeline'))}>
        {(o.timeline ?? []).length === 0 ? (
          <Empty description={t('list.empty')} />
        ) : (
          <Timeline
            items={(o.timeline ?? []).map((e, i) => ({
              key: `${e.resource_id}-${e.occurred_at}-${i}`,
              children: (
                <>
                  <Typography.Text strong>{t(`overview.events.${e.type.replace(/\.v\d+$/, '').replace(/\./g, '_')}`, { defaultValue: e.type })}</Typography.Text>{' '}
                  {e.number && <Typography.Text>{e.number}</Typography.Text>}
                  {e.title && <Typography.Text>{e.title}</Typography.Text>}
                  <div style={{ color: '#595959', fontSize: 12 }}>{f.dateTime(e.occurred_at)}</div>
                </>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
