/**
 * Condition operators of `preconditions` and `deny.conditions`: Equals/NotEquals, the set
 * operators (AnyIn, AllIn, AnyNotIn, AllNotIn, and the deprecated In/NotIn), the numeric
 * operators (which also compare durations, quantities and semvers) and the deprecated Duration*.
 * Names are matched case-insensitively, as Kyverno does.
 */
import { operatorOf } from '../operator/operator';
import { parseGoFloat, validateValue } from '../pattern/pattern';
import { parseDuration } from '../util/duration';
import { compareQuantities, parseQuantity } from '../util/quantity';
import { compareSemver, parseSemver } from '../util/semver';
import { wildcardMatch } from '../wildcards/wildcard';
import { deepEqual } from '../util/deep-equal';

export type OperatorFn = (key: unknown, value: unknown) => boolean;

const OPERATORS: Record<string, OperatorFn> = {
  equals: equals,
  equal: equals,
  notequals: notEquals,
  notequal: notEquals,
  in: deprecatedIn,
  notin: (k, v) => deprecatedNotIn(k, v),
  anyin: (k, v) => setOperator(k, v, 'any', false),
  allin: (k, v) => setOperator(k, v, 'all', false),
  anynotin: (k, v) => setOperator(k, v, 'any', true),
  allnotin: (k, v) => setOperator(k, v, 'all', true),
  greaterthan: (k, v) => numeric(k, v, (c) => c > 0),
  greaterthanorequals: (k, v) => numeric(k, v, (c) => c >= 0),
  lessthan: (k, v) => numeric(k, v, (c) => c < 0),
  lessthanorequals: (k, v) => numeric(k, v, (c) => c <= 0),
  durationgreaterthan: (k, v) => durationOp(k, v, (c) => c > 0),
  durationgreaterthanorequals: (k, v) => durationOp(k, v, (c) => c >= 0),
  durationlessthan: (k, v) => durationOp(k, v, (c) => c < 0),
  durationlessthanorequals: (k, v) => durationOp(k, v, (c) => c <= 0),
};

export const DEPRECATED_OPERATORS: Record<string, string> = {
  In: 'AllIn or AnyIn',
  NotIn: 'AllNotIn or AnyNotIn',
  DurationGreaterThan: 'GreaterThan',
  DurationGreaterThanOrEquals: 'GreaterThanOrEquals',
  DurationLessThan: 'LessThan',
  DurationLessThanOrEquals: 'LessThanOrEquals',
};

export function operatorFor(name: string | undefined): OperatorFn | undefined {
  return name ? OPERATORS[name.toLowerCase()] : undefined;
}

