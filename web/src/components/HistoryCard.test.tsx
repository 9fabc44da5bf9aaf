import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { can } from '../auth/permissions';
import i18n from '../i18n';
import { HistoryCard } from './HistoryCard';

const session = vi.hoisted(() => ({ grants: [] as string[] }));
const asked = vi.hoisted(() => [] as { path: string; query?: unknown }[]);
const entries = vi.hoisted(() => ({ data: [] as unknown[] }));

vi.mock('../auth/session', () => ({
  useSession: () => ({ me: { user: { id: 'usr_me', name: 'Mia', time_zone: 'UTC' } }, may: (perm: string) => can(session.grants, perm) }),
}));

vi.mock('../api/client', () => ({
  api: {
    GET: (path: string, opts?: { params?: { query?: unknown } }) => {
      asked.push({ path, query: opts?.params?.query });
      return Promise.resolve({ data: { data: entries.data, next_cursor: null } });
    },
  },
  must: <T,>(r: { data?: T }) => r.data as T,
}));

const entry = (over: Record<string, unknown>) => ({
  seq: 1,
  id: 'aud_' + String(over.action),
  occurred_at: '2026-11-28T09:30:00Z',
  actor_type: 'user',
  actor_id: 'usr_me',
  entity_type: 'sales_order',
  entity_id: 'so_1',
  hash: 'x',
  ...over,
});

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <HistoryCard entityType="sales_order" entityId="so_1" />
    </QueryClientProvider>,
  );
}

beforeEach(async () => {
  asked.length = 0;
  await i18n.changeLanguage('en');
});

describe('HistoryCard', () => {
  it('lists a record’s changes newest first: what was done, when, by whom and which fields changed', async () => {
    session.grants = ['identity.audit.read'];
    entries.data = [
      entry({
        action: 'confirm',
        before: { status: 'draft', version: 1, total: { amount: '10.00', currency: 'EUR' } },
        after: { status: 'confirmed', version: 2, total: { amount: '12.50', currency: 'EUR' } },
      }),
      entry({ action: 'reprice', actor_type: 'system', actor_id: 'system:jobs' }),
      entry({ action: 'create', after: { status: 'draft', number: 'SO-2026-00001' } }),
    ];
    show();
    const card = await screen.findByRole('heading', { name: 'History' });
    await screen.findByText('Confirmed');
    const items = await within(card.closest('.ant-card') as HTMLElement).findAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Confirmed · Nov 28, 2026, 9:30 AM · Miastatus draft → confirmedtotal €10.00 → €12.50',
      'reprice · Nov 28, 2026, 9:30 AM · System',
      'Created · Nov 28, 2026, 9:30 AM · Mia',
    ]);
    expect(asked).toEqual([{ path: '/api/v1/audit', query: { entity_type: 'sales_order', entity_id: 'so_1', limit: 50 } }]);
  });

  it('says when nothing was recorded, in Chinese too', async () => {
    session.grants = ['identity.*'];
    entries.data = [];
    await i18n.changeLanguage('zh-CN');
    show();
    expect(await screen.findByText('尚无变更记录。')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '变更记录' })).toBeInTheDocument();
  });

  it('is not there for a user who may not read the audit log, and asks nothing', () => {
    session.grants = ['sales.*'];
    const { container } = show();
    expect(container).toBeEmptyDOMElement();
    expect(asked).toEqual([]);
  });
});
