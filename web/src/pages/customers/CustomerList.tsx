import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, download, must } from '../../api/client';
import type { Party } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { StatusTag, type Tone } from '../../components/StatusTag';

type Lifecycle = NonNullable<Party['lifecycle']>;
const lifecycles: Lifecycle[] = ['lead', 'prospect', 'customer', 'inactive', 'churned'];
const lifecycleTones: Record<Lifecycle, Tone> = { lead: 'gold', prospect: 'blue', customer: 'green', inactive: 'grey', churned: 'red' };

interface Filters {
  q: string;
  lifecycle?: Lifecycle;
}

export default function CustomerList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const f = useFormat();
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const list = useCursorPages('customers', filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/parties', { params: { query: { role: 'customer', q: fl.q || undefined, lifecycle: fl.lifecycle, limit, after } } })),
  );

  const exportCsv = () => {
    const qs = new URLSearchParams({ role: 'customer' });
    if (filters.q) qs.set('q', filters.q);
    if (filters.lifecycle) qs.set('lifecycle', filters.lifecycle);
    download(`/api/v1/parties?${qs}`, 'text/csv', 'customers.csv').catch((e) => message.error(errorMessage(t, e)));
  };
  const exportXlsx = () =>
    download('/api/v1/parties/export?role=customer&format=xlsx', '*/*', 'customers.xlsx').catch((e) => message.error(errorMessage(t, e)));

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        extra={
          <>
            <Dropdown
              menu={{
                items: [
                  { key: 'csv', label: t('list.exportCsv'), onClick: exportCsv },
                  { key: 'xlsx', label: t('list.exportXlsx'), onClick: exportXlsx },
                ],
              }}
            >
              <Button icon={<DownloadOutlined />}>{t('list.export')}</Button>
            </Dropdown>
            {may('party.party.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/customers/new')}>
                {t('customers.new')}
              </Button>
            )}
          </>
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('list.search')}
          placeholder={t('customers.searchPlaceholder')}
          onSearch={(q) => setFilters((x) => ({ ...x, q: q.trim() }))}
          style={{ width: 320 }}
        />
        <Select
          allowClear
          aria-label={t('customers.lifecycle')}
          placeholder={t('customers.lifecycle')}
          value={filters.lifecycle}
          onChange={(lifecycle?: Lifecycle) => setFilters((x) => ({ ...x, lifecycle }))}
          options={lifecycles.map((l) => ({ value: l, label: t(`customers.lifecycles.${l}`) }))}
          style={{ width: 180 }}
        />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Party>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(p) => ({ onDoubleClick: () => navigate(`/customers/${p.id}`) })}
        columns={[
          { title: t('common.code'), dataIndex: 'code', width: 110, render: (c: string, p) => <Link to={`/customers/${p.id}`}>{c}</Link> },
          {
            title: t('customers.legal_name'),
            dataIndex: 'legal_name',
            render: (n: string, p) => (
              <>
                {n}
                {p.local_name && <div style={{ color: '#595959', fontSize: 12 }}>{p.local_name}</div>}
              </>
            ),
          },
          {
            title: t('customers.lifecycle'),
            dataIndex: 'lifecycle',
            width: 120,
            render: (l: Lifecycle) => <StatusTag tone={lifecycleTones[l]}>{t(`customers.lifecycles.${l}`)}</StatusTag>,
          },
          { title: t('common.email'), dataIndex: 'email', width: 200 },
          { title: t('customers.phone'), dataIndex: 'phone', width: 150 },
          { title: t('warehouses.country'), key: 'country', width: 80, render: (_, p) => p.addresses?.[0]?.country ?? '' },
          { title: t('common.updated_at'), dataIndex: 'updated_at', width: 190, render: (d: string) => f.dateTime(d) },
        ]}
      />
      <Pager
        page={list.page}
        hasPrev={list.hasPrev}
        hasNext={list.hasNext}
        onPrev={list.prev}
        onNext={list.next}
        limit={list.limit}
        onLimit={list.setLimit}
        loading={list.isFetching}
      />
    </>
  );
}
