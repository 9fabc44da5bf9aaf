import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Row, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { Lead, LeadDetail } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { CustomerPicker } from '../../components/pickers';
import { PageHeader } from '../../components/PageHeader';
import { UserName } from '../../components/names';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';
import { usePageTitle } from '../../layout/crumbs';
import { ActivityPanel } from './ActivityPanel';
import { LeadStatusTag, ScoreFactors, leadName } from './leadParts';
import { HistoryCard } from '../../components/HistoryCard';

type Step = 'contact' | 'qualify';

interface ConvertValues {
  target: 'matched' | 'new' | 'other';
  party_id?: string;
  opportunity_name?: string;
  amount?: number;
  currency?: string;
  expected_close?: Dayjs;
  skip_opportunity?: boolean;
}

function h2(s: string) {
  return <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{s}</Typography.Title>;
}

/** Duplicates warns that a lead looks like existing customers or leads. */
function Duplicates({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const parties = lead.duplicates.parties ?? [];
  const leads = lead.duplicates.leads ?? [];
  if (!parties.length && !leads.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('crm.leads.duplicateWarning')}
      description={
        <>
          {parties.length > 0 && (
            <div>
              <Typography.Text strong>{t('crm.leads.duplicateParties')}: </Typography.Text>
              {parties.map((p, i) => (
                <span key={p.id}>
                  {i > 0 && ', '}
                  <Link to={`/customers/${p.id}/overview`}>{`${p.code} · ${p.legal_name}`}</Link> ({p.likely ? t('crm.leads.likely') : t('crm.leads.possible')}, {p.score})
                </span>
              ))}
              {parties[0].likely && lead.status !== 'converted' && <div>{t('crm.leads.convertsInto', { name: `${parties[0].code} · ${parties[0].legal_name}` })}</div>}
            </div>
          )}
          {leads.length > 0 && (
            <div>
              <Typography.Text strong>{t('crm.leads.duplicateLeads')}: </Typography.Text>
              {leads.map((l, i) => (
                <span key={l.id}>
                  {i > 0 && ', '}
                  <Link to={`/leads/${l.id}`}>{[l.name, l.company_name].filter(Boolean).join(' · ')}</Link> ({l.likely ? t('crm.leads.likely') : t('crm.leads.possible')}, {l.score})
                </span>
              ))}
            </div>
          )}
        </>
      }
    />
  );
}

