import { Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../api/types';
import { StatusTag } from '../../components/StatusTag';
import { useFormat } from '../../components/useFormat';
import { span } from './tags';

/** useNow ticks every 30 seconds so countdowns stay current. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** Countdown shows a target: met (when), or due in / overdue by, red when breached. */
export function Countdown({ due, met, breached, warned, now }: { due?: string | null; met?: string | null; breached?: string | null; warned?: string | null; now: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!due) return <>—</>;
  if (met) {
    const late = Date.parse(met) > Date.parse(due);
    return <StatusTag tone={late ? 'red' : 'green'}>{t('support.tickets.met', { at: f.dateTime(met) })}</StatusTag>;
  }
  const left = Date.parse(due) - now;
  if (left < 0 || breached) return <StatusTag tone="red">{t('support.tickets.overdue', { time: span(left) })}</StatusTag>;
  return (
    <Space size={4}>
      <StatusTag tone={warned ? 'orange' : 'blue'}>{t('support.tickets.dueIn', { time: span(left) })}</StatusTag>
      <Typography.Text type="secondary">{f.dateTime(due)}</Typography.Text>
    </Space>
  );
}

/** NextDue is the one countdown a queue shows: the first response until it is given, then the resolution. */
export function NextDue({ ticket, now }: { ticket: Ticket; now: number }) {
  const s = ticket.sla;
  if (ticket.status === 'resolved' || ticket.status === 'closed') return <>—</>;
  if (!s.first_responded_at && s.first_response_due)
    return <Countdown due={s.first_response_due} breached={s.response_breached_at} warned={s.response_warned_at} now={now} />;
  return <Countdown due={s.resolution_due} breached={s.resolution_breached_at} warned={s.resolution_warned_at} now={now} />;
}
