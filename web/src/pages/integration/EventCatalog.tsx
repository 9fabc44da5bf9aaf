import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { EventType } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';

/** EventCatalog lists every event type Concord emits, with its NATS subject and the JSON Schema of its envelope. */
export default function EventCatalog() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['event-types'],
    queryFn: async () => must(await api.GET('/api/v1/events/types')).data ?? [],
  });
  return (
    <>
      <PageHeader title={t('events.title')} extra={<Typography.Link href="/api/asyncapi.json" target="_blank">{t('events.asyncapi')}</Typography.Link>} />
      <Typography.Paragraph type="secondary">{t('events.intro')}</Typography.Paragraph>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<EventType>
        rowKey="name"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        expandable={{
          expandedRowRender: (ty) => (
            <pre tabIndex={0} style={{ maxHeight: 400, overflow: 'auto', fontSize: 12, margin: 0 }} aria-label={t('events.schemaOf', { name: ty.name })}>
              {JSON.stringify(ty.schema, null, 2)}
            </pre>
          ),
        }}
        columns={[
          { title: t('events.type'), dataIndex: 'name', width: 320, render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
          { title: t('events.module'), dataIndex: 'module', width: 110 },
          { title: t('events.aggregate'), dataIndex: 'aggregate', width: 150 },
          { title: t('events.summary'), dataIndex: 'summary' },
        ]}
      />
    </>
  );
}
