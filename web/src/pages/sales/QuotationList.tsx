import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, Select, Space, Table, Typography, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Quotation } from '../../api/types';
import { useSession } from '../../auth/session';
import { QuotationStatusTag, quotationLapsed, quotationStatuses } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { CustomerPicker } from '../../components/pickers';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { nowrap } from '../../components/cells';

type Filters = { status?: Quotation['status']; customer_id?: string; open?: boolean; q?: string; sort?: string };

/**
 * QuotationList is every quotation the user may see (the API leaves out
 * other owners' for those who may only read their own), filtered and sorted
 * on the server, in saved views and exported.
 */
export default function QuotationList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<Filters>('/api/v1/quotations', {});
  const { sorted } = lc;
  const list = useCursorPages('quotations', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/quotations', { params: { query: { ...fl, limit, after } } })),
  );
  const columns: (TableColumnType<Quotation> & { key: string })[] = [
    { title: t('orders.number'), key: 'number', ...sorted('number'), onCell: nowrap, dataIndex: 'number', width: 150, render: (n: string, q) => <Link to={`/quotations/${q.id}`}>{n}</Link> },
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
    { title: t('common.created_at'), key: 'created', ...sorted('created'), onCell: nowrap, dataIndex: 'created_at', width: 190, render: (d: string) => f.dateTime(d) },
    {
      title: t('quotes.validUntil'),
      key: 'valid_until',
      ...sorted('valid_until'),
      onCell: nowrap,
      dataIndex: 'valid_until',
      width: 140,
      render: (d: string, q) => (quotationLapsed(q) ? <Typography.Text type="danger">{f.date(d)}</Typography.Text> : f.date(d)),
    },
    { title: t('common.status'), key: 'status', ...sorted('status'), width: 130, render: (_, q) => <QuotationStatusTag quotation={q} /> },
    { title: t('orders.total'), key: 'total', ...sorted('total'), width: 150, align: 'right', render: (_, q) => f.money(q.total) },
  ];
  return (
    <>
      <PageHeader
        title={t('quotes.title')}
        extra={
          may('sales.quotation.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/quotations/new')}>
              {t('quotes.new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('list.search')}
          placeholder={t('quotes.searchPlaceholder')}
          onSearch={(q) => lc.set('q', q.trim() || undefined)}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          aria-label={t('common.status')}
          placeholder={t('common.status')}
          value={lc.filters.status}
          onChange={(status?: Quotation['status']) => lc.set('status', status)}
          options={quotationStatuses.map((s) => ({ value: s, label: t(`quotes.statuses.${s}`) }))}
          style={{ width: 160 }}
        />
        <CustomerPicker
          allowClear
          aria-label={t('orders.customer')}
          placeholder={t('orders.customer')}
          value={lc.filters.customer_id}
          onChange={(id) => lc.set('customer_id', id)}
          style={{ width: 260 }}
        />
        <Checkbox checked={!!lc.filters.open} onChange={(e) => lc.set('open', e.target.checked || undefined)}>
          {t('quotes.openOnly')}
        </Checkbox>
        <ListControls list="quotations" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Quotation>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(q) => ({ onDoubleClick: () => navigate(`/quotations/${q.id}`) })}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
