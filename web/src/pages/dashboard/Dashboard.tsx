import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Row, Segmented, Skeleton, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, must } from '../../api/client';
import { useSession } from '../../auth/session';
import { BarChart, type Series } from '../../components/BarChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../components/useFormat';
import { documentLink } from '../approvals/documentLink';
import { ModulesCard } from './ModulesCard';

/** The permissions that show each card; the server checks them again. */
export const cardPermissions = {
  revenue: 'analytics.sales.read',
  pipeline: 'crm.report.read',
  cycleTime: 'analytics.order_cycle.read',
  approvals: 'approval.request.read',
  receivables: 'billing.invoice.read',
  reorder: 'inventory.stock.read',
  sla: 'support.report.read',
} as const;

/** Period is the months the dated cards (revenue, cycle time, SLA) cover, as the API's first and last day. */
export interface Period {
  from: string;
  to: string;
}

const monthParam = 'YYYY-MM';

/**
 * periodOf reads the dashboard's period from the address (?from=YYYY-MM&to=YYYY-MM,
 * so a period can be bookmarked and shared). Without one, or with one that is
 * not a month, it is the last twelve months, this one included; months given
 * in the wrong order are swapped.
 */
export function periodOf(params: URLSearchParams, today: Dayjs = dayjs()): { period: Period; custom: boolean } {
  let from = dayjs(params.get('from') ?? '', monthParam, true);
  let to = dayjs(params.get('to') ?? '', monthParam, true);
  const custom = from.isValid() && to.isValid();
  if (!custom) {
    to = today;
    from = today.subtract(11, 'month');
  } else if (from.isAfter(to)) {
    [from, to] = [to, from];
  }
  return { period: { from: from.startOf('month').format('YYYY-MM-DD'), to: to.endOf('month').format('YYYY-MM-DD') }, custom };
}

/** PeriodPicker chooses the months of the dated cards; the choice is kept in the address. */
function PeriodPicker({ period }: { period: Period }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const month = (d: Dayjs) => d.format(monthParam);
  const now = dayjs();
  return (
    <DatePicker.RangePicker
      picker="month"
      allowClear={false}
      aria-label={t('dashboard.period')}
      value={[dayjs(period.from), dayjs(period.to)]}
      disabledDate={(d) => d.isAfter(now, 'month')}
      presets={[
        { label: t('dashboard.last12'), value: [now.subtract(11, 'month'), now] },
        { label: t('dashboard.thisYear'), value: [now.startOf('year'), now] },
        { label: t('dashboard.lastYear'), value: [now.subtract(1, 'year').startOf('year'), now.subtract(1, 'year').endOf('year')] },
      ]}
      onChange={(v) => {
        if (v?.[0] && v[1]) setParams({ from: month(v[0]), to: month(v[1]) }, { replace: true });
      }}
    />
  );
}

/** DashboardCard is one card of the grid, with its loading, error and empty states. */
function DashboardCard({
  title,
  query,
  empty,
  extra,
  children,
}: {
  title: string;
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  empty: boolean;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  let body: ReactNode = children;
  if (query.isPending) body = <Skeleton active paragraph={{ rows: 5 }} />;
  else if (query.error) body = <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  else if (empty) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.empty')} />;
  return (
    <Col xs={24} lg={12}>
      <Card
        title={
          <h2 id={id} style={{ fontSize: 16, margin: 0 }}>
            {title}
          </h2>
        }
        extra={extra}
        style={{ height: '100%' }}
        aria-labelledby={id}
        role="region"
        aria-busy={query.isPending}
      >
        {body}
      </Card>
    </Col>
  );
}

/** Revenue charts invoiced net revenue by month, one series per currency. */
function Revenue({ p }: { p: Period }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['dashboard', 'revenue', p],
    queryFn: async () => must(await api.GET('/api/v1/reports/sales', { params: { query: { group_by: 'month', ...p } } })),
  });
  const rows = useMemo(() => q.data?.rows ?? [], [q.data]);
  // Amounts in different currencies do not share an axis: one currency at
  // a time, the one with most invoiced orders first.
  const currencies = useMemo(() => {
    const orders = new Map<string, number>();
    for (const r of rows) orders.set(r.net_revenue.currency, (orders.get(r.net_revenue.currency) ?? 0) + r.orders);
    return [...orders.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  }, [rows]);
  const [chosen, setChosen] = useState<string>();
  const cur = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const chart = useMemo(() => {
    const mine = rows.filter((r) => r.net_revenue.currency === cur);
    const series: Series[] = [
      { name: t('dashboard.netRevenue', { currency: cur ?? '' }), values: mine.map((r) => Number(r.net_revenue.amount)) },
    ];
    return { categories: mine.map((r) => f.month(r.key)), series };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- f changes identity every render; its language is in t.
  }, [rows, cur, t]);
  const format = useMemo(() => (n: number) => f.quantity(String(n)), [f.quantity]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <DashboardCard title={t('dashboard.revenue')} query={q} empty={rows.length === 0} extra={<Link to="/invoices">{t('dashboard.invoices')}</Link>}>
      {currencies.length > 1 && (
        <Segmented size="small" aria-label={t('dashboard.currency')} options={currencies} value={cur} onChange={(v) => setChosen(String(v))} />
      )}
      <BarChart title={t('dashboard.revenueChart')} categories={chart.categories} series={chart.series} format={format} />
    </DashboardCard>
  );
}

