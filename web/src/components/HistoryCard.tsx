import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Skeleton, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, must } from '../api/client';
import type { components } from '../api/schema';
import { useSession } from '../auth/session';
import { ErrorAlert } from './ErrorAlert';
import { UserName } from './names';
import { useFormat } from './useFormat';

type Entry = components['schemas']['AuditEntry'];

/** How many changes the card shows: the latest ones. */
const shown = 50;

// Fields every change touches; listing them would hide what changed.
const noise = new Set(['version', 'updated_at', 'created_at']);

/** Actions with a translated name; any other shows as the API names it. */
const named = new Set([
  'create', 'update', 'delete', 'merge', 'confirm', 'cancel', 'close', 'submit', 'approve', 'reject', 'deliver', 'invoice',
  'pay', 'post', 'settle', 'credit', 'send', 'revise', 'convert', 'pick', 'pack', 'ship', 'status', 'assign', 'contact',
  'qualify', 'disqualify', 'move', 'win', 'lose', 'receive',
]);

/** Actor shows who made a change: a user (or a user's API token) by name, else the system job. */
function Actor({ id, type }: { id: string; type: Entry['actor_type'] }) {
  const { t } = useTranslation();
  if (type === 'system') return <>{t('history.system')}</>;
  const user = id.split('/')[0];
  return (
    <>
      <UserName id={user} />
      {type === 'token' && ` (${t('history.token')})`}
    </>
  );
}

/**
 * HistoryCard is a record's audit trail, newest first: when, who, what was
 * done and which fields changed from what to what. It shows only to those
 * who may read the audit log (identity.audit.read).
 */
export function HistoryCard({ entityType, entityId }: { entityType: string; entityId: string }) {
  const { t } = useTranslation();
  const { may } = useSession();
  const f = useFormat();
  const allowed = may('identity.audit.read');
  const q = useQuery({
    queryKey: ['audit', entityType, entityId],
    enabled: allowed,
    queryFn: async () =>
      must(await api.GET('/api/v1/audit', { params: { query: { entity_type: entityType, entity_id: entityId, limit: shown } } })),
  });
  if (!allowed) return null;

  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'object' && !Array.isArray(v) && 'amount' in v && 'currency' in v) return f.money(v as { amount: string; currency: string });
    if (typeof v === 'object') {
      const s = JSON.stringify(v);
      return s.length > 60 ? s.slice(0, 59) + '…' : s;
    }
    return String(v);
  };
  const changes = (e: Entry) => {
    if (e.action === 'create' || !e.after) return [];
    const before = (e.before ?? {}) as Record<string, unknown>;
    const after = e.after as Record<string, unknown>;
    return Object.keys({ ...before, ...after })
      .filter((k) => !noise.has(k))
      .map((k) => (
        <div key={k} style={{ fontSize: 12, color: '#595959' }}>
          <Typography.Text code>{k}</Typography.Text> {value(before[k])} → {value(after[k])}
        </div>
      ));
  };

  let body;
  if (q.isPending) body = <Skeleton active paragraph={{ rows: 3 }} />;
  else if (q.error) body = <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  else if (!q.data.data?.length) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} />;
  else
    body = (
      <Timeline
        items={q.data.data.map((e) => ({
          key: e.id,
          children: (
            <>
              <Typography.Text strong>{named.has(e.action) ? t(`history.actions.${e.action}`) : e.action}</Typography.Text>
              <Typography.Text type="secondary">
                {' · '}
                {f.dateTime(e.occurred_at)}
                {' · '}
                <Actor id={e.actor_id} type={e.actor_type} />
              </Typography.Text>
              {changes(e)}
            </>
          ),
        }))}
      />
    );
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('history.title')}</h2>} style={{ marginBottom: 16 }}>
      {body}
    </Card>
  );
}
