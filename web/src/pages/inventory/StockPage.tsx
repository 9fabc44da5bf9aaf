import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { StockByWarehouse } from './StockByWarehouse';

/** StockPage: pick a product (searched through the API), see its stock in every warehouse. */
export default function StockPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const productId = params.get('product') ?? undefined;
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(h);
  }, [text]);
  const options = useQuery({
    queryKey: ['stock-products', q],
    queryFn: async () => must(await api.GET('/api/v1/products', { params: { query: { q: q || undefined, limit: 20, active: 'true' } } })).data ?? [],
  });
  const selected = useQuery({
    queryKey: ['product', productId],
    enabled: !!productId,
    queryFn: async () => must(await api.GET('/api/v1/products/{id}', { params: { path: { id: productId! } } })),
  });
  return (
    <>
      <PageHeader title={t('stock.title')} />
      <Space style={{ marginBottom: 16 }}>
        <Select
          showSearch
          filterOption={false}
          aria-label={t('stock.product')}
          placeholder={t('stock.pickProduct')}
          value={productId}
          onSearch={setText}
          onChange={(id: string) => setParams({ product: id })}
          loading={options.isFetching}
          options={[
            ...(selected.data && !(options.data ?? []).some((p) => p.id === selected.data.id) ? [selected.data] : []),
            ...(options.data ?? []),
          ].map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
          style={{ width: 420 }}
        />
      </Space>
      {options.error && <ErrorAlert error={options.error} />}
      {selected.error && <ErrorAlert error={selected.error} />}
      <Card>
        {selected.data ? <StockByWarehouse product={selected.data} /> : <Empty description={t('stock.pickProduct')} />}
      </Card>
    </>
  );
}
