import { Card, Descriptions, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Amount, SalesLine } from '../api/types';
import { ProductName } from './names';
import { useFormat } from './useFormat';

type Row = SalesLine & { key: number };

/**
 * useSalesLineColumns gives the columns an order and a quotation share: what
 * is sold and at what price (head), and the line's net and total. The tax
 * code column is there only when a line has one.
 */
export function useSalesLineColumns(lines: SalesLine[]) {
  const { t } = useTranslation();
  const f = useFormat();
  const head: ColumnsType<Row> = [
    { title: t('orders.product'), dataIndex: 'product_id', minWidth: 200, render: (p: string) => <ProductName id={p} /> },
    { title: t('orders.quantity'), dataIndex: 'quantity', align: 'right', width: 85, render: (q: string) => f.quantity(q) },
    { title: t('orders.unit_price'), key: 'unit_price', align: 'right', width: 100, render: (_, l) => f.money(l.unit_price) },
    { title: t('orders.discount'), dataIndex: 'discount_percent', align: 'right', width: 85, render: (d: string) => `${f.quantity(d)} %` },
    ...(lines.some((l) => l.tax_code) ? [{ title: t('orders.tax_code'), dataIndex: 'tax_code', width: 85 }] : []),
    { title: t('orders.net'), key: 'net', align: 'right', width: 105, render: (_, l) => f.money(l.net) },
  ];
  const total: ColumnsType<Row>[number] = { title: t('orders.total'), key: 'total', align: 'right', width: 105, render: (_, l) => f.money(l.total) };
  return { head, total };
}

/** TotalsCard shows a document's subtotal, tax and total. */
export function TotalsCard({ doc, testId }: { doc: { subtotal: Amount; tax: Amount; total: Amount }; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Card style={{ marginBottom: 16 }}>
      <Descriptions column={1} size="small" data-testid={testId}>
        <Descriptions.Item label={t('orders.subtotal')}>{f.money(doc.subtotal)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.tax')}>{f.money(doc.tax)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.total')}>
          <Typography.Text strong>{f.money(doc.total)}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
