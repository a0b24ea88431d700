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

interface Mismatch {
  kind: 'fail' | 'skip' | 'negation' | 'error';
  message: string;
  /** Kyverno's reported path (may be the parent for "not found"). */
  path: JsonPath;
  /** The precise location, when it differs from `path`. */
  findingPath?: JsonPath;
}

class AnchorKeys {
  private readonly seen = new Map<string, boolean>();

  record(pattern: Record<string, unknown>, resource: Record<string, unknown>): void {
    for (const key of Object.keys(pattern)) {
      const a = parseAnchor(key);
      if (!a || (a.type !== 'condition' && a.type !== 'existence' && a.type !== 'negation')) continue;
      if (this.seen.get(key)) continue;
      this.seen.set(key, a.key in resource);
    }
  }

  /** Kyverno turns a failure into an execution error when such an anchor key was never found. */
  anyMissing(): boolean {
    for (const v of this.seen.values()) if (!v) return true;
    return false;
  }
}

export function matchPattern(resource: unknown, pattern: unknown): PatternOutcome {
  const keys = new AnchorKeys();
  const m = validateElement(resource, pattern, [], keys);
  if (!m) return { status: 'pass', message: '' };
  if (m.kind === 'skip') return { status: 'skip', message: m.message };
  const precise = m.findingPath ?? m.path;
  if (m.kind === 'negation') return { status: 'fail', message: m.message, kyvernoPath: kyvernoPath(m.path), path: precise };
  if (m.kind === 'error' || keys.anyMissing()) return { status: 'error', message: m.message, path: precise };
  const missing = valueAt(resource, precise) == null;
  return { status: 'fail', message: m.message, kyvernoPath: kyvernoPath(m.path), path: missing ? extendIntoPattern(precise, pattern) : precise };
}

function validateElement(resource: unknown, pattern: unknown, path: JsonPath, keys: AnchorKeys): Mismatch | undefined {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(resource)) {
      return fail(path, `validation rule failed at path ${kyvernoPath(path)}, resource does not satisfy the expected overlay pattern`);
    }
    return validateArray(resource, pattern, path, keys);
  }
  if (isMap(pattern)) {
    if (!isMap(resource)) {
      return fail(path, `pattern and resource have different structures. Path: ${kyvernoPath(path)}. Expected map[string]interface {}, found ${goTypeName(resource)}`);
    }
    keys.record(pattern, resource);
    return validateMap(resource, pattern, path, keys);
  }
  if (pattern === null || ['string', 'number', 'boolean'].includes(typeof pattern)) {
    const values = Array.isArray(resource) ? resource : [resource];
    if (!values.every((v) => validateValue(v, pattern))) {
      return fail(path, `resource value '${goFormat(resource)}' does not match '${goFormat(pattern)}' at path ${kyvernoPath(path)}`);
    }
    return undefined;
  }
  return { kind: 'error', message: `failed at '${kyvernoPath(path)}', pattern contains unknown type`, path };
}