/** Pipeline charts the open pipeline by stage, total and weighted, for the busiest currency. */
function Pipeline() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: ['dashboard', 'pipeline'], queryFn: async () => must(await api.GET('/api/v1/reports/pipeline')) });
  const stages = useMemo(() => q.data?.by_stage ?? [], [q.data]);
  const currency = useMemo(() => {
    const counts = new Map<string, number>();
    for (const s of stages) counts.set(s.amount.currency, (counts.get(s.amount.currency) ?? 0) + s.count);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  }, [stages]);
  const chart = useMemo(() => {
    const mine = stages.filter((s) => s.amount.currency === currency);
    return {
      categories: mine.map((s) => s.stage_name),
      series: [
        { name: t('dashboard.pipelineTotal'), values: mine.map((s) => Number(s.amount.amount)) },
        { name: t('dashboard.pipelineWeighted'), values: mine.map((s) => Number(s.weighted.amount)) },
      ],
    };
  }, [stages, currency, t]);
  const format = useMemo(() => (n: number) => f.quantity(String(n)), [f.quantity]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <DashboardCard
      title={currency ? t('dashboard.pipelineIn', { currency }) : t('dashboard.pipeline')}
      query={q}
      empty={stages.length === 0}
      extra={<Link to="/opportunities">{t('dashboard.opportunities')}</Link>}
    >
      <BarChart title={t('dashboard.pipelineChart')} categories={chart.categories} series={chart.series} format={format} />
    </DashboardCard>
  );
}

/** CycleTime shows the order-to-cash days of the orders paid in each month. */
function CycleTime({ p }: { p: Period }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['dashboard', 'cycle-time', p],
    queryFn: async () => must(await api.GET('/api/v1/reports/order-cycle-time', { params: { query: { group_by: 'month', ...p } } })),
  });
  const rows = useMemo(() => q.data?.rows ?? [], [q.data]);
  const chart = useMemo(
    () => ({
      categories: rows.map((r) => f.month(r.month)),
      series: [
        { name: t('dashboard.average'), values: rows.map((r) => Number(r.average_days ?? 0)) },
        { name: t('dashboard.median'), values: rows.map((r) => Number(r.median_days ?? 0)) },
        { name: t('dashboard.p90'), values: rows.map((r) => Number(r.p90_days ?? 0)) },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- f changes identity every render; its language is in t.
    [rows, t],
  );
  const format = useMemo(() => (n: number) => t('dashboard.days', { days: f.quantity(String(n)) }), [t]); // eslint-disable-line react-hooks/exhaustive-deps
  const total = q.data?.total;
  return (
    <DashboardCard title={t('dashboard.cycleTime')} query={q} empty={rows.length === 0}>
      {total && (
        <Row gutter={16} style={{ marginBottom: 8 }}>
          <Col span={8}>
            <Statistic title={t('dashboard.ordersPaid')} value={f.quantity(String(total.orders))} />
          </Col>
          <Col span={8}>
            <Statistic title={t('dashboard.average')} value={t('dashboard.days', { days: f.quantity(total.average_days) })} />
          </Col>
          <Col span={8}>
            <Statistic title={t('dashboard.p90')} value={t('dashboard.days', { days: f.quantity(total.p90_days) })} />
          </Col>
        </Row>
      )}
      <BarChart title={t('dashboard.cycleTimeChart')} categories={chart.categories} series={chart.series} format={format} height={220} />
    </DashboardCard>
  );
}

/** Approvals counts the requests waiting for the user and lists the oldest. */
function Approvals() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['dashboard', 'approvals'],
    queryFn: async () => must(await api.GET('/api/v1/approvals', { params: { query: { status: 'pending', actionable: true, limit: 100 } } })),
  });
  const rows = useMemo(() => q.data?.data ?? [], [q.data]);
  const more = Boolean(q.data?.next_cursor);
  return (
    <DashboardCard title={t('dashboard.approvals')} query={q} empty={false} extra={<Link to="/approvals">{t('dashboard.openInbox')}</Link>}>
      <Statistic title={t('dashboard.waitingForYou')} value={more ? `${f.quantity(String(rows.length))}+` : f.quantity(String(rows.length))} />
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          style={{ marginTop: 12 }}
          dataSource={rows.slice(0, 5)}
          columns={[
            { title: t('approvals.document'), key: 'doc', render: (_, r) => documentLink(r) },
            { title: t('approvals.amount'), key: 'amount', align: 'right', render: (_, r) => f.money(r.amount) },
            { title: t('dashboard.requested'), key: 'at', render: (_, r) => f.dateTime(r.requested_at) },
          ]}
        />
      )}
    </DashboardCard>
  );
}

