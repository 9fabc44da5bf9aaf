import { Input, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Invoice, InvoiceStatus } from '../../api/types';
import { InvoiceStatusTag, invoiceStatuses } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { ListControls } from '../../components/ListControls';
import { useCursorPages } from '../../components/useCursorPages';
import { useListControls } from '../../components/useListControls';
import { useFormat } from '../../components/useFormat';
import { nowrap } from '../../components/cells';

export default function InvoiceList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<{ status?: InvoiceStatus; q?: string; sort?: string }>('/api/v1/invoices', {});
  const list = useCursorPages('invoices', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/invoices', { params: { query: { ...fl, limit, after } } })),
  );
  const columns: (TableColumnType<Invoice> & { key: string })[] = [
    {
      title: t('invoices.number'),
      key: 'number',
      ...lc.sorted('number'),
      onCell: nowrap,
      width: 160,
      render: (_, i) => <Link to={`/invoices/${i.id}`}>{i.number ?? t('invoices.draft')}</Link>,
    },
    { title: t('invoices.kind'), key: 'kind', dataIndex: 'kind', width: 110, render: (k: Invoice['kind']) => t(`invoices.kinds.${k}`) },
    { title: t('orders.customer'), key: 'customer', dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
    { title: t('invoices.invoice_date'), key: 'invoice_date', ...lc.sorted('invoice_date'), onCell: nowrap, dataIndex: 'invoice_date', width: 130, render: (d?: string) => f.date(d) },
    { title: t('invoices.due_date'), key: 'due_date', ...lc.sorted('due_date'), onCell: nowrap, dataIndex: 'due_date', width: 130, render: (d?: string) => f.date(d) },
    { title: t('common.status'), key: 'status', ...lc.sorted('status'), dataIndex: 'status', width: 140, render: (s: InvoiceStatus) => <InvoiceStatusTag status={s} /> },
    { title: t('orders.total'), key: 'total', ...lc.sorted('total'), width: 140, align: 'right', render: (_, i) => f.money(i.total) },
    { title: t('invoices.residual'), key: 'residual', width: 130, align: 'right', render: (_, i) => f.money(i.residual) },
    { title: t('common.updated_at'), key: 'updated', ...lc.sorted('updated'), onCell: nowrap, dataIndex: 'updated_at', width: 180, render: (d: string) => f.dateTime(d) },
  ];
  return (
    <>
      <PageHeader title={t('invoices.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('list.search')}
          placeholder={t('invoices.searchPlaceholder')}
          onSearch={(q) => lc.set('q', q.trim() || undefined)}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          aria-label={t('common.status')}
          placeholder={t('common.status')}
          value={lc.filters.status}
          onChange={(status?: InvoiceStatus) => lc.set('status', status)}
          options={invoiceStatuses.map((s) => ({ value: s, label: t(`invoices.statuses.${s}`) }))}
          style={{ width: 200 }}
        />
        <ListControls list="invoices" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Invoice>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(i) => ({ onDoubleClick: () => navigate(`/invoices/${i.id}`) })}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
