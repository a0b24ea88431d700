/**
 * Turns JMESPath expressions that name resource fields (`request.object.spec.containers`,
 * `element.ports`) into JSON paths, so foreach and deny failures point at the right place.
 * Expressions that are not plain paths (filters, functions) give no location.
 */
import type { Conditions, Resource } from '../types';
import type { JsonPath } from '../util/json-path';

const SEGMENT = /\.([A-Za-z_][\w-]*)|\."((?:[^"\\]|\\.)*)"|\[(\d+)\]/y;

function parseChain(rest: string): JsonPath | undefined {
  const out: JsonPath = [];
  SEGMENT.lastIndex = 0;
  let at = 0;
  while (at < rest.length) {
    SEGMENT.lastIndex = at;
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? m[2] : Number(m[3])));
    at = SEGMENT.lastIndex;
  }
  return out;
}

type ParsedList =
  { root: 'object'; chain: JsonPath } | { root: 'element'; nesting: number | undefined; chain: JsonPath } | null;
const parsedLists = new Map<string, ParsedList>();

function parseList(expression: string): ParsedList {
  let parsed = parsedLists.get(expression);
  if (parsed !== undefined) return parsed;
  parsed = null;
  const e = expression
    .trim()
    .replace(/^\{\{\s*([\s\S]*?)\s*\}\}$/, '$1')
    .replace(/\[\]$/, '');
  const fromObject = /^request\.object(.*)$/.exec(e);
  const fromElement = /^element(\d*)(.*)$/.exec(e);
  const chain = parseChain((fromObject ?? fromElement)?.[fromObject ? 1 : 2] ?? '.');
  if (chain && fromObject) parsed = { root: 'object', chain };
  else if (chain && fromElement)
    parsed = { root: 'element', nesting: fromElement[1] === '' ? undefined : Number(fromElement[1]), chain };
  if (parsedLists.size < 10_000) parsedLists.set(expression, parsed);
  return parsed;
}

/** The resource path a foreach `list` walks, when it is a plain path. */
export function listPath(expression: string, elementPaths: Array<JsonPath | undefined>): JsonPath | undefined {
  const p = parseList(expression);
  if (!p) return undefined;
  if (p.root === 'object') return p.chain;
  const base = elementPaths[p.nesting ?? elementPaths.length - 1];
  return base ? [...base, ...p.chain] : undefined;
}

const fieldExpressions = new WeakMap<object, string[]>();

/** The `request.object…` / `element…` chains the keys and values of conditions read, in order. */
function expressionsIn(conditions: Conditions): string[] {
  let found = fieldExpressions.get(conditions);
  if (!found) {
    // Only keys and values name resource fields; messages merely quote them.
    const list = Array.isArray(conditions) ? conditions : [...(conditions.any ?? []), ...(conditions.all ?? [])];
    const text = JSON.stringify(list.map((c) => [c.key, c.value]));
    const re = /\{\{\s*((?:request\.object|element\d*)(?:\.[A-Za-z_][\w-]*|\.\\"(?:[^"\\]|\\.)*\\"|\[\d+\])*)/g;
    found = [...text.matchAll(re)].map((m) => m[1].replace(/\\"/g, '"'));
    fieldExpressions.set(conditions, found);
  }
  return found;
}

/** The first field the conditions read from the resource, cut to what exists. */
export function pathsInConditions(
  conditions: Conditions | undefined,
  resource: Resource,
  elementPaths: Array<JsonPath | undefined>,
): JsonPath[] | undefined {
  for (const expr of conditions ? expressionsIn(conditions) : []) {
    const path = listPath(expr, elementPaths);
    if (path && path.length) return [existingPrefix(resource, path)];
  }
  const last = elementPaths[elementPaths.length - 1];
  return last ? [last] : undefined;
}

/** Keeps the path up to and including the first missing step. */
function existingPrefix(resource: unknown, path: JsonPath): JsonPath {
  const out: JsonPath = [];
  let node = resource;
  for (const seg of path) {
    out.push(seg);
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string | number, unknown>)[seg];
    if (node === undefined) break;
  }
  return out;
}
