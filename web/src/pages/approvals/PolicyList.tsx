import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { ApprovalPolicy } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { useFormat } from '../../components/useFormat';

export default function PolicyList() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useQuery({
    queryKey: ['approval-policies'],
    queryFn: async () => must(await api.GET('/api/v1/approval-policies')).data ?? [],
  });
  return (
    <>
      <PageHeader title={t('policies.title')} />
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<ApprovalPolicy>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('policies.priority'), dataIndex: 'priority', width: 80, align: 'right' },
          { title: t('common.name'), dataIndex: 'name', width: 200 },
          { title: t('policies.document_type'), dataIndex: 'document_type', width: 130 },
          { title: t('policies.expression'), dataIndex: 'expression', width: 240, render: (e: string) => <Typography.Text code>{e}</Typography.Text> },
          {
            title: t('policies.band'),
            key: 'band',
            width: 150,
            render: (_, p) => (p.min_amount || p.max_amount ? `${f.money(p.min_amount) || '…'} – ${f.money(p.max_amount) || '…'}` : '—'),
          },
          { title: t('policies.reason_code'), dataIndex: 'reason_code', width: 190 },
          { title: t('approvals.approver_role'), dataIndex: 'approver_role', width: 110 },
          {
            title: t('common.status'),
            dataIndex: 'active',
            width: 100,
            render: (a: boolean) => <StatusTag tone={a ? 'green' : 'grey'}>{a ? t('common.active') : t('common.inactive')}</StatusTag>,
          },
        ]}
      />
    </>
  );
}
