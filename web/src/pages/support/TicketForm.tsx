import { useMutation, useQuery } from '@tanstack/react-query';
import { App, AutoComplete, Button, Card, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { FieldPath } from '../../api/problem';
import type { TicketChannel, TicketPriority } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CustomerPicker } from '../../components/pickers';
import { useFormErrors } from '../../components/useFormErrors';
import { priorities } from './tags';

interface Values {
  customer_id: string;
  channel: TicketChannel;
  category: string;
  priority: TicketPriority;
  subject: string;
  description?: string;
  contact_name?: string;
  contact_email?: string;
  order_id?: string;
}

const channels: TicketChannel[] = ['email', 'phone', 'web', 'chat', 'api'];
const fields = ['customer_id', 'channel', 'category', 'priority', 'subject', 'description', 'contact_name', 'contact_email', 'order_id'];
const known = (p: FieldPath) => p.length === 1 && fields.includes(String(p[0]));

/** TicketForm opens a ticket; the server assigns it and answers with the agent and the rule. */
export default function TicketForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { may } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, known);
  const customer = Form.useWatch('customer_id', form);
  const agents = useQuery({
    queryKey: ['support-agents'],
    enabled: may('support.agent.read'),
    queryFn: async () => must(await api.GET('/api/v1/support/agents')).data ?? [],
  });
  const skills = [...new Set((agents.data ?? []).flatMap((a) => a.skills ?? []))].sort();
  const orders = useQuery({
    queryKey: ['sales-orders', { customer }],
    enabled: !!customer && may('sales.order.read'),
    queryFn: async () => must(await api.GET('/api/v1/sales-orders', { params: { query: { customer_id: customer, limit: 50 } } })).data ?? [],
  });
  const create = useMutation({
    mutationFn: async (v: Values) => must(await api.POST('/api/v1/tickets', { body: { ...v, order_id: v.order_id || undefined } })),
    onSuccess: (tk) => {
      void message.success(
        tk.assignee_name ? t('support.tickets.created_ok', { number: tk.number, name: tk.assignee_name }) : t('support.tickets.created_unassigned', { number: tk.number }),
      );
      navigate(`/tickets/${tk.id}`);
    },
    onError: (e) => errors.show(e),
  });
  return (
    <>
      <PageHeader title={t('support.tickets.new')} />
      <Card style={{ maxWidth: 860 }}>
        {errors.error !== undefined && <ErrorAlert error={errors.error} title={t('common.saveFailed')} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ channel: 'phone', priority: 'normal' }}
          onFinish={(v) => create.mutate(v)}
          onKeyDown={(e) => e.key === 'Escape' && navigate('/tickets')}
        >
          <Form.Item label={t('support.tickets.customer')} name="customer_id" rules={[{ required: true, message: t('support.tickets.customerRequired') }]}>
            <CustomerPicker autoFocus />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item label={t('support.tickets.channel')} name="channel">
              <Select style={{ width: 160 }} options={channels.map((c) => ({ value: c, label: t(`support.tickets.channels.${c}`) }))} />
            </Form.Item>
            <Form.Item label={t('support.tickets.category')} name="category" rules={[{ required: true, whitespace: true, message: t('support.tickets.categoryRequired') }]}>
              <AutoComplete style={{ width: 200 }} options={skills.map((s) => ({ value: s }))} />
            </Form.Item>
            <Form.Item label={t('support.tickets.priority')} name="priority">
              <Select style={{ width: 140 }} options={priorities.map((p) => ({ value: p, label: t(`support.tickets.priorities.${p}`) }))} />
            </Form.Item>
            <Form.Item label={t('support.tickets.order')} name="order_id">
              <Select
                allowClear
                style={{ width: 220 }}
                placeholder={t('support.tickets.noOrder')}
                options={(orders.data ?? []).map((o) => ({ value: o.id, label: o.number }))}
              />
            </Form.Item>
          </Space>
          <Form.Item label={t('support.tickets.subject')} name="subject" rules={[{ required: true, whitespace: true, message: t('support.tickets.subjectRequired') }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('support.tickets.description')} name="description">
            <Input.TextArea rows={4} />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item label={t('support.tickets.contactName')} name="contact_name">
              <Input style={{ width: 260 }} />
            </Form.Item>
            <Form.Item label={t('support.tickets.contactEmail')} name="contact_email">
              <Input style={{ width: 300 }} />
            </Form.Item>
          </Space>
          <Space style={{ display: 'flex' }}>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('support.tickets.create')}
            </Button>
            <Button onClick={() => navigate('/tickets')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
