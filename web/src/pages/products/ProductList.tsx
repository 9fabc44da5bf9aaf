import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, download, must } from '../../api/client';
import type { Amount, Product } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useCategories } from './categories';
import { StatusTag } from '../../components/StatusTag';

type ProductType = Product['type'];
const types: ProductType[] = ['stockable', 'consumable', 'service', 'manufactured'];

interface Filters {
  q: string;
  type?: ProductType;
  active?: 'true' | 'false';
  category_id?: string;
}

export default function ProductList() {
  const { t, i18n } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const f = useFormat();
  const [filters, setFilters] = useState<Filters>({ q: '', active: 'true' });
  const categories = useCategories(may('product.category.read'));
  const list = useCursorPages('products', filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/products', { params: { query: { q: fl.q || undefined, type: fl.type, active: fl.active, category_id: fl.category_id, limit, after } } })),
  );
  const exportCsv = () => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) qs.set(k, String(v));
    download(`/api/v1/products?${qs}`, 'text/csv', 'products.csv').catch((e) => message.error(errorMessage(t, e)));
  };
  const localName = (p: Product) => (i18n.language !== 'en' && p.names?.[i18n.language]) || p.name;

  return (
    <>
      <PageHeader
        title={t('products.title')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} onClick={exportCsv}>
              {t('list.exportCsv')}
            </Button>
            {may('product.product.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/products/new')}>
                {t('products.new')}
              </Button>
            )}
          </>
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
        columns={[
          { title: t('common.code'), dataIndex: 'code', width: 130, render: (c: string, p) => <Link to={`/products/${p.id}`}>{c}</Link> },
          { title: t('common.name'), key: 'name', render: (_, p) => localName(p) },
          { title: t('products.type'), dataIndex: 'type', width: 130, render: (ty: ProductType) => t(`products.types.${ty}`) },
          { title: t('products.unit'), dataIndex: 'unit', width: 80 },
          { title: t('products.list_price'), dataIndex: 'list_price', align: 'right', width: 140, render: (a: Amount) => f.money(a) },
          {
            title: t('common.active'),
            dataIndex: 'active',
            width: 100,
            render: (a: boolean) => <StatusTag tone={a ? 'green' : 'grey'}>{a ? t('common.active') : t('common.inactive')}</StatusTag>,
          },
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
