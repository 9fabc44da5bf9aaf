import { AppstoreOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Empty, Input, Modal, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, must } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';

interface Hit {
  key: string;
  group: 'customers' | 'products';
  title: string;
  sub: string;
  to: string;
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
 * SearchPalette is the global search (Ctrl/Cmd-K) over customers and
 * products, each searched by the API's full-text q. Arrow keys move, Enter
 * opens, Esc closes.
 */
export function SearchPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const customers = may('party.party.read');
  const products = may('product.product.read');
  const search = useQuery({
    queryKey: ['search', q, customers, products],
    enabled: open && q.length >= 2,
    queryFn: async (): Promise<Hit[]> => {
      const [cs, ps] = await Promise.all([
        customers ? api.GET('/api/v1/parties', { params: { query: { q, role: 'customer', limit: 6 } } }).then(must) : undefined,
        products ? api.GET('/api/v1/products', { params: { query: { q, limit: 6 } } }).then(must) : undefined,
      ]);
      return [
        ...(cs?.data ?? []).map((p) => ({ key: p.id, group: 'customers' as const, title: p.legal_name, sub: [p.code, p.local_name, p.email].filter(Boolean).join(' · '), to: `/customers/${p.id}` })),
        ...(ps?.data ?? []).map((p) => ({ key: p.id, group: 'products' as const, title: p.name, sub: [p.code, p.barcode].filter(Boolean).join(' · '), to: `/products/${p.id}` })),
      ];
    },
  });
  const hits = useMemo(() => (q.length >= 2 ? (search.data ?? []) : []), [q, search.data]);

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
  else if (search.error) body = <ErrorAlert error={search.error} />;
  else if (search.isPending) body = <Spin />;
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
                {h.group === 'customers' ? <TeamOutlined aria-hidden /> : <AppstoreOutlined aria-hidden />}
                <span style={{ flex: 1 }}>{h.title}</span>
                <span style={{ color: '#595959', fontSize: 12 }}>{h.sub}</span>
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
