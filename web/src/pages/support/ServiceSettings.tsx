import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { FieldPath } from '../../api/problem';
import type { Agent, Calendar, SlaPolicy, SlaPolicyInput } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import { priorities } from './tags';

const h2 = (s: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{s}</h2>;
const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof days)[number];

/** AgentRow edits an agent's skills and active flag in place. */
function AgentRow({ agent, canManage }: { agent: Agent; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async (v: { skills: string[]; active: boolean }) =>
      must(await api.PUT('/api/v1/support/agents/{user_id}', { params: { path: { user_id: agent.user_id }, header: { 'If-Match': `"${agent.version}"` } }, body: v })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['support-agents'] });
      void message.success(t('support.settings.saved'));
    },
    onError: (e) => {
      void message.error(errorMessage(t, e));
      void qc.invalidateQueries({ queryKey: ['support-agents'] });
    },
  });
  return (
    <Space wrap>
      <Select
        mode="tags"
        aria-label={t('support.settings.skillsOf', { name: agent.name })}
        disabled={!canManage}
        value={agent.skills ?? []}
        style={{ minWidth: 260 }}
        onChange={(skills: string[]) => save.mutate({ skills, active: agent.active })}
      />
      <Switch
        aria-label={t('support.settings.activeOf', { name: agent.name })}
        disabled={!canManage}
        checked={agent.active}
        loading={save.isPending}
        onChange={(active) => save.mutate({ skills: agent.skills ?? [], active })}
      />
    </Space>
  );
}

interface CalendarValues {
  name: string;
  time_zone: string;
  hours: Record<Day, { on: boolean; from: string; to: string }>;
  holidays: string;
}

