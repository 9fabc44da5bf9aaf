import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Availability, Product } from '../../api/types';
import { BarChart } from '../../components/BarChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../components/useFormat';

interface Row extends Availability {
  key: string;
  warehouse: string;
}

/**
 * StockByWarehouse shows on hand, reserved and available of one product in
 * every warehouse (one availability call per warehouse), as a table and a
 * chart.
 */
export function StockByWarehouse({ product }: { product: Pick<Product, 'id' | 'code' | 'type'> }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const stocked = product.type === 'stockable' || product.type === 'manufactured';
  const stock = useQuery({
    queryKey: ['stock', product.id],
    enabled: stocked,
    queryFn: async (): Promise<Row[]> => {
      const whs = must(await api.GET('/api/v1/warehouses')).data ?? [];
      return Promise.all(
        whs
          .filter((w) => w.active)
          .map(async (w) => ({
            key: w.id,
            warehouse: `${w.code} · ${w.name}`,
            ...must(await api.GET('/api/v1/stock/availability', { params: { query: { product_id: product.id, warehouse_id: w.id } } })),
          })),
      );
    },
  });
  const rows = stock.data;
  const lang = i18n.language;
  const chart = useMemo(() => {
    if (!rows?.length) return undefined;
    const nf = new Intl.NumberFormat(lang, { maximumFractionDigits: 4 });
    return {
      categories: rows.map((r) => r.warehouse),
      // Bars are only drawn, never computed with, so numbers are safe here.
      series: [
        { name: t('stock.on_hand'), values: rows.map((r) => Number(r.on_hand)) },
        { name: t('stock.reserved'), values: rows.map((r) => Number(r.reserved)) },
        { name: t('stock.available'), values: rows.map((r) => Number(r.available)) },
      ],
      format: (n: number) => nf.format(n),
    };
  }, [rows, lang, t]);
  if (!stocked) return <Typography.Text type="secondary">{t('products.noStock')}</Typography.Text>;
  if (stock.error) return <ErrorAlert error={stock.error} onRetry={() => void stock.refetch()} />;
  return (
    <>
      <Table<Row>
        size="small"
        loading={stock.isPending}
        pagination={false}
        dataSource={rows ?? []}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('stock.warehouse'), dataIndex: 'warehouse' },
          { title: t('stock.on_hand'), dataIndex: 'on_hand', align: 'right', render: (q: string) => f.quantity(q) },
          { title: t('stock.reserved'), dataIndex: 'reserved', align: 'right', render: (q: string) => f.quantity(q) },
          { title: t('stock.available'), dataIndex: 'available', align: 'right', render: (q: string) => <strong>{f.quantity(q)}</strong> },
        ]}
      />
      {chart && (
        <div style={{ marginTop: 16 }}>
          <BarChart title={t('stock.chartTitle', { code: product.code })} {...chart} />
        </div>
      )}
    </>
  );
}
