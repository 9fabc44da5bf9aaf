import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Campaign, CampaignResult } from '../../api/types';
import { useSession } from '../../auth/session';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';

const channels: Campaign['channel'][] = ['email', 'web', 'social', 'ads', 'event', 'phone', 'print', 'other'];
const statuses: Campaign['status'][] = ['planned', 'active', 'completed', 'cancelled'];

interface Values {
  name: string;
  channel: Campaign['channel'];
  status: Campaign['status'];
  segment_id?: string;
  budget: number;
  currency: string;
  dates: [Dayjs, Dayjs];
}

function h2(s: string) {
  return <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{s}</Typography.Title>;
}

/** Report is the campaigns' cost, leads, won revenue and ROI. */
function Report() {
  const { t } = useTranslation();
  const f = useFormat();
  const report = useQuery({
    queryKey: ['campaign-report'],
    queryFn: async () => must(await api.GET('/api/v1/reports/campaigns')).data ?? [],
  });
  return (
    <Card title={h2(t('crm.campaigns.report'))} style={{ marginTop: 16 }}>
      {report.error && <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />}
      <Table<CampaignResult>
        size="small"
        rowKey="campaign_id"
        loading={report.isFetching}
        pagination={false}
        dataSource={report.data ?? []}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('crm.campaigns.name'), dataIndex: 'name' },
          { title: t('crm.campaigns.cost'), key: 'cost', align: 'right', render: (_, r) => f.money(r.cost) },
          { title: t('crm.campaigns.members'), dataIndex: 'members', align: 'right' },
          { title: t('crm.campaigns.leads'), dataIndex: 'leads', align: 'right' },
          { title: t('crm.campaigns.converted'), dataIndex: 'converted_leads', align: 'right' },
          { title: t('crm.campaigns.opportunities'), dataIndex: 'opportunities', align: 'right' },
          { title: t('crm.campaigns.wonOpportunities'), dataIndex: 'won_opportunities', align: 'right' },
          { title: t('crm.campaigns.wonRevenue'), key: 'won', align: 'right', render: (_, r) => (r.won_revenue ?? []).map((a) => f.money(a)).join(' · ') },
          { title: t('crm.campaigns.roi'), dataIndex: 'roi', align: 'right', render: (r?: string) => (r ? `${r} %` : '') },
        ]}
      />
    </Card>
  );
}

