import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import OpportunityList from './OpportunityList';

// Every GET the page makes, with its query, to check what the server is asked.
const calls = vi.hoisted(() => [] as { path: string; query?: Record<string, unknown> }[]);

vi.mock('../../auth/session', () => ({
  useSession: () => ({ me: { user: { name: 'Mia', time_zone: 'UTC' } }, may: () => true }),
}));

const deal = (id: string, name: string, amount: string) => ({
  id,
  name,
  party_id: 'pty_1',
  stage_id: 'stg_prospecting',
  stage_name: 'Prospecting',
  status: 'open',
  probability: 10,
  amount: { amount, currency: 'EUR' },
  weighted_amount: { amount: '1.00', currency: 'EUR' },
  expected_close: '2027-03-15',
  owner_id: 'usr_1',
  competitors: [],
  stage_entered_at: '2026-11-28T09:00:00Z',
  version: 1,
  created_at: '2026-11-28T09:00:00Z',
  updated_at: '2026-11-28T09:30:00Z',
});

vi.mock('../../api/client', () => ({
  api: {
    GET: (path: string, opts?: { params?: { query?: Record<string, unknown> } }) => {
      calls.push({ path, query: opts?.params?.query });
      if (path === '/api/v1/opportunities') {
        return Promise.resolve({ data: { data: [deal('opp_1', 'Big deal', '1500.00'), deal('opp_2', 'Small deal', '20.00')], next_cursor: null } });
      }
      return Promise.resolve({ data: { data: [] } });
    },
  },
  must: <T,>(r: { data?: T }) => r.data as T,
  download: vi.fn(),
}));

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <App>
        <MemoryRouter>
          <OpportunityList />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const listQueries = () => calls.filter((c) => c.path === '/api/v1/opportunities').map((c) => c.query);

beforeEach(async () => {
  calls.length = 0;
  await i18n.changeLanguage('en');
});

describe('OpportunityList', () => {
  it('lists open opportunities and sorts them on the server by the clicked column', async () => {
    show();
    expect(await screen.findByRole('link', { name: 'Big deal' })).toBeInTheDocument();
    expect(listQueries()[0]).toMatchObject({ status: 'open' });
    expect(listQueries()[0]?.sort).toBeUndefined();

    fireEvent.click(screen.getByText('Amount'));
    await waitFor(() => expect(listQueries().at(-1)).toMatchObject({ status: 'open', sort: 'amount' }));
    fireEvent.click(screen.getByText('Amount'));
    await waitFor(() => expect(listQueries().at(-1)).toMatchObject({ sort: '-amount' }));
    // Saved views, the column chooser and the export menu are beside the filters.
    expect(screen.getByRole('button', { name: /Export/ })).toBeInTheDocument();
  });
});
