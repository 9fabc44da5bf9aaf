import { Segmented, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Return, ReturnStatus } from '../../api/types';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { ReturnStatusTag, returnStatuses } from '../support/tags';

/** ReturnList lists returns (RMAs) by status, newest first unless sorted by a column. */
export default function ReturnList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<{ status?: ReturnStatus; sort?: string }>('/api/v1/returns', {});
  const { sorted } = lc;
  const list = useCursorPages('returns', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/returns', { params: { query: { ...fl, limit, after } } })),
  );
  const columns: (TableColumnType<Return> & { key: string })[] = [
    { title: t('support.returns.number'), key: 'number', ...sorted('number'), dataIndex: 'number', width: 160, onCell: nowrap, render: (n: string, r) => <Link to={`/returns/${r.id}`}>{n}</Link> },
    { title: t('support.returns.customer'), key: 'customer', dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
    { title: t('support.returns.reason'), key: 'reason', dataIndex: 'reason' },
    { title: t('common.status'), key: 'status', ...sorted('status'), dataIndex: 'status', width: 120, render: (s: ReturnStatus) => <ReturnStatusTag status={s} /> },
    { title: t('common.created_at'), key: 'created', ...sorted('created'), onCell: nowrap, dataIndex: 'created_at', width: 180, render: (d: string) => f.dateTime(d) },
    { title: t('common.updated_at'), key: 'updated', ...sorted('updated'), onCell: nowrap, dataIndex: 'updated_at', width: 180, render: (d: string) => f.dateTime(d) },
  ];
  return (
    <>
      <PageHeader title={t('support.returns.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<ReturnStatus | 'all'>
          aria-label={t('common.status')}
          value={lc.filters.status ?? 'all'}
          onChange={(s) => lc.set('status', s === 'all' ? undefined : s)}
          options={[{ value: 'all', label: t('list.all') }, ...returnStatuses.map((s) => ({ value: s, label: t(`support.returns.statuses.${s}`) }))]}
        />
        <ListControls list="returns" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Return>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/returns/${r.id}`) })}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
