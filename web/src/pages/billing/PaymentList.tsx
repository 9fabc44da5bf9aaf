import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Payment } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { nowrap } from '../../components/cells';

type Method = Payment['method'];

export default function PaymentList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<{ method?: Method; sort?: string }>('/api/v1/payments', {});
  const list = useCursorPages('payments', lc.filters, async (fl, limit, after) => must(await api.GET('/api/v1/payments', { params: { query: { ...fl, limit, after } } })));
  const columns: (TableColumnType<Payment> & { key: string })[] = [
    { title: t('payments.number'), key: 'number', ...lc.sorted('number'), onCell: nowrap, dataIndex: 'number', width: 170 },
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} link /> },
    { title: t('payments.received_on'), key: 'received_on', ...lc.sorted('received_on'), onCell: nowrap, dataIndex: 'received_on', width: 140, render: (d: string) => f.date(d) },
    { title: t('payments.method'), key: 'method', ...lc.sorted('method'), dataIndex: 'method', width: 120, render: (m: Method) => t(`payments.methods.${m}`) },
    { title: t('payments.reference'), key: 'reference', dataIndex: 'reference', width: 180 },
    { title: t('payments.amount'), key: 'amount', ...lc.sorted('amount'), width: 150, align: 'right', render: (_, p) => f.money(p.amount) },
    { title: t('payments.unallocated'), key: 'unallocated', ...lc.sorted('unallocated'), width: 150, align: 'right', render: (_, p) => f.money(p.unallocated) },
  ];
  return (
    <>
      <PageHeader
        title={t('payments.title')}
        extra={
          may('billing.payment.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/payments/new')}>
              {t('payments.receive')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          allowClear
          aria-label={t('payments.method')}
          placeholder={t('payments.method')}
          value={lc.filters.method}
          onChange={(method?: Method) => lc.set('method', method)}
          options={(['bank', 'cash'] as const).map((m) => ({ value: m, label: t(`payments.methods.${m}`) }))}
          style={{ width: 160 }}
        />
        <ListControls list="payments" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Payment>
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
