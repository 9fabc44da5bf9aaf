import { Segmented, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Shipment, ShipmentStatus } from '../../api/types';
import { ShipmentStatusTag, shipmentStatuses } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { nowrap } from '../../components/cells';

export default function ShipmentList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  // The warehouse's queue: what is to pick, oldest first.
  const lc = useListControls<{ status?: ShipmentStatus; sort?: string }>('/api/v1/shipments', { status: 'to_pick' });
  const list = useCursorPages('shipments', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/shipments', { params: { query: { ...fl, limit, after } } })),
  );
  const columns: (TableColumnType<Shipment> & { key: string })[] = [
    { title: t('shipments.number'), key: 'number', ...lc.sorted('number'), onCell: nowrap, dataIndex: 'number', width: 160, render: (n: string, s) => <Link to={`/shipments/${s.id}`}>{n}</Link> },
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
    { title: t('shipments.lineCount'), key: 'lines', width: 90, align: 'right', render: (_, s) => s.lines?.length ?? 0 },
    { title: t('common.status'), key: 'status', ...lc.sorted('status'), dataIndex: 'status', width: 130, render: (st: ShipmentStatus) => <ShipmentStatusTag status={st} /> },
    { title: t('shipments.tracking'), key: 'carrier', ...lc.sorted('carrier'), width: 210, render: (_, s) => [s.carrier, s.tracking_number].filter(Boolean).join(' · ') },
    { title: t('common.created_at'), key: 'created', ...lc.sorted('created'), dataIndex: 'created_at', width: 190, render: (d: string) => f.dateTime(d) },
  ];
  return (
    <>
      <PageHeader title={t('shipments.queue')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<ShipmentStatus | 'all'>
          aria-label={t('common.status')}
          value={lc.filters.status ?? 'all'}
          onChange={(s) => lc.set('status', s === 'all' ? undefined : s)}
          options={[...shipmentStatuses.map((s) => ({ value: s, label: t(`shipments.statuses.${s}`) })), { value: 'all', label: t('list.all') }]}
        />
        <ListControls list="shipments" controls={lc} columns={columns} />
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
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
