import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, type TableColumnType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Lead, LeadInput } from '../../api/types';
import { useSession } from '../../auth/session';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListControls } from '../../components/ListControls';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useCursorPages } from '../../components/useCursorPages';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';
import { useListControls } from '../../components/useListControls';
import { LeadScore, LeadStatusTag, leadName, leadSources, leadStatuses } from './leadParts';

/** The lead list's filters, named as the API's query parameters; min_score as text, as a saved view keeps it. */
type Filters = {
  status?: Lead['status'];
  source?: Lead['source'];
  min_score?: string;
  q?: string;
  sort?: string;
};

const leadFields = ['first_name', 'last_name', 'email', 'phone', 'job_title', 'company_name', 'website', 'employees', 'industry', 'country', 'message', 'source', 'campaign_id'];

/** LeadForm is the dialog that records a new lead. */
function NewLead({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<LeadInput>();
  const errs = useFormErrors(form, (p) => leadFields.includes(String(p[0])));
  const save = useMutation({
    mutationFn: async (v: LeadInput) => must(await api.POST('/api/v1/leads', { body: v })),
    onSuccess: (l) => {
      void message.success(t('crm.leads.created', { name: leadName(l) }));
      void qc.invalidateQueries({ queryKey: ['leads'] });
      onClose();
      navigate(`/leads/${l.id}`);
    },
    onError: errs.show,
  });
  return (
    <Modal
      title={t('crm.leads.new')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      {errs.error !== undefined && <ErrorAlert error={errs.error} />}
      <Form<LeadInput> form={form} layout="vertical" initialValues={{ source: 'manual' }} onFinish={(v) => save.mutate(v)}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="first_name" label={t('crm.leads.firstName')}>
              <Input autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="last_name" label={t('crm.leads.lastName')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('crm.leads.email')}>
              <Input type="email" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('crm.leads.phone')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="company_name" label={t('crm.leads.company')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="job_title" label={t('crm.leads.jobTitle')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="employees" label={t('crm.leads.employees')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="country" label={t('crm.leads.country')}>
              <Input maxLength={2} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="source" label={t('crm.leads.source')}>
              <Select options={leadSources.map((s) => ({ value: s, label: t(`crm.leads.sources.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="message" label={t('crm.leads.message')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export default function LeadList() {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const f = useFormat();
  const lc = useListControls<Filters>('/api/v1/leads', {});
  const { sorted } = lc;
  const [creating, setCreating] = useState(false);
  const list = useCursorPages('leads', lc.filters, async (fl, limit, after) =>
    must(await api.GET('/api/v1/leads', { params: { query: { ...fl, min_score: fl.min_score ? Number(fl.min_score) : undefined, limit, after } } })),
  );
  const columns: (TableColumnType<Lead> & { key: string })[] = [
    { title: t('crm.leads.name'), key: 'last_name', ...sorted('last_name'), onCell: nowrap, render: (_, l) => <Link to={`/leads/${l.id}`}>{leadName(l)}</Link> },
    { title: t('crm.leads.company'), key: 'company_name', ...sorted('company_name'), dataIndex: 'company_name' },
    { title: t('crm.leads.email'), key: 'email', dataIndex: 'email' },
    { title: t('crm.leads.source'), key: 'source', dataIndex: 'source', width: 120, render: (s: Lead['source']) => t(`crm.leads.sources.${s}`) },
    { title: t('crm.leads.score'), key: 'score', ...sorted('score'), dataIndex: 'score', width: 100, align: 'right', render: (_, l) => <LeadScore lead={l} /> },
    { title: t('common.status'), key: 'status', ...sorted('status'), dataIndex: 'status', width: 130, render: (s: Lead['status']) => <LeadStatusTag status={s} /> },
    { title: t('common.created_at'), key: 'created', ...sorted('created'), onCell: nowrap, dataIndex: 'created_at', width: 180, render: (d: string) => f.dateTime(d) },
    { title: t('common.updated_at'), key: 'updated', ...sorted('updated'), onCell: nowrap, dataIndex: 'updated_at', width: 180, render: (d: string) => f.dateTime(d) },
  ];
  return (
    <>
      <PageHeader
        title={t('crm.leads.title')}
        extra={
          may('crm.lead.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('crm.leads.new')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('list.search')}
          placeholder={t('crm.leads.searchPlaceholder')}
          onSearch={(q) => lc.set('q', q || undefined)}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          aria-label={t('common.status')}
          placeholder={t('common.status')}
          value={lc.filters.status}
          onChange={(status?: Lead['status']) => lc.set('status', status)}
          options={leadStatuses.map((s) => ({ value: s, label: t(`crm.leads.statuses.${s}`) }))}
          style={{ width: 160 }}
        />
        <Select
          allowClear
          aria-label={t('crm.leads.source')}
          placeholder={t('crm.leads.source')}
          value={lc.filters.source}
          onChange={(source?: Lead['source']) => lc.set('source', source)}
          options={leadSources.map((s) => ({ value: s, label: t(`crm.leads.sources.${s}`) }))}
          style={{ width: 160 }}
        />
        <InputNumber
          aria-label={t('crm.leads.minScore')}
          placeholder={t('crm.leads.minScore')}
          min={0}
          max={100}
          value={lc.filters.min_score ? Number(lc.filters.min_score) : undefined}
          onChange={(v) => lc.set('min_score', v ? String(v) : undefined)}
          style={{ width: 160 }}
        />
        <ListControls list="leads" controls={lc} columns={columns} />
      </Space>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Lead>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.rows}
        pagination={false}
        locale={{ emptyText: t('list.empty') }}
        onRow={(l) => ({ onDoubleClick: () => navigate(`/leads/${l.id}`) })}
        onChange={lc.onChange}
        columns={lc.visible(columns)}
      />
      <Pager page={list.page} hasPrev={list.hasPrev} hasNext={list.hasNext} onPrev={list.prev} onNext={list.next} limit={list.limit} onLimit={list.setLimit} loading={list.isFetching} />
      <NewLead open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
