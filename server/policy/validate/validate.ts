/**
 * Walks a resource against a validation pattern, Kyverno's `validate.MatchPattern`: anchors first,
 * then keys holding nested anchors, then the rest; arrays of maps apply the pattern to every item.
 * The outcome carries Kyverno's own path (`/spec/containers/0/image/`) and a precise JSON path.
 */
import { hasNestedAnchors, isPhaseOneAnchor, parseAnchor, type Anchor } from '../anchor/anchor';
import { isMap, validateValue } from '../pattern/pattern';
import { kyvernoPath, valueAt, type JsonPath } from '../util/json-path';
import { expandInMetadata } from '../wildcards/expand';
import { goFormat, goTypeName } from './go-format';

export type PatternStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface PatternOutcome {
  status: PatternStatus;
  /** Kyverno's error text (empty on pass). */
  message: string;
  /** Kyverno's path notation for fail results, e.g. `/spec/containers/0/image/`. */
  kyvernoPath?: string;
  /** Where in the resource the violation is, as precise as the pattern allows. */
  path?: JsonPath;
}

/** Paths are built as linked lists while walking and turned into arrays only on failure. */
type PathNode = { parent: PathNode; seg: string | number } | null;

const at = (parent: PathNode, seg: string | number): PathNode => ({ parent, seg });

function toArray(p: PathNode): JsonPath {
  const out: JsonPath = [];
  for (let n = p; n; n = n.parent) out.push(n.seg);
  return out.reverse();
}

const kpath = (p: PathNode) => kyvernoPath(toArray(p));

interface Mismatch {
  kind: 'fail' | 'skip' | 'negation' | 'error';
  /** Kyverno's error text, built only when a result needs it (skipped items are common). */
  message: () => string;
  /** Kyverno's reported path (may be the parent for "not found"). */
  path: PathNode;
  /** The precise location, when it differs from `path`. */
  findingPath?: PathNode;
}

/** Tracks whether conditional/existence/negation anchor keys were ever found (Kyverno's AnchorMap). */
class AnchorKeys {
  private seen: Map<string, boolean> | undefined;

  record(plan: MapPlan, resource: Record<string, unknown>): void {
    if (!plan.tracked.length) return;
    this.seen ??= new Map();
    for (const [key, a] of plan.tracked) {
      if (this.seen.get(key)) continue;
      this.seen.set(key, a.key in resource);
    }
  }

  /** Kyverno turns a failure into an execution error when such an anchor key was never found. */
  anyMissing(): boolean {
    for (const v of this.seen?.values() ?? []) if (!v) return true;
    return false;
  }
}

export function matchPattern(resource: unknown, pattern: unknown): PatternOutcome {
  const keys = new AnchorKeys();
  const m = validateElement(resource, pattern, null, keys);
  if (!m) return { status: 'pass', message: '' };
  const message = m.message();
  if (m.kind === 'skip') return { status: 'skip', message };
  const reported = toArray(m.path);
  const precise = m.findingPath ? toArray(m.findingPath) : reported;
  if (m.kind === 'negation') return { status: 'fail', message, kyvernoPath: kyvernoPath(reported), path: precise };
  if (m.kind === 'error' || keys.anyMissing()) return { status: 'error', message, path: precise };
  const missing = valueAt(resource, precise) == null;
  return {
    status: 'fail',
    message,
    kyvernoPath: kyvernoPath(reported),
    path: missing ? extendIntoPattern(precise, pattern) : precise,
  };
}

function validateElement(resource: unknown, pattern: unknown, path: PathNode, keys: AnchorKeys): Mismatch | undefined {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(resource)) {
      return fail(
        path,
        () => `validation rule failed at path ${kpath(path)}, resource does not satisfy the expected overlay pattern`,
      );
    }
    return validateArray(resource, pattern, path, keys);
  }
  if (isMap(pattern)) {
    if (!isMap(resource)) {
      return fail(
        path,
        () =>
          `pattern and resource have different structures. Path: ${kpath(path)}. Expected map[string]interface {}, found ${goTypeName(resource)}`,
      );
    }
    return validateMap(resource, pattern, path, keys);
  }
  if (pattern === null || typeof pattern === 'string' || typeof pattern === 'number' || typeof pattern === 'boolean') {
    const ok = Array.isArray(resource)
      ? resource.every((v) => validateValue(v, pattern))
      : validateValue(resource, pattern);
    if (!ok)
      return fail(
        path,
        () => `resource value '${goFormat(resource)}' does not match '${goFormat(pattern)}' at path ${kpath(path)}`,
      );
    return undefined;
  }
  return { kind: 'error', message: () => `failed at '${kpath(path)}', pattern contains unknown type`, path };
}

