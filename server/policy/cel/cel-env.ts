/**
 * CEL for admission policies, on @marcbachmann/cel-js: variables are dynamic, JSON integers
 * become CEL ints, and the Kubernetes extension functions that need no cluster are added
 * (string `replace`/`find`/`findAll`, list `isSorted`/`sum`/`min`/`max`/`indexOf`, `quantity`).
 */
import type * as CelModule from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };
import { compareQuantities, formatQuantity, parseQuantity, quantityToNumber, type Quantity } from '../util/quantity';
import { checkEvaluationBudget, withEvaluationBudget } from '../jmespath/evaluation-budget';
import { goFind, goFindAll, goMatch } from '../jmespath/go-regexp';
import { registerK8sExtensions } from './k8s-extensions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cel = require('@marcbachmann/cel-js') as typeof CelModule;

/**
 * Libraries of Kyverno's CEL policies that talk to the cluster or registries. Only a bare
 * library name counts: `container.image.contains(…)` or `c.?image` is field access.
 */
export const UNSUPPORTED_CEL_LIBRARIES =
  /(?<![\w.?$])(resource|http|globalContext|authorizer|image|imagedata|generator)\.\w+\s*\(|(?<![\w.?$])image\s*\(/;

/** Kubernetes CEL libraries this engine does not implement (no cluster needed, just not written). */
export const UNIMPLEMENTED_CEL_LIBRARIES =
  /(?<![\w.?$])(url|isURL|ip|isIP|cidr|isCIDR|semver|isSemver)\s*\(|(?<![\w.?$])format\.\w+\s*\(/;

class CelQuantity {
  constructor(readonly q: Quantity) {}
}

function quantityOf(s: string): CelQuantity {
  const q = parseQuantity(s);
  if (!q)
    throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  return new CelQuantity(q);
}

function compareDyn(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'bigint' ? Number(a) : (a as number | string);
  const y = typeof b === 'bigint' ? Number(b) : (b as number | string);
  return x < y ? -1 : x > y ? 1 : 0;
}

let shared: CelModule.Environment | undefined;

export function celEnvironment(): CelModule.Environment {
  if (shared) return shared;
  const base = new cel.Environment({
    unlistedVariablesAreDyn: true,
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
  });
  shared = registerK8sExtensions(base)
    .registerType('Quantity', CelQuantity)
    .registerFunction('quantity(string): Quantity', quantityOf)
    .registerFunction('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined)
    .registerFunction(
      'Quantity.isLessThan(Quantity): bool',
      (a: CelQuantity, b: CelQuantity) => compareQuantities(a.q, b.q) < 0,
    )
    .registerFunction(
      'Quantity.isGreaterThan(Quantity): bool',
      (a: CelQuantity, b: CelQuantity) => compareQuantities(a.q, b.q) > 0,
    )
    .registerFunction('Quantity.compareTo(Quantity): int', (a: CelQuantity, b: CelQuantity) =>
      BigInt(compareQuantities(a.q, b.q)),
    )
    .registerFunction(
      'Quantity.add(Quantity): Quantity',
      (a: CelQuantity, b: CelQuantity) => new CelQuantity({ nanos: a.q.nanos + b.q.nanos, format: a.q.format }),
    )
    .registerFunction(
      'Quantity.sub(Quantity): Quantity',
      (a: CelQuantity, b: CelQuantity) => new CelQuantity({ nanos: a.q.nanos - b.q.nanos, format: a.q.format }),
    )
    .registerFunction('Quantity.asApproximateFloat(): double', (a: CelQuantity) => quantityToNumber(a.q))
    .registerFunction('Quantity.asInteger(): int', (a: CelQuantity) => {
      if (a.q.nanos % 1_000_000_000n !== 0n) throw new Error('cannot convert value to integer');
      return a.q.nanos / 1_000_000_000n;
    })
    .registerFunction('Quantity.isInteger(): bool', (a: CelQuantity) => a.q.nanos % 1_000_000_000n === 0n)
    .registerFunction('Quantity.sign(): int', (a: CelQuantity) => BigInt(a.q.nanos > 0n ? 1 : a.q.nanos < 0n ? -1 : 0))
    .registerFunction('Quantity.string(): string', (a: CelQuantity) => formatQuantity(a.q))
    .registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b))
    .registerFunction('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
      let out = s;
      for (let i = 0n; n < 0n || i < n; i++) {
        const at = out.indexOf(a);
        if (at < 0) break;
        out = out.slice(0, at) + b + out.slice(at + a.length);
      }
      return out;
    })
    // RE2 semantics for every regex (go-regexp.ts); `matches` is rewritten to `re2Matches` (see evaluateCel).
    .registerFunction('string.find(string): string', (s: string, re: string) => goFind("CEL function 'find'", re, s))
    .registerFunction('string.findAll(string): list<string>', (s: string, re: string) =>
      goFindAll("CEL function 'findAll'", re, s),
    )
    .registerFunction(`string.${RE2_MATCHES}(string): bool`, (s: string, re: string) =>
      goMatch("CEL function 'matches'", re, s),
    )
    .registerFunction('list.isSorted(): bool', (l: unknown[]) =>
      l.every((x, i) => i === 0 || compareDyn(l[i - 1], x) <= 0),
    )
    .registerFunction('list.sum(): dyn', (l: unknown[]) =>
      l.length === 0 ? 0n : l.reduce((a, b) => (a as bigint) + (b as bigint)),
    )
    .registerFunction('list.min(): dyn', (l: unknown[]) => {
      if (l.length === 0) throw new Error('min called on empty list');
      return l.reduce((a, b) => (compareDyn(a, b) <= 0 ? a : b));
    })
    .registerFunction('list.max(): dyn', (l: unknown[]) => {
      if (l.length === 0) throw new Error('max called on empty list');
      return l.reduce((a, b) => (compareDyn(a, b) >= 0 ? a : b));
    })
    .registerFunction('list.indexOf(dyn): int', (l: unknown[], v: unknown) =>
      BigInt(l.findIndex((x) => compareDyn(x, v) === 0)),
    )
    // cel-go returns a non-optional receiver of `orValue` unchanged; see evaluateCel.
    .registerFunction('dyn.kyvernoOrValue(dyn): dyn', (v: unknown, fallback: unknown) =>
      v instanceof cel.Optional ? (v.hasValue() ? v.value() : fallback) : v,
    )
    .registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) => {
      for (let i = l.length - 1; i >= 0; i--) if (compareDyn(l[i], v) === 0) return BigInt(i);
      return -1n;
    });
  return shared;
}

