import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, must } from '../../api/client';
import type { Opportunity, Stage } from '../../api/types';
import { useSession } from '../../auth/session';
import { BarChart } from '../../components/BarChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../components/errors';
import { PartyName } from '../../components/names';
import { PageHeader } from '../../components/PageHeader';
import { CustomerPicker } from '../../components/pickers';
import { useFormat } from '../../components/useFormat';
import { useFormErrors } from '../../components/useFormErrors';

const dragType = 'application/x-concord-opportunity';

interface NewValues {
  name: string;
  party_id: string;
  amount: number;
  currency: string;
  expected_close: Dayjs;
}

/** NewOpportunity is the dialog that opens an opportunity. */
function NewOpportunity({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<NewValues>();
  const errs = useFormErrors(form, (p) => ['name', 'party_id', 'amount', 'expected_close'].includes(String(p[0])));
  const save = useMutation({
    mutationFn: async (v: NewValues) =>
      must(
        await api.POST('/api/v1/opportunities', {
          body: {
            name: v.name,
            party_id: v.party_id,
            amount: { amount: String(v.amount), currency: v.currency.toUpperCase() },
            expected_close: v.expected_close.format('YYYY-MM-DD'),
          },
        }),
      ),
    onSuccess: (o) => {
      void message.success(t('crm.opportunities.created', { name: o.name }));
      void qc.invalidateQueries({ queryKey: ['opportunities'] });
      void qc.invalidateQueries({ queryKey: ['pipeline-report'] });
      form.resetFields();
      onClose();
    },
    onError: errs.show,
  });
  return (
    <Modal
      title={t('crm.pipeline.new')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {errs.error !== undefined && <ErrorAlert error={errs.error} />}
      <Form<NewValues> form={form} layout="vertical" initialValues={{ currency: 'EUR' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('crm.opportunities.name')} rules={[{ required: true }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="party_id" label={t('crm.opportunities.customer')} rules={[{ required: true }]}>
          <CustomerPicker />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="amount" label={t('crm.opportunities.amount')} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="currency" label={t('crm.leads.currency')} rules={[{ required: true }]}>
              <Input maxLength={3} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="expected_close" label={t('crm.opportunities.expectedClose')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** Forecast charts the weighted and total open pipeline by expected close month, per currency. */
function Forecast() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const report = useQuery({
    queryKey: ['pipeline-report'],
    queryFn: async () => must(await api.GET('/api/v1/reports/pipeline')),
  });
  const rows = useMemo(() => report.data?.rows ?? [], [report.data]);
  const currencies = useMemo(() => [...new Set(rows.map((r) => r.amount.currency))].sort(), [rows]);
  const [chosen, setChosen] = useState<string>();
  const cur = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const chart = useMemo(() => {
    const months = [...new Set(rows.filter((r) => r.amount.currency === cur).map((r) => r.month))].sort();
    const sum = (m: string, pick: (r: (typeof rows)[number]) => string) =>
      rows.filter((r) => r.month === m && r.amount.currency === cur).reduce((s, r) => s + Number(pick(r)), 0);
    return {
      months,
      series: [
        { name: t('crm.pipeline.weighted'), values: months.map((m) => sum(m, (r) => r.weighted.amount)) },
        { name: t('crm.pipeline.total'), values: months.map((m) => sum(m, (r) => r.amount.amount)) },
        { name: t('crm.pipeline.won'), values: months.map((m) => sum(m, (r) => r.won.amount)) },
      ],
    };
  }, [rows, cur, t]);
  const format = useMemo(
    () => (n: number) => (cur ? new Intl.NumberFormat(i18n.language, { style: 'currency', currency: cur, maximumFractionDigits: 0 }).format(n) : String(n)),
    [cur, i18n.language],
  );
  return (
    <Card
      title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('crm.pipeline.forecast')}</Typography.Title>}
      extra={
        currencies.length > 1 && (
          <Select aria-label={t('crm.leads.currency')} value={cur} onChange={setChosen} options={currencies.map((c) => ({ value: c, label: c }))} style={{ width: 100 }} />
        )
      }
      style={{ marginTop: 16 }}
    >
      {report.error && <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />}
      {chart.months.length > 0 ? (
        <BarChart title={t('crm.pipeline.forecast')} categories={chart.months} series={chart.series} format={format} />
      ) : (
        <Typography.Text>{t('list.empty')}</Typography.Text>
      )}
      <Table
        size="small"
        rowKey={(r) => `${r.stage_id}-${r.amount.currency}`}
        pagination={false}
        style={{ marginTop: 16 }}
        dataSource={report.data?.by_stage ?? []}
        locale={{ emptyText: t('list.empty') }}
        title={() => t('crm.pipeline.stageTotals')}
        columns={[
          { title: t('crm.opportunities.stage'), dataIndex: 'stage_name' },
          { title: t('crm.campaigns.opportunities'), dataIndex: 'count', align: 'right' },
          { title: t('crm.pipeline.total'), key: 'amount', align: 'right', render: (_, r) => f.money(r.amount) },
          { title: t('crm.pipeline.weighted'), key: 'weighted', align: 'right', render: (_, r) => f.money(r.weighted) },
        ]}
      />
    </Card>
  );
}

/**
 * Pipeline is the opportunity kanban: one column per stage, cards dragged
 * between columns (native HTML5 drag and drop) move the opportunity through
 * the API; a lost stage asks for the reason. Each card also has a stage
 * picker for keyboard users.
 */
export default function Pipeline() {
  const { t } = useTranslation();
  const { may } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const f = useFormat();
  const [creating, setCreating] = useState(false);
  const [over, setOver] = useState<string>();
  const [losing, setLosing] = useState<{ opp: Opportunity; stage: Stage }>();
  const [lostForm] = Form.useForm<{ reason: string }>();

  const stages = useQuery({
    queryKey: ['pipeline-stages'],
    queryFn: async () => must(await api.GET('/api/v1/pipeline-stages')).data ?? [],
  });
  const opps = useQuery({
    queryKey: ['opportunities', 'board'],
    queryFn: async () => must(await api.GET('/api/v1/opportunities', { params: { query: { limit: 200 } } })).data ?? [],
  });
  const canMove = may('crm.opportunity.update');

  const move = useMutation({
    mutationFn: async ({ opp, stage, reason }: { opp: Opportunity; stage: Stage; reason?: string }) =>
      must(
        await api.POST('/api/v1/opportunities/{id}/stage', {
          params: { path: { id: opp.id }, header: { 'If-Match': `"${opp.version}"` } },
          body: { stage_id: stage.id, lost_reason: reason },
        }),
      ),
    onMutate: ({ opp, stage }) => {
      // Optimistic: the card moves at once; a refusal puts it back.
      qc.setQueryData<Opportunity[]>(['opportunities', 'board'], (old) => old?.map((o) => (o.id === opp.id ? { ...o, stage_id: stage.id, stage_name: stage.name } : o)));
    },
    onSuccess: (next, { stage }) => {
      qc.setQueryData<Opportunity[]>(['opportunities', 'board'], (old) => old?.map((o) => (o.id === next.id ? next : o)));
      void message.success(t('crm.pipeline.moved', { name: next.name, stage: stage.name }));
      void qc.invalidateQueries({ queryKey: ['pipeline-report'] });
      void qc.invalidateQueries({ queryKey: ['opportunity', next.id] });
    },
    onError: (e) => {
      void message.error(errorMessage(t, e));
      void opps.refetch();
    },
  });

  const requestMove = (opp: Opportunity, stage: Stage) => {
    if (opp.stage_id === stage.id) return;
    if (stage.lost) {
      setLosing({ opp, stage });
      return;
    }
    move.mutate({ opp, stage });
  };

  const onDrop = (stage: Stage) => (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(undefined);
    const id = e.dataTransfer.getData(dragType) || e.dataTransfer.getData('text/plain');
    const opp = (opps.data ?? []).find((o) => o.id === id);
    if (opp) requestMove(opp, stage);
  };

  const error = stages.error || opps.error;
  return (
    <>
      <PageHeader
        title={t('crm.pipeline.title')}
        extra={
          may('crm.opportunity.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('crm.pipeline.new')}
            </Button>
          )
        }
      />
      {error && <ErrorAlert error={error} onRetry={() => void Promise.all([stages.refetch(), opps.refetch()])} />}
      {canMove && <Typography.Paragraph type="secondary">{t('crm.pipeline.dragHint')}</Typography.Paragraph>}
      <section aria-label={t('crm.pipeline.board')} style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 8 }}>
        {(stages.data ?? []).map((stage) => {
          const cards = (opps.data ?? []).filter((o) => o.stage_id === stage.id);
          const totals = new Map<string, number>();
          for (const o of cards) totals.set(o.amount.currency, (totals.get(o.amount.currency) ?? 0) + Number(o.amount.amount));
          return (
            <div
              key={stage.id}
              data-testid={`stage-${stage.id}`}
              role="region"
              aria-label={stage.name}
              onDragOver={(e) => {
                if (!canMove) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                setOver(stage.id);
              }}
              onDragLeave={() => setOver((s) => (s === stage.id ? undefined : s))}
              onDrop={onDrop(stage)}
              style={{
                flex: '1 1 0',
                minWidth: 150,
                background: over === stage.id ? '#e6f4ff' : '#fafafa',
                border: `1px ${over === stage.id ? 'dashed #0958d9' : 'solid #f0f0f0'}`,
                borderRadius: 8,
                padding: 8,
                minHeight: 320,
              }}
            >
              <div style={{ marginBottom: 8 }}>
                <Typography.Title level={2} style={{ fontSize: 14, margin: 0 }}>
                  {stage.name} <Typography.Text type="secondary">({cards.length})</Typography.Text>
                </Typography.Title>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {stage.probability}% · {[...totals].map(([c, n]) => f.money({ amount: n.toFixed(2), currency: c })).join(' · ') || t('crm.pipeline.empty')}
                </Typography.Text>
              </div>
              <Space direction="vertical" style={{ width: '100%' }} size={8}>
                {cards.map((o) => (
                  <Card
                    key={o.id}
                    size="small"
                    data-testid={`opportunity-${o.id}`}
                    draggable={canMove}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(dragType, o.id);
                      e.dataTransfer.setData('text/plain', o.id);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onDoubleClick={() => navigate(`/opportunities/${o.id}`)}
                    style={{ cursor: canMove ? 'grab' : 'default' }}
                  >
                    <Link to={`/opportunities/${o.id}`} style={{ fontWeight: 600 }}>
                      {o.name}
                    </Link>
                    <div style={{ fontSize: 12 }}>
                      <PartyName id={o.party_id} />
                    </div>
                    <div style={{ fontSize: 12 }}>
                      {f.money(o.amount)} · {o.probability}% · {f.date(o.expected_close)}
                    </div>
                    {canMove && (
                      <Select
                        size="small"
                        aria-label={`${t('crm.opportunities.stage')}: ${o.name}`}
                        value={o.stage_id}
                        onChange={(sid: string) => {
                          const st = (stages.data ?? []).find((s) => s.id === sid);
                          if (st) requestMove(o, st);
                        }}
                        options={(stages.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                        style={{ width: '100%', marginTop: 6 }}
                      />
                    )}
                  </Card>
                ))}
              </Space>
            </div>
          );
        })}
      </section>
      {may('crm.report.read') && <Forecast />}
      <NewOpportunity open={creating} onClose={() => setCreating(false)} />
      <Modal
        title={t('crm.pipeline.lostTitle')}
        open={!!losing}
        onCancel={() => setLosing(undefined)}
        onOk={() => lostForm.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={lostForm}
          layout="vertical"
          onFinish={(v) => {
            if (losing) move.mutate({ ...losing, reason: v.reason });
            setLosing(undefined);
          }}
        >
          <Form.Item name="reason" label={t('crm.pipeline.lostReason')} rules={[{ required: true, whitespace: true, message: t('crm.pipeline.lostReasonRequired') }]}>
            <Input autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
