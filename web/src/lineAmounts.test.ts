import { describe, expect, it } from 'vitest';
import { currencyDigits, divRound, formatMinor, isShort, lineAmounts, parseDecimal, sumAmounts } from './lineAmounts';

describe('lineAmounts', () => {
  it('prices quantity × unit price without discount or tax', () => {
    expect(lineAmounts('19.00', '3', '', undefined, 2)).toEqual({ net: '57.00', tax: '0.00', total: '57.00' });
  });

  it('rounds the gross once, half away from zero', () => {
    // 0.125 → 0.13
    expect(lineAmounts('0.25', '0.5', undefined, undefined, 2)?.net).toBe('0.13');
    expect(lineAmounts('1.005', '1', undefined, undefined, 2)?.net).toBe('1.01');
  });

  it('applies the discount to the rounded gross, then an excluded tax on the net', () => {
    // gross 3 × 33.33 = 99.99; 10% off → 89.991 → 89.99; 19% → 17.0981 → 17.10
    expect(lineAmounts('33.33', '3', '10', { rate: '19.00', included: false }, 2)).toEqual({ net: '89.99', tax: '17.10', total: '107.09' });
  });

  it('takes an included tax out of the amount', () => {
    // 119.00 incl. 19% → base 100.00, tax 19.00
    expect(lineAmounts('119.00', '1', '0', { rate: '19', included: true }, 2)).toEqual({ net: '100.00', tax: '19.00', total: '119.00' });
  });

  it('handles fractional discounts and quantities exactly (no float error)', () => {
    // 0.1 × 3 = 0.3 exactly; 12.5% off 0.30 → 0.2625 → 0.26
    expect(lineAmounts('0.10', '3', '12.5', undefined, 2)?.net).toBe('0.26');
  });

  it('is undefined while an input is not a number', () => {
    expect(lineAmounts('', '1', '', undefined, 2)).toBeUndefined();
    expect(lineAmounts('1.00', 'abc', '', undefined, 2)).toBeUndefined();
  });

  it('uses the currency digits', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('USD')).toBe(2);
    expect(lineAmounts('100', '1.5', '', undefined, 0)?.total).toBe('150');
  });
});

describe('decimal helpers', () => {
  it('parses and formats', () => {
    expect(parseDecimal('12.345')).toEqual({ n: 12345n, scale: 3 });
    expect(parseDecimal('-0.5')).toEqual({ n: -5n, scale: 1 });
    expect(parseDecimal('1e3')).toBeUndefined();
    expect(formatMinor(-5n, 2)).toBe('-0.05');
    expect(formatMinor(12345n, 0)).toBe('12345');
  });

  it('rounds half away from zero both ways', () => {
    expect(divRound(5n, 10n)).toBe(1n);
    expect(divRound(-5n, 10n)).toBe(-1n);
    expect(divRound(4n, 10n)).toBe(0n);
  });

  it('sums rounded lines', () => {
    expect(sumAmounts(['57.00', '89.99', 'x'], 2)).toBe('146.99');
  });

  it('tells a short line', () => {
    expect(isShort('5000', '17')).toBe(true);
    expect(isShort('17', '17.0')).toBe(false);
    expect(isShort('2.5', '2.49')).toBe(true);
  });
});
