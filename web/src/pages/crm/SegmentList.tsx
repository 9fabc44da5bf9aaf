import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Modal, Row, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, must } from '../../api/client';
import type { Criteria, Segment, SegmentMember } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';

const lifecycles = ['lead', 'prospect', 'customer', 'inactive', 'churned'] as const;

interface Values {
  name: string;
  description?: string;
  roles?: string[];
  lifecycles?: string[];
  tags?: string[];
  ordered_within_days?: number;
  not_ordered_within_days?: number;
  revenue_min?: number;
  revenue_currency?: string;
  revenue_from?: Dayjs;
  revenue_to?: Dayjs;
  products_bought?: string[];
}

function toCriteria(v: Values): Criteria {
  return {
    roles: v.roles?.length ? v.roles : undefined,
    lifecycles: v.lifecycles?.length ? v.lifecycles : undefined,
    tags: v.tags?.length ? v.tags : undefined,
    ordered_within_days: v.ordered_within_days ?? undefined,
    not_ordered_within_days: v.not_ordered_within_days ?? undefined,
    revenue_min: v.revenue_min != null ? { amount: String(v.revenue_min), currency: (v.revenue_currency || 'EUR').toUpperCase() } : undefined,
    revenue_from: v.revenue_from?.format('YYYY-MM-DD'),
    revenue_to: v.revenue_to?.format('YYYY-MM-DD'),
    products_bought: v.products_bought?.length ? v.products_bought : undefined,
  };
}

function toValues(s: Segment): Values {
  const c = s.criteria;
  return {
    name: s.name,
    description: s.description,
    roles: c.roles ?? undefined,
    lifecycles: c.lifecycles ?? undefined,
    tags: c.tags ?? undefined,
    ordered_within_days: c.ordered_within_days ?? undefined,
    not_ordered_within_days: c.not_ordered_within_days ?? undefined,
    revenue_min: c.revenue_min ? Number(c.revenue_min.amount) : undefined,
    revenue_currency: c.revenue_min?.currency,
    revenue_from: c.revenue_from ? dayjs(c.revenue_from) : undefined,
    revenue_to: c.revenue_to ? dayjs(c.revenue_to) : undefined,
    products_bought: c.products_bought ?? undefined,
  };
}

/** Members shows a segment's members, evaluated now. */
function Members({ segment, onClose }: { segment?: Segment; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ev = useQuery({
    queryKey: ['segment-members', segment?.id],
    enabled: !!segment,
    queryFn: async () => must(await api.GET('/api/v1/segments/{id}/members', { params: { path: { id: segment!.id }, query: { limit: 200 } } })),
  });
  return (
    <Drawer open={!!segment} onClose={onClose} width={720} title={segment ? `${segment.name} · ${t('crm.segments.memberCount', { count: ev.data?.count ?? 0 })}` : ''}>
      {ev.error && <ErrorAlert error={ev.error} onRetry={() => void ev.refetch()} />}
      <Table<SegmentMember>
        size="small"
        rowKey="party_id"
        loading={ev.isFetching}
        pagination={false}
        dataSource={ev.data?.members ?? []}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('common.code'), dataIndex: 'code', render: (c: string, m) => <Link to={`/customers/${m.party_id}/overview`}>{c}</Link> },
          { title: t('common.name'), dataIndex: 'legal_name' },
          { title: t('customers.lifecycle'), dataIndex: 'lifecycle', render: (l: string) => t(`customers.lifecycles.${l}`) },
          { title: t('crm.segments.lastOrder'), dataIndex: 'last_order_date', render: (d?: string) => (d ? f.date(d) : '') },
          { title: t('crm.segments.revenue'), key: 'revenue', align: 'right', render: (_, m) => (m.revenue ?? []).map((a) => f.money(a)).join(' · ') },
        ]}
      />
    </Drawer>
  );
}

export default function SegmentList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Segment | 'new'>();
  const [viewing, setViewing] = useState<Segment>();
  const [form] = Form.useForm<Values>();
  const errs = useFormErrors(form, (p) => p[0] === 'name');
  const list = useQuery({
    queryKey: ['segments'],
    queryFn: async () => must(await api.GET('/api/v1/segments')).data ?? [],
  });
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = { name: v.name, description: v.description, criteria: toCriteria(v) };
      if (editing && editing !== 'new')
        return must(await api.PUT('/api/v1/segments/{id}', { params: { path: { id: editing.id }, header: { 'If-Match': `"${editing.version}"` } }, body }));
      return must(await api.POST('/api/v1/segments', { body }));
    },
    onSuccess: () => {
      void message.success(t('crm.segments.saved'));
      setEditing(undefined);
      void qc.invalidateQueries({ queryKey: ['segments'] });
      void qc.invalidateQueries({ queryKey: ['segment-members'] });
    },
    onError: errs.show,
  });
  const open = (s: Segment | 'new') => {
    errs.clear();
    form.resetFields();
    if (s !== 'new') form.setFieldsValue(toValues(s));
    setEditing(s);
  };
  return (
    <>
      <PageHeader
        title={t('crm.segments.title')}
        extra={
          may('marketing.segment.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
              {t('crm.segments.new')}
            </Button>
          )
        }
      />
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Segment>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('crm.segments.name'), dataIndex: 'name' },
          { title: t('crm.segments.description'), dataIndex: 'description' },
          {
            title: t('list.actions'),
            key: 'actions',
            width: 260,
            render: (_, s) => (
              <>
                <Button size="small" onClick={() => setViewing(s)} style={{ marginRight: 8 }}>
                  {t('crm.segments.evaluate')}
                </Button>
                {may('marketing.segment.manage') && (
                  <Button size="small" onClick={() => open(s)}>
                    {t('list.edit')}
                  </Button>
                )}
              </>
            ),
          },
        ]}
      />
      <Members segment={viewing} onClose={() => setViewing(undefined)} />
      <Modal
        title={editing === 'new' ? t('crm.segments.new') : t('crm.segments.edit')}
        open={!!editing}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        width={720}
      >
        {errs.error !== undefined && <ErrorAlert error={errs.error} />}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('crm.segments.name')} rules={[{ required: true, whitespace: true, message: t('crm.segments.nameRequired') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('crm.segments.description')}>
            <Input />
          </Form.Item>
          <Typography.Title level={2} style={{ fontSize: 14 }}>
            {t('crm.segments.criteria')}
          </Typography.Title>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="lifecycles" label={t('crm.segments.lifecycles')}>
                <Select mode="multiple" options={lifecycles.map((l) => ({ value: l, label: t(`customers.lifecycles.${l}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="tags" label={t('crm.segments.tags')}>
                <Select mode="tags" open={false} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="ordered_within_days" label={t('crm.segments.orderedWithin')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="not_ordered_within_days" label={t('crm.segments.notOrderedWithin')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="revenue_min" label={t('crm.segments.revenueMin')}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="revenue_currency" label={t('crm.segments.revenueCurrency')}>
                <Input maxLength={3} placeholder="EUR" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="revenue_from" label={t('crm.segments.revenueFrom')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="revenue_to" label={t('crm.segments.revenueTo')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
