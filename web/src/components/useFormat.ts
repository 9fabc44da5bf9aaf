import { useTranslation } from 'react-i18next';
import type { Amount } from '../api/types';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime, formatMoney, formatMonth, formatPercent, formatQuantity } from '../format';

/** useFormat binds the formatters to the user's language and time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { me } = useSession();
  const locale = i18n.language;
  const tz = me.user.time_zone || 'UTC';
  return {
    money: (a: Amount | undefined | null) => formatMoney(a, locale),
    quantity: (q: string | undefined | null) => formatQuantity(q, locale),
    dateTime: (iso: string | undefined | null) => formatDateTime(iso, locale, tz),
    date: (day: string | undefined | null) => formatDate(day, locale),
    month: (month: string | undefined | null) => formatMonth(month, locale),
    percent: (p: string | number | undefined | null) => formatPercent(p, locale),
  };
}
