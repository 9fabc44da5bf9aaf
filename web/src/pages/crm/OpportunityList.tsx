import { useQuery } from '@tanstack/react-query';
import { Input, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Opportunity } from '../../api/types';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { OpportunityStatusTag } from './OpportunityPage';

const opportunityStatuses: Opportunity['status'][] = ['open', 'won', 'lost'];

type Filters = { status?: Opportunity['status']; stage_id?: string; q?: string; sort?: string };

/**
 * OpportunityList is the pipeline as a table: every opportunity the user
 * may see, filtered, sorted on the server, in saved views and exported,
 * beside the board of the Pipeline page.
 */
export default function OpportunityList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<Filters>('/api/v1/opportunities', { status: 'open' });
  const { sorted } = lc;
  const stages = useQuery({
    queryKey: ['pipeline-stages'],
    queryFn: async () => must(await api.GET('/api/v1/pipeline-stages')).data ?? [],
  });
  const list = useCursorPages('opportunities', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/opportunities', { params: { query: { ...fl, limit, after } } })),
  );
  const columns: (TableColumnType<Opportunity> & { key: string })[] = [
    { title: t('crm.opportunities.name'), key: 'name', ...sorted('name'), dataIndex: 'name', render: (n: string, o) => <Link to={`/opportunities/${o.id}`}>{n}</Link> },
    { title: t('crm.opportunities.customer'), key: 'customer', dataIndex: 'party_id', render: (id: string) => <PartyName id={id} link /> },
    { title: t('crm.opportunities.stage'), key: 'stage', dataIndex: 'stage_name', width: 140 },
    { title: t('common.status'), key: 'status', ...sorted('status'), dataIndex: 'status', width: 110, render: (s: Opportunity['status']) => <OpportunityStatusTag status={s} /> },
    { title: t('crm.opportunities.probability'), key: 'probability', ...sorted('probability'), dataIndex: 'probability', width: 130, align: 'right', render: (p: number) => `${p}%` },
    { title: t('crm.opportunities.amount'), key: 'amount', ...sorted('amount'), width: 140, align: 'right', render: (_, o) => f.money(o.amount) },
    { title: t('crm.opportunities.weighted'), key: 'weighted', width: 150, align: 'right', render: (_, o) => f.money(o.weighted_amount) },
    { title: t('crm.opportunities.expectedClose'), key: 'expected_close', ...sorted('expected_close'), onCell: nowrap, dataIndex: 'expected_close', width: 150, render: (d: string) => f.date(d) },
    { title: t('common.updated_at'), key: 'updated', ...sorted('updated'), onCell: nowrap, dataIndex: 'updated_at', width: 180, render: (d: string) => f.dateTime(d) },
  ];
  return (
    <>
      <PageHeader title={t('crm.opportunities.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search aria-label={t('list.search')} placeholder={t('crm.opportunities.searchPlaceholder')} allowClear onSearch={(q) => lc.set('q', q.trim() || undefined)} style={{ width: 240 }} />
        <Select
          allowClear
          aria-label={t('common.status')}
          placeholder={t('common.status')}
          value={lc.filters.status}
          onChange={(status?: Opportunity['status']) => lc.set('status', status)}
          options={opportunityStatuses.map((s) => ({ value: s, label: t(`crm.opportunities.statuses.${s}`) }))}
          style={{ width: 140 }}
        />
        <Select
          allowClear
          aria-label={t('crm.opportunities.stage')}
          placeholder={t('crm.opportunities.stage')}
          value={lc.filters.stage_id}
          onChange={(stage?: string) => lc.set('stage_id', stage)}
          options={(stages.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          style={{ width: 180 }}
        />
        <ListControls list="opportunities" controls={lc} columns={columns} />
      </Space>
      {(list.error ?? stages.error) && <ErrorAlert error={list.error ?? stages.error} onRetry={() => void Promise.all([list.refetch(), stages.refetch()])} />}
      <Table<Opportunity>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(o) => ({ onDoubleClick: () => navigate(`/opportunities/${o.id}`) })}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