/** Receivables charts what customers owe by days past due, per currency. */
function Receivables() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: ['dashboard', 'ageing'], queryFn: async () => must(await api.GET('/api/v1/receivables/ageing')) });
  const totals = useMemo(() => q.data?.totals ?? [], [q.data]);
  const chart = useMemo(() => {
    const buckets = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'] as const;
    return {
      categories: buckets.map((b) => t(`dashboard.ageing.${b}`)),
      series: totals.map((r) => ({ name: r.total.currency, values: buckets.map((b) => Number(r[b].amount)) })),
    };
  }, [totals, t]);
  const format = useMemo(() => (n: number) => f.quantity(String(n)), [f.quantity]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <DashboardCard title={t('dashboard.receivables')} query={q} empty={totals.length === 0} extra={<Link to="/receivables">{t('dashboard.ageingReport')}</Link>}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('dashboard.owed', { amounts: totals.map((r) => f.money(r.total)).join(' · ') })}
      </Typography.Paragraph>
      <BarChart title={t('dashboard.receivablesChart')} categories={chart.categories} series={chart.series} format={format} height={220} />
    </DashboardCard>
  );
}

/** Reorder lists the products whose available stock is below their reorder point. */
function Reorder() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: ['dashboard', 'reorder'], queryFn: async () => must(await api.GET('/api/v1/reports/stock-below-reorder')) });
  const rows = useMemo(() => q.data?.rows ?? [], [q.data]);
  const chart = useMemo(() => {
    const top = rows.slice(0, 8);
    return {
      categories: top.map((r) => r.code),
      series: [
        { name: t('dashboard.available'), values: top.map((r) => Number(r.available)) },
        { name: t('dashboard.reorderPoint'), values: top.map((r) => Number(r.reorder_point)) },
      ],
    };
  }, [rows, t]);
  const format = useMemo(() => (n: number) => f.quantity(String(n)), [f.quantity]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <DashboardCard
      title={t('dashboard.reorder', { count: rows.length })}
      query={q}
      empty={rows.length === 0}
      extra={<Link to="/stock">{t('dashboard.stock')}</Link>}
    >
      <BarChart title={t('dashboard.reorderChart')} categories={chart.categories} series={chart.series} format={format} height={200} />
      <Table
        size="small"
        rowKey="product_id"
        style={{ marginTop: 8 }}
        pagination={rows.length > 5 ? { pageSize: 5, size: 'small', showSizeChanger: false } : false}
        dataSource={rows}
        columns={[
          { title: t('dashboard.product'), key: 'p', ellipsis: true, render: (_, r) => <span title={r.name}>{`${r.code} ${r.name}`}</span> },
          { title: <span style={{ whiteSpace: 'nowrap' }}>{t('dashboard.available')}</span>, key: 'a', align: 'right', render: (_, r) => f.quantity(r.available) },
          { title: <span style={{ whiteSpace: 'nowrap' }}>{t('dashboard.reorderPoint')}</span>, key: 'rp', align: 'right', render: (_, r) => f.quantity(r.reorder_point) },
          { title: <span style={{ whiteSpace: 'nowrap' }}>{t('dashboard.shortfall')}</span>, key: 's', align: 'right', render: (_, r) => f.quantity(r.shortfall) },
          { title: <span style={{ whiteSpace: 'nowrap' }}>{t('dashboard.incoming')}</span>, key: 'i', align: 'right', render: (_, r) => f.quantity(r.incoming) },
        ]}
      />
    </DashboardCard>
  );
}

