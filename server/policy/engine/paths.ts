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

/** The resource path a foreach `list` walks, when it is a plain path. */
export function listPath(expression: string, elementPaths: Array<JsonPath | undefined>): JsonPath | undefined {
  const e = expression.trim().replace(/^\{\{\s*([\s\S]*?)\s*\}\}$/, '$1').replace(/\[\]$/, '');
  const fromObject = /^request\.object(.*)$/.exec(e);
  if (fromObject) return parseChain(fromObject[1]);
  const fromElement = /^element(\d*)(.*)$/.exec(e);
  if (fromElement) {
    const n = fromElement[1] === '' ? elementPaths.length - 1 : Number(fromElement[1]);
    const base = elementPaths[n];
    const rest = parseChain(fromElement[2]);
    return base && rest ? [...base, ...rest] : undefined;
  }
  return undefined;
}

/** The first field the conditions read from the resource, cut to what exists. */
export function pathsInConditions(conditions: Conditions | undefined, resource: Resource, elementPaths: Array<JsonPath | undefined>): JsonPath[] | undefined {
  // Only keys and values name resource fields; messages merely quote them.
  const list = !conditions ? [] : Array.isArray(conditions) ? conditions : [...(conditions.any ?? []), ...(conditions.all ?? [])];
  const text = JSON.stringify(list.map((c) => [c.key, c.value]));
  const re = /\{\{\s*((?:request\.object|element\d*)(?:\.[A-Za-z_][\w-]*|\.\\"(?:[^"\\]|\\.)*\\"|\[\d+\])*)/g;
  for (const m of text.matchAll(re)) {
    const expr = m[1].replace(/\\"/g, '"');
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