/** ServiceSettings: the agents with their skills, the business-hour calendars and the SLA policies. */
export default function ServiceSettings() {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const canAgents = may('support.agent.manage');
  const canSla = may('support.sla.manage');
  const [calendar, setCalendar] = useState<Calendar | 'new' | null>(null);
  const [policy, setPolicy] = useState<SlaPolicy | 'new' | null>(null);
  const [newAgent, setNewAgent] = useState<{ user_id?: string; skills: string[] }>({ skills: [] });
  const [calForm] = Form.useForm<CalendarValues>();
  const [polForm] = Form.useForm<SlaPolicyInput>();
  const calErrors = useFormErrors(calForm, (p: FieldPath) => p[0] === 'name' || p[0] === 'time_zone');
  const polErrors = useFormErrors(polForm, (p: FieldPath) => p.length === 1);

  const agents = useQuery({ queryKey: ['support-agents'], queryFn: async () => must(await api.GET('/api/v1/support/agents')).data ?? [] });
  const calendars = useQuery({ queryKey: ['support-calendars'], queryFn: async () => must(await api.GET('/api/v1/support/calendars')).data ?? [] });
  const policies = useQuery({ queryKey: ['sla-policies'], queryFn: async () => must(await api.GET('/api/v1/support/sla-policies')).data ?? [] });
  const users = useQuery({
    queryKey: ['users', 'agent-picker'],
    enabled: canAgents && may('identity.user.read'),
    queryFn: async () => must(await api.GET('/api/v1/users', { params: { query: { active: 'true', limit: 200 } } })).data ?? [],
  });

  const addAgent = useMutation({
    mutationFn: async () =>
      must(await api.PUT('/api/v1/support/agents/{user_id}', { params: { path: { user_id: newAgent.user_id! } }, body: { skills: newAgent.skills, active: true } })),
    onSuccess: () => {
      setNewAgent({ skills: [] });
      void qc.invalidateQueries({ queryKey: ['support-agents'] });
      void message.success(t('support.settings.saved'));
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });
  const saveCalendar = useMutation({
    mutationFn: async (v: CalendarValues) => {
      const body = {
        name: v.name,
        time_zone: v.time_zone,
        hours: days.filter((d) => v.hours[d]?.on).map((d) => ({ day: d, from: v.hours[d].from, to: v.hours[d].to })),
        holidays: v.holidays
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => ({ date: l.slice(0, 10), name: l.slice(10).trim() })),
      };
      if (calendar === 'new' || !calendar) return must(await api.POST('/api/v1/support/calendars', { body }));
      return must(await api.PUT('/api/v1/support/calendars/{id}', { params: { path: { id: calendar.id }, header: { 'If-Match': `"${calendar.version}"` } }, body }));
    },
    onSuccess: () => {
      setCalendar(null);
      void qc.invalidateQueries({ queryKey: ['support-calendars'] });
      void message.success(t('support.settings.saved'));
    },
    onError: (e) => calErrors.show(e),
  });
  const savePolicy = useMutation({
    mutationFn: async (v: SlaPolicyInput) => {
      if (policy === 'new' || !policy) return must(await api.POST('/api/v1/support/sla-policies', { body: v }));
      return must(await api.PUT('/api/v1/support/sla-policies/{id}', { params: { path: { id: policy.id }, header: { 'If-Match': `"${policy.version}"` } }, body: v }));
    },
    onSuccess: () => {
      setPolicy(null);
      void qc.invalidateQueries({ queryKey: ['sla-policies'] });
      void message.success(t('support.settings.saved'));
    },
    onError: (e) => polErrors.show(e),
  });

  const openCalendar = (c: Calendar | 'new') => {
    setCalendar(c);
    const hours = Object.fromEntries(
      days.map((d) => {
        const w = c === 'new' ? (d === 'sat' || d === 'sun' ? undefined : { from: '09:00', to: '17:00' }) : (c.hours ?? []).find((h) => h.day === d);
        return [d, { on: !!w, from: w?.from ?? '09:00', to: w?.to ?? '17:00' }];
      }),
    ) as CalendarValues['hours'];
    calForm.setFieldsValue({
      name: c === 'new' ? '' : c.name,
      time_zone: c === 'new' ? 'UTC' : c.time_zone,
      hours,
      holidays: c === 'new' ? '' : (c.holidays ?? []).map((h) => `${h.date} ${h.name}`).join('\n'),
    });
  };
  const openPolicy = (p: SlaPolicy | 'new') => {
    setPolicy(p);
    polForm.setFieldsValue(
      p === 'new'
        ? { name: '', priority: 'normal', tier: '', calendar_id: calendars.data?.[0]?.id, first_response_minutes: 240, resolution_minutes: 1440, warn_percent: 80, active: true }
        : { ...p },
    );
  };
  const calName = (id: string) => calendars.data?.find((c) => c.id === id)?.name ?? id;
  const err = agents.error ?? calendars.error ?? policies.error;
  return (
    <>
      <PageHeader title={t('support.settings.title')} />
      {err && <ErrorAlert error={err} />}
      <Card title={h2(t('support.settings.agents'))} style={{ marginBottom: 16 }}>
        <Table<Agent>
          rowKey="user_id"
          size="small"
          pagination={false}
          loading={agents.isFetching}
          dataSource={agents.data ?? []}
          locale={{ emptyText: t('list.empty') }}
          columns={[
            { title: t('support.settings.agent'), dataIndex: 'name', width: 220 },
            { title: t('support.settings.skills'), key: 'skills', render: (_, a) => <AgentRow agent={a} canManage={canAgents} /> },
            { title: t('support.settings.openLoad'), dataIndex: 'open_load', align: 'right', width: 140 },
          ]}
        />
        {canAgents && users.data && (
          <Space style={{ marginTop: 16 }} wrap>
            <Select
              aria-label={t('support.settings.user')}
              placeholder={t('support.settings.user')}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 260 }}
              value={newAgent.user_id}
              onChange={(user_id: string) => setNewAgent((x) => ({ ...x, user_id }))}
              options={users.data.filter((u) => !(agents.data ?? []).some((a) => a.user_id === u.id)).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
            />
            <Select
              mode="tags"
              aria-label={t('support.settings.skills')}
              placeholder={t('support.settings.skills')}
              style={{ width: 260 }}
              value={newAgent.skills}
              onChange={(skills: string[]) => setNewAgent((x) => ({ ...x, skills }))}
            />
            <Button disabled={!newAgent.user_id} loading={addAgent.isPending} onClick={() => addAgent.mutate()}>
              {t('support.settings.addAgent')}
            </Button>
          </Space>
        )}
      </Card>
      <Card
        title={h2(t('support.settings.calendars'))}
        extra={canSla && <Button onClick={() => openCalendar('new')}>{t('support.settings.newCalendar')}</Button>}
        style={{ marginBottom: 16 }}
      >
        <Table<Calendar>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={calendars.data ?? []}
          locale={{ emptyText: t('list.empty') }}
          columns={[
            { title: t('support.settings.name'), dataIndex: 'name', render: (n: string, c) => (canSla ? <Button type="link" style={{ padding: 0 }} onClick={() => openCalendar(c)}>{n}</Button> : n) },
            { title: t('support.settings.timeZone'), dataIndex: 'time_zone' },
            { title: t('support.settings.hours'), key: 'hours', render: (_, c) => (c.hours ?? []).map((h) => `${t(`support.settings.days.${h.day}`)} ${h.from}–${h.to}`).join(', ') },
            { title: t('support.settings.holidays'), key: 'holidays', align: 'right', render: (_, c) => (c.holidays ?? []).length },
          ]}
        />
      </Card>
      <Card title={h2(t('support.settings.policies'))} extra={canSla && (calendars.data ?? []).length > 0 && <Button onClick={() => openPolicy('new')}>{t('support.settings.newPolicy')}</Button>}>
        <Table<SlaPolicy>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={policies.data ?? []}
          locale={{ emptyText: t('list.empty') }}
          columns={[
            { title: t('support.settings.name'), dataIndex: 'name', render: (n: string, p) => (canSla ? <Button type="link" style={{ padding: 0 }} onClick={() => openPolicy(p)}>{n}</Button> : n) },
            { title: t('support.tickets.priority'), dataIndex: 'priority', render: (p: string) => t(`support.tickets.priorities.${p}`) },
            { title: t('support.settings.tier'), dataIndex: 'tier', render: (x: string) => x || t('support.settings.anyTier') },
            { title: t('support.settings.calendar'), dataIndex: 'calendar_id', render: calName },
            { title: t('support.settings.firstResponse'), dataIndex: 'first_response_minutes', align: 'right' },
            { title: t('support.settings.resolution'), dataIndex: 'resolution_minutes', align: 'right' },
            { title: t('support.settings.warn'), dataIndex: 'warn_percent', align: 'right', render: (w: number) => `${w}%` },
            { title: t('support.settings.active'), dataIndex: 'active', render: (a: boolean) => (a ? '✓' : '—') },
          ]}
        />
      </Card>
      <Modal
        open={!!calendar}
        title={calendar === 'new' ? t('support.settings.newCalendar') : t('support.settings.calendars')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: saveCalendar.isPending }}
        onCancel={() => setCalendar(null)}
        onOk={() => calForm.submit()}
        forceRender
      >
        {calErrors.error !== undefined && <ErrorAlert error={calErrors.error} title={t('common.saveFailed')} />}
        <Form form={calForm} layout="vertical" onFinish={(v) => saveCalendar.mutate(v)}>
          <Form.Item label={t('support.settings.name')} name="name" rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('support.settings.timeZone')} name="time_zone" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Typography.Text strong>{t('support.settings.hours')}</Typography.Text>
          {days.map((d) => (
            <Space key={d} style={{ display: 'flex', marginTop: 4 }}>
              <Form.Item name={['hours', d, 'on']} valuePropName="checked" noStyle>
                <Checkbox style={{ width: 80 }}>{t(`support.settings.days.${d}`)}</Checkbox>
              </Form.Item>
              <Form.Item name={['hours', d, 'from']} noStyle>
                <Input aria-label={`${t(`support.settings.days.${d}`)} ${t('support.settings.from')}`} style={{ width: 90 }} />
              </Form.Item>
              –
              <Form.Item name={['hours', d, 'to']} noStyle>
                <Input aria-label={`${t(`support.settings.days.${d}`)} ${t('support.settings.to')}`} style={{ width: 90 }} />
              </Form.Item>
            </Space>
          ))}
          <Form.Item label={t('support.settings.holidaysHelp')} name="holidays" style={{ marginTop: 12 }}>
            <Input.TextArea rows={4} placeholder="2026-12-25 Christmas" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!policy}
        title={policy === 'new' ? t('support.settings.newPolicy') : t('support.settings.policies')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: savePolicy.isPending }}
        onCancel={() => setPolicy(null)}
        onOk={() => polForm.submit()}
        forceRender
      >
        {polErrors.error !== undefined && <ErrorAlert error={polErrors.error} title={t('common.saveFailed')} />}
        <Form form={polForm} layout="vertical" onFinish={(v) => savePolicy.mutate(v)}>
          <Form.Item label={t('support.settings.name')} name="name" rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item label={t('support.tickets.priority')} name="priority">
              <Select style={{ width: 140 }} options={priorities.map((p) => ({ value: p, label: t(`support.tickets.priorities.${p}`) }))} />
            </Form.Item>
            <Form.Item label={t('support.settings.tier')} name="tier" tooltip={t('support.settings.tierHelp')}>
              <Input style={{ width: 160 }} placeholder={t('support.settings.anyTier')} />
            </Form.Item>
            <Form.Item label={t('support.settings.calendar')} name="calendar_id">
              <Select style={{ width: 200 }} options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item label={t('support.settings.firstResponse')} name="first_response_minutes">
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item label={t('support.settings.resolution')} name="resolution_minutes">
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item label={t('support.settings.warn')} name="warn_percent">
              <InputNumber min={1} max={99} />
            </Form.Item>
            <Form.Item label={t('support.settings.active')} name="active" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
