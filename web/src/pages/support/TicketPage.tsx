import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Radio, Rate, Row, Select, Space, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { Ticket, TicketStatus } from '../../api/types';
import { useSession } from '../../auth/session';
import { OrderStatusTag } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { useFormat } from '../../components/useFormat';
import { usePageTitle } from '../../layout/crumbs';
import { Countdown, useNow } from './Sla';
import { PriorityTag, ReturnStatusTag, TicketStatusTag } from './tags';
import { HistoryCard } from '../../components/HistoryCard';

const h2 = (s: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{s}</h2>;

/** The status moves a ticket page offers, by status. */
const moves: Record<TicketStatus, { to: 'open' | 'pending_customer' | 'resolved' | 'closed'; label: string; primary?: boolean }[]> = {
  new: [{ to: 'resolved', label: 'resolve' }],
  open: [
    { to: 'pending_customer', label: 'pending' },
    { to: 'resolved', label: 'resolve', primary: true },
  ],
  pending_customer: [
    { to: 'open', label: 'open' },
    { to: 'resolved', label: 'resolve', primary: true },
  ],
  resolved: [
    { to: 'open', label: 'reopen' },
    { to: 'closed', label: 'close', primary: true },
  ],
  closed: [],
};

/** TicketPage: the ticket with its SLA countdown, the conversation and notes, the customer's orders, suggested articles, CSAT and returns. */
export default function TicketPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const f = useFormat();
  const now = useNow();
  const [reply] = Form.useForm<{ kind: 'public' | 'internal'; body: string }>();
  const [csat] = Form.useForm<{ score: number; comment?: string }>();

  const ticket = useQuery({
    queryKey: ['ticket', id],
    queryFn: async () => must(await api.GET('/api/v1/tickets/{id}', { params: { path: { id: id! } } })),
  });
  const tk = ticket.data;
  usePageTitle(tk?.number);
  const orders = useQuery({
    queryKey: ['sales-orders', { customer: tk?.customer_id }],
    enabled: !!tk && may('sales.order.read'),
    queryFn: async () => must(await api.GET('/api/v1/sales-orders', { params: { query: { customer_id: tk!.customer_id, limit: 10 } } })).data ?? [],
  });
  const suggestions = useQuery({
    queryKey: ['ticket-suggestions', tk?.id, tk?.subject],
    enabled: !!tk && may('support.article.read'),
    queryFn: async () => must(await api.GET('/api/v1/tickets/{id}/suggestions', { params: { path: { id: tk!.id } } })).data ?? [],
  });
  const returns = useQuery({
    queryKey: ['returns', { ticket: tk?.id }],
    enabled: !!tk && may('support.return.read'),
    queryFn: async () => must(await api.GET('/api/v1/returns', { params: { query: { ticket_id: tk!.id } } })).data ?? [],
  });
  const agents = useQuery({
    queryKey: ['support-agents'],
    enabled: may('support.agent.read'),
    queryFn: async () => must(await api.GET('/api/v1/support/agents')).data ?? [],
  });

  const done = (next: Ticket, note?: string) => {
    qc.setQueryData(['ticket', id], next);
    void qc.invalidateQueries({ queryKey: ['tickets'] });
    if (note) void message.success(note);
  };
  const fail = (e: unknown) => {
    void message.error(errorMessage(t, e));
    void ticket.refetch();
  };
  const move = useMutation({
    mutationFn: async (status: 'open' | 'pending_customer' | 'resolved' | 'closed') =>
      must(await api.POST('/api/v1/tickets/{id}/status', { params: { path: { id: tk!.id }, header: { 'If-Match': `"${tk!.version}"` } }, body: { status } })),
    onSuccess: (next) => done(next, t('support.tickets.done')),
    onError: fail,
  });
  const assign = useMutation({
    mutationFn: async (assignee: string) =>
      must(await api.PATCH('/api/v1/tickets/{id}', { params: { path: { id: tk!.id }, header: { 'If-Match': `"${tk!.version}"` } }, body: { assignee_id: assignee } })),
    onSuccess: (next) => done(next, t('support.tickets.done')),
    onError: fail,
  });
  const send = useMutation({
    mutationFn: async (v: { kind: 'public' | 'internal'; body: string }) =>
      must(await api.POST('/api/v1/tickets/{id}/messages', { params: { path: { id: tk!.id } }, body: { kind: v.kind, body: v.body } })),
    onSuccess: (next) => {
      done(next, t('support.tickets.sent'));
      reply.resetFields(['body']);
    },
    onError: fail,
  });
  const rate = useMutation({
    mutationFn: async (v: { score: number; comment?: string }) =>
      must(await api.POST('/api/v1/tickets/{id}/csat', { params: { path: { id: tk!.id } }, body: { score: v.score, comment: v.comment } })),
    onSuccess: (next) => done(next, t('support.tickets.csatSaved')),
    onError: fail,
  });

  if (ticket.isPending) return <Spin />;
  if (ticket.error || !tk) return <ErrorAlert error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const canUpdate = may('support.ticket.update');
  const s = tk.sla;
  const rated = tk.csat && tk.csat.resolution === tk.resolutions;
  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {t('support.tickets.heading', { number: tk.number })}
            <TicketStatusTag status={tk.status} />
            <PriorityTag priority={tk.priority} />
          </Space>
        }
        extra={
          canUpdate &&
          moves[tk.status].map((m) => (
            <Button key={m.to} type={m.primary ? 'primary' : 'default'} loading={move.isPending && move.variables === m.to} onClick={() => move.mutate(m.to)}>
              {t(`support.tickets.actions.${m.label}`)}
            </Button>
          ))
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card style={{ marginBottom: 16 }}>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {tk.subject}
            </Typography.Title>
            {tk.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{tk.description}</Typography.Paragraph>}
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('support.tickets.customer')}>
                <PartyName id={tk.customer_id} link />
              </Descriptions.Item>
              <Descriptions.Item label={t('support.tickets.contactName')}>{[tk.contact_name, tk.contact_email].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('support.tickets.channel')}>{t(`support.tickets.channels.${tk.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('support.tickets.category')}>{tk.category}</Descriptions.Item>
              <Descriptions.Item label={t('support.tickets.assignee')}>
                {canUpdate && agents.data && tk.status !== 'closed' ? (
                  <Select
                    aria-label={t('support.tickets.reassign')}
                    size="small"
                    style={{ minWidth: 180 }}
                    value={tk.assignee_id || ''}
                    loading={assign.isPending}
                    onChange={(v: string) => assign.mutate(v)}
                    options={[{ value: '', label: t('support.tickets.unassigned') }, ...agents.data.filter((a) => a.active).map((a) => ({ value: a.user_id, label: a.name }))]}
                  />
                ) : (
                  tk.assignee_name || t('support.tickets.unassigned')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('support.tickets.rule')}>{tk.assignment_rule ? t(`support.tickets.rules.${tk.assignment_rule}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('support.tickets.order')}>{tk.order_id ? <Link to={`/orders/${tk.order_id}`}>{orders.data?.find((o) => o.id === tk.order_id)?.number ?? tk.order_id}</Link> : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('support.tickets.created')}>{f.dateTime(s.opened_at)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={h2(t('support.tickets.sla'))} style={{ marginBottom: 16 }}>
            {s.policy_id ? (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('support.tickets.firstResponse')}>
                  <Countdown due={s.first_response_due} met={s.first_responded_at} breached={s.response_breached_at} warned={s.response_warned_at} now={now} />
                </Descriptions.Item>
                <Descriptions.Item label={t('support.tickets.resolution')}>
                  <Countdown due={s.resolution_due} met={s.resolved_at} breached={s.resolution_breached_at} warned={s.resolution_warned_at} now={now} />
                </Descriptions.Item>
                {s.escalated_at && (
                  <Descriptions.Item label={t('support.tickets.priority')}>
                    <StatusTag tone="red">{t('support.tickets.escalated', { at: f.dateTime(s.escalated_at) })}</StatusTag>
                  </Descriptions.Item>
                )}
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{t('support.tickets.noSla')}</Typography.Text>
            )}
          </Card>
          <Card title={h2(t('support.tickets.conversation'))} style={{ marginBottom: 16 }}>
            <List
              locale={{ emptyText: <Typography.Text type="secondary">{t('support.tickets.noMessages')}</Typography.Text> }}
              dataSource={tk.messages ?? []}
              renderItem={(m) => (
                <List.Item style={m.kind === 'internal' ? { background: '#fffbe6', padding: '8px 12px' } : { padding: '8px 12px' }}>
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <Typography.Text strong>{m.author_name}</Typography.Text>
                        {m.kind === 'internal' && <StatusTag tone="gold">{t('support.tickets.internal')}</StatusTag>}
                        {!m.author_id && m.kind === 'public' && <StatusTag tone="blue">{t('support.tickets.fromCustomer')}</StatusTag>}
                        <Typography.Text type="secondary">{f.dateTime(m.created_at)}</Typography.Text>
                      </Space>
                    }
                    description={<span style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.88)' }}>{m.body}</span>}
                  />
                </List.Item>
              )}
            />
            {canUpdate && tk.status !== 'closed' && (
              <Form form={reply} layout="vertical" initialValues={{ kind: 'public' }} onFinish={(v) => send.mutate(v)} style={{ marginTop: 16 }}>
                <Form.Item name="kind" label={t('support.tickets.reply')}>
                  <Radio.Group
                    optionType="button"
                    options={(['public', 'internal'] as const).map((k) => ({ value: k, label: t(`support.tickets.kinds.${k}`) }))}
                  />
                </Form.Item>
                <Form.Item name="body" rules={[{ required: true, whitespace: true, message: t('support.tickets.bodyRequired') }]}>
                  <Input.TextArea rows={4} aria-label={t('support.tickets.reply')} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={send.isPending}>
                  {t('support.tickets.send')}
                </Button>
              </Form>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          {may('sales.order.read') && (
            <Card title={h2(t('support.tickets.customerOrders'))} style={{ marginBottom: 16 }}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                loading={orders.isFetching}
                dataSource={orders.data ?? []}
                locale={{ emptyText: t('list.empty') }}
                columns={[
                  { title: t('orders.number'), dataIndex: 'number', render: (n: string, o) => <Link to={`/orders/${o.id}`}>{n}</Link> },
                  { title: t('common.status'), dataIndex: 'status', render: (st) => <OrderStatusTag status={st} /> },
                  { title: t('orders.total'), key: 'total', align: 'right', render: (_, o) => f.money(o.total) },
                ]}
              />
            </Card>
          )}
          {may('support.article.read') && (
            <Card title={h2(t('support.tickets.suggestions'))} style={{ marginBottom: 16 }}>
              <List
                size="small"
                loading={suggestions.isFetching}
                locale={{ emptyText: <Typography.Text type="secondary">{t('support.tickets.noSuggestions')}</Typography.Text> }}
                dataSource={suggestions.data ?? []}
                renderItem={(a) => (
                  <List.Item>
                    <Link to={`/kb/${a.id}`}>{a.title}</Link>
                  </List.Item>
                )}
              />
            </Card>
          )}
          {(tk.status === 'resolved' || tk.status === 'closed') && (
            <Card title={h2(t('support.tickets.csat'))} style={{ marginBottom: 16 }}>
              {rated ? (
                <Space direction="vertical">
                  <Rate disabled value={tk.csat!.score} />
                  <Typography.Text>{t('support.tickets.csatGiven', { score: tk.csat!.score })}</Typography.Text>
                  {tk.csat!.comment && <Typography.Text type="secondary">{tk.csat!.comment}</Typography.Text>}
                </Space>
              ) : may('support.ticket.rate') ? (
                <Form form={csat} layout="vertical" onFinish={(v) => rate.mutate(v)}>
                  <Form.Item name="score" label={t('support.tickets.csatScore')} rules={[{ required: true, message: t('support.tickets.csatScore') }]}>
                    <Rate />
                  </Form.Item>
                  <Form.Item name="comment" label={t('support.tickets.csatComment')}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                  <Button htmlType="submit" loading={rate.isPending}>
                    {t('support.tickets.csatSave')}
                  </Button>
                </Form>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              )}
            </Card>
          )}
          {may('support.return.read') && (
            <Card
              title={h2(t('support.tickets.returns'))}
              extra={
                may('support.return.authorize') &&
                tk.order_id && (
                  <Button size="small" onClick={() => navigate(`/returns/new?ticket=${tk.id}`)}>
                    {t('support.tickets.newReturn')}
                  </Button>
                )
              }
            >
              <List
                size="small"
                locale={{ emptyText: <Typography.Text type="secondary">{t('support.tickets.noReturns')}</Typography.Text> }}
                dataSource={returns.data ?? []}
                renderItem={(r) => (
                  <List.Item>
                    <Link to={`/returns/${r.id}`}>{r.number}</Link> <ReturnStatusTag status={r.status} />
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Col>
      </Row>
      <HistoryCard entityType="ticket" entityId={tk.id} />
    </>
  );
}
