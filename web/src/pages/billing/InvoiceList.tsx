import { Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Invoice, InvoiceStatus } from '../../api/types';
import { InvoiceStatusTag, invoiceStatuses } from '../../components/docStatus';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { nowrap } from '../../components/cells';

export default function InvoiceList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const [filters, setFilters] = useState<{ status?: InvoiceStatus }>({});
  const list = useCursorPages('invoices', filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/invoices', { params: { query: { status: fl.status, limit, after } } })),
  );
  return (
    <>
      <PageHeader title={t('invoices.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          allowClear
          aria-label={t('common.status')}
          placeholder={t('common.status')}
          value={filters.status}
          onChange={(status?: InvoiceStatus) => setFilters({ status })}
          options={invoiceStatuses.map((s) => ({ value: s, label: t(`invoices.statuses.${s}`) }))}
          style={{ width: 200 }}
        />
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
        columns={[
          {
            title: t('invoices.number'),
            key: 'number',
            onCell: nowrap,
            width: 160,
            render: (_, i) => <Link to={`/invoices/${i.id}`}>{i.number ?? t('invoices.draft')}</Link>,
          },
          { title: t('invoices.kind'), dataIndex: 'kind', width: 110, render: (k: Invoice['kind']) => t(`invoices.kinds.${k}`) },
          { title: t('orders.customer'), dataIndex: 'customer_id', render: (id: string) => <PartyName id={id} /> },
          { title: t('invoices.invoice_date'), onCell: nowrap, dataIndex: 'invoice_date', width: 120, render: (d?: string) => f.date(d) },
          { title: t('invoices.due_date'), onCell: nowrap, dataIndex: 'due_date', width: 120, render: (d?: string) => f.date(d) },
          { title: t('common.status'), dataIndex: 'status', width: 130, render: (s: InvoiceStatus) => <InvoiceStatusTag status={s} /> },
          { title: t('orders.total'), key: 'total', width: 130, align: 'right', render: (_, i) => f.money(i.total) },
          { title: t('invoices.residual'), key: 'residual', width: 130, align: 'right', render: (_, i) => f.money(i.residual) },
        ]}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
