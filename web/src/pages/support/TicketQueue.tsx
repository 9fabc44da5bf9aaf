import { Button, Input, Segmented, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Ticket, TicketPriority, TicketStatus } from '../../api/types';
import { useSession } from '../../auth/session';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
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
  const [view, setView] = useState<View>(may('support.ticket.update') ? 'mine' : 'all');
  const [status, setStatus] = useState<string>(openStatuses);
  const [priority, setPriority] = useState<TicketPriority | undefined>();
  const [q, setQ] = useState('');
  const list = useCursorPages('tickets', { view, status, priority, q }, async (fl, limit, after) =>
    must(
      await api.GET('/api/v1/tickets', {
        params: {
          query: {
            mine: fl.view === 'mine' || undefined,
            unassigned: fl.view === 'unassigned' || undefined,
            status: fl.status || undefined,
            priority: fl.priority,
            q: fl.q || undefined,
            limit,
            after,
          },
        },
      }),
    ),
  );
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
          onChange={setView}
          options={(['mine', 'unassigned', 'all'] as View[]).map((v) => ({ value: v, label: t(`support.tickets.views.${v}`) }))}
        />
        <Select
          aria-label={t('support.tickets.status')}
          value={status}
          onChange={setStatus}
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
          value={priority}
          onChange={setPriority}
          style={{ width: 140 }}
          options={priorities.map((p) => ({ value: p, label: t(`support.tickets.priorities.${p}`) }))}
        />
        <Input.Search aria-label={t('support.tickets.search')} placeholder={t('support.tickets.search')} allowClear onSearch={setQ} style={{ width: 260 }} />
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
        columns={[
          { title: t('support.tickets.number'), dataIndex: 'number', width: 140, onCell: nowrap, render: (n: string, tk) => <Link to={`/tickets/${tk.id}`}>{n}</Link> },
          { title: t('support.tickets.subject'), dataIndex: 'subject' },
          { title: t('support.tickets.customer'), dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
          { title: t('support.tickets.priority'), dataIndex: 'priority', width: 100, render: (p: TicketPriority) => <PriorityTag priority={p} /> },
          { title: t('support.tickets.status'), dataIndex: 'status', width: 130, render: (s: TicketStatus) => <TicketStatusTag status={s} /> },
          { title: t('support.tickets.assignee'), key: 'assignee', width: 160, render: (_, tk) => tk.assignee_name || t('support.tickets.unassigned') },
          { title: t('support.tickets.sla'), key: 'sla', width: 200, render: (_, tk) => <NextDue ticket={tk} now={now} /> },
          { title: t('support.tickets.created'), dataIndex: 'created_at', width: 170, render: (d: string) => f.dateTime(d) },
        ]}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
