import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Party } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { StatusTag, type Tone } from '../../components/StatusTag';

type Lifecycle = NonNullable<Party['lifecycle']>;
const lifecycles: Lifecycle[] = ['lead', 'prospect', 'customer', 'inactive', 'churned'];
const lifecycleTones: Record<Lifecycle, Tone> = { lead: 'gold', prospect: 'blue', customer: 'green', inactive: 'grey', churned: 'red' };

type Filters = {
  role: 'customer';
  q?: string;
  lifecycle?: Lifecycle;
  sort?: string;
};

export default function CustomerList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<Filters>('/api/v1/parties', { role: 'customer' });
  const { filters, setFilters } = lc;
  const list = useCursorPages('customers', filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/parties', { params: { query: { ...fl, q: fl.q || undefined, limit, after } } })),
  );
  const columns: (TableColumnType<Party> & { key: string })[] = [
    { title: t('common.code'), key: 'code', ...lc.sorted('code'), dataIndex: 'code', width: 110, render: (c: string, p) => <Link to={`/customers/${p.id}`}>{c}</Link> },
    {
      title: t('customers.legal_name'),
      key: 'legal_name',
      ...lc.sorted('legal_name'),
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
      key: 'lifecycle',
      ...lc.sorted('lifecycle'),
      dataIndex: 'lifecycle',
      width: 130,
      render: (l: Lifecycle) => <StatusTag tone={lifecycleTones[l]}>{t(`customers.lifecycles.${l}`)}</StatusTag>,
    },
    { title: t('common.email'), key: 'email', dataIndex: 'email', width: 200 },
    { title: t('customers.phone'), key: 'phone', dataIndex: 'phone', width: 150 },
    { title: t('warehouses.country'), key: 'country', width: 80, render: (_, p) => p.addresses?.[0]?.country ?? '' },
    { title: t('common.updated_at'), key: 'updated', ...lc.sorted('updated'), dataIndex: 'updated_at', width: 190, render: (d: string) => f.dateTime(d) },
  ];

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        extra={
          may('party.party.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/customers/new')}>
              {t('customers.new')}
            </Button>
          )
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
        <ListControls list="customers" controls={lc} columns={columns} />
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
        onChange={lc.onChange}
        columns={lc.visible(columns)}
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
