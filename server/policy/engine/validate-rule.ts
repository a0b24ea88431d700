/**
 * One Kyverno `validate` rule on one resource: context, preconditions, then `deny`, `pattern`,
 * `anyPattern` or `foreach` (nested, with `elementScope`), reported the way Kyverno words it.
 * Failure paths are made absolute in the resource, also through foreach elements.
 */
import { matchPattern } from '../validate/validate';
import type { EvalContext } from '../context/context';
import type { ForEachValidation, Resource, Rule } from '../types';
import { isMap } from '../pattern/pattern';
import type { JsonPath } from '../util/json-path';
import { evaluateConditions, joinNonEmpty } from '../variables/conditions';
import { substituteAll } from '../variables/substitute';
import { loadContext } from './context-loader';
import type { ClusterData } from '../context/cluster-data';
import { listPath, pathsInConditions } from './paths';
import { goTypeName } from '../validate/go-format';

export type RuleStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface RuleOutcome {
  status: RuleStatus;
  message: string;
  paths?: JsonPath[];
  /** Set when the skip is due to a feature this engine does not evaluate. */
  unsupported?: boolean;
  /** Kyverno produces no rule response at all (e.g. a pattern on a DELETE request). */
  noResult?: boolean;
}

interface Scope {
  rule: Rule;
  resource: Resource;
  provided: (name: string) => boolean;
  cluster?: ClusterData;
  /** Values-file `foreachValues`: set at every context load, indexed by the current element. */
  foreachValues?: Record<string, unknown[]>;
}

/** One level of a rule: its top level or a foreach body (whose `list` and `elementScope` the loop reads). */
interface Step extends Omit<ForEachValidation, 'list' | 'elementScope'> {
  preconditionsOnly?: boolean;
}

/** Paths of the foreach elements being visited, outermost first; `target` is what patterns see. */
interface Position {
  nesting: number;
  target: unknown;
  targetPath: JsonPath | undefined;
  elementPaths: Array<JsonPath | undefined>;
}

const steps = new WeakMap<Rule, Step>();
const NO_ELEMENTS: Array<JsonPath | undefined> = [];
const ROOT: JsonPath = [];

export function validateKyvernoRule(
  rule: Rule,
  ctx: EvalContext,
  resource: Resource,
  provided: (name: string) => boolean,
  cluster?: ClusterData,
  foreachValues?: Record<string, unknown[]>,
): RuleOutcome {
  let step = steps.get(rule);
  if (!step) {
    const v = rule.validate ?? {};
    step = {
      context: rule.context,
      preconditions: rule.preconditions,
      pattern: v.pattern,
      anyPattern: v.anyPattern,
      deny: v.deny,
      foreach: v.foreach,
    };
    steps.set(rule, step);
  }
  return runStep(step, { rule, resource, provided, cluster, foreachValues }, ctx, {
    nesting: 0,
    target: resource,
    targetPath: ROOT,
    elementPaths: NO_ELEMENTS,
  });
}

/**
 * The rule's context and preconditions alone, for rule kinds evaluated elsewhere (podSecurity,
 * mutate): an outcome when they stop the rule, else undefined.
 */
export function rulePreconditions(
  rule: Rule,
  ctx: EvalContext,
  provided: (name: string) => boolean,
): RuleOutcome | undefined {
  const r = runStep(
    { context: rule.context, preconditions: rule.preconditions, preconditionsOnly: true },
    { rule, resource: {}, provided },
    ctx,
    { nesting: 0, target: undefined, targetPath: ROOT, elementPaths: NO_ELEMENTS },
  );
  return r.status === 'pass' ? undefined : r;
}

