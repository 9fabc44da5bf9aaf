// Client-side line and order totals, for display while an order is being
// entered. They follow the server's rule (docs/architecture.md, "Sales
// orders"): gross = unit price × quantity, rounded once to the currency's
// minor unit; net = gross × (100 − discount) / 100, rounded; an excluded tax
// is net × rate, rounded; an included one is taken out (base = net ÷ (1 +
// rate), tax = net − base). Rounding is half away from zero. Exact integer
// arithmetic (BigInt) throughout: never floats for money. The server's
// answer after saving is the truth.

/** parseDecimal reads "12.345" as 12345n at scale 3; undefined when it is not a plain decimal. */
export function parseDecimal(s: string | undefined | null): { n: bigint; scale: number } | undefined {
  if (s === undefined || s === null) return undefined;
  const m = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  const n = BigInt((m[2] || '0') + frac);
  return { n: m[1] === '-' ? -n : n, scale: frac.length };
}

const pow10 = (k: number) => 10n ** BigInt(k);

/** divRound divides rounding half away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  if (b < 0n) return divRound(-a, -b);
  const neg = a < 0n;
  const abs = neg ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return neg ? -q : q;
}

/** toScale brings a parsed decimal to a scale, rounding half away from zero. */
function toScale(d: { n: bigint; scale: number }, scale: number): bigint {
  if (d.scale <= scale) return d.n * pow10(scale - d.scale);
  return divRound(d.n, pow10(d.scale - scale));
}

/** formatMinor writes minor units as a decimal string with the given digits. */
export function formatMinor(n: bigint, digits: number): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(digits + 1, '0');
  const out = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return neg ? `-${out}` : out;
}

/** currencyDigits is the currency's number of minor digits (2 for USD, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export interface LineTax {
  /** The rate as a decimal percentage string, e.g. "19.00". */
  rate: string;
  included: boolean;
}

export interface LineAmounts {
  net: string;
  tax: string;
  total: string;
}

/** lineAmounts prices one line; undefined while an input is missing or not a number. */
export function lineAmounts(unitPrice: string | undefined, quantity: string | undefined, discountPercent: string | undefined, tax: LineTax | undefined, digits: number): LineAmounts | undefined {
  const p = parseDecimal(unitPrice);
  const q = parseDecimal(quantity);
  const d = discountPercent === undefined || discountPercent.trim() === '' ? { n: 0n, scale: 0 } : parseDecimal(discountPercent);
  if (!p || !q || !d) return undefined;
  // Percentages as parts per million of the whole, as the server keeps them.
  const discountPpm = toScale(d, 4);
  const gross = divRound(p.n * q.n * pow10(digits), pow10(p.scale + q.scale));
  let net = divRound(gross * (1_000_000n - discountPpm), 1_000_000n);
  let taxMinor = 0n;
  if (tax) {
    const r = parseDecimal(tax.rate);
    if (!r) return undefined;
    const ratePpm = toScale(r, 4);
    if (tax.included) {
      const base = divRound(net * 1_000_000n, 1_000_000n + ratePpm);
      taxMinor = net - base;
      net = base;
    } else {
      taxMinor = divRound(net * ratePpm, 1_000_000n);
    }
  }
  return { net: formatMinor(net, digits), tax: formatMinor(taxMinor, digits), total: formatMinor(net + taxMinor, digits) };
}

/** sumAmounts adds decimal strings of one currency (the order's subtotal, tax and total are sums of the rounded lines). */
export function sumAmounts(values: string[], digits: number): string {
  let s = 0n;
  for (const v of values) {
    const d = parseDecimal(v);
    if (d) s += toScale(d, digits);
  }
  return formatMinor(s, digits);
}

/** isShort compares two decimal quantities: true when wanted is more than available. */
export function isShort(wanted: string | undefined, available: string | undefined): boolean {
  const w = parseDecimal(wanted);
  const a = parseDecimal(available);
  if (!w || !a) return false;
  const scale = Math.max(w.scale, a.scale);
  return toScale(w, scale) > toScale(a, scale);
}
