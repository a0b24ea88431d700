/** The leaf paths where two versions of an object differ, for telling users what a mutation did. */
import { isMap } from '../pattern/pattern';
import { formatJsonPath, type JsonPath } from '../util/json-path';

export function changedPaths(before: unknown, after: unknown, limit = 5): string[] {
  const out: JsonPath[] = [];
  walk(before, after, [], out, limit);
  return out.map(formatJsonPath);
}

function walk(a: unknown, b: unknown, path: JsonPath, out: JsonPath[], limit: number): void {
  if (out.length >= limit) return;
  if (isMap(a) && isMap(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], [...path, k], out, limit);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => walk(x, b[i], [...path, i], out, limit));
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
}
