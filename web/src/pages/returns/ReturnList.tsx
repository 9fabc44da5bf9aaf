import { Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Return, ReturnStatus } from '../../api/types';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { ReturnStatusTag, returnStatuses } from '../support/tags';

/** ReturnList lists returns (RMAs) by status, newest first. */
export default function ReturnList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const [status, setStatus] = useState<ReturnStatus | 'all'>('all');
  const list = useCursorPages('returns', { status }, async (fl, limit, after) =>
    must(await api.GET('/api/v1/returns', { params: { query: { status: fl.status === 'all' ? undefined : fl.status, limit, after } } })),
  );
  return (
    <>
      <PageHeader title={t('support.returns.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<ReturnStatus | 'all'>
          aria-label={t('common.status')}
          value={status}
          onChange={setStatus}
          options={[{ value: 'all', label: t('list.all') }, ...returnStatuses.map((s) => ({ value: s, label: t(`support.returns.statuses.${s}`) }))]}
        />
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
        columns={[
          { title: t('support.returns.number'), dataIndex: 'number', width: 160, onCell: nowrap, render: (n: string, r) => <Link to={`/returns/${r.id}`}>{n}</Link> },
          { title: t('support.returns.customer'), dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
          { title: t('support.returns.reason'), dataIndex: 'reason' },
          { title: t('common.status'), dataIndex: 'status', width: 120, render: (s: ReturnStatus) => <ReturnStatusTag status={s} /> },
          { title: t('common.created_at'), dataIndex: 'created_at', width: 180, render: (d: string) => f.dateTime(d) },
        ]}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
