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

/** A record found: its id, what it is called and a second line that tells it apart. */
interface Found {
  id: string;
  title: string;
  sub: ReactNode;
}

type Hit = Found & { group: Group };

/** How many hits each kind of record shows at most. */
const perGroup = 5;

/** The kinds of record the search covers, in the order they are listed. */
const groups = {
  customers: { perm: 'party.party.read', route: '/customers', icon: <TeamOutlined aria-hidden /> },
  products: { perm: 'product.product.read', route: '/products', icon: <AppstoreOutlined aria-hidden /> },
  leads: { perm: 'crm.lead.read', route: '/leads', icon: <BulbOutlined aria-hidden /> },
  quotations: { perm: 'sales.quotation.read', route: '/quotations', icon: <FileDoneOutlined aria-hidden /> },
  orders: { perm: 'sales.order.read', route: '/orders', icon: <ShoppingCartOutlined aria-hidden /> },
  invoices: { perm: 'billing.invoice.read', route: '/invoices', icon: <FileTextOutlined aria-hidden /> },
  tickets: { perm: 'support.ticket.read', route: '/tickets', icon: <CustomerServiceOutlined aria-hidden /> },
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
  const find: Record<Group, () => Promise<Found[]>> = {
    customers: async () =>
      rows(must(await api.GET('/api/v1/parties', { params: { query: { ...query, role: 'customer' } } }))).map((p) => ({
        id: p.id,
        title: p.legal_name,
        sub: [p.code, p.local_name, p.email].filter(Boolean).join(' · '),
      })),
    products: async () =>
      rows(must(await api.GET('/api/v1/products', { params: { query } }))).map((p) => ({
        id: p.id,
        title: p.name,
        sub: [p.code, p.barcode].filter(Boolean).join(' · '),
      })),
    leads: async () =>
      rows(must(await api.GET('/api/v1/leads', { params: { query } }))).map((l) => ({
        id: l.id,
        title: leadName(l),
        sub: (
          <>
            {[l.company_name, l.email].filter(Boolean).join(' · ')} <LeadStatusTag status={l.status} />
          </>
        ),
      })),
    quotations: async () =>
      rows(must(await api.GET('/api/v1/quotations', { params: { query } }))).map((d) => ({
        id: d.id,
        title: d.number,
        sub: customerAnd(d.customer_id, <QuotationStatusTag quotation={d} />),
      })),
    orders: async () =>
      rows(must(await api.GET('/api/v1/sales-orders', { params: { query } }))).map((d) => ({
        id: d.id,
        title: d.number,
        sub: customerAnd(d.customer_id, ...(d.reference ? [d.reference] : []), <OrderStatusTag status={d.status} />),
      })),
    invoices: async () =>
      rows(must(await api.GET('/api/v1/invoices', { params: { query } }))).map((d) => ({
        id: d.id,
        title: d.number ?? '',
        sub: customerAnd(d.customer_id, <InvoiceStatusTag status={d.status} />),
      })),
    tickets: async () =>
      rows(must(await api.GET('/api/v1/tickets', { params: { query } }))).map((d) => ({
        id: d.id,
        title: `${d.number} ${d.subject}`,
        sub: customerAnd(d.customer_id, <TicketStatusTag status={d.status} />),
      })),
  };
  return (await Promise.all(allowed.map(async (group) => (await find[group]()).map((f) => ({ ...f, group }))))).flat();
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
    navigate(`${groups[h.group].route}/${h.id}`);
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
            <li key={h.id} role="presentation">
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