function isNil(v: unknown): boolean {
  return v === null || v === undefined;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Go's `fmt.Sprint` for scalars. */
function sprint(v: unknown): string {
  if (isNil(v)) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Kyverno's duration pairing: at least one side is a duration string (not "0"); a number on the
 * other side counts as whole seconds.
 */
function durationPair(key: unknown, value: unknown): [number, number] | undefined {
  const asDuration = (v: unknown) => (typeof v === 'string' && v !== '0' ? parseDuration(v) : undefined);
  const k = asDuration(key);
  const v = asDuration(value);
  if (k === undefined && v === undefined) return undefined;
  const seconds = (x: unknown) => (typeof x === 'number' ? Math.trunc(x) * 1e9 : undefined);
  const kk = k ?? seconds(key);
  const vv = v ?? seconds(value);
  return kk === undefined || vv === undefined ? undefined : [kk, vv];
}

export function equals(key: unknown, value: unknown): boolean {
  if (typeof key === 'boolean') return typeof value === 'boolean' && key === value;
  if (typeof key === 'number') {
    if (typeof value === 'number') return key === value;
    if (typeof value === 'string') return parseGoFloat(value) === key;
    return false;
  }
  if (typeof key === 'string') {
    const d = durationPair(key, value);
    if (d) return d[0] === d[1];
    const kq = parseQuantity(key);
    if (kq && typeof value === 'string') {
      const vq = parseQuantity(value);
      return vq !== undefined && compareQuantities(kq, vq) === 0;
    }
    return typeof value === 'string' && wildcardMatch(value, key);
  }
  if (Array.isArray(key) || isObj(key)) return deepEqual(key, value);
  return false;
}

function notEquals(key: unknown, value: unknown): boolean {
  if (isNil(key)) return false; // Kyverno rejects an unsupported key type for both operators
  return !equals(key, value);
}

function either(a: string, b: string): boolean {
  return wildcardMatch(a, b) || wildcardMatch(b, a);
}

function isRange(value: string): boolean {
  return operatorOf(value) === '-';
}

/** The value side of a set operator: a list, a JSON list in a string, or one string. */
function valueList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(sprint);
  if (typeof value === 'number') return [sprint(value)];
  if (typeof value !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [value]; // not JSON: one plain string
  }
  // Valid JSON that is not a list of strings is a type error for Kyverno (condition is false).
  return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
}

/** AnyIn / AllIn / AnyNotIn / AllNotIn, with wildcards on either side and `a-b` ranges. */
function setOperator(key: unknown, value: unknown, mode: 'any' | 'all', negate: boolean): boolean {
  if (isNil(key) || isObj(key)) return false;
  const keys = Array.isArray(key) ? key.map(sprint) : [sprint(key)];
  if (typeof value === 'string') {
    if (!Array.isArray(key) && wildcardMatch(value, keys[0])) return !negate;
    if (Array.isArray(key) && keys.length === 1 && keys[0] === value) return !negate;
    if (isRange(value)) {
      const inRange = keys.map((k) => validateValue(k, value));
      if (negate) return mode === 'any' ? inRange.some((x) => !x) : inRange.every((x) => !x);
      return mode === 'any' ? inRange.some(Boolean) : inRange.every(Boolean);
    }
  }
  const values = valueList(value);
  if (!values) return false; // Kyverno logs "expected type []string" and treats the condition as false
  const found = keys.map((k) => values.some((v) => either(k, v)));
  if (negate) return mode === 'any' ? found.some((f) => !f) : found.every((f) => !f);
  return mode === 'any' ? found.some(Boolean) : found.every(Boolean);
}

/** Deprecated `In`: a single key may be a wildcard match; a key list must be a subset (exact). */
function deprecatedIn(key: unknown, value: unknown): boolean {
  if (Array.isArray(key)) {
    const values = exactList(value);
    return (
      values !== undefined &&
      (typeof value === 'string' && key.length === 1 && key[0] === value
        ? true
        : key.every((k) => values.includes(sprint(k))))
    );
  }
  if (typeof key !== 'string' && typeof key !== 'number') return false;
  const k = sprint(key);
  if (Array.isArray(value)) return value.some((v) => either(k, sprint(v)));
  if (typeof value === 'string') {
    if (wildcardMatch(value, k)) return true;
    const values = exactList(value);
    return values !== undefined && values.includes(k);
  }
  return false;
}

function deprecatedNotIn(key: unknown, value: unknown): boolean {
  if (Array.isArray(key)) {
    const values = exactList(value);
    return values !== undefined && key.some((k) => !values.includes(sprint(k)));
  }
  if (typeof key !== 'string' && typeof key !== 'number') return false;
  if (!Array.isArray(value) && typeof value !== 'string') return false;
  if (typeof value === 'string' && !wildcardMatch(value, sprint(key)) && exactList(value) === undefined) return false;
  return !deprecatedIn(key, value);
}

function exactList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** GreaterThan & co.: durations first, then quantities, numbers, and semantic versions. */
function numeric(key: unknown, value: unknown, test: (cmp: number) => boolean): boolean {
  const cmp = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
  const numberVsValue = (k: number): boolean => {
    if (typeof value === 'number') return test(cmp(k, value));
    if (typeof value === 'string') {
      const d = durationPair(k, value);
      if (d) return test(cmp(d[0], d[1]));
      const f = parseGoFloat(value);
      return f !== undefined && test(cmp(k, f));
    }
    return false;
  };
  if (typeof key === 'number') return numberVsValue(key);
  if (typeof key !== 'string') return false;
  const d = durationPair(key, value);
  if (d) return test(cmp(d[0], d[1]));
  const kq = parseQuantity(key);
  if (kq && typeof value === 'string') {
    const vq = parseQuantity(value);
    if (vq) return test(compareQuantities(kq, vq));
  }
  const f = parseGoFloat(key);
  if (f !== undefined) return numberVsValue(f);
  const kv = parseSemver(key);
  if (kv && typeof value === 'string') {
    const vv = parseSemver(value);
    return vv !== undefined && test(compareSemver(kv, vv));
  }
  return false;
}

/** The deprecated Duration* operators: both sides durations, numbers count as seconds. */
function durationOp(key: unknown, value: unknown, test: (cmp: number) => boolean): boolean {
  const toNs = (v: unknown): number | undefined =>
    typeof v === 'number' ? Math.trunc(v) * 1e9 : typeof v === 'string' ? parseDuration(v) : undefined;
  const k = toNs(key);
  const v = toNs(value);
  if (k === undefined || v === undefined) return false;
  return test(k < v ? -1 : k > v ? 1 : 0);
}
