import { PlusOutlined } from '@ant-design/icons';
import { Button, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Payment } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { nowrap } from '../../components/cells';

export default function PaymentList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const list = useCursorPages('payments', {}, async (_fl, limit, after) => must(await api.GET('/api/v1/payments', { params: { query: { limit, after } } })));
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
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Payment>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('payments.number'), onCell: nowrap, dataIndex: 'number', width: 160 },
          { title: t('orders.customer'), dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} link /> },
          { title: t('payments.received_on'), onCell: nowrap, dataIndex: 'received_on', width: 130, render: (d: string) => f.date(d) },
          { title: t('payments.method'), dataIndex: 'method', width: 100, render: (m: Payment['method']) => t(`payments.methods.${m}`) },
          { title: t('payments.reference'), dataIndex: 'reference', width: 180 },
          { title: t('payments.amount'), key: 'amount', width: 140, align: 'right', render: (_, p) => f.money(p.amount) },
          { title: t('payments.unallocated'), key: 'unallocated', width: 140, align: 'right', render: (_, p) => f.money(p.unallocated) },
        ]}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