function runStep(step: Step, scope: Scope, ctx: EvalContext, pos: Position): RuleOutcome {
  const loaded = loadContext(ctx, step.context, scope.provided, scope.cluster);
  if (!loaded.ok)
    return loaded.unsupported
      ? { status: 'skip', message: loaded.message, unsupported: true }
      : { status: 'error', message: loaded.message };
  if (scope.foreachValues) {
    // As the Kyverno CLI's mock context loader: the value at the current element's index.
    const index = Number(ctx.queryOptional('elementIndex') ?? 0);
    for (const [key, list] of Object.entries(scope.foreachValues))
      if (Array.isArray(list)) ctx.setVariable(key, list[index]);
  }
  let pre;
  try {
    pre = evaluateConditions(ctx, step.preconditions);
  } catch (e) {
    return { status: 'error', message: `failed to evaluate preconditions: ${(e as Error).message}` };
  }
  if (!pre.result) return { status: 'skip', message: joinNonEmpty(['preconditions not met', pre.message], '; ') };
  if (step.preconditionsOnly) return { status: 'pass', message: '' };
  if (step.deny) return validateDeny(step.deny, scope, ctx, pos);
  if (step.pattern !== undefined || step.anyPattern !== undefined) {
    // Kyverno does not check patterns against an object being deleted (outside foreach).
    if (pos.nesting === 0 && ctx.isDelete())
      return { status: 'skip', message: 'skipping validation on deleted resource', noResult: true };
    let pattern: unknown;
    let anyPattern: unknown;
    try {
      pattern = step.pattern === undefined ? undefined : substituteAll(ctx, step.pattern);
      anyPattern = step.anyPattern === undefined ? undefined : substituteAll(ctx, step.anyPattern);
    } catch (e) {
      return { status: 'error', message: `variable substitution failed: ${(e as Error).message}` };
    }
    return pattern !== undefined
      ? validatePattern(pattern, scope, ctx, pos)
      : validateAnyPattern(anyPattern, scope, pos);
  }
  if (step.foreach) return validateForEach(step.foreach, scope, ctx, pos);
  return { status: 'error', message: 'invalid validation rule: podSecurity, cel, patterns, or deny expected' };
}

function validateDeny(deny: NonNullable<Step['deny']>, scope: Scope, ctx: EvalContext, pos: Position): RuleOutcome {
  let outcome;
  try {
    outcome = evaluateConditions(ctx, deny.conditions);
  } catch (e) {
    return { status: 'error', message: `failed to check deny conditions: ${(e as Error).message}` };
  }
  if (!outcome.result) return { status: 'pass', message: `validation rule '${scope.rule.name}' passed.` };
  const ruleMessage = scope.rule.validate?.message ?? '';
  let message: string;
  if (ruleMessage === '' && outcome.message === '') message = `validation error: rule ${scope.rule.name} failed`;
  else {
    const joined = joinNonEmpty([ruleMessage, outcome.message], '; ');
    try {
      const m = substituteAll(ctx, joined);
      message =
        typeof m === 'string' ? m : "the produced message didn't resolve to a string, check your policy definition.";
    } catch {
      message = outcome.message;
    }
  }
  const paths = pathsInConditions(deny.conditions, scope.resource, pos.elementPaths);
  return { status: 'fail', message, paths };
}

function absolute(pos: Position, relative: JsonPath | undefined): JsonPath[] | undefined {
  if (!relative || !pos.targetPath) return pos.targetPath && pos.targetPath.length ? [pos.targetPath] : undefined;
  return [[...pos.targetPath, ...relative]];
}

function validatePattern(pattern: unknown, scope: Scope, ctx: EvalContext, pos: Position): RuleOutcome {
  const r = matchPattern(pos.target, pattern);
  if (r.status === 'pass') return { status: 'pass', message: `validation rule '${scope.rule.name}' passed.` };
  if (r.status === 'skip') return { status: 'skip', message: r.message };
  return {
    status: r.status,
    message: buildErrorMessage(scope.rule, ctx, r.message, r.status === 'fail' ? r.kyvernoPath : undefined),
    paths: absolute(pos, r.path),
  };
}

/** Kyverno words anyPattern failures with the raw rule message (no variable substitution). */
function validateAnyPattern(anyPattern: unknown, scope: Scope, pos: Position): RuleOutcome {
  if (!Array.isArray(anyPattern))
    return { status: 'error', message: 'failed to deserialize anyPattern, expected type array' };
  const failed: string[] = [];
  const skipped: string[] = [];
  const paths: JsonPath[] = [];
  const name = scope.rule.name;
  for (const [i, p] of anyPattern.entries()) {
    const r = matchPattern(pos.target, p);
    if (r.status === 'pass') return { status: 'pass', message: `validation rule '${name}' anyPattern[${i}] passed.` };
    if (r.status === 'skip') skipped.push(`rule ${name}[${i}] skipped: ${r.message}`);
    else {
      failed.push(
        r.kyvernoPath
          ? `rule ${name}[${i}] failed at path ${r.kyvernoPath}`
          : `rule ${name}[${i}] failed: ${r.message}`,
      );
      for (const a of absolute(pos, r.path) ?? []) paths.push(a);
    }
  }
  if (failed.length === 0 && skipped.length > 0) return { status: 'skip', message: skipped.join(' ') };
  if (failed.length === 0) return { status: 'pass', message: scope.rule.validate?.message ?? '' };
  const msg = scope.rule.validate?.message ?? '';
  const errors = failed.join(' ');
  const message =
    msg === ''
      ? `validation error: ${errors}`
      : msg.endsWith('.')
        ? `validation error: ${msg} ${errors}`
        : `validation error: ${msg}. ${errors}`;
  return { status: 'fail', message, paths: paths.length ? paths : undefined };
}

