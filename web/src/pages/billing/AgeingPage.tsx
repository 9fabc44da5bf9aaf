import { useQuery } from '@tanstack/react-query';
import { Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { AgeingRow } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';

const buckets = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90', 'total'] as const;

export default function AgeingPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [asOf, setAsOf] = useState('');
  const ageing = useQuery({
    queryKey: ['ageing', asOf],
    queryFn: async () => must(await api.GET('/api/v1/receivables/ageing', { params: { query: { as_of: asOf || undefined } } })),
  });
  const money = buckets.map((b) => ({
    title: t(`ageing.${b}`),
    key: b,
    align: 'right' as const,
    width: 130,
    render: (_: unknown, r: AgeingRow) => (b === 'total' ? <Typography.Text strong>{f.money(r[b])}</Typography.Text> : f.money(r[b])),
  }));
  const rows = (ageing.data?.rows ?? []).map((r, i) => ({ ...r, key: `${r.customer_id}-${r.total.currency}-${i}` }));
  const totals = (ageing.data?.totals ?? []).map((r, i) => ({ ...r, key: `total-${i}` }));
  return (
    <>
      <PageHeader title={t('ageing.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <label htmlFor="ageing-as-of">{t('ageing.asOf')}</label>
        <Input id="ageing-as-of" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} style={{ width: 180 }} />
        {ageing.data && <Typography.Text type="secondary">{t('ageing.shown', { date: f.date(ageing.data.as_of) })}</Typography.Text>}
      </Space>
      {ageing.error && <ErrorAlert error={ageing.error} onRetry={() => void ageing.refetch()} />}
      <Table
        size="middle"
        loading={ageing.isFetching}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('ageing.empty') }}
        scroll={{ x: 1000 }}
        columns={[{ title: t('orders.customer'), key: 'customer', render: (_: unknown, r: AgeingRow) => (r.customer_id ? <PartyName id={r.customer_id} link /> : '') }, ...money]}
        summary={() =>
          totals.length > 0 && (
            <Table.Summary fixed>
              {totals.map((r) => (
                <Table.Summary.Row key={r.key}>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('ageing.totalRow', { currency: r.total.currency })}</Typography.Text>
                  </Table.Summary.Cell>
                  {buckets.map((b, i) => (
                    <Table.Summary.Cell key={b} index={i + 1} align="right">
                      <Typography.Text strong>{f.money(r[b])}</Typography.Text>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              ))}
            </Table.Summary>
          )
        }
      />
    </>
  );
}
