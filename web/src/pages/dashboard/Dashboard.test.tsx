import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/problem';
import { can } from '../../auth/permissions';
import i18n from '../../i18n';
import dayjs from 'dayjs';
import { Dashboard, periodOf } from './Dashboard';

const session = vi.hoisted(() => ({ grants: [] as string[] }));
const answers = vi.hoisted(() => new Map<string, unknown>());
const asked = vi.hoisted(() => new Map<string, unknown>());

vi.mock('../../auth/session', () => ({
  useSession: () => ({
    me: { user: { name: 'Wes', time_zone: 'UTC' } },
    modules: [{ module: 'inventory', name: 'Inventory', enabled: true }],
    may: (perm: string) => can(session.grants, perm),
  }),
}));

// ECharts needs a canvas, which jsdom lacks; the chart's data is checked
// through what the chart receives.
vi.mock('../../components/BarChart', () => ({
  BarChart: ({ title, categories, series }: { title: string; categories: string[]; series: { name: string; values: number[] }[] }) => (
    <figure aria-label={title}>
      {series.map((s) => (
        <p key={s.name}>{`${s.name}: ${s.values.map((v, i) => `${categories[i]}=${v}`).join(', ')}`}</p>
      ))}
    </figure>
  ),
}));

vi.mock('../../api/client', () => ({
  api: {
    GET: (path: string, opts?: { params?: { query?: unknown } }) => {
      asked.set(path, opts?.params?.query);
      const a = answers.get(path);
      if (a instanceof Error) return Promise.reject(a);
      return Promise.resolve({ data: a });
    },
  },
  must: <T,>(r: { data?: T }) => r.data as T,
}));

function show(url = '/') {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[url]}>
        <Dashboard />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(async () => {
  answers.clear();
  asked.clear();
  await i18n.changeLanguage('en');
});

describe('Dashboard', () => {
  it('shows the warehouse its products below the reorder point, and no sales cards', async () => {
    session.grants = ['inventory.*', 'product.*.read'];
    answers.set('/api/v1/reports/stock-below-reorder', {
      rows: [
        {
          product_id: 'prd_1',
          code: 'LOW',
          name: 'Low tea',
          unit: 'pcs',
          on_hand: '4',
          reserved: '0',
          available: '4',
          incoming: '20',
          reorder_point: '10',
          reorder_quantity: '50',
          shortfall: '6',
        },
      ],
    });
    show();
    const card = await screen.findByRole('region', { name: 'Stock below reorder point (1 product)' }, { timeout: 5000 });
    const row = within(card).getByRole('row', { name: /LOW Low tea/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['LOW Low tea', '4', '10', '6', '20']);
    expect(within(card).getByText('Available: LOW=4')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Revenue by month' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'SLA compliance' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Modules' })).toBeInTheDocument();
  });

  it('shows cycle time and SLA compliance as the user reads them, in English and Chinese', async () => {
    session.grants = ['analytics.*.read', 'support.*'];
    answers.set('/api/v1/reports/sales', { rows: [] });
    answers.set('/api/v1/reports/order-cycle-time', {
      total: { orders: 2, average_days: '4.00', median_days: '4.00', p90_days: '5.00' },
      rows: [{ month: '2026-03', orders: 2, average_days: '4.00', median_days: '4.00', p90_days: '5.00' }],
    });
    answers.set('/api/v1/reports/sla-compliance', {
      total: { key: '', first_response: { met: 3, breached: 1, percent: '75.00' }, resolution: { met: 1, breached: 0, percent: '100.00' } },
      rows: [{ key: '2026-03', first_response: { met: 3, breached: 1, percent: '75.00' }, resolution: { met: 1, breached: 0, percent: '100.00' } }],
    });
    const { unmount } = show();
    const cycle = await screen.findByRole('region', { name: 'Order-to-cash cycle time' }, { timeout: 5000 });
    expect(await within(cycle).findByText('4 d')).toBeInTheDocument();
    expect(within(cycle).getByText('Average: Mar 2026=4')).toBeInTheDocument();
    const sla = screen.getByRole('region', { name: 'SLA compliance' });
    expect(await within(sla).findByText('75%')).toBeInTheDocument();
    expect(within(sla).getByText('3 of 4 met')).toBeInTheDocument();
    const revenue = screen.getByRole('region', { name: 'Revenue by month' });
    expect(await within(revenue).findByText('Nothing to show yet.')).toBeInTheDocument();
    unmount();

    await i18n.changeLanguage('zh-CN');
    show();
    const zh = await screen.findByRole('region', { name: 'SLA 达成率' });
    expect(await within(zh).findByText('4 个中达成 3 个')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: '订单到回款周期' })).toBeInTheDocument();
  });

  it('shows an API error readably in its card', async () => {
    session.grants = ['support.report.read'];
    answers.set(
      '/api/v1/reports/sla-compliance',
      new ApiError(422, { type: 'about:blank', title: 'Unprocessable Entity', status: 422, code: 'validation_failed', detail: 'to: not before from' }),
    );
    show();
    const sla = await screen.findByRole('region', { name: 'SLA compliance' });
    expect(await within(sla).findByRole('alert')).toHaveTextContent('to: not before from');
  });

  it('asks the dated cards for the period in the address and says which it is', async () => {
    session.grants = ['analytics.*.read', 'support.*'];
    answers.set('/api/v1/reports/sales', { rows: [] });
    answers.set('/api/v1/reports/order-cycle-time', { rows: [] });
    answers.set('/api/v1/reports/sla-compliance', { rows: [] });
    // Months in the wrong order are swapped; the last day of the last month counts.
    show('/?from=2026-06&to=2026-01');
    expect(await screen.findByText(/from Jan 2026 to Jun 2026/)).toBeInTheDocument();
    await screen.findAllByText('Nothing to show yet.');
    const period = { group_by: 'month', from: '2026-01-01', to: '2026-06-30' };
    expect(asked.get('/api/v1/reports/sales')).toEqual(period);
    expect(asked.get('/api/v1/reports/order-cycle-time')).toEqual(period);
    expect(asked.get('/api/v1/reports/sla-compliance')).toEqual(period);
    expect(screen.getAllByLabelText('Period').map((e) => (e as HTMLInputElement).value)).toEqual(['2026-01', '2026-06']);
  });

  it('falls back to the last twelve months without a period or with one that is no month', () => {
    const today = dayjs('2026-11-29');
    const last12 = { period: { from: '2025-12-01', to: '2026-11-30' }, custom: false };
    expect(periodOf(new URLSearchParams(''), today)).toEqual(last12);
    expect(periodOf(new URLSearchParams('from=2026-13&to=2026-02'), today)).toEqual(last12);
    expect(periodOf(new URLSearchParams('from=2026-01'), today)).toEqual(last12);
    expect(periodOf(new URLSearchParams('from=2025-02&to=2025-02'), today)).toEqual({ period: { from: '2025-02-01', to: '2025-02-28' }, custom: true });
  });

  it('shows no period picker to a user without dated cards', async () => {
    session.grants = ['inventory.*'];
    answers.set('/api/v1/reports/stock-below-reorder', { rows: [] });
    show();
    await screen.findByRole('region', { name: /Stock below reorder point/ });
    expect(screen.queryAllByLabelText('Period')).toHaveLength(0);
  });
});
