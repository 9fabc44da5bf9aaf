import { useTranslation } from 'react-i18next';
import type { InvoiceStatus, OrderStatus, Quotation, ShipmentStatus } from '../api/types';
import { StatusTag, type Tone } from './StatusTag';

export const orderStatuses: OrderStatus[] = ['draft', 'pending_approval', 'confirmed', 'partially_delivered', 'delivered', 'invoiced', 'paid', 'closed', 'cancelled'];
export const shipmentStatuses: ShipmentStatus[] = ['to_pick', 'picked', 'packed', 'shipped', 'delivered', 'cancelled'];
export const invoiceStatuses: InvoiceStatus[] = ['draft', 'posted', 'partially_paid', 'paid', 'cancelled'];
export const quotationStatuses: Quotation['status'][] = ['draft', 'sent', 'accepted'];

const orderTones: Record<OrderStatus, Tone> = {
  draft: 'grey',
  pending_approval: 'gold',
  confirmed: 'blue',
  partially_delivered: 'orange',
  delivered: 'blue',
  invoiced: 'blue',
  paid: 'green',
  closed: 'grey',
  cancelled: 'red',
};
const shipmentTones: Record<ShipmentStatus, Tone> = { to_pick: 'gold', picked: 'orange', packed: 'orange', shipped: 'blue', delivered: 'green', cancelled: 'red' };
const invoiceTones: Record<InvoiceStatus, Tone> = { draft: 'grey', posted: 'blue', partially_paid: 'orange', paid: 'green', cancelled: 'red' };
const quotationTones: Record<Quotation['status'], Tone> = { draft: 'grey', sent: 'blue', accepted: 'green' };

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <StatusTag tone={orderTones[status] ?? 'grey'}>{t(`orders.statuses.${status}`)}</StatusTag>;
}

export function ShipmentStatusTag({ status }: { status: ShipmentStatus }) {
  const { t } = useTranslation();
  return <StatusTag tone={shipmentTones[status] ?? 'grey'}>{t(`shipments.statuses.${status}`)}</StatusTag>;
}

export function InvoiceStatusTag({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return <StatusTag tone={invoiceTones[status] ?? 'grey'}>{t(`invoices.statuses.${status}`)}</StatusTag>;
}

/** quotationLapsed: the validity has passed on a quotation not yet accepted (an accepted one became an order). */
export const quotationLapsed = (q: Pick<Quotation, 'status' | 'expired'>) => q.expired && q.status !== 'accepted';

/** QuotationStatusTag shows a quotation's status, or "Expired" once its validity has passed. */
export function QuotationStatusTag({ quotation: q }: { quotation: Pick<Quotation, 'status' | 'expired'> }) {
  const { t } = useTranslation();
  if (quotationLapsed(q)) return <StatusTag tone="red">{t('quotes.expired')}</StatusTag>;
  return <StatusTag tone={quotationTones[q.status] ?? 'grey'}>{t(`quotes.statuses.${q.status}`)}</StatusTag>;
}
