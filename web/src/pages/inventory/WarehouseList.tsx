import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Warehouse } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';
import { StatusTag } from '../../components/StatusTag';

export default function WarehouseList() {
  const { t } = useTranslation();
  const f = useFormat();
  // The API lists every warehouse at once (a company has few).
  const list = useQuery({ queryKey: ['warehouses'], queryFn: async () => must(await api.GET('/api/v1/warehouses')).data ?? [] });
  return (
    <>
      <PageHeader title={t('warehouses.title')} />
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Warehouse>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('common.code'), dataIndex: 'code', width: 120 },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('warehouses.address'), dataIndex: 'address' },
          { title: t('warehouses.country'), dataIndex: 'country', width: 100 },
          {
            title: t('warehouses.locations'),
            key: 'locations',
            render: (_, w) => (w.locations ?? []).filter((l) => l.active !== false).map((l) => <Tag key={l.id ?? l.code}>{l.code}</Tag>),
          },
          {
            title: t('common.active'),
            dataIndex: 'active',
            width: 100,
            render: (a: boolean) => <StatusTag tone={a ? 'green' : 'grey'}>{a ? t('common.active') : t('common.inactive')}</StatusTag>,
          },
          { title: t('common.updated_at'), dataIndex: 'updated_at', width: 180, render: (d: string) => f.dateTime(d) },
        ]}
      />
    </>
  );
}