function validateMap(resource: Record<string, unknown>, rawPattern: Record<string, unknown>, path: JsonPath, keys: AnchorKeys): Mismatch | undefined {
  const pattern = expandInMetadata(rawPattern, resource);
  const anchored: Array<[string, Anchor]> = [];
  const plain: string[] = [];
  for (const key of Object.keys(pattern)) {
    const a = parseAnchor(key);
    if (a?.type === 'addIfNotPresent') continue; // a mutate anchor: nothing to validate
    if (isPhaseOneAnchor(a)) anchored.push([key, a!]);
    else plain.push(key);
  }
  anchored.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, a] of anchored) {
    const m = handleAnchor(a, pattern[key], resource, path, keys);
    if (m) return m;
  }
  for (const key of orderPlainKeys(plain, pattern)) {
    const a = parseAnchor(key);
    const m = a?.type === 'global' ? handleAnchor(a, pattern[key], resource, path, keys) : handlePlain(key, pattern[key], resource, path, keys);
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

function handlePlain(key: string, pattern: unknown, resource: Record<string, unknown>, path: JsonPath, keys: AnchorKeys): Mismatch | undefined {
  const value = resource[key];
  if (pattern === '*') {
    if (value !== undefined && value !== null) return undefined;
    return { kind: 'fail', message: `${kyvernoPath(path)}/${key} not found`, path, findingPath: [...path, key] };
  }
  return validateElement(value ?? null, pattern, [...path, key], keys);
}

function handleAnchor(a: Anchor, pattern: unknown, resource: Record<string, unknown>, path: JsonPath, keys: AnchorKeys): Mismatch | undefined {
  const here = [...path, a.key];
  const present = a.key in resource;
  const value = resource[a.key];
  switch (a.type) {
    case 'condition': {
      if (!present) return { kind: 'skip', message: "conditional anchor mismatch: conditional anchor key doesn't exist in the resource", path: here };
      const m = validateElement(value, pattern, here, keys);
      return m ? { kind: 'skip', message: `conditional anchor mismatch: ${m.message}`, path: m.path } : undefined;
    }
    case 'global': {
      if (!present) return undefined;
      const m = validateElement(value, pattern, here, keys);
      return m ? { kind: 'skip', message: `global anchor mismatch: ${m.message}`, path: m.path } : undefined;
    }
    case 'equality':
      return present ? validateElement(value, pattern, here, keys) : undefined;
    case 'negation':
      return present ? { kind: 'negation', message: `negation anchor matched in resource: ${kyvernoPath(here)} is not allowed`, path: here } : undefined;
    case 'existence':
      return present ? handleExistence(value, pattern, here, keys) : undefined;
    default:
      return undefined;
  }
}

/** `^(list)`: every map in the pattern list must match at least one item of the resource list. */
function handleExistence(value: unknown, pattern: unknown, path: JsonPath, keys: AnchorKeys): Mismatch | undefined {
  if (!Array.isArray(value)) {
    return fail(path, `invalid resource type ${goTypeName(value)}: Existence ^ () anchor can be used only on list/array type resource`);
  }
  if (!Array.isArray(pattern)) {
    return fail(path, `invalid pattern type ${goTypeName(pattern)}: Pattern has to be of list to compare against resource`);
  }
  for (const p of pattern) {
    if (!isMap(p)) return fail(path, `invalid pattern type ${goTypeName(pattern)}: Pattern has to be of type map to compare against items in resource`);
    const found = value.some((item, i) => validateElement(item, p, [...path, i], keys) === undefined);
    if (!found) return fail(path, `existence anchor validation failed at path ${kyvernoPath(path)}`);
  }
  return undefined;
}

function validateArray(resource: unknown[], pattern: unknown[], path: JsonPath, keys: AnchorKeys): Mismatch | undefined {
  if (pattern.length === 0) return fail(path, 'pattern Array empty');
  const first = pattern[0];
  if (isMap(first)) return validateEach(resource.map((item, i) => [item, first, i] as const), path, keys);
  if (!Array.isArray(first)) return validateElement(resource, first, path, keys);
  if (resource.length < pattern.length) {
    return {
      kind: 'error',
      message: `validate Array failed, array length mismatch, resource Array len is ${resource.length} and pattern Array len is ${pattern.length}`,
      path,
    };
  }
  return validateEach(pattern.map((p, i) => [resource[i], p, i] as const), path, keys);
}

/** Items whose conditional anchors do not hold are skipped; when all are, the whole list is. */
function validateEach(items: ReadonlyArray<readonly [unknown, unknown, number]>, path: JsonPath, keys: AnchorKeys): Mismatch | undefined {
  let applied = 0;
  const skips: string[] = [];
  for (const [item, p, i] of items) {
    const m = validateElement(item, p, [...path, i], keys);
    if (!m) applied++;
    else if (m.kind === 'skip') skips.push(m.message);
    else return m;
  }
  if (applied === 0 && skips.length > 0) return { kind: 'skip', message: skips.join('; '), path };
  return undefined;
}

function fail(path: JsonPath, message: string): Mismatch {
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
