import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatQuantity } from './format';

describe('formatMoney', () => {
  it('uses the currency and the locale', () => {
    expect(formatMoney({ amount: '1234.50', currency: 'USD' }, 'en')).toBe('$1,234.50');
    expect(formatMoney({ amount: '1234.50', currency: 'CNY' }, 'zh-CN')).toBe('¥1,234.50');
    expect(formatMoney({ amount: '1234.5', currency: 'EUR' }, 'en')).toBe('€1,234.50');
  });

  it('keeps every digit of large amounts (no float rounding)', () => {
    // 2^53 + 1 cannot be a JavaScript number; as a string it is exact.
    expect(formatMoney({ amount: '9007199254740993.01', currency: 'USD' }, 'en')).toBe('$9,007,199,254,740,993.01');
  });

  it('shows a currency without minor units as such', () => {
    expect(formatMoney({ amount: '1500', currency: 'JPY' }, 'en')).toBe('¥1,500');
  });

  it('shows negatives and tolerates a missing amount', () => {
    expect(formatMoney({ amount: '-12.30', currency: 'USD' }, 'en')).toBe('-$12.30');
    expect(formatMoney(undefined, 'en')).toBe('');
  });

  it('falls back to the plain value for a code Intl does not know', () => {
    expect(formatMoney({ amount: '1.00', currency: 'X1' }, 'en')).toBe('1.00 X1');
  });
});

describe('formatQuantity', () => {
  it('shows up to four decimals, grouped per locale', () => {
    expect(formatQuantity('12345.1250', 'en')).toBe('12,345.125');
    expect(formatQuantity('2.5', 'zh-CN')).toBe('2.5');
    expect(formatQuantity('', 'en')).toBe('');
  });
});

describe('formatDateTime', () => {
  it('shows a UTC instant in the user time zone', () => {
    const iso = '2026-03-01T23:30:00Z';
    expect(formatDateTime(iso, 'en', 'UTC')).toContain('11:30');
    // Shanghai is UTC+8: the next day, 07:30.
    const sh = formatDateTime(iso, 'zh-CN', 'Asia/Shanghai');
    expect(sh).toContain('2026年3月2日');
    expect(sh).toContain('07:30');
  });

  it('does not throw on an unknown time zone', () => {
    expect(formatDateTime('2026-03-01T23:30:00Z', 'en', 'Mars/Olympus')).toContain('2026');
  });
});

describe('formatDate', () => {
  it('shows a business date as that day in every locale (no time-zone shift)', () => {
    expect(formatDate('2026-03-01', 'en-US')).toBe('Mar 1, 2026');
    expect(formatDate('2026-03-01', 'zh-CN')).toBe('2026年3月1日');
    expect(formatDate(undefined, 'en')).toBe('');
  });
});
