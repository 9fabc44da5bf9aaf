import { Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Shipment, ShipmentStatus } from '../../api/types';
import { ShipmentStatusTag, shipmentStatuses } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { nowrap } from '../../components/cells';

export default function ShipmentList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const [status, setStatus] = useState<ShipmentStatus | 'all'>('to_pick');
  const list = useCursorPages('shipments', { status }, async (fl, limit, after) =>
    must(await api.GET('/api/v1/shipments', { params: { query: { status: fl.status === 'all' ? undefined : fl.status, limit, after } } })),
  );
  return (
    <>
      <PageHeader title={t('shipments.queue')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<ShipmentStatus | 'all'>
          aria-label={t('common.status')}
          value={status}
          onChange={setStatus}
          options={[...shipmentStatuses.map((s) => ({ value: s, label: t(`shipments.statuses.${s}`) })), { value: 'all', label: t('list.all') }]}
        />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Shipment>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(s) => ({ onDoubleClick: () => navigate(`/shipments/${s.id}`) })}
        columns={[
          { title: t('shipments.number'), onCell: nowrap, dataIndex: 'number', width: 150, render: (n: string, s) => <Link to={`/shipments/${s.id}`}>{n}</Link> },
          { title: t('orders.customer'), dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
          { title: t('shipments.lineCount'), key: 'lines', width: 90, align: 'right', render: (_, s) => s.lines?.length ?? 0 },
          { title: t('common.status'), dataIndex: 'status', width: 120, render: (st: ShipmentStatus) => <ShipmentStatusTag status={st} /> },
          { title: t('shipments.tracking'), key: 'tracking', width: 200, render: (_, s) => [s.carrier, s.tracking_number].filter(Boolean).join(' · ') },
          { title: t('common.created_at'), dataIndex: 'created_at', width: 190, render: (d: string) => f.dateTime(d) },
        ]}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
