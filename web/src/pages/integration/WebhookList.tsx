import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { WebhookDelivery, WebhookEndpoint, WebhookInput } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { useFormErrors } from '../../components/useFormErrors';
import { useFormat } from '../../components/useFormat';
import { useSession } from '../../auth/session';

type FormValues = { url: string; description?: string; event_types?: string[]; active: boolean };

const deliveryTone = { delivered: 'green', pending: 'gold', sending: 'blue', failed: 'red', cancelled: 'grey' } as const;

/** WebhookList is the administrators' screen for webhook endpoints: list, register (the secret is shown once), edit, switch on and off, and each endpoint's delivery log with redelivery. */
export default function WebhookList() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { may } = useSession();
  const manage = may('integration.webhook.manage');
  const [editing, setEditing] = useState<WebhookEndpoint | 'new' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<WebhookEndpoint | null>(null);
  const [form] = Form.useForm<FormValues>();
  const errors = useFormErrors(form, (p) => ['url', 'event_types', 'description'].includes(String(p[0])));

  const list = useQuery({
    queryKey: ['webhook-endpoints'],
    queryFn: async () => must(await api.GET('/api/v1/webhook-endpoints')).data ?? [],
  });
  const types = useQuery({
    queryKey: ['event-types'],
    queryFn: async () => must(await api.GET('/api/v1/events/types')).data ?? [],
  });

  const save = useMutation({
    mutationFn: async (v: FormValues) => {
      const body: WebhookInput = { url: v.url, description: v.description ?? '', event_types: v.event_types ?? [], active: v.active };
      if (editing === 'new') {
        const created = must(await api.POST('/api/v1/webhook-endpoints', { body }));
        setSecret(created.secret);
        return;
      }
      const e = editing as WebhookEndpoint;
      must(await api.PUT('/api/v1/webhook-endpoints/{id}', { params: { path: { id: e.id }, header: { 'If-Match': `"${e.version}"` } }, body }));
      message.success(t('common.saved'));
    },
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['webhook-endpoints'] });
    },
    onError: errors.show,
  });

  const toggle = useMutation({
    mutationFn: async (e: WebhookEndpoint) =>
      must(
        await api.PUT('/api/v1/webhook-endpoints/{id}', {
          params: { path: { id: e.id }, header: { 'If-Match': `"${e.version}"` } },
          body: { url: e.url, description: e.description, event_types: e.event_types ?? [], active: !e.active },
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['webhook-endpoints'] }),
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });

  const open = (e: WebhookEndpoint | 'new') => {
    errors.clear();
    form.resetFields();
    form.setFieldsValue(
      e === 'new'
        ? { url: 'https://', description: '', event_types: [], active: true }
        : { url: e.url, description: e.description, event_types: e.event_types ?? [], active: e.active },
    );
    setEditing(e);
  };

  const disabled = (list.data ?? []).filter((e) => !e.active && e.disabled_reason);
  const typeOptions = [
    ...new Set((types.data ?? []).flatMap((ty) => [ty.name, ty.name.split('.').slice(0, 2).join('.') + '.*'])),
  ].map((v) => ({ value: v, label: v }));

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        extra={
          manage && (
            <Button type="primary" onClick={() => open('new')}>
              {t('webhooks.new')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      {disabled.map((e) => (
        <Alert key={e.id} type="warning" showIcon style={{ marginBottom: 12 }} message={t('webhooks.disabledNotice', { url: e.url })} description={e.disabled_reason} />
      ))}
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<WebhookEndpoint>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('webhooks.url'), dataIndex: 'url', render: (u: string, e) => <Space direction="vertical" size={0}><Typography.Text code>{u}</Typography.Text>{e.description && <Typography.Text type="secondary">{e.description}</Typography.Text>}</Space> },
          {
            title: t('webhooks.eventTypes'),
            dataIndex: 'event_types',
            width: 260,
            render: (ts: string[] | null) => (ts?.length ? ts.join(', ') : t('webhooks.allTypes')),
          },
          {
            title: t('common.status'),
            dataIndex: 'active',
            width: 120,
            render: (a: boolean, e) =>
              manage ? (
                <Switch checked={a} aria-label={t('webhooks.activeFor', { url: e.url })} loading={toggle.isPending && toggle.variables?.id === e.id} onChange={() => toggle.mutate(e)} />
              ) : (
                <StatusTag tone={a ? 'green' : 'grey'}>{a ? t('common.active') : t('common.inactive')}</StatusTag>
              ),
          },
          { title: t('common.created_at'), dataIndex: 'created_at', width: 170, render: (d: string) => f.dateTime(d) },
          {
            title: '',
            key: 'actions',
            width: 200,
            render: (_, e) => (
              <Space>
                <Button size="small" onClick={() => setLogOf(e)}>
                  {t('webhooks.deliveries')}
                </Button>
                {manage && (
                  <Button size="small" onClick={() => open(e)}>
                    {t('webhooks.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />

      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('webhooks.new') : t('webhooks.edit')}
        okText={editing === 'new' ? t('common.create') : t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {errors.rest.length > 0 && <Alert type="error" showIcon message={errors.rest.join(' ')} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, message: t('webhooks.urlRequired') }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item name="description" label={t('webhooks.description')}>
            <Input />
          </Form.Item>
          <Form.Item name="event_types" label={t('webhooks.eventTypes')} extra={t('webhooks.eventTypesHint')}>
            <Select mode="multiple" allowClear options={typeOptions} placeholder={t('webhooks.allTypes')} />
          </Form.Item>
          <Form.Item name="active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={secret !== null} title={t('webhooks.secretTitle')} onOk={() => setSecret(null)} onCancel={() => setSecret(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        <Typography.Paragraph>{t('webhooks.secretOnce')}</Typography.Paragraph>
        <Typography.Paragraph copyable code>
          {secret}
        </Typography.Paragraph>
      </Modal>

      {logOf && <DeliveryLog endpoint={logOf} manage={manage} onClose={() => setLogOf(null)} />}
    </>
  );
}

function DeliveryLog({ endpoint, manage, onClose }: { endpoint: WebhookEndpoint; manage: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const log = useQuery({
    queryKey: ['webhook-deliveries', endpoint.id],
    queryFn: async () => must(await api.GET('/api/v1/webhook-endpoints/{id}/deliveries', { params: { path: { id: endpoint.id }, query: { limit: 100 } } })).data ?? [],
  });
  const redeliver = useMutation({
    mutationFn: async (d: WebhookDelivery) =>
      must(await api.POST('/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id: endpoint.id, delivery_id: d.id } } })),
    onSuccess: () => {
      message.success(t('webhooks.redelivered'));
      void qc.invalidateQueries({ queryKey: ['webhook-deliveries', endpoint.id] });
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Drawer open width={900} title={t('webhooks.logTitle', { url: endpoint.url })} onClose={onClose}>
      {log.error && <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />}
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={log.data ?? []}
        pagination={false}
        locale={{ emptyText: t('webhooks.noDeliveries') }}
        columns={[
          { title: t('webhooks.event'), dataIndex: 'event_type', render: (ty: string, d) => <Space direction="vertical" size={0}><span>{ty}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.event_id}</Typography.Text></Space> },
          { title: t('common.status'), dataIndex: 'status', width: 110, render: (s: WebhookDelivery['status']) => <StatusTag tone={deliveryTone[s]}>{t(`webhooks.status.${s}`)}</StatusTag> },
          { title: t('webhooks.attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
          { title: t('webhooks.response'), key: 'resp', width: 170, render: (_, d) => (d.last_status ? `HTTP ${d.last_status}` : d.last_error || '—') },
          { title: t('webhooks.lastAttempt'), dataIndex: 'last_attempt_at', width: 170, render: (d: string | null) => f.dateTime(d) || '—' },
          {
            title: '',
            key: 'redeliver',
            width: 120,
            render: (_, d) =>
              manage &&
              d.status !== 'pending' &&
              d.status !== 'sending' && (
                <Button size="small" loading={redeliver.isPending && redeliver.variables?.id === d.id} onClick={() => redeliver.mutate(d)}>
                  {t('webhooks.redeliver')}
                </Button>
              ),
          },
        ]}
      />
    </Drawer>
  );
}