export default function LeadPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();
  const [disqualifying, setDisqualifying] = useState(false);
  const [converting, setConverting] = useState(false);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [convertForm] = Form.useForm<ConvertValues>();
  const convertErrs = useFormErrors(convertForm, (p) => ['party_id', 'opportunity_name', 'amount', 'currency', 'expected_close'].includes(String(p[0])));

  const lead = useQuery({
    queryKey: ['lead', id],
    queryFn: async () => must(await api.GET('/api/v1/leads/{id}', { params: { path: { id: id! } } })),
  });
  const l = lead.data;
  usePageTitle(l ? leadName(l) : undefined);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['lead', id] });
    void qc.invalidateQueries({ queryKey: ['leads'] });
  };
  const ifMatch = (x: Lead) => ({ path: { id: x.id }, header: { 'If-Match': `"${x.version}"` } });

  const step = useMutation({
    mutationFn: async (s: Step) =>
      s === 'contact'
        ? must(await api.POST('/api/v1/leads/{id}/contact', { params: ifMatch(l!) }))
        : must(await api.POST('/api/v1/leads/{id}/qualify', { params: ifMatch(l!) })),
    onSuccess: (_, s) => {
      void message.success(t(`crm.leads.done.${s}`));
      refresh();
    },
    onError: (e) => {
      void message.error(errorMessage(t, e));
      refresh();
    },
  });
  const disqualify = useMutation({
    mutationFn: async (reason: string) => must(await api.POST('/api/v1/leads/{id}/disqualify', { params: ifMatch(l!), body: { reason } })),
    onSuccess: () => {
      void message.success(t('crm.leads.done.disqualify'));
      setDisqualifying(false);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });
  const convert = useMutation({
    mutationFn: async (v: ConvertValues) =>
      must(
        await api.POST('/api/v1/leads/{id}/convert', {
          params: ifMatch(l!),
          body: {
            party_id: v.target === 'other' ? v.party_id : v.target === 'matched' ? l!.duplicates.parties?.[0]?.id : undefined,
            create_new: v.target === 'new',
            opportunity_name: v.opportunity_name || undefined,
            amount: v.amount != null && v.currency ? { amount: String(v.amount), currency: v.currency.toUpperCase() } : undefined,
            currency: v.currency ? v.currency.toUpperCase() : undefined,
            expected_close: v.expected_close ? v.expected_close.format('YYYY-MM-DD') : undefined,
            skip_opportunity: v.skip_opportunity,
          },
        }),
      ),
    onSuccess: (r) => {
      void message.success(t('crm.leads.converted', { code: r.party_code }));
      setConverting(false);
      refresh();
      if (r.opportunity) navigate(`/opportunities/${r.opportunity.id}`);
    },
    onError: convertErrs.show,
  });

  if (lead.isPending) return <Spin />;
  if (lead.error || !l) return <ErrorAlert error={lead.error} onRetry={() => void lead.refetch()} />;
  const matched = (l.duplicates.parties ?? [])[0];
  const open = l.status !== 'converted';
  return (
    <>
      <PageHeader
        title={
          <Space>
            {leadName(l)} <LeadStatusTag status={l.status} />
          </Space>
        }
        extra={
          open && (
            <>
              {may('crm.lead.update') && l.status === 'new' && (
                <Button onClick={() => step.mutate('contact')} loading={step.isPending && step.variables === 'contact'}>
                  {t('crm.leads.contact')}
                </Button>
              )}
              {may('crm.lead.update') && l.status !== 'qualified' && (
                <Button onClick={() => step.mutate('qualify')} loading={step.isPending && step.variables === 'qualify'}>
                  {t('crm.leads.qualify')}
                </Button>
              )}
              {may('crm.lead.update') && l.status !== 'disqualified' && (
                <Button danger onClick={() => setDisqualifying(true)}>
                  {t('crm.leads.disqualify')}
                </Button>
              )}
              {may('crm.lead.convert') && l.status === 'qualified' && (
                <Button type="primary" onClick={() => setConverting(true)}>
                  {t('crm.leads.convert')}
                </Button>
              )}
            </>
          )
        }
      />
      {l.status === 'disqualified' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('crm.leads.disqualifiedBecause', { reason: l.disqualify_reason })} />}
      {l.status === 'converted' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <Space wrap>
              {l.party_id && <Link to={`/customers/${l.party_id}/overview`}>{t('crm.leads.openParty')}</Link>}
              {l.opportunity_id && <Link to={`/opportunities/${l.opportunity_id}`}>{t('crm.leads.openOpportunity')}</Link>}
            </Space>
          }
        />
      )}
      <Duplicates lead={l} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={h2(l.company_name || leadName(l))} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('crm.leads.company')}>{l.company_name}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.jobTitle')}>{l.job_title}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.email')}>{l.email}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.phone')}>{l.phone}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.employees')}>{l.employees || ''}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.country')}>{l.country}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.source')}>{t(`crm.leads.sources.${l.source}`)}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.owner')}>{l.owner_id && <UserName id={l.owner_id} />}</Descriptions.Item>
              <Descriptions.Item label={t('common.created_at')}>{f.dateTime(l.created_at)}</Descriptions.Item>
              <Descriptions.Item label={t('crm.leads.message')}>{l.message}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={h2(t('crm.leads.scoreExplained', { score: l.score }))} style={{ marginBottom: 16 }}>
            <ScoreFactors factors={l.score_factors ?? []} />
          </Card>
          <ActivityPanel subjectType="lead" subjectId={l.id} />
        </Col>
      </Row>

      <Modal
        title={t('crm.leads.disqualifyTitle')}
        open={disqualifying}
        onCancel={() => setDisqualifying(false)}
        onOk={() => reasonForm.submit()}
        okText={t('crm.leads.disqualify')}
        cancelText={t('common.cancel')}
        confirmLoading={disqualify.isPending}
        destroyOnHidden
      >
        <Form form={reasonForm} layout="vertical" onFinish={(v) => disqualify.mutate(v.reason)}>
          <Form.Item name="reason" label={t('crm.leads.reason')} rules={[{ required: true, whitespace: true, message: t('crm.leads.reasonRequired') }]}>
            <Input autoFocus />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        title={t('crm.leads.convertTitle')}
        open={converting}
        onCancel={() => setConverting(false)}
        onOk={() => convertForm.submit()}
        okText={t('crm.leads.convert')}
        cancelText={t('common.cancel')}
        confirmLoading={convert.isPending}
        width={640}
        destroyOnHidden
      >
        {convertErrs.error !== undefined && <ErrorAlert error={convertErrs.error} />}
        <Form<ConvertValues>
          form={convertForm}
          layout="vertical"
          initialValues={{ target: matched?.likely ? 'matched' : 'new', opportunity_name: l.company_name || leadName(l), currency: 'EUR' }}
          onFinish={(v) => convert.mutate(v)}
        >
          <Form.Item name="target" label={t('crm.leads.convertParty')}>
            <Radio.Group>
              <Space direction="vertical">
                {matched && <Radio value="matched">{t('crm.leads.convertMatched', { name: `${matched.code} · ${matched.legal_name}` })}</Radio>}
                <Radio value="new">{t('crm.leads.convertNew')}</Radio>
                <Radio value="other">{t('crm.leads.convertOther')}</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.target !== b.target}>
            {({ getFieldValue }) =>
              getFieldValue('target') === 'other' && (
                <Form.Item name="party_id" label={t('crm.leads.convertOther')} rules={[{ required: true }]}>
                  <CustomerPicker />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="skip_opportunity" valuePropName="checked">
            <Checkbox>{t('crm.leads.skipOpportunity')}</Checkbox>
          </Form.Item>
          <Row gutter={16}>
            <Col span={24}>
              <Form.Item name="opportunity_name" label={t('crm.leads.opportunityName')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="amount" label={t('crm.leads.amount')}>
                <InputNumber min={0} step={100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="currency" label={t('crm.leads.currency')}>
                <Input maxLength={3} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="expected_close" label={t('crm.leads.expectedClose')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      <HistoryCard entityType="crm_lead" entityId={l.id} />
    </>
  );
}
