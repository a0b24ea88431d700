/**
 * Leaf comparison of a resource value with a pattern value: literals, wildcards, `|` / `&`,
 * operators, ranges, Kubernetes quantities and Go durations — Kyverno's `pattern.Validate`.
 */
import { operatorOf, rangeEnds, type PatternOperator } from '../operator/operator';
import { parseDuration } from '../util/duration';
import { compareQuantities, parseQuantity } from '../util/quantity';
import { wildcardMatch } from '../wildcards/wildcard';

export function validateValue(value: unknown, pattern: unknown): boolean {
  if (typeof pattern === 'boolean') return typeof value === 'boolean' && value === pattern;
  if (typeof pattern === 'number') return validateNumberPattern(value, pattern);
  if (pattern === null || pattern === undefined) return validateNilPattern(value);
  if (typeof pattern === 'string') return validateStringPatterns(value, pattern);
  if (Array.isArray(pattern)) return false; // arrays are not leaf patterns
  if (typeof pattern === 'object') return isMap(value); // only the presence of an object is checked here
  return false;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function validateNumberPattern(value: unknown, pattern: number): boolean {
  if (typeof value === 'number') return value === pattern;
  if (typeof value === 'string') {
    const parsed = parseGoFloat(value);
    return parsed !== undefined && parsed === pattern;
  }
  return false;
}

function validateNilPattern(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return value === 0;
  if (typeof value === 'string') return value === '';
  if (typeof value === 'boolean') return !value;
  return false;
}

// Leaf patterns repeat across every resource: split `a | b & c` once per pattern text.
const alternativesCache = new Map<string, string[][]>();

function alternativesOf(pattern: string): string[][] {
  let alts = alternativesCache.get(pattern);
  if (!alts) {
    alts = pattern.split('|').map((alternative) =>
      alternative
        .trim()
        .split('&')
        .map((c) => c.trim()),
    );
    if (alternativesCache.size < 10_000) alternativesCache.set(pattern, alts);
  }
  return alts;
}

function validateStringPatterns(value: unknown, pattern: string): boolean {
  if (value === pattern) return true;
  for (const conditions of alternativesOf(pattern)) {
    if (conditions.every((condition) => validateStringPattern(value, condition))) return true;
  }
  return false;
}

function validateStringPattern(value: unknown, pattern: string): boolean {
  const op = operatorOf(pattern);
  if (op === '-' || op === '!-') {
    const ends = rangeEnds(pattern, op);
    if (!ends) return false;
    return op === '-'
      ? validateStringPattern(value, `>= ${ends[0]}`) && validateStringPattern(value, `<= ${ends[1]}`)
      : validateStringPattern(value, `< ${ends[0]}`) || validateStringPattern(value, `> ${ends[1]}`);
  }
  const operand = pattern.slice(op.length).trim();
  return (
    compareDuration(value, operand, op) ?? compareQuantity(value, operand, op) ?? compareString(value, operand, op)
  );
}

/** `undefined` means "not a duration comparison", so the next kind is tried. */
function compareDuration(value: unknown, pattern: string, op: PatternOperator): boolean | undefined {
  const p = parseDuration(pattern);
  if (p === undefined) return undefined;
  const text = numberToString(value);
  if (text === undefined) return undefined;
  const v = parseDuration(text);
  if (v === undefined) return undefined;
  return compareOrdered(v < p ? -1 : v > p ? 1 : 0, op);
}

function compareQuantity(value: unknown, pattern: string, op: PatternOperator): boolean | undefined {
  const p = parseQuantity(pattern);
  if (!p) return undefined;
  const text = numberToString(value);
  if (text === undefined) return undefined;
  const v = parseQuantity(text);
  if (!v) return undefined;
  return compareOrdered(compareQuantities(v, p), op);
}

function compareOrdered(cmp: number, op: PatternOperator): boolean | undefined {
  switch (op) {
    case '':
      return cmp === 0;
    case '!':
      return cmp !== 0;
    case '>':
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
      return cmp >= 0;
    case '<=':
      return cmp <= 0;
    default:
      return undefined;
  }
}

function compareString(value: unknown, pattern: string, op: PatternOperator): boolean {
  if (op !== '' && op !== '!') return false; // ordering operators do not apply to strings
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = String(value);
  else if (typeof value === 'number') text = Number.isInteger(value) ? String(value) : goExponent(value);
  else return false;
  const matched = wildcardMatch(pattern, text);
  return op === '!' ? !matched : matched;
}

/** Kyverno turns a missing value into "0" and numbers into text before parsing durations/quantities. */
function numberToString(value: unknown): string | undefined {
  if (value === null || value === undefined) return '0';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(6);
  return undefined;
}

/** Go's `strconv.FormatFloat(v, 'E', -1, 64)`: `1.5E+00`. */
function goExponent(v: number): string {
  const [mantissa, exp] = v.toExponential().split('e');
  const n = Number(exp);
  return `${mantissa}E${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Go's `strconv.ParseFloat`: no surrounding spaces, no empty string. */
export function parseGoFloat(s: string): number | undefined {
  return FLOAT.test(s) ? Number(s) : undefined;
}
