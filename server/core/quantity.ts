/**
 * The one owner of Kubernetes resource quantities (`500m`, `1Gi`, `2e3`) — compared exactly: values are kept as
 * BigInt nano-units, rounded up like apimachinery does below its 1n precision.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value × 10⁹, rounded up. */
  nanos: bigint;
  format: QuantityFormat;
}

const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export function parseQuantity(input: string): Quantity | undefined {
  const m = QUANTITY.exec(input.trim());
  if (!m || input.trim() === '') return undefined;
  const [, sign, number, suffix = ''] = m;
  const [whole, frac = ''] = number.split('.');
  const digits = BigInt((whole || '0') + frac);
  let exp10 = -frac.length;
  let exp2 = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY) {
    exp2 = BINARY[suffix];
    format = 'BinarySI';
  } else if (suffix in DECIMAL) {
    exp10 += DECIMAL[suffix];
  } else {
    exp10 += Number(suffix.slice(1));
    format = 'DecimalExponent';
  }
  const scaled = digits * 2n ** BigInt(exp2);
  const shift = exp10 + 9;
  let nanos: bigint;
  if (shift >= 0) nanos = scaled * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    nanos = scaled / div + (scaled % div === 0n ? 0n : 1n);
  }
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

export function quantityToNumber(q: Quantity): number {
  return Number(q.nanos) / 1e9;
}

/** Canonical text, as apimachinery prints a quantity of the given format. */
export function formatQuantity(q: Quantity): string {
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? '-' : '';
  if (abs === 0n) return '0';
  let format = q.format;
  // Small or fractional byte counts print as decimal, as apimachinery does.
  if (format === 'BinarySI' && (abs < 1024n * 1_000_000_000n || abs % 1_000_000_000n !== 0n)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let units = abs / 1_000_000_000n;
    let power = 0;
    while (power < 6 && units % 1024n === 0n) {
      units /= 1024n;
      power++;
    }
    return `${sign}${units}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power]}`;
  }
  // Decimal: find the largest exponent (multiple of 3, from -9) that keeps the mantissa integral.
  let mantissa = abs;
  let exp = -9;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (format === 'DecimalExponent') return `${sign}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
  const suffix = Object.entries(DECIMAL).find(([, e]) => e === exp)?.[0] ?? '';
  return `${sign}${mantissa}${suffix}`;
}

export function quantityFromNanos(nanos: bigint, format: QuantityFormat): Quantity {
  return { nanos, format };
}

/** A quantity (text or number) as a plain number (`500m` → 0.5, `1Gi` → 1073741824); undefined when it is none. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const parsed = parseQuantity(q);
  return parsed ? quantityToNumber(parsed) : undefined;
}
