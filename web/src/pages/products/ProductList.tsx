import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, type TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Amount, Product } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useListControls } from '../../components/useListControls';
import { useCategories } from './categories';
import { StatusTag } from '../../components/StatusTag';

type ProductType = Product['type'];
const types: ProductType[] = ['stockable', 'consumable', 'service', 'manufactured'];

type Filters = {
  q?: string;
  type?: ProductType;
  active?: 'true' | 'false';
  category_id?: string;
  sort?: string;
};

export default function ProductList() {
  const { t, i18n } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<Filters>('/api/v1/products', { active: 'true' });
  const { filters, setFilters } = lc;
  const categories = useCategories(may('product.category.read'));
  const list = useCursorPages('products', filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/products', { params: { query: { ...fl, q: fl.q || undefined, limit, after } } })),
  );
  const localName = (p: Product) => (i18n.language !== 'en' && p.names?.[i18n.language]) || p.name;
  const columns: (TableColumnType<Product> & { key: string })[] = [
    { title: t('common.code'), key: 'code', ...lc.sorted('code'), dataIndex: 'code', width: 130, render: (c: string, p) => <Link to={`/products/${p.id}`}>{c}</Link> },
    { title: t('common.name'), key: 'name', ...lc.sorted('name'), render: (_, p) => localName(p) },
    { title: t('products.type'), key: 'type', ...lc.sorted('type'), dataIndex: 'type', width: 130, render: (ty: ProductType) => t(`products.types.${ty}`) },
    { title: t('products.unit'), key: 'unit', dataIndex: 'unit', width: 80 },
    { title: t('products.list_price'), key: 'list_price', ...lc.sorted('list_price'), dataIndex: 'list_price', align: 'right', width: 140, render: (a: Amount) => f.money(a) },
    {
      title: t('common.active'),
      key: 'active',
      dataIndex: 'active',
      width: 100,
      render: (a: boolean) => <StatusTag tone={a ? 'green' : 'grey'}>{a ? t('common.active') : t('common.inactive')}</StatusTag>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('products.title')}
        extra={
          may('product.product.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/products/new')}>
              {t('products.new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('list.search')}
          placeholder={t('products.searchPlaceholder')}
          onSearch={(q) => setFilters((x) => ({ ...x, q: q.trim() }))}
          style={{ width: 280 }}
        />
        <Select
          allowClear
          aria-label={t('products.type')}
          placeholder={t('products.type')}
          value={filters.type}
          onChange={(type?: ProductType) => setFilters((x) => ({ ...x, type }))}
          options={types.map((ty) => ({ value: ty, label: t(`products.types.${ty}`) }))}
          style={{ width: 160 }}
        />
        {categories.data && (
          <Select
            allowClear
            aria-label={t('products.category')}
            placeholder={t('products.category')}
            value={filters.category_id}
            onChange={(category_id?: string) => setFilters((x) => ({ ...x, category_id }))}
            options={categories.data.map((c) => ({ value: c.id, label: c.path }))}
            style={{ width: 200 }}
          />
        )}
        <Select
          aria-label={t('common.active')}
          value={filters.active ?? ''}
          onChange={(a: '' | 'true' | 'false') => setFilters((x) => ({ ...x, active: a || undefined }))}
          options={[
            { value: 'true', label: t('common.active') },
            { value: 'false', label: t('common.inactive') },
            { value: '', label: t('list.all') },
          ]}
          style={{ width: 120 }}
        />
        <ListControls list="products" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Product>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(p) => ({ onDoubleClick: () => navigate(`/products/${p.id}`) })}
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
