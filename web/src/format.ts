import type { Amount } from './api/types';

// Amounts and quantities arrive as exact decimal strings. Intl.NumberFormat
// formats a numeric string exactly (no float rounding), so they are passed
// through as strings, never parsed into numbers.
type Decimal = `${number}`;

function asDecimal(s: string): Decimal {
  return s.trim() as Decimal;
}

function fmt(nf: Intl.NumberFormat, s: string): string {
  return (nf.format as unknown as (v: Decimal) => string)(asDecimal(s));
}

/** formatMoney shows an amount in the locale's way, with the currency's own digits. */
export function formatMoney(a: Amount | undefined | null, locale: string): string {
  if (!a) return '';
  try {
    return fmt(new Intl.NumberFormat(locale, { style: 'currency', currency: a.currency }), a.amount);
  } catch {
    return `${a.amount} ${a.currency}`;
  }
}

/** formatQuantity shows a quantity (up to 4 decimals, as the API keeps them). */
export function formatQuantity(q: string | undefined | null, locale: string): string {
  if (q === undefined || q === null || q === '') return '';
  return fmt(new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }), q);
}

/** formatDateTime shows a UTC instant in the user's time zone. */
export function formatDateTime(iso: string | undefined | null, locale: string, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d);
  }
}

/** formatDate shows a business date (YYYY-MM-DD, no time zone) in the locale's way. */
export function formatDate(day: string | undefined | null, locale: string): string {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** formatMonth shows a month (YYYY-MM) in the locale's way, e.g. "Mar 2026" or "2026年3月". */
export function formatMonth(month: string | undefined | null, locale: string): string {
  if (!month) return '';
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

/** formatPercent shows a percentage given as a decimal string (75.00 is 75 %). */
export function formatPercent(p: string | number | undefined | null, locale: string): string {
  if (p === undefined || p === null || p === '') return '';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Number(p) / 100);
}
