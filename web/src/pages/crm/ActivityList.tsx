import { Button, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, must } from '../../api/client';
import type { Activity, ActivityKind } from '../../api/types';
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
import { ActivityState, activityKinds, useCompleteActivity } from './ActivityPanel';

type Filters = {
  done?: 'true' | 'false';
  kind?: ActivityKind;
  sort?: string;
};

/** subjectLink links an activity to the record it is about. */
function subjectLink(a: Activity): string | undefined {
  switch (a.subject_type) {
    case 'party':
      return `/customers/${a.subject_id}/overview`;
    case 'lead':
      return `/leads/${a.subject_id}`;
    case 'opportunity':
      return `/opportunities/${a.subject_id}`;
    case 'sales_order':
      return `/orders/${a.subject_id}`;
    default:
      return undefined;
  }
}

export default function ActivityList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const f = useFormat();
  const lc = useListControls<Filters>('/api/v1/activities', { done: 'false' });
  const { sorted } = lc;
  const complete = useCompleteActivity();
  const list = useCursorPages('activities', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/activities', { params: { query: { ...fl, limit, after } } })),
  );
  const columns: (TableColumnType<Activity> & { key: string })[] = [
    { title: t('crm.activities.kind'), key: 'kind', ...sorted('kind'), dataIndex: 'kind', width: 110, render: (k: ActivityKind) => t(`crm.activities.kinds.${k}`) },
    { title: t('crm.activities.titleField'), key: 'title', ...sorted('title'), dataIndex: 'title' },
    {
      title: t('crm.activities.subject'),
      key: 'subject',
      render: (_, a) => {
        const to = subjectLink(a);
        const label = `${t(`crm.activities.subjects.${a.subject_type}`, { defaultValue: a.subject_type })}`;
        return to ? <Link to={to}>{label}</Link> : label;
      },
    },
    { title: t('crm.opportunities.customer'), key: 'customer', dataIndex: 'party_id', render: (p?: string) => (p ? <PartyName id={p} link /> : '') },
    {
      title: t('crm.activities.due'),
      key: 'due',
      ...sorted('due'),
      onCell: nowrap,
      dataIndex: 'due_at',
      width: 180,
      render: (d?: string) => (d ? f.dateTime(d) : ''),
    },
    { title: t('common.status'), key: 'state', width: 110, render: (_, a) => <ActivityState a={a} /> },
    { title: t('common.updated_at'), key: 'updated', ...sorted('updated'), onCell: nowrap, dataIndex: 'updated_at', width: 180, render: (d: string) => f.dateTime(d) },
    {
      title: t('list.actions'),
      key: 'actions',
      width: 140,
      render: (_, a) =>
        !a.done &&
        may('crm.activity.update') && (
          <Button size="small" onClick={() => complete.mutate(a)} loading={complete.isPending && complete.variables?.id === a.id}>
            {t('crm.activities.complete')}
          </Button>
        ),
    },
  ];
  return (
    <>
      <PageHeader title={t('crm.activities.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          aria-label={t('common.status')}
          value={lc.filters.done ?? 'all'}
          onChange={(v: string) => lc.set('done', v === 'all' ? undefined : (v as Filters['done']))}
          options={[
            { value: 'false', label: t('crm.activities.open') },
            { value: 'true', label: t('crm.activities.done') },
            { value: 'all', label: t('crm.activities.all') },
          ]}
          style={{ width: 160 }}
        />
        <Select
          allowClear
          aria-label={t('crm.activities.kind')}
          placeholder={t('crm.activities.kind')}
          value={lc.filters.kind}
          onChange={(kind?: ActivityKind) => lc.set('kind', kind)}
          options={activityKinds.map((k) => ({ value: k, label: t(`crm.activities.kinds.${k}`) }))}
          style={{ width: 160 }}
        />
        <ListControls list="activities" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Activity>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
