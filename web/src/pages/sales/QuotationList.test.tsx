import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import QuotationList from './QuotationList';

// Every GET the page makes, with its query, to check what the server is asked.
const calls = vi.hoisted(() => [] as { path: string; query?: Record<string, unknown> }[]);

vi.mock('../../auth/session', () => ({
  useSession: () => ({ me: { user: { name: 'Mia', time_zone: 'UTC' } }, may: () => true }),
}));

const quote = (id: string, number: string, status: string, expired: boolean) => ({
  id,
  number,
  revision: 1,
  status,
  expired,
  customer_id: 'pty_1',
  currency: 'EUR',
  valid_until: '2026-12-28',
  owner_id: 'usr_1',
  lines: [],
  subtotal: { amount: '100.00', currency: 'EUR' },
  tax: { amount: '0.00', currency: 'EUR' },
  total: { amount: '100.00', currency: 'EUR' },
  version: 1,
  created_at: '2026-11-28T09:00:00Z',
  updated_at: '2026-11-28T09:30:00Z',
});

vi.mock('../../api/client', () => ({
  api: {
    GET: (path: string, opts?: { params?: { query?: Record<string, unknown> } }) => {
      calls.push({ path, query: opts?.params?.query });
      if (path === '/api/v1/quotations') {
        return Promise.resolve({ data: { data: [quote('qt_1', 'QT-2026-00001', 'sent', false), quote('qt_2', 'QT-2026-00002', 'draft', true)], next_cursor: null } });
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
          <QuotationList />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const listQueries = () => calls.filter((c) => c.path === '/api/v1/quotations').map((c) => c.query);

beforeEach(async () => {
  calls.length = 0;
  await i18n.changeLanguage('en');
});

describe('QuotationList', () => {
  it('lists quotations with the expired ones marked, sorts on the server and filters open ones', async () => {
    show();
    expect(await screen.findByRole('link', { name: 'QT-2026-00001' })).toHaveAttribute('href', '/quotations/qt_1');
    expect(screen.getByText('Sent')).toBeInTheDocument();
    expect(screen.getByText('Expired')).toBeInTheDocument();
    expect(listQueries()[0]?.sort).toBeUndefined();

    fireEvent.click(screen.getByText('Valid until'));
    await waitFor(() => expect(listQueries().at(-1)).toMatchObject({ sort: 'valid_until' }));
    fireEvent.click(screen.getByText('Valid until'));
    await waitFor(() => expect(listQueries().at(-1)).toMatchObject({ sort: '-valid_until' }));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Open and still valid' }));
    await waitFor(() => expect(listQueries().at(-1)).toMatchObject({ open: true, sort: '-valid_until' }));
    expect(screen.getByRole('button', { name: /New quotation/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Export/ })).toBeInTheDocument();
  });
});