interface MapPlan {
  /** Phase one: conditional, existence, equality and negation anchors, sorted by key. */
  anchored: Array<[string, Anchor]>;
  /** Phase two, in Kyverno's order; global anchors carry their parsed anchor. */
  plain: Array<[string, Anchor | undefined]>;
  /** Keys whose presence Kyverno records (conditional, existence, negation anchors). */
  tracked: Array<[string, Anchor]>;
}

// Patterns are reused across every resource: plan each map once.
const plans = new WeakMap<Record<string, unknown>, MapPlan>();

function planFor(pattern: Record<string, unknown>): MapPlan {
  let plan = plans.get(pattern);
  if (plan) return plan;
  const anchored: Array<[string, Anchor]> = [];
  const plain: string[] = [];
  for (const key of Object.keys(pattern)) {
    const a = parseAnchor(key);
    if (a?.type === 'addIfNotPresent') continue; // a mutate anchor: nothing to validate
    if (isPhaseOneAnchor(a)) anchored.push([key, a!]);
    else plain.push(key);
  }
  anchored.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const tracked = anchored.filter(([, a]) => a.type === 'condition' || a.type === 'existence' || a.type === 'negation');
  plan = { anchored, plain: orderPlainKeys(plain, pattern).map((k) => [k, parseAnchor(k)]), tracked };
  plans.set(pattern, plan);
  return plan;
}

function validateMap(
  resource: Record<string, unknown>,
  rawPattern: Record<string, unknown>,
  path: PathNode,
  keys: AnchorKeys,
): Mismatch | undefined {
  const pattern = expandInMetadata(rawPattern, resource);
  const plan = planFor(pattern);
  keys.record(plan, resource);
  for (const [key, a] of plan.anchored) {
    const m = handleAnchor(a, pattern[key], resource, path, keys);
    if (m) return m;
  }
  for (const [key, a] of plan.plain) {
    const m =
      a?.type === 'global'
        ? handleAnchor(a, pattern[key], resource, path, keys)
        : handlePlain(key, pattern[key], resource, path, keys);
    if (m) return m;
  }
  return undefined;
}

/** Global anchors and keys with nested anchors go first (so a skip wins over a sibling's failure). */
function orderPlainKeys(keys: string[], pattern: Record<string, unknown>): string[] {
  const front: string[] = [];
  const back: string[] = [];
  for (const k of [...keys].sort()) {
    if (parseAnchor(k)?.type === 'global' || hasNestedAnchors(pattern[k])) front.unshift(k);
    else back.push(k);
  }
  return [...front, ...back];
}

function handlePlain(
  key: string,
  pattern: unknown,
  resource: Record<string, unknown>,
  path: PathNode,
  keys: AnchorKeys,
): Mismatch | undefined {
  const value = resource[key];
  if (pattern === '*') {
    if (value !== undefined && value !== null) return undefined;
    return { kind: 'fail', message: () => `${kpath(path)}/${key} not found`, path, findingPath: at(path, key) };
  }
  return validateElement(value ?? null, pattern, at(path, key), keys);
}

function handleAnchor(
  a: Anchor,
  pattern: unknown,
  resource: Record<string, unknown>,
  path: PathNode,
  keys: AnchorKeys,
): Mismatch | undefined {
  const present = a.key in resource;
  // Equality, global, existence and negation anchors on absent keys are the common case: no work.
  if (!present && a.type !== 'condition') return undefined;
  const here = at(path, a.key);
  const value = resource[a.key];
  switch (a.type) {
    case 'condition': {
      if (!present)
        return {
          kind: 'skip',
          message: () => "conditional anchor mismatch: conditional anchor key doesn't exist in the resource",
          path: here,
        };
      const m = validateElement(value, pattern, here, keys);
      return m
        ? { kind: 'skip', message: () => `conditional anchor mismatch: ${m.message()}`, path: m.path }
        : undefined;
    }
    case 'global': {
      if (!present) return undefined;
      const m = validateElement(value, pattern, here, keys);
      return m ? { kind: 'skip', message: () => `global anchor mismatch: ${m.message()}`, path: m.path } : undefined;
    }
    case 'equality':
      return present ? validateElement(value, pattern, here, keys) : undefined;
    case 'negation':
      return present
        ? {
            kind: 'negation',
            message: () => `negation anchor matched in resource: ${kpath(here)} is not allowed`,
            path: here,
          }
        : undefined;
    case 'existence':
      return present ? handleExistence(value, pattern, here, keys) : undefined;
    default:
      return undefined;
  }
}

