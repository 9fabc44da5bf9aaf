import { Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { User } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { languages } from '../../i18n';
import { StatusTag } from '../../components/StatusTag';

interface Filters {
  q: string;
  active?: 'true' | 'false';
}

export default function UserList() {
  const { t } = useTranslation();
  const f = useFormat();
  const [filters, setFilters] = useState<Filters>({ q: '', active: 'true' });
  const list = useCursorPages('users', filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/users', { params: { query: { q: fl.q || undefined, active: fl.active, limit, after } } })),
  );
  return (
    <>
      <PageHeader title={t('users.title')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('list.search')}
          placeholder={t('users.searchPlaceholder')}
          onSearch={(q) => setFilters((x) => ({ ...x, q: q.trim() }))}
          style={{ width: 280 }}
        />
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
      <Table<User>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('common.email'), dataIndex: 'email' },
          { title: t('users.roles'), dataIndex: 'roles', render: (rs: string[] | null) => (rs ?? []).map((r) => <Tag key={r}>{r}</Tag>) },
          { title: t('users.locale'), dataIndex: 'locale', width: 110, render: (l: string) => languages.find((x) => x.code === l)?.label ?? l },
          { title: t('users.time_zone'), dataIndex: 'time_zone', width: 160 },
          {
            title: t('common.active'),
            dataIndex: 'active',
            width: 100,
            render: (a: boolean) => <StatusTag tone={a ? 'green' : 'grey'}>{a ? t('common.active') : t('common.inactive')}</StatusTag>,
          },
          { title: t('common.created_at'), dataIndex: 'created_at', width: 180, render: (d: string) => f.dateTime(d) },
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
