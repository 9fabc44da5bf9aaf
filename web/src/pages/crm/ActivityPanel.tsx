import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, List, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Activity, ActivityKind } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { StatusTag } from '../../components/StatusTag';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';

export const activityKinds: ActivityKind[] = ['call', 'meeting', 'task', 'note', 'email'];

/** ActivityState shows whether an activity is done, overdue or open. */
export function ActivityState({ a }: { a: Activity }) {
  const { t } = useTranslation();
  if (a.done) return <StatusTag tone="green">{t('crm.activities.done')}</StatusTag>;
  if (a.overdue) return <StatusTag tone="red">{t('crm.activities.overdue')}</StatusTag>;
  return <StatusTag tone="blue">{t('crm.activities.open')}</StatusTag>;
}

interface FormValues {
  kind: ActivityKind;
  title: string;
  notes?: string;
  due?: Dayjs;
}

/** useCompleteActivity marks an activity done (If-Match) and refreshes the lists. */
export function useCompleteActivity() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (a: Activity) =>
      must(await api.POST('/api/v1/activities/{id}/complete', { params: { path: { id: a.id }, header: { 'If-Match': `"${a.version}"` } } })),
    onSuccess: () => {
      void message.success(t('crm.activities.completed'));
      void qc.invalidateQueries({ queryKey: ['activities'] });
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });
}

/**
 * ActivityPanel lists the activities logged against one record (a party, a
 * lead, an opportunity, an order) and lets the user log another one or mark
 * one done. With partyId it shows everything about the customer.
 */
export function ActivityPanel({ subjectType, subjectId, partyId }: { subjectType: string; subjectId: string; partyId?: string }) {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const errs = useFormErrors(form, (p) => ['kind', 'title', 'notes', 'due_at'].includes(String(p[0])));
  const query = partyId ? { party_id: partyId, limit: 50 } : { subject_type: subjectType, subject_id: subjectId, limit: 50 };
  const list = useQuery({
    queryKey: ['activities', query],
    enabled: may('crm.activity.read'),
    queryFn: async () => must(await api.GET('/api/v1/activities', { params: { query } })).data ?? [],
  });
  const complete = useCompleteActivity();
  const create = useMutation({
    mutationFn: async (v: FormValues) =>
      must(
        await api.POST('/api/v1/activities', {
          body: { kind: v.kind, subject_type: subjectType, subject_id: subjectId, title: v.title, notes: v.notes, due_at: v.due?.toISOString() },
        }),
      ),
    onSuccess: () => {
      void message.success(t('crm.activities.logged'));
      setOpen(false);
      form.resetFields();
      errs.clear();
      void qc.invalidateQueries({ queryKey: ['activities'] });
      void qc.invalidateQueries({ queryKey: ['lead'] });
      void qc.invalidateQueries({ queryKey: ['overview'] });
    },
    onError: errs.show,
  });
  if (!may('crm.activity.read')) return null;
  return (
    <Card
      title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('crm.activities.panel')}</Typography.Title>}
      style={{ marginBottom: 16 }}
      extra={
        may('crm.activity.create') && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('crm.activities.new')}
          </Button>
        )
      }
    >
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <List<Activity>
        loading={list.isFetching}
        dataSource={list.data ?? []}
        // The list's own empty text is drawn in the disabled grey, below AA contrast.
        locale={{ emptyText: <Typography.Text type="secondary">{t('list.empty')}</Typography.Text> }}
        renderItem={(a) => (
          <List.Item
            actions={
              !a.done && may('crm.activity.update')
                ? [
                    <Button key="done" size="small" onClick={() => complete.mutate(a)} loading={complete.isPending && complete.variables?.id === a.id}>
                      {t('crm.activities.complete')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <StatusTag tone="grey">{t(`crm.activities.kinds.${a.kind}`)}</StatusTag>
                  <span>{a.title}</span>
                  <ActivityState a={a} />
                </Space>
              }
              description={
                <>
                  {a.notes && <div>{a.notes}</div>}
                  <span>
                    {a.due_at ? `${t('crm.activities.due')}: ${f.dateTime(a.due_at)}` : f.dateTime(a.created_at)}
                  </span>
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        title={t('crm.activities.new')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        {errs.error !== undefined && <ErrorAlert error={errs.error} />}
        <Form<FormValues> form={form} layout="vertical" initialValues={{ kind: 'call' }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="kind" label={t('crm.activities.kind')} rules={[{ required: true }]}>
            <Select options={activityKinds.map((k) => ({ value: k, label: t(`crm.activities.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('crm.activities.titleField')} rules={[{ required: true, message: t('crm.activities.titleRequired') }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item name="notes" label={t('crm.activities.notes')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="due" label={t('crm.activities.due')}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