/** `^(list)`: every map in the pattern list must match at least one item of the resource list. */
function handleExistence(value: unknown, pattern: unknown, path: PathNode, keys: AnchorKeys): Mismatch | undefined {
  if (!Array.isArray(value)) {
    return fail(
      path,
      () =>
        `invalid resource type ${goTypeName(value)}: Existence ^ () anchor can be used only on list/array type resource`,
    );
  }
  if (!Array.isArray(pattern)) {
    return fail(
      path,
      () => `invalid pattern type ${goTypeName(pattern)}: Pattern has to be of list to compare against resource`,
    );
  }
  for (const p of pattern) {
    if (!isMap(p))
      return fail(
        path,
        () =>
          `invalid pattern type ${goTypeName(pattern)}: Pattern has to be of type map to compare against items in resource`,
      );
    const found = value.some((item, i) => validateElement(item, p, at(path, i), keys) === undefined);
    if (!found) return fail(path, () => `existence anchor validation failed at path ${kpath(path)}`);
  }
  return undefined;
}

function validateArray(
  resource: unknown[],
  pattern: unknown[],
  path: PathNode,
  keys: AnchorKeys,
): Mismatch | undefined {
  if (pattern.length === 0) return fail(path, () => 'pattern Array empty');
  const first = pattern[0];
  if (isMap(first)) return validateEach(resource, undefined, first, path, keys);
  if (!Array.isArray(first)) return validateElement(resource, first, path, keys);
  if (resource.length < pattern.length) {
    return {
      kind: 'error',
      message: () =>
        `validate Array failed, array length mismatch, resource Array len is ${resource.length} and pattern Array len is ${pattern.length}`,
      path,
    };
  }
  return validateEach(resource, pattern, undefined, path, keys);
}

/**
 * Each item against the one map pattern (`single`), or item i against pattern i. Items whose
 * conditional anchors do not hold are skipped; when all are, the whole list is.
 */
function validateEach(
  resource: unknown[],
  patterns: unknown[] | undefined,
  single: unknown,
  path: PathNode,
  keys: AnchorKeys,
): Mismatch | undefined {
  let applied = 0;
  let skips: Mismatch[] | undefined;
  const count = patterns ? patterns.length : resource.length;
  for (let i = 0; i < count; i++) {
    const m = validateElement(resource[i], patterns ? patterns[i] : single, at(path, i), keys);
    if (!m) applied++;
    else if (m.kind === 'skip') (skips ??= []).push(m);
    else return m;
  }
  if (applied === 0 && skips) {
    const all = skips;
    return { kind: 'skip', message: () => all.map((m) => m.message()).join('; '), path };
  }
  return undefined;
}

function fail(path: PathNode, message: () => string): Mismatch {
  return { kind: 'fail', message, path };
}

/**
 * When the resource lacks a whole object the pattern expects, point at the leaf the pattern names
 * as long as it is unambiguous (one key per level), e.g. `…securityContext.runAsNonRoot`.
 */
function extendIntoPattern(path: JsonPath, pattern: unknown): JsonPath {
  let node: unknown = pattern;
  for (const seg of path) {
    if (Array.isArray(node)) node = node[0];
    else if (isMap(node)) node = node[seg as string] ?? findAnchored(node, seg as string);
    else return path;
  }
  const out = [...path];
  while (isMap(node)) {
    const entries = Object.keys(node).filter((k) => parseAnchor(k)?.type !== 'addIfNotPresent');
    if (entries.length !== 1) break;
    const a = parseAnchor(entries[0]);
    if (a && a.type !== 'global') break; // optional or conditional keys are not required
    out.push(a ? a.key : entries[0]);
    node = node[entries[0]];
  }
  return out;
}

function findAnchored(map: Record<string, unknown>, key: string): unknown {
  for (const [k, v] of Object.entries(map)) if (parseAnchor(k)?.key === key) return v;
  return undefined;
}
