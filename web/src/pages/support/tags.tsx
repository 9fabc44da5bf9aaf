import { useTranslation } from 'react-i18next';
import type { ReturnStatus, TicketPriority, TicketStatus } from '../../api/types';
import { StatusTag, type Tone } from '../../components/StatusTag';

export const ticketStatuses: TicketStatus[] = ['new', 'open', 'pending_customer', 'resolved', 'closed'];
export const priorities: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
export const returnStatuses: ReturnStatus[] = ['authorized', 'received', 'credited', 'cancelled'];

const statusTones: Record<TicketStatus, Tone> = { new: 'gold', open: 'blue', pending_customer: 'orange', resolved: 'green', closed: 'grey' };
const priorityTones: Record<TicketPriority, Tone> = { low: 'grey', normal: 'blue', high: 'orange', urgent: 'red' };
const returnTones: Record<ReturnStatus, Tone> = { authorized: 'gold', received: 'blue', credited: 'green', cancelled: 'red' };

export function TicketStatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return <StatusTag tone={statusTones[status] ?? 'grey'}>{t(`support.tickets.statuses.${status}`)}</StatusTag>;
}

export function PriorityTag({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return <StatusTag tone={priorityTones[priority] ?? 'grey'}>{t(`support.tickets.priorities.${priority}`)}</StatusTag>;
}

export function ReturnStatusTag({ status }: { status: ReturnStatus }) {
  const { t } = useTranslation();
  return <StatusTag tone={returnTones[status] ?? 'grey'}>{t(`support.returns.statuses.${status}`)}</StatusTag>;
}

/** span renders a duration as "2d 3h 5m" (days, hours, minutes; at least minutes). */
export function span(ms: number): string {
  const m = Math.max(0, Math.floor(Math.abs(ms) / 60000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const parts = [d && `${d}d`, h && `${h}h`, `${m % 60}m`].filter(Boolean);
  return parts.join(' ');
}
