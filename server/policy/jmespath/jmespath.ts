/**
 * JMESPath as Kyverno runs it: the community implementation plus Kyverno's custom functions, and
 * Kyverno's strictness on plain paths — `request.object.metadata.labels.app` on an object without
 * that key is an error (`Unknown key "app" in path`), not null; `|| 'default'` falls back instead.
 */
import type * as JmesPathModule from '@jmespath-community/jmespath' with { 'resolution-mode': 'import' };
import { withEvaluationBudget } from './evaluation-budget';
import { registerKyvernoFunctions } from './functions';

// The package ships CommonJS too; `require` keeps the engine synchronous and bundle-friendly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const jmespath = require('@jmespath-community/jmespath') as typeof JmesPathModule;

type Ast = ReturnType<typeof JmesPathModule.compile>;
type PathStep = { field: string } | { index: number };

export class JmesPathError extends Error {
  constructor(
    message: string,
    /** Kyverno's NotFoundError: the query named a key the object does not have. */
    readonly notFound = false,
  ) {
    super(message);
  }
}

/** Missing keys are common and expected (`|| default`, optional lists): skip the stack trace. */
function notFound(key: string): JmesPathError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new JmesPathError(`JMESPath query failed: Unknown key "${key}" in path`, true);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

interface Compiled {
  ast: Ast;
  /** Set when the expression is a plain chain of fields and indexes. */
  steps?: PathStep[];
}

const cache = new Map<string, Compiled>();
registerKyvernoFunctions(jmespath);

export function compileQuery(expression: string): Compiled {
  let c = cache.get(expression);
  if (!c) {
    let ast: Ast;
    try {
      ast = jmespath.compile(expression, { enable_legacy_literals: true });
    } catch (e) {
      throw new JmesPathError(`incorrect query ${expression}: ${(e as Error).message}`);
    }
    c = { ast, steps: plainSteps(ast) };
    if (cache.size > 5000) cache.clear();
    cache.set(expression, c);
  }
  return c;
}

export function jmesQuery(expression: string, data: unknown): unknown {
  const trimmed = expression.trim();
  if (trimmed === '') throw new JmesPathError('invalid query (nil)');
  const c = compileQuery(trimmed);
  if (c.steps) return walk(c.steps, data);
  try {
    return withEvaluationBudget(() => jmespath.TreeInterpreter.search(c.ast, data as JmesPathModule.JSONValue));
  } catch (e) {
    throw new JmesPathError(`JMESPath query failed: ${(e as Error).message}`);
  }
}

const MISSING = Symbol('missing');

/**
 * Like jmesQuery, but a plain path to a missing key returns `undefined` instead of throwing
 * (foreach lists over optional fields are skipped; exceptions there would dominate the cost).
 */
export function jmesQueryOptional(expression: string, data: unknown): unknown {
  const c = compileQuery(expression.trim());
  if (!c.steps) return jmesQuery(expression, data);
  const v = walk(c.steps, data, false);
  return v === MISSING ? undefined : v;
}

function walk(steps: PathStep[], data: unknown, strict = true): unknown {
  let node = data;
  for (const step of steps) {
    if ('field' in step) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return null;
      if (!(step.field in (node as object))) {
        if (!strict) return MISSING;
        throw notFound(step.field);
      }
      node = (node as Record<string, unknown>)[step.field];
    } else {
      if (!Array.isArray(node)) return null;
      const i = step.index < 0 ? node.length + step.index : step.index;
      node = i >= 0 && i < node.length ? node[i] : null;
    }
  }
  return node === undefined ? null : node;
}

function plainSteps(ast: Ast): PathStep[] | undefined {
  const node = ast as { type: string; name?: string; left?: Ast; right?: Ast; value?: unknown };
  switch (node.type) {
    case 'Field':
      return [{ field: node.name! }];
    case 'Subexpression': {
      const l = plainSteps(node.left!);
      const r = l && plainSteps(node.right!);
      return l && r ? [...l, ...r] : undefined;
    }
    case 'IndexExpression': {
      const l = plainSteps(node.left!);
      const right = node.right as unknown as { type: string; value: number };
      return l && right.type === 'Index' ? [...l, { index: right.value }] : undefined;
    }
    default:
      return undefined;
  }
}