/** SLA shows the share of first responses and resolutions within their SLA, by month. */
function SLA({ p }: { p: Period }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['dashboard', 'sla', p],
    queryFn: async () => must(await api.GET('/api/v1/reports/sla-compliance', { params: { query: { group_by: 'month', ...p } } })),
  });
  const rows = useMemo(() => q.data?.rows ?? [], [q.data]);
  const chart = useMemo(
    () => ({
      categories: rows.map((r) => f.month(r.key)),
      series: [
        { name: t('dashboard.firstResponse'), values: rows.map((r) => Number(r.first_response.percent ?? 0)) },
        { name: t('dashboard.resolution'), values: rows.map((r) => Number(r.resolution.percent ?? 0)) },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- f changes identity every render; its language is in t.
    [rows, t],
  );
  const format = useMemo(() => (n: number) => f.percent(n), [f.percent]); // eslint-disable-line react-hooks/exhaustive-deps
  const total = q.data?.total;
  const stat = (title: string, c: { met: number; breached: number; percent?: string } | undefined) => (
    <Statistic
      title={title}
      value={c?.percent ? f.percent(c.percent) : '—'}
      suffix={c?.percent && <Typography.Text type="secondary" style={{ fontSize: 14 }}>{t('dashboard.metOf', { met: c.met, total: c.met + c.breached })}</Typography.Text>}
    />
  );
  return (
    <DashboardCard title={t('dashboard.sla')} query={q} empty={rows.length === 0} extra={<Link to="/tickets">{t('dashboard.tickets')}</Link>}>
      <Row gutter={16} style={{ marginBottom: 8 }}>
        <Col span={12}>
          {stat(t('dashboard.firstResponse'), total?.first_response)}
        </Col>
        <Col span={12}>
          {stat(t('dashboard.resolution'), total?.resolution)}
        </Col>
      </Row>
      <BarChart title={t('dashboard.slaChart')} categories={chart.categories} series={chart.series} format={format} height={220} />
    </DashboardCard>
  );
}

/** Dashboard is the home page: the cards the user's permissions allow, then the modules. */
export function Dashboard() {
  const { t } = useTranslation();
  const { me, may } = useSession();
  const [params] = useSearchParams();
  const { period, custom } = periodOf(params);
  const cards: [keyof typeof cardPermissions, () => ReactNode][] = [
    ['revenue', () => <Revenue key="revenue" p={period} />],
    ['pipeline', () => <Pipeline key="pipeline" />],
    ['cycleTime', () => <CycleTime key="cycleTime" p={period} />],
    ['approvals', () => <Approvals key="approvals" />],
    ['receivables', () => <Receivables key="receivables" />],
    ['reorder', () => <Reorder key="reorder" />],
    ['sla', () => <SLA key="sla" p={period} />],
  ];
  const shown = cards.filter(([k]) => may(cardPermissions[k]));
  const dated = shown.some(([k]) => k === 'revenue' || k === 'cycleTime' || k === 'sla');
  const f = useFormat();
  return (
    <>
      <PageHeader title={t('home.title', { name: me.user.name })} extra={dated && <PeriodPicker period={period} />} />
      {shown.length === 0 ? (
        <Typography.Paragraph>{t('home.intro')}</Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary">
          {custom ? t('dashboard.introPeriod', { from: f.month(period.from.slice(0, 7)), to: f.month(period.to.slice(0, 7)) }) : t('dashboard.intro')}
        </Typography.Paragraph>
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {shown.map(([, render]) => render())}
      </Row>
      <ModulesCard />
    </>
  );
}