export default function CampaignList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const f = useFormat();
  const [editing, setEditing] = useState<Campaign | 'new'>();
  const [form] = Form.useForm<Values>();
  const errs = useFormErrors(form, (p) => ['name', 'channel', 'status', 'segment_id', 'budget'].includes(String(p[0])));
  const list = useQuery({
    queryKey: ['campaigns'],
    queryFn: async () => must(await api.GET('/api/v1/campaigns')).data ?? [],
  });
  const segments = useQuery({
    queryKey: ['segments'],
    enabled: may('marketing.segment.read'),
    queryFn: async () => must(await api.GET('/api/v1/segments')).data ?? [],
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['campaigns'] });
    void qc.invalidateQueries({ queryKey: ['campaign-report'] });
  };
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = {
        name: v.name,
        channel: v.channel,
        status: v.status,
        segment_id: v.segment_id,
        budget: { amount: String(v.budget), currency: v.currency.toUpperCase() },
        start_date: v.dates[0].format('YYYY-MM-DD'),
        end_date: v.dates[1].format('YYYY-MM-DD'),
      };
      if (editing && editing !== 'new')
        return must(await api.PUT('/api/v1/campaigns/{id}', { params: { path: { id: editing.id }, header: { 'If-Match': `"${editing.version}"` } }, body }));
      return must(await api.POST('/api/v1/campaigns', { body }));
    },
    onSuccess: () => {
      void message.success(t('crm.campaigns.saved'));
      setEditing(undefined);
      refresh();
    },
    onError: errs.show,
  });
  const addMembers = useMutation({
    mutationFn: async (c: Campaign) => must(await api.POST('/api/v1/campaigns/{id}/members', { params: { path: { id: c.id } }, body: { from_segment: true } })),
    onSuccess: (c) => {
      void message.success(t('crm.campaigns.added', { count: c.member_count }));
      refresh();
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });
  const open = (c: Campaign | 'new') => {
    errs.clear();
    form.resetFields();
    if (c !== 'new')
      form.setFieldsValue({
        name: c.name,
        channel: c.channel,
        status: c.status,
        segment_id: c.segment_id || undefined,
        budget: Number(c.budget.amount),
        currency: c.budget.currency,
        dates: [dayjs(c.start_date), dayjs(c.end_date)],
      });
    setEditing(c);
  };
  const segmentName = (id?: string) => (segments.data ?? []).find((s) => s.id === id)?.name ?? '';
  return (
    <>
      <PageHeader
        title={t('crm.campaigns.title')}
        extra={
          may('marketing.campaign.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
              {t('crm.campaigns.new')}
            </Button>
          )
        }
      />
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Campaign>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        columns={[
          { title: t('crm.campaigns.name'), dataIndex: 'name' },
          { title: t('crm.campaigns.channel'), dataIndex: 'channel', render: (c: Campaign['channel']) => t(`crm.campaigns.channels.${c}`) },
          { title: t('crm.campaigns.status'), dataIndex: 'status', render: (s: Campaign['status']) => t(`crm.campaigns.statuses.${s}`) },
          { title: t('crm.campaigns.segment'), dataIndex: 'segment_id', render: (id?: string) => segmentName(id) },
          { title: t('crm.campaigns.budget'), key: 'budget', align: 'right', render: (_, c) => f.money(c.budget) },
          { title: t('crm.campaigns.start'), onCell: nowrap, dataIndex: 'start_date', render: (d: string) => f.date(d) },
          { title: t('crm.campaigns.end'), onCell: nowrap, dataIndex: 'end_date', render: (d: string) => f.date(d) },
          { title: t('crm.campaigns.members'), dataIndex: 'member_count', align: 'right' },
          {
            title: t('list.actions'),
            key: 'actions',
            width: 280,
            render: (_, c) =>
              may('marketing.campaign.manage') && (
                <>
                  <Button size="small" onClick={() => open(c)} style={{ marginRight: 8 }}>
                    {t('list.edit')}
                  </Button>
                  {c.segment_id && (
                    <Button size="small" onClick={() => addMembers.mutate(c)} loading={addMembers.isPending && addMembers.variables?.id === c.id}>
                      {t('crm.campaigns.addFromSegment')}
                    </Button>
                  )}
                </>
              ),
          },
        ]}
      />
      {may('marketing.report.read') && <Report />}
      <Modal
        title={editing === 'new' ? t('crm.campaigns.new') : t('crm.campaigns.edit')}
        open={!!editing}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        width={640}
      >
        {errs.error !== undefined && <ErrorAlert error={errs.error} />}
        <Form<Values> form={form} layout="vertical" initialValues={{ channel: 'email', status: 'planned', currency: 'EUR' }} onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('crm.campaigns.name')} rules={[{ required: true, whitespace: true, message: t('crm.campaigns.nameRequired') }]}>
            <Input />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="channel" label={t('crm.campaigns.channel')}>
                <Select options={channels.map((c) => ({ value: c, label: t(`crm.campaigns.channels.${c}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="status" label={t('crm.campaigns.status')}>
                <Select options={statuses.map((s) => ({ value: s, label: t(`crm.campaigns.statuses.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="segment_id" label={t('crm.campaigns.segment')}>
                <Select allowClear options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="budget" label={t('crm.campaigns.budget')} rules={[{ required: true }]}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="currency" label={t('crm.campaigns.currency')} rules={[{ required: true }]}>
                <Input maxLength={3} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="dates" label={`${t('crm.campaigns.start')} – ${t('crm.campaigns.end')}`} rules={[{ required: true }]}>
                <DatePicker.RangePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}
