import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { OrderStatus, SalesOrder } from '../../api/types';
import { useSession } from '../../auth/session';
import { OrderStatusTag, orderStatuses } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { nowrap } from '../../components/cells';


export default function OrderList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<{ status?: OrderStatus; q?: string; sort?: string }>('/api/v1/sales-orders', {});
  const { sorted } = lc;
  const list = useCursorPages('sales-orders', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/sales-orders', { params: { query: { ...fl, limit, after } } })),
  );
  const columns: (TableColumnType<SalesOrder> & { key: string })[] = [
    { title: t('orders.number'), key: 'number', ...sorted('number'), onCell: nowrap, dataIndex: 'number', width: 150, render: (n: string, o) => <Link to={`/orders/${o.id}`}>{n}</Link> },
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
    { title: t('orders.order_date'), key: 'order_date', ...sorted('order_date'), onCell: nowrap, dataIndex: 'order_date', width: 120, render: (d: string) => f.date(d) },
    { title: t('common.status'), key: 'status', ...sorted('status'), dataIndex: 'status', width: 150, render: (s: OrderStatus) => <OrderStatusTag status={s} /> },
    { title: t('orders.total'), key: 'total', ...sorted('total'), dataIndex: 'total', width: 150, align: 'right', render: (_, o) => f.money(o.total) },
    { title: t('common.updated_at'), key: 'updated', ...sorted('updated'), onCell: nowrap, dataIndex: 'updated_at', width: 190, render: (d: string) => f.dateTime(d) },
  ];
  return (
    <>
      <PageHeader
        title={t('orders.title')}
        extra={
          may('sales.order.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/orders/new')}>
              {t('orders.new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('list.search')}
          placeholder={t('orders.searchPlaceholder')}
          onSearch={(q) => lc.set('q', q.trim() || undefined)}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          aria-label={t('common.status')}
          placeholder={t('common.status')}
          value={lc.filters.status}
          onChange={(status?: OrderStatus) => lc.set('status', status)}
          options={orderStatuses.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))}
          style={{ width: 200 }}
        />
        <ListControls list="sales-orders" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<SalesOrder>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(o) => ({ onDoubleClick: () => navigate(`/orders/${o.id}`) })}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