const compiled = new Map<string, ReturnType<CelModule.Environment['parse']>>();

function program(expression: string): ReturnType<CelModule.Environment['parse']> {
  let p = compiled.get(expression);
  if (!p) {
    p = celEnvironment().parse(withRe2Matches(expression));
    if (compiled.size > 5000) compiled.clear();
    compiled.set(expression, p);
  }
  return p;
}

/**
 * Compiles once per expression; returns the raw CEL value (ints are BigInt). Runs under the
 * evaluation budget (the rule's, when the engine set one).
 */
export function evaluateCel(expression: string, context: Record<string, unknown>): unknown {
  return withEvaluationBudget(() => {
    checkEvaluationBudget();
    try {
      return program(expression)(context);
    } catch (e) {
      // cel-go (Kyverno) evaluates `x.orValue(d)` on a non-optional `x` as `x`; cel-js rejects it.
      // Retry with an eager stand-in only then, so short-circuiting stays as it was otherwise.
      if (!/orValue\(value\) receiver must be optional/.test((e as Error).message)) throw e;
      return program(expression.replace(/\.orValue\(/g, '.kyvernoOrValue('))(context);
    }
  });
}

/** cel-js's built-in `matches` is a backtracking JS RegExp and cannot be replaced, so calls are renamed. */
const RE2_MATCHES = 're2Matches';

/** `x.matches(re)` → `x.re2Matches(re)`, outside string literals (plain, raw and triple-quoted). */
export function withRe2Matches(expression: string): string {
  if (!expression.includes('matches')) return expression;
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '"' || c === "'") {
      const raw = /[rR]$/.test(out) && !/[\w.][rR]$/.test(out.slice(-2));
      const quote = expression.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < expression.length && !expression.startsWith(quote, j)) j += !raw && expression[j] === '\\' ? 2 : 1;
      j = Math.min(j + quote.length, expression.length);
      out += expression.slice(i, j);
      i = j;
      continue;
    }
    const m = /^\.(\s*)matches(\s*)\(/.exec(expression.slice(i, i + 64));
    if (m) {
      out += `.${m[1]}${RE2_MATCHES}${m[2]}(`;
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** JSON → CEL values: whole numbers become ints (as the API server decodes them). */
export function toCel(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (v === null || typeof v !== 'object') return v === undefined ? null : v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toCel(v[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = toCel((v as Record<string, unknown>)[k]);
  return out;
}

export function fromCel(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof CelQuantity) return formatQuantity(v.q);
  if (Array.isArray(v)) return v.map(fromCel);
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), fromCel(x)]));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromCel(x)]));
  }
  return v;
}
