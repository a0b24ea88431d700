/**
 * `{{ jmespath }}` variable substitution over any JSON document (leaves and map keys), plus
 * `$(./relative/path)` references inside patterns. A string that is exactly one variable takes the
 * variable's type; otherwise the value is spliced in as text (JSON for non-strings).
 * `\{{ … }}` and `\$( … )` escape substitution.
 */
import type { EvalContext } from '../context/context';
import { JmesPathError } from '../jmespath/jmespath';
import { removeAnchorsFromPath } from '../anchor/anchor';
import { operatorOf } from '../operator/operator';

const VARIABLES = /(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})/g;
const ESCAPED_VARIABLES = /\\\{\{(?:\{[^{}]*\}|[^{}])*\}\}/g;
const REFERENCES = /^\$\(.[^ ]*\)|[^\\]\$\(.[^ ]*\)/g;
const ESCAPED_REFERENCES = /\\\$\(.[^ ]*\)/g;
const MAX_ROUNDS = 50;

export class SubstitutionError extends Error {
  constructor(
    message: string,
    readonly notFound = false,
  ) {
    super(message);
  }
}

export function hasVariables(s: string): boolean {
  VARIABLES.lastIndex = 0;
  return VARIABLES.test(s);
}

const plainDocuments = new WeakMap<object, boolean>();

/** True when no string (key or value) in the document holds `{{` or `$(`: nothing to substitute. */
function isPlain(document: unknown): boolean {
  if (typeof document === 'string') return !document.includes('{{') && !document.includes('$(');
  if (document === null || typeof document !== 'object') return true;
  let plain = plainDocuments.get(document);
  if (plain === undefined) {
    plain = Array.isArray(document)
      ? document.every(isPlain)
      : Object.entries(document).every(([k, v]) => isPlain(k) && isPlain(v));
    plainDocuments.set(document, plain);
  }
  return plain;
}

/** Substitutes references then variables everywhere in `document`; never mutates it. */
export function substituteAll(ctx: EvalContext, document: unknown): unknown {
  if (isPlain(document)) return document;
  const withRefs = traverse(document, '', (s, path) => substituteReferences(s, path, document));
  return traverse(withRefs, '', (s, path) => substituteVariables(ctx, s, path));
}

function traverse(node: unknown, path: string, leaf: (s: string, path: string) => unknown): unknown {
  if (typeof node === 'string') return leaf(node, path);
  if (Array.isArray(node)) return node.map((item, i) => traverse(item, `${path}/${i}`, leaf));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const key = k.includes('{{') || k.includes('$(') ? leaf(k, `${path}/${k}`) : k;
      out[typeof key === 'string' ? key : JSON.stringify(key)] = traverse(v, `${path}/${k}`, leaf);
    }
    return out;
  }
  return node;
}

// `"{{ expr }}"` alone is the common shape (condition keys, values): recognise it once per text.
const wholeVariable = new Map<string, string | null>();

function wholeExpression(input: string): string | null {
  let expr = wholeVariable.get(input);
  if (expr === undefined) {
    expr = null;
    VARIABLES.lastIndex = 0;
    const matches = [...input.matchAll(VARIABLES)];
    if (matches.length === 1 && matches[0][2] === input && !input.slice(2).includes('{{'))
      expr = input.slice(2, -2).trim();
    if (wholeVariable.size < 10_000) wholeVariable.set(input, expr);
  }
  return expr;
}

function resolve(ctx: EvalContext, expression: string, path: string): unknown {
  if (expression === '@') throw new SubstitutionError(`failed to resolve @ at path ${path}: '{{@}}' is not supported`);
  const query = ctx.isDelete() ? expression.replaceAll('request.object', 'request.oldObject') : expression;
  try {
    return ctx.query(query);
  } catch (e) {
    const notFound = e instanceof JmesPathError && e.notFound;
    throw new SubstitutionError(
      notFound ? (e as Error).message : `failed to resolve ${query} at path ${path}: ${(e as Error).message}`,
      notFound,
    );
  }
}

export function substituteVariables(ctx: EvalContext, input: string, path = ''): unknown {
  if (!input.includes('{{')) return input;
  const whole = wholeExpression(input);
  if (whole !== null) return resolve(ctx, whole, path);
  let value = input;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const matches = [...value.matchAll(VARIABLES)];
    if (matches.length === 0) return unescapeVariables(value);
    const original = value;
    for (const m of matches) {
      const variable = m[2];
      const resolved = resolve(ctx, variable.slice(2, -2).trim(), path);
      if (original === variable) return resolved;
      value = value.replace(m[1] + variable, m[1] + (typeof resolved === 'string' ? resolved : goJson(resolved)));
    }
  }
  throw new SubstitutionError(`failed to resolve variables at path ${path}: substitution does not terminate`);
}

function unescapeVariables(s: string): string {
  return s.includes('\\{{') ? s.replace(ESCAPED_VARIABLES, (m) => m.slice(1)) : s;
}

/** `$(./../limits/memory)` resolves against the pattern itself, relative to the current key. */
function substituteReferences(input: string, path: string, document: unknown): unknown {
  if (!input.includes('$(')) return input;
  let value = input;
  for (const m of input.match(REFERENCES) ?? []) {
    const initial = m.startsWith('$(');
    const reference = initial ? m : m.slice(1);
    let inner = reference.slice(2, -1);
    const op = operatorOf(inner);
    inner = inner.slice(op.length);
    if (inner === '') throw new SubstitutionError('expected path, found empty reference');
    const target = inner.startsWith('/') ? normalize(inner) : normalize(`${path}/${inner}`);
    const found = findByPath(document, target);
    if (found === undefined || found === null)
      throw new SubstitutionError(`got nil resolved variable ${reference} at path ${path}`);
    if (op === '' && typeof found !== 'string')
      throw new SubstitutionError(`NotResolvedReferenceErr,reference ${reference} not resolved at path ${path}`);
    if (typeof found !== 'string' && typeof found !== 'number')
      throw new SubstitutionError(`incorrect expression: operator ${op} does not match with value ${String(found)}`);
    value = value.replace(
      reference,
      op + (typeof found === 'number' && !Number.isInteger(found) ? found.toFixed(6) : String(found)),
    );
  }
  return value.includes('\\$(') ? value.replace(ESCAPED_REFERENCES, (e) => e.slice(1)) : value;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function findByPath(document: unknown, target: string): unknown {
  let found: unknown;
  const visit = (node: unknown, path: string) => {
    if (found !== undefined) return;
    if (removeAnchorsFromPath(path) === target && path !== '') found = node;
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${path}/${i}`));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, `${path}/${k}`);
  };
  visit(document, '');
  return found;
}

/** Go's `json.Marshal`: sorted map keys, `null` for nil. */
export function goJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  return JSON.stringify(v);
}
