import { Button, Input, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Article } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { StatusTag } from '../../components/StatusTag';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';

/** ArticleList lists the knowledge base, newest first, or the best matches of a full-text search. */
export default function ArticleList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { may } = useSession();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [published, setPublished] = useState(false);
  const list = useCursorPages('kb-articles', { q, published }, async (fl, limit, after) =>
    must(await api.GET('/api/v1/kb/articles', { params: { query: { q: fl.q || undefined, published: fl.published || undefined, limit, after } } })),
  );
  const zh = i18n.language === 'zh-CN';
  return (
    <>
      <PageHeader
        title={t('support.kb.title')}
        extra={
          may('support.article.manage') && (
            <Button type="primary" onClick={() => navigate('/kb/new')}>
              {t('support.kb.new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search aria-label={t('support.kb.search')} placeholder={t('support.kb.search')} allowClear onSearch={setQ} style={{ width: 320 }} />
        <Space>
          <Switch id="kb-published" checked={published} onChange={setPublished} />
          <label htmlFor="kb-published">{t('support.kb.published')}</label>
        </Space>
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Article>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          {
            title: t('support.kb.titleField'),
            dataIndex: 'title',
            render: (title: string, a) => (
              <Space direction="vertical" size={0}>
                <Link to={`/kb/${a.id}`}>{zh && a.title_zh ? a.title_zh : title}</Link>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 640 }}>
                  {zh && a.body_zh ? a.body_zh : a.body}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('support.kb.category'), dataIndex: 'category', width: 140 },
          {
            title: t('common.status'),
            dataIndex: 'published',
            width: 120,
            render: (p: boolean) => <StatusTag tone={p ? 'green' : 'grey'}>{p ? t('support.kb.published') : t('support.kb.draft')}</StatusTag>,
          },
          { title: t('support.kb.updated'), dataIndex: 'updated_at', width: 180, render: (d: string) => f.dateTime(d) },
        ]}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
    </>
  );
}