/** Kyverno's wording: `validation error: <message>. rule <name> failed at path <path>`. */
function buildErrorMessage(rule: Rule, ctx: EvalContext, error: string, path: string | undefined): string {
  const raw = rule.validate?.message ?? '';
  if (raw === '')
    return path
      ? `validation error: rule ${rule.name} failed at path ${path}`
      : `validation error: rule ${rule.name} execution error: ${error}`;
  let msg: string;
  try {
    const m = substituteAll(ctx, raw);
    msg = typeof m === 'string' ? m : String(m);
  } catch {
    return `validation error: variables substitution error in rule ${rule.name} execution error: ${error}`;
  }
  if (!msg.endsWith('.')) msg += '.';
  return path
    ? `validation error: ${msg} rule ${rule.name} failed at path ${path}`
    : `validation error: ${msg} rule ${rule.name} execution error: ${error}`;
}

function validateForEach(list: ForEachValidation[], scope: Scope, ctx: EvalContext, pos: Position): RuleOutcome {
  let applied = 0;
  for (const fe of list) {
    let elements: unknown[];
    try {
      elements = evaluateList(fe.list ?? '', ctx);
    } catch {
      continue; // Kyverno logs a list that cannot be evaluated and moves on
    }
    const base = listPath(fe.list ?? '', pos.elementPaths);
    const r = validateElements(fe, elements, base, scope, ctx, pos);
    if (r.outcome.status !== 'pass') return r.outcome;
    applied += r.applied;
  }
  // Kyverno (1.13+) gives no rule response when no element was checked.
  if (applied === 0) return { status: 'skip', message: 'rule skipped', noResult: pos.nesting === 0 };
  return { status: 'pass', message: 'rule passed' };
}

function evaluateList(expression: string, ctx: EvalContext): unknown[] {
  const trimmed = expression.trim().replace(/^\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
  // Kyverno skips a list it cannot evaluate (a missing key included): same outcome as empty.
  const v = ctx.queryOptional(trimmed);
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function validateElements(
  fe: ForEachValidation,
  elements: unknown[],
  base: JsonPath | undefined,
  scope: Scope,
  parent: EvalContext,
  pos: Position,
): { outcome: RuleOutcome; applied: number } {
  let applied = 0;
  for (const [index, element] of elements.entries()) {
    if (element === null || element === undefined) continue;
    const ctx = parent.child();
    ctx.addElement(element, index, pos.nesting);
    let scoped = isMap(element);
    if (fe.elementScope !== undefined) {
      if (fe.elementScope && !isMap(element)) {
        return {
          outcome: {
            status: 'error',
            message: `failed to process foreach: cannot use elementScope=true foreach rules for elements that are not maps, expected type=map got type=${goTypeName(element)}`,
          },
          applied,
        };
      }
      scoped = fe.elementScope;
    }
    const elementPath = base ? [...base, index] : undefined;
    const child: Position = {
      nesting: pos.nesting + 1,
      target: scoped ? element : pos.target,
      targetPath: scoped ? elementPath : pos.targetPath,
      elementPaths: [...pos.elementPaths, elementPath],
    };
    const step: Step = {
      context: fe.context,
      preconditions: fe.preconditions,
      pattern: fe.pattern,
      anyPattern: fe.anyPattern,
      deny: fe.deny,
      foreach: fe.foreach,
    };
    const r = runStep(step, scope, ctx, child);
    if (r.status === 'skip') {
      if (r.unsupported) return { outcome: r, applied };
      continue;
    }
    if (r.status === 'error') {
      if (index < elements.length - 1) continue;
      return { outcome: { ...r, message: `validation failure: ${r.message}` }, applied };
    }
    if (r.status === 'fail') return { outcome: { ...r, message: `validation failure: ${r.message}` }, applied };
    applied++;
  }
  return { outcome: { status: 'pass', message: '' }, applied };
}
