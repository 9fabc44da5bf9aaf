import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Spin, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { FieldPath } from '../../api/problem';
import type { ArticleInput } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { usePageTitle } from '../../layout/crumbs';

const fields = ['title', 'body', 'title_zh', 'body_zh', 'category', 'published'];
const known = (p: FieldPath) => p.length === 1 && fields.includes(String(p[0]));

/** ArticleEditor writes or edits a knowledge-base article (English and Chinese), published or draft. */
export default function ArticleEditor() {
  const { id } = useParams();
  const isNew = !id;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<ArticleInput>();
  const errors = useFormErrors(form, known);
  const article = useQuery({
    queryKey: ['kb-article', id],
    enabled: !isNew,
    queryFn: async () => must(await api.GET('/api/v1/kb/articles/{id}', { params: { path: { id: id! } } })),
  });
  usePageTitle(article.data?.title);
  useEffect(() => {
    if (article.data) form.setFieldsValue(article.data);
  }, [article.data, form]);
  const save = useMutation({
    mutationFn: async (v: ArticleInput) =>
      isNew
        ? must(await api.POST('/api/v1/kb/articles', { body: v }))
        : must(await api.PUT('/api/v1/kb/articles/{id}', { params: { path: { id: id! }, header: { 'If-Match': `"${article.data!.version}"` } }, body: v })),
    onSuccess: (a) => {
      qc.setQueryData(['kb-article', a.id], a);
      void qc.invalidateQueries({ queryKey: ['kb-articles'] });
      void message.success(t('support.kb.saved'));
      navigate('/kb');
    },
    onError: (e) => errors.show(e),
  });
  if (!isNew && article.isPending) return <Spin />;
  if (article.error) return <ErrorAlert error={article.error} onRetry={() => void article.refetch()} />;
  const readOnly = !may('support.article.manage');
  return (
    <>
      <PageHeader title={isNew ? t('support.kb.new') : t('support.kb.edit')} />
      <Card style={{ maxWidth: 960 }}>
        {errors.error !== undefined && <ErrorAlert error={errors.error} title={t('common.saveFailed')} />}
        <Form<ArticleInput>
          form={form}
          layout="vertical"
          disabled={readOnly}
          initialValues={{ published: false }}
          onFinish={(v) => save.mutate(v)}
          onKeyDown={(e) => e.key === 'Escape' && navigate('/kb')}
        >
          <Form.Item label={t('support.kb.titleField')} name="title" rules={[{ required: true, whitespace: true, message: t('support.kb.titleRequired') }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item label={t('support.kb.body')} name="body" rules={[{ required: true, whitespace: true, message: t('support.kb.bodyRequired') }]}>
            <Input.TextArea rows={8} />
          </Form.Item>
          <Form.Item label={t('support.kb.titleZh')} name="title_zh">
            <Input />
          </Form.Item>
          <Form.Item label={t('support.kb.bodyZh')} name="body_zh">
            <Input.TextArea rows={6} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item label={t('support.kb.category')} name="category">
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item label={t('support.kb.published')} name="published" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Space style={{ display: 'flex' }}>
            {!readOnly && (
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            )}
            <Button disabled={false} onClick={() => navigate('/kb')}>
              {t('common.back')}
            </Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
