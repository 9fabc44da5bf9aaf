import {
  AppstoreOutlined,
  BulbOutlined,
  CustomerServiceOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Empty, Input, Modal, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, must } from '../api/client';
import { useSession } from '../auth/session';
import { InvoiceStatusTag, OrderStatusTag, QuotationStatusTag } from '../components/docStatus';
import { ErrorAlert } from '../components/ErrorAlert';
import { PartyName } from '../components/names';
import { LeadStatusTag, leadName } from '../pages/crm/leadParts';
import { TicketStatusTag } from '../pages/support/tags';

interface Hit {
  key: string;
  group: Group;
  title: string;
  sub: ReactNode;
  to: string;
}

/** How many hits each kind of record shows at most. */
const perGroup = 5;

/** The kinds of record the search covers, in the order they are listed. */
const groups = {
  customers: { perm: 'party.party.read', icon: <TeamOutlined aria-hidden /> },
  products: { perm: 'product.product.read', icon: <AppstoreOutlined aria-hidden /> },
  leads: { perm: 'crm.lead.read', icon: <BulbOutlined aria-hidden /> },
  quotations: { perm: 'sales.quotation.read', icon: <FileDoneOutlined aria-hidden /> },
  orders: { perm: 'sales.order.read', icon: <ShoppingCartOutlined aria-hidden /> },
  invoices: { perm: 'billing.invoice.read', icon: <FileTextOutlined aria-hidden /> },
  tickets: { perm: 'support.ticket.read', icon: <CustomerServiceOutlined aria-hidden /> },
} as const;
type Group = keyof typeof groups;

/** customerAnd is a document's second line: its customer, then what else tells it apart. */
function customerAnd(customer: string, ...rest: ReactNode[]) {
  return (
    <>
      <PartyName id={customer} />
      {rest.map((r, i) => (
        <span key={i}> · {r}</span>
      ))}
    </>
  );
}

/** rows is a list's page of rows; an empty page may come as null. */
const rows = <T,>(page: { data: T[] | null }) => page.data ?? [];

/** search asks each list the user may read for q and lists the hits, group by group. */
async function search(q: string, allowed: Group[]): Promise<Hit[]> {
  const query = { q, limit: perGroup };
  const find: Record<Group, () => Promise<Hit[]>> = {
    customers: async () =>
      rows(must(await api.GET('/api/v1/parties', { params: { query: { ...query, role: 'customer' } } }))).map((p) => ({
        key: p.id,
        group: 'customers',
        title: p.legal_name,
        sub: [p.code, p.local_name, p.email].filter(Boolean).join(' · '),
        to: `/customers/${p.id}`,
      })),
    products: async () =>
      rows(must(await api.GET('/api/v1/products', { params: { query } }))).map((p) => ({
        key: p.id,
        group: 'products',
        title: p.name,
        sub: [p.code, p.barcode].filter(Boolean).join(' · '),
        to: `/products/${p.id}`,
      })),
    leads: async () =>
      rows(must(await api.GET('/api/v1/leads', { params: { query } }))).map((l) => ({
        key: l.id,
        group: 'leads',
        title: leadName(l),
        sub: (
          <>
            {[l.company_name, l.email].filter(Boolean).join(' · ')} <LeadStatusTag status={l.status} />
          </>
        ),
        to: `/leads/${l.id}`,
      })),
    quotations: async () =>
      rows(must(await api.GET('/api/v1/quotations', { params: { query } }))).map((d) => ({
        key: d.id,
        group: 'quotations',
        title: d.number,
        sub: customerAnd(d.customer_id, <QuotationStatusTag quotation={d} />),
        to: `/quotations/${d.id}`,
      })),
    orders: async () =>
      rows(must(await api.GET('/api/v1/sales-orders', { params: { query } }))).map((d) => ({
        key: d.id,
        group: 'orders',
        title: d.number,
        sub: customerAnd(d.customer_id, ...(d.reference ? [d.reference] : []), <OrderStatusTag status={d.status} />),
        to: `/orders/${d.id}`,
      })),
    invoices: async () =>
      rows(must(await api.GET('/api/v1/invoices', { params: { query } }))).map((d) => ({
        key: d.id,
        group: 'invoices',
        title: d.number ?? '',
        sub: customerAnd(d.customer_id, <InvoiceStatusTag status={d.status} />),
        to: `/invoices/${d.id}`,
      })),
    tickets: async () =>
      rows(must(await api.GET('/api/v1/tickets', { params: { query } }))).map((d) => ({
        key: d.id,
        group: 'tickets',
        title: `${d.number} ${d.subject}`,
        sub: customerAnd(d.customer_id, <TicketStatusTag status={d.status} />),
        to: `/tickets/${d.id}`,
      })),
  };
  return (await Promise.all(allowed.map((g) => find[g]()))).flat();
}

function useDebounced<T>(v: T, ms: number): T {
  const [d, setD] = useState(v);
  useEffect(() => {
    const id = setTimeout(() => setD(v), ms);
    return () => clearTimeout(id);
  }, [v, ms]);
  return d;
}

/**
 * SearchPalette is the global search (Ctrl/Cmd-K) over customers, products,
 * leads, quotations, orders, invoices and tickets: each list the user may
 * read is asked for the text (its q: code, name, e-mail or number). Arrow
 * keys move, Enter opens, Esc closes.
 */
export function SearchPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const allowed = (Object.keys(groups) as Group[]).filter((g) => may(groups[g].perm));
  const results = useQuery({
    queryKey: ['search', q, allowed],
    enabled: open && q.length >= 2,
    queryFn: () => search(q, allowed),
  });
  const hits = useMemo(() => (q.length >= 2 ? (results.data ?? []) : []), [q, results.data]);

  const go = (h: Hit | undefined) => {
    if (!h) return;
    onClose();
    setText('');
    navigate(h.to);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(hits[active]);
    }
  };

  let body;
  if (q.length < 2) body = <Typography.Text type="secondary">{t('search.typeMore')}</Typography.Text>;
  else if (results.error) body = <ErrorAlert error={results.error} />;
  else if (results.isPending) body = <Spin />;
  else if (hits.length === 0) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.empty')} />;
  else
    body = (
      <ul role="listbox" id="search-results" aria-label={t('search.label')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {hits.map((h, i) => {
          const first = i === 0 || hits[i - 1].group !== h.group;
          return (
            <li key={h.key} role="presentation">
              {first && (
                <div role="presentation" style={{ fontSize: 12, color: '#595959', margin: '8px 0 4px' }}>
                  {t(`search.${h.group}`)}
                </div>
              )}
              <div
                role="option"
                id={`hit-${i}`}
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => go(h)}
                style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '6px 8px', borderRadius: 6, cursor: 'pointer', background: i === active ? '#e6f4ff' : undefined }}
              >
                {groups[h.group].icon}
                <span style={{ flex: 1, minWidth: 0 }}>{h.title}</span>
                <span style={{ color: '#595959', fontSize: 12, textAlign: 'right' }}>{h.sub}</span>
              </div>
            </li>
          );
        })}
      </ul>
    );

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('search.label')} destroyOnHidden width={620}>
      <Input
        autoFocus
        size="large"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="search-results"
        aria-activedescendant={hits.length > 0 ? `hit-${active}` : undefined}
      />
      <div style={{ marginTop: 12, minHeight: 80 }}>{body}</div>
    </Modal>
  );
}
