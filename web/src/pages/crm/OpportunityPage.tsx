import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Modal, Row, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import type { Opportunity, StageVisit } from '../../api/types';
import { useSession } from '../../auth/session';
import { nowrap } from '../../components/cells';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName, UserName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { ProductPicker } from '../../components/pickers';
import { StatusTag } from '../../components/StatusTag';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';
import { usePageTitle } from '../../layout/crumbs';
import { ActivityPanel } from './ActivityPanel';
import { HistoryCard } from '../../components/HistoryCard';

function h2(s: string) {
  return <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{s}</Typography.Title>;
}

export function OpportunityStatusTag({ status }: { status: Opportunity['status'] }) {
  const { t } = useTranslation();
  return <StatusTag tone={status === 'won' ? 'green' : status === 'lost' ? 'grey' : 'blue'}>{t(`crm.opportunities.statuses.${status}`)}</StatusTag>;
}

/** useDuration renders seconds as days, hours or minutes. */
function useDuration() {
  const { t } = useTranslation();
  return (s: number) => {
    if (s >= 86400) return t('crm.opportunities.days', { count: Math.floor(s / 86400) });
    if (s >= 3600) return t('crm.opportunities.hours', { count: Math.floor(s / 3600) });
    return t('crm.opportunities.minutes', { count: Math.floor(s / 60) });
  };
}

interface QuoteValues {
  product_id: string;
  quantity: number;
  unit_price?: number;
}

export default function OpportunityPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();
  const duration = useDuration();
  const [quoting, setQuoting] = useState(false);
  const [quotation, setQuotation] = useState<{ id: string; number: string; version: number }>();
  const [form] = Form.useForm<QuoteValues>();
  const errs = useFormErrors(form, (p) => p[0] === 'lines');

  const opp = useQuery({
    queryKey: ['opportunity', id],
    queryFn: async () => must(await api.GET('/api/v1/opportunities/{id}', { params: { path: { id: id! } } })),
  });
  const o = opp.data;
  usePageTitle(o?.name);
  const history = useQuery({
    queryKey: ['opportunity', id, 'history'],
    queryFn: async () => must(await api.GET('/api/v1/opportunities/{id}/history', { params: { path: { id: id! } } })).data ?? [],
  });

  const quote = useMutation({
    mutationFn: async (v: QuoteValues) =>
      must(
        await api.POST('/api/v1/opportunities/{id}/quotation', {
          params: { path: { id: o!.id } },
          body: {
            lines: [
              {
                product_id: v.product_id,
                quantity: String(v.quantity),
                unit_price: v.unit_price != null ? { amount: String(v.unit_price), currency: o!.amount.currency } : undefined,
              },
            ],
          },
        }),
      ),
    onSuccess: (q) => {
      void message.success(t('crm.opportunities.quoted', { number: q.number }));
      setQuotation({ id: q.id, number: q.number, version: q.version });
      setQuoting(false);
    },
    onError: errs.show,
  });
  const toOrder = useMutation({
    mutationFn: async () =>
      must(await api.POST('/api/v1/quotations/{id}/convert', { params: { path: { id: quotation!.id }, header: { 'If-Match': `"${quotation!.version}"` } } })),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['sales-orders'] });
      navigate(`/orders/${r.order.id}`);
    },
    onError: (e) => void message.error(errorMessage(t, e)),
  });

  if (opp.isPending) return <Spin />;
  if (opp.error || !o) return <ErrorAlert error={opp.error} onRetry={() => void opp.refetch()} />;
  return (
    <>
      <PageHeader
        title={
          <Space>
            {o.name} <OpportunityStatusTag status={o.status} />
          </Space>
        }
        extra={
          may('sales.quotation.create') &&
          o.status !== 'lost' && (
            <Button type="primary" onClick={() => setQuoting(true)}>
              {t('crm.opportunities.quote')}
            </Button>
          )
        }
      />
      {quotation && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('crm.opportunities.quoted', { number: quotation.number })}
          action={
            may('sales.quotation.convert') && (
              <Button size="small" onClick={() => toOrder.mutate()} loading={toOrder.isPending}>
                {t('crm.opportunities.toOrder')}
              </Button>
            )
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={h2(o.name)} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('crm.opportunities.customer')}>
                <PartyName id={o.party_id} link />
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.stage')}>{o.stage_name}</Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.amount')}>{f.money(o.amount)}</Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.probability')}>{o.probability}%</Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.weighted')}>{f.money(o.weighted_amount)}</Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.expectedClose')}>{f.date(o.expected_close)}</Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.owner')}>{o.owner_id && <UserName id={o.owner_id} />}</Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.competitors')}>{(o.competitors ?? []).join(', ')}</Descriptions.Item>
              {o.lost_reason && <Descriptions.Item label={t('crm.opportunities.lostReason')}>{o.lost_reason}</Descriptions.Item>}
              {o.lead_id && (
                <Descriptions.Item label={t('crm.opportunities.lead')}>
                  <Link to={`/leads/${o.lead_id}`}>{o.lead_id}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={h2(t('crm.opportunities.history'))} style={{ marginBottom: 16 }}>
            {history.error && <ErrorAlert error={history.error} />}
            <Table<StageVisit>
              size="small"
              rowKey={(v) => `${v.stage_id}-${v.entered_at}`}
              pagination={false}
              loading={history.isFetching}
              dataSource={history.data ?? []}
              locale={{ emptyText: t('list.empty') }}
              columns={[
                { title: t('crm.opportunities.stage'), dataIndex: 'stage_name' },
                { title: t('crm.opportunities.entered'), onCell: nowrap, dataIndex: 'entered_at', render: (d: string) => f.dateTime(d) },
                { title: t('crm.opportunities.left'), onCell: nowrap, dataIndex: 'left_at', render: (d?: string) => (d ? f.dateTime(d) : t('crm.opportunities.current')) },
                { title: t('crm.opportunities.timeInStage'), dataIndex: 'seconds', align: 'right', render: (s: number) => duration(s) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ActivityPanel subjectType="opportunity" subjectId={o.id} />
        </Col>
      </Row>
      <Modal
        title={t('crm.opportunities.quoteTitle', { name: o.name })}
        open={quoting}
        onCancel={() => setQuoting(false)}
        onOk={() => form.submit()}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={quote.isPending}
        destroyOnHidden
      >
        {errs.error !== undefined && <ErrorAlert error={errs.error} />}
        <Form<QuoteValues> form={form} layout="vertical" initialValues={{ quantity: 1 }} onFinish={(v) => quote.mutate(v)}>
          <Form.Item name="product_id" label={t('crm.opportunities.product')} rules={[{ required: true }]}>
            <ProductPicker />
          </Form.Item>
          <Form.Item name="quantity" label={t('crm.opportunities.quantity')} rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="unit_price" label={`${t('crm.opportunities.unitPrice')} (${o.amount.currency})`}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <HistoryCard entityType="crm_opportunity" entityId={o.id} />
    </>
  );
}
