/**
 * Kyverno's value-aware arithmetic (`add`, `subtract`, `multiply`, `divide`, `modulo`, `sum`):
 * plain numbers, quantities (`'10Mi'`) and durations (`'1h'`). A string is read as a quantity
 * first, so `'10m'` is ten milli-units, never ten minutes.
 */
import { formatDuration, parseDuration } from '../util/duration';
import { formatQuantity, parseQuantity, type Quantity } from '../util/quantity';

type Operand = { kind: 'number'; value: number } | { kind: 'quantity'; q: Quantity } | { kind: 'duration'; ns: number };

export function toOperand(fn: string, v: unknown, index: number): Operand {
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'string') {
    const q = parseQuantity(v);
    if (q) return { kind: 'quantity', q };
    const d = parseDuration(v);
    if (d !== undefined) return { kind: 'duration', ns: d };
  }
  throw new Error(`JMESPath function '${fn}': argument #${index + 1} is not of type Number, Quantity or Duration`);
}

function asQuantity(o: Operand): Quantity | undefined {
  if (o.kind === 'quantity') return o.q;
  if (o.kind === 'number') return parseQuantity(String(o.value));
  return undefined;
}

function asDuration(o: Operand): number | undefined {
  if (o.kind === 'duration') return o.ns;
  if (o.kind === 'number') return o.value * 1e9; // numbers beside durations are seconds
  return undefined;
}

function mismatch(fn: string): Error {
  return new Error(`JMESPath function '${fn}': types mismatch`);
}

export function addOrSubtract(fn: string, a: Operand, b: Operand, sign: 1 | -1): unknown {
  if (a.kind === 'number' && b.kind === 'number') return a.value + sign * b.value;
  if (a.kind === 'quantity' || b.kind === 'quantity') {
    const x = asQuantity(a);
    const y = asQuantity(b);
    if (!x || !y) throw mismatch(fn);
    return formatQuantity({
      nanos: x.nanos + BigInt(sign) * y.nanos,
      format: (a.kind === 'quantity' ? a.q : y).format,
    });
  }
  const x = asDuration(a);
  const y = asDuration(b);
  if (x === undefined || y === undefined) throw mismatch(fn);
  return formatDuration(x + sign * y);
}

export function multiply(a: Operand, b: Operand): unknown {
  if (a.kind === 'number' && b.kind === 'number') return a.value * b.value;
  const [scalable, factor] = a.kind === 'number' ? [b, a] : [a, b];
  if (factor.kind !== 'number') throw mismatch('multiply');
  if (scalable.kind === 'quantity')
    return formatQuantity({ nanos: scaleNanos(scalable.q.nanos, factor.value), format: scalable.q.format });
  if (scalable.kind === 'duration') return formatDuration(scalable.ns * factor.value);
  throw mismatch('multiply');
}

export function divide(a: Operand, b: Operand): unknown {
  const zero =
    (b.kind === 'number' && b.value === 0) ||
    (b.kind === 'quantity' && b.q.nanos === 0n) ||
    (b.kind === 'duration' && b.ns === 0);
  if (zero) throw new Error(`JMESPath function 'divide': Zero divisor passed`);
  if (a.kind === 'number' && b.kind === 'number') return a.value / b.value;
  if (a.kind === 'quantity' && b.kind === 'number')
    return formatQuantity({ nanos: scaleNanos(a.q.nanos, 1 / b.value), format: a.q.format });
  if (a.kind === 'quantity' && b.kind === 'quantity') return Number(a.q.nanos) / Number(b.q.nanos);
  if (a.kind === 'duration' && b.kind === 'number') return formatDuration(a.ns / b.value);
  if (a.kind === 'duration' && b.kind === 'duration') return a.ns / b.ns;
  throw mismatch('divide');
}

export function modulo(a: Operand, b: Operand): unknown {
  if (a.kind === 'number' && b.kind === 'number') {
    if (!Number.isInteger(a.value) || !Number.isInteger(b.value))
      throw new Error(`JMESPath function 'modulo': Non-integer argument(s) passed for modulo`);
    if (b.value === 0) throw new Error(`JMESPath function 'modulo': Zero divisor passed`);
    return a.value % b.value;
  }
  if (a.kind === 'quantity' && b.kind === 'quantity') {
    if (b.q.nanos === 0n) throw new Error(`JMESPath function 'modulo': Zero divisor passed`);
    return formatQuantity({ nanos: a.q.nanos % b.q.nanos, format: a.q.format });
  }
  if (a.kind === 'duration' && b.kind === 'duration') {
    if (b.ns === 0) throw new Error(`JMESPath function 'modulo': Zero divisor passed`);
    return formatDuration(a.ns % b.ns);
  }
  throw mismatch('modulo');
}

function scaleNanos(nanos: bigint, factor: number): bigint {
  if (Number.isInteger(factor)) return nanos * BigInt(factor);
  return BigInt(Math.round(Number(nanos) * factor));
}
