import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { can } from '../auth/permissions';
import i18n from '../i18n';
import { SearchPalette } from './SearchPalette';

const session = vi.hoisted(() => ({ grants: [] as string[] }));
// Every list the palette asks, with its query.
const asked = vi.hoisted(() => new Map<string, unknown>());

vi.mock('../auth/session', () => ({
  useSession: () => ({ may: (perm: string) => can(session.grants, perm) }),
}));

const money = { amount: '10.00', currency: 'EUR' };
const pages: Record<string, unknown[]> = {
  '/api/v1/parties': [{ id: 'pty_1', code: 'CU-2026', legal_name: 'Year 2026 Trading', email: '' }],
  '/api/v1/sales-orders': [
    { id: 'so_1', number: 'SO-2026-00007', customer_id: 'pty_1', reference: 'PO-2026-A', status: 'confirmed', total: money },
    { id: 'so_2', number: 'SO-2026-00008', customer_id: 'pty_1', status: 'paid', total: money },
  ],
  '/api/v1/invoices': [{ id: 'inv_1', number: 'INV-2026-00003', customer_id: 'pty_1', status: 'posted', total: money }],
  '/api/v1/tickets': [{ id: 'tkt_1', number: 'TK-2026-00001', subject: 'Broken breaker', customer_id: 'pty_1', status: 'open' }],
};

vi.mock('../api/client', () => ({
  api: {
    GET: (path: string, opts?: { params?: { query?: unknown } }) => {
      asked.set(path, opts?.params?.query);
      if (path === '/api/v1/parties/{id}') return Promise.resolve({ data: { id: 'pty_1', code: 'CU-2026', legal_name: 'Year 2026 Trading' } });
      return Promise.resolve({ data: { data: pages[path] ?? null } });
    },
  },
  must: <T,>(r: { data?: T }) => r.data as T,
}));

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const onClose = vi.fn();
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <SearchPalette open onClose={onClose} />
        <Routes>
          <Route path="*" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return onClose;
}

beforeEach(async () => {
  asked.clear();
  await i18n.changeLanguage('en');
});

describe('SearchPalette', () => {
  it('finds customers, orders and invoices by number, group by group, and opens the one chosen with the keyboard', async () => {
    session.grants = ['party.*', 'sales.*', 'billing.*'];
    const onClose = show();
    const box = screen.getByRole('combobox', { name: 'Search' });
    fireEvent.change(box, { target: { value: ' 2026 ' } });
    const list = await screen.findByRole('listbox', {}, { timeout: 3000 });
    const options = within(list).getAllByRole('option');
    // The customer's name comes once its record is read.
    await waitFor(() => expect(options[1]).toHaveTextContent('Year 2026 Trading'));
    expect(options.map((o) => o.textContent)).toEqual([
      'Year 2026 TradingCU-2026',
      'SO-2026-00007CU-2026 · Year 2026 Trading · PO-2026-A · Confirmed',
      'SO-2026-00008CU-2026 · Year 2026 Trading · Paid',
      'INV-2026-00003CU-2026 · Year 2026 Trading · Posted',
    ]);
    for (const g of ['Customers', 'Sales orders', 'Invoices']) expect(within(list).getByText(g)).toBeInTheDocument();
    // Every list is asked for the trimmed text, a few rows each.
    expect(asked.get('/api/v1/sales-orders')).toEqual({ q: '2026', limit: 5 });
    expect(asked.get('/api/v1/invoices')).toEqual({ q: '2026', limit: 5 });
    expect(asked.get('/api/v1/quotations')).toEqual({ q: '2026', limit: 5 });
    // Without the permission a list is not asked at all.
    expect(asked.has('/api/v1/tickets')).toBe(false);
    expect(asked.has('/api/v1/leads')).toBe(false);

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(options[2]).toHaveAttribute('aria-selected', 'true');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByTestId('where')).toHaveTextContent('/orders/so_2');
    expect(onClose).toHaveBeenCalled();
  });

  it('finds tickets for a service agent, in Chinese', async () => {
    session.grants = ['support.ticket.read'];
    await i18n.changeLanguage('zh-CN');
    show();
    fireEvent.change(screen.getByRole('combobox', { name: '搜索' }), { target: { value: 'TK-2026' } });
    const list = await screen.findByRole('listbox', {}, { timeout: 3000 });
    expect(within(list).getByText('工单')).toBeInTheDocument();
    expect(within(list).getAllByRole('option')).toHaveLength(1);
    expect(within(list).getByText('TK-2026-00001 Broken breaker')).toBeInTheDocument();
    expect(asked.has('/api/v1/parties')).toBe(false);
  });
});
