import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v as object, `${prefix}${k}.`)));
}

function leaves(o: object): string[] {
  return Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v as object)));
}

describe('messages', () => {
  it('zh-CN has exactly the English keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('zh-CN is translated (no empty strings) and uses the same placeholders', () => {
    const e = Object.fromEntries(keys(en).map((k, i) => [k, leaves(en)[i]]));
    const z = Object.fromEntries(keys(zhCN).map((k, i) => [k, leaves(zhCN)[i]]));
    for (const k of Object.keys(e)) {
      expect(z[k], k).not.toBe('');
      const ph = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(ph(z[k]), k).toEqual(ph(e[k]));
    }
  });
});
