/**
 * Runs CEL `variables`, `matchConditions` and `validations` the way the API server's
 * validating-admission-policy evaluator does: variables in order (each sees the earlier ones),
 * validations until the first one that is false, messages from `messageExpression`, then
 * `message`, then `failed expression: …`.
 */
import type { CelExpression, CelVariable } from '../types';
import type { JsonPath } from '../util/json-path';
import { UNIMPLEMENTED_CEL_LIBRARIES, UNSUPPORTED_CEL_LIBRARIES, evaluateCel, fromCel, toCel } from './cel-env';
import { skipReason } from '../features';

export interface CelInput {
  object: unknown;
  oldObject: unknown;
  request: unknown;
  params?: unknown;
  namespaceObject?: unknown;
}

export type CelOutcome =
  | { status: 'pass'; message: string }
  | { status: 'fail'; message: string; path?: JsonPath }
  | { status: 'error'; message: string }
  | { status: 'unsupported'; message: string };

export interface CelContext {
  values: Record<string, unknown>;
  /** Variables whose evaluation failed, with the error. */
  broken: Map<string, string>;
}

// The same object is checked by many CEL rules: convert it once.
const converted = new WeakMap<object, unknown>();
function celObject(v: unknown): unknown {
  if (!v || typeof v !== 'object') return toCel(v);
  let c = converted.get(v);
  if (c === undefined) {
    c = toCel(v);
    converted.set(v, c);
  }
  return c;
}

export function buildCelContext(input: CelInput, variables: CelVariable[] | undefined): CelContext | CelOutcome {
  const values: Record<string, unknown> = {
    object: celObject(input.object),
    oldObject: toCel(input.oldObject ?? null),
    request: toCel(input.request),
    params: toCel(input.params ?? null),
    namespaceObject: toCel(input.namespaceObject ?? null),
  };
  const vars: Record<string, unknown> = {};
  values.variables = vars;
  const broken = new Map<string, string>();
  for (const v of variables ?? []) {
    if (UNSUPPORTED_CEL_LIBRARIES.test(v.expression) || UNIMPLEMENTED_CEL_LIBRARIES.test(v.expression))
      return unsupported(v.expression);
    try {
      vars[v.name] = evaluateCel(v.expression, values);
    } catch (e) {
      broken.set(v.name, (e as Error).message);
    }
  }
  return { values, broken };
}

function unsupported(expression: string): CelOutcome {
  const id = UNSUPPORTED_CEL_LIBRARIES.test(expression) ? 'cel.libraries' : 'cel.unimplemented';
  return { status: 'unsupported', message: `CEL expression '${expression}' ${skipReason(id)}` };
}

function brokenVariable(expression: string, ctx: CelContext): string | undefined {
  for (const [name, err] of ctx.broken) {
    if (new RegExp(`\\bvariables\\.${name}\\b`).test(expression)) return `variable '${name}' failed: ${err}`;
  }
  return undefined;
}

/** `true` / `false`, or an error message. */
export function evaluateBoolean(
  expression: string,
  ctx: CelContext,
): boolean | { error: string } | { unsupported: string } {
  if (UNSUPPORTED_CEL_LIBRARIES.test(expression) || UNIMPLEMENTED_CEL_LIBRARIES.test(expression))
    return { unsupported: unsupported(expression).message };
  const broken = brokenVariable(expression, ctx);
  if (broken) return { error: `expression '${expression}' resulted in error: ${broken}` };
  try {
    const v = evaluateCel(expression, ctx.values);
    if (typeof v !== 'boolean')
      return { error: `expression '${expression}' resulted in error: expected a bool, got ${typeof v}` };
    return v;
  } catch (e) {
    // cel-js appends a source excerpt on later lines; the first line is the message.
    return { error: `expression '${expression}' resulted in error: ${(e as Error).message.split('\n')[0]}` };
  }
}

export function runValidations(validations: CelExpression[], ctx: CelContext, fallbackMessage?: string): CelOutcome {
  for (const v of validations) {
    const r = evaluateBoolean(v.expression, ctx);
    if (typeof r === 'object')
      return 'unsupported' in r
        ? { status: 'unsupported', message: r.unsupported }
        : { status: 'error', message: r.error };
    if (r) continue;
    return {
      status: 'fail',
      message: messageFor(v, ctx, fallbackMessage),
      path: objectPathOf(v.expression, ctx.values.object),
    };
  }
  return { status: 'pass', message: '' };
}

function messageFor(v: CelExpression, ctx: CelContext, fallback: string | undefined): string {
  if (v.messageExpression) {
    try {
      const m = fromCel(evaluateCel(v.messageExpression, ctx.values));
      if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) return m;
    } catch {
      // fall back to the static message, as the API server does
    }
  }
  return v.message || fallback || `failed expression: ${v.expression}`;
}

/** The first `object.a.b[0].c` chain in an expression, cut to what the object has. */
function objectPathOf(expression: string, object: unknown): JsonPath | undefined {
  // Field steps only: `.all(` and other macro or method calls end the chain.
  const m = /\bobject((?:\.[A-Za-z_]\w*(?![\w(])|\[\d+\]|\[['"][^'"]+['"]\])+)/.exec(expression);
  if (!m) return undefined;
  const segments: JsonPath = [];
  for (const part of m[1].matchAll(/\.([A-Za-z_]\w*)|\[(\d+)\]|\[['"]([^'"]+)['"]\]/g)) {
    segments.push(part[1] ?? (part[2] !== undefined ? Number(part[2]) : part[3]));
  }
  const known: JsonPath = [];
  let node = object;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') break;
    const next = (node as Record<string | number, unknown>)[seg];
    if (next === undefined) {
      known.push(seg); // name the missing field itself; the mapper falls back to its parent
      break;
    }
    known.push(seg);
    node = next;
  }
  return known.length ? known : undefined;
}
