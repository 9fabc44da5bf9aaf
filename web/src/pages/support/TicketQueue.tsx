import { Button, Input, Segmented, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Ticket, TicketPriority, TicketStatus } from '../../api/types';
import { useSession } from '../../auth/session';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { NextDue, useNow } from './Sla';
import { PriorityTag, priorities, TicketStatusTag, ticketStatuses } from './tags';

type View = 'mine' | 'unassigned' | 'all';
const openStatuses = 'new,open,pending_customer';

/** TicketQueue is an agent's queue: my tickets, the unassigned ones or all, by status and priority, with the SLA countdown. */
export default function TicketQueue() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { may } = useSession();
  const f = useFormat();
  const now = useNow();
  const lc = useListControls<{ mine?: boolean; unassigned?: boolean; status?: string; priority?: TicketPriority; q?: string; sort?: string }>(
    '/api/v1/tickets',
    { mine: may('support.ticket.update') || undefined, status: openStatuses },
  );
  const fl = lc.filters;
  const view: View = fl.mine ? 'mine' : fl.unassigned ? 'unassigned' : 'all';
  const list = useCursorPages('tickets', fl, async (fl, limit, after) =>
    must(await api.GET('/api/v1/tickets', { params: { query: { ...fl, status: fl.status || undefined, q: fl.q || undefined, limit, after } } })),
  );
  const columns: (TableColumnType<Ticket> & { key: string })[] = [
    { title: t('support.tickets.number'), key: 'number', ...lc.sorted('number'), dataIndex: 'number', width: 150, onCell: nowrap, render: (n: string, tk) => <Link to={`/tickets/${tk.id}`}>{n}</Link> },
    { title: t('support.tickets.subject'), key: 'subject', ...lc.sorted('subject'), dataIndex: 'subject' },
    { title: t('support.tickets.customer'), key: 'customer', dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
    { title: t('support.tickets.priority'), key: 'priority', ...lc.sorted('priority'), dataIndex: 'priority', width: 110, render: (p: TicketPriority) => <PriorityTag priority={p} /> },
    { title: t('support.tickets.status'), key: 'status', ...lc.sorted('status'), dataIndex: 'status', width: 140, render: (s: TicketStatus) => <TicketStatusTag status={s} /> },
    { title: t('support.tickets.assignee'), key: 'assignee', width: 160, render: (_, tk) => tk.assignee_name || t('support.tickets.unassigned') },
    { title: t('support.tickets.sla'), key: 'sla', width: 200, render: (_, tk) => <NextDue ticket={tk} now={now} /> },
    { title: t('support.tickets.created'), key: 'created', ...lc.sorted('created'), dataIndex: 'created_at', width: 170, render: (d: string) => f.dateTime(d) },
    { title: t('common.updated_at'), key: 'updated', ...lc.sorted('updated'), onCell: nowrap, dataIndex: 'updated_at', width: 170, render: (d: string) => f.dateTime(d) },
  ];
  return (
    <>
      <PageHeader
        title={t('support.tickets.title')}
        extra={
          may('support.ticket.create') && (
            <Button type="primary" onClick={() => navigate('/tickets/new')}>
              {t('support.tickets.new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<View>
          aria-label={t('support.tickets.assignee')}
          value={view}
          onChange={(v) => lc.setFilters((x) => ({ ...x, mine: v === 'mine' || undefined, unassigned: v === 'unassigned' || undefined }))}
          options={(['mine', 'unassigned', 'all'] as View[]).map((v) => ({ value: v, label: t(`support.tickets.views.${v}`) }))}
        />
        <Select
          aria-label={t('support.tickets.status')}
          value={fl.status ?? ''}
          onChange={(v: string) => lc.set('status', v)}
          style={{ width: 180 }}
          options={[
            { value: openStatuses, label: t('support.tickets.openStatuses') },
            ...ticketStatuses.map((s: TicketStatus) => ({ value: s, label: t(`support.tickets.statuses.${s}`) })),
            { value: '', label: t('list.all') },
          ]}
        />
        <Select
          aria-label={t('support.tickets.priority')}
          allowClear
          placeholder={t('support.tickets.priority')}
          value={fl.priority}
          onChange={(p?: TicketPriority) => lc.set('priority', p)}
          style={{ width: 140 }}
          options={priorities.map((p) => ({ value: p, label: t(`support.tickets.priorities.${p}`) }))}
        />
        <Input.Search aria-label={t('support.tickets.search')} placeholder={t('support.tickets.search')} allowClear onSearch={(q) => lc.set('q', q.trim())} style={{ width: 260 }} />
        <ListControls list="tickets" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Ticket>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(tk) => ({ onDoubleClick: () => navigate(`/tickets/${tk.id}`) })}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
