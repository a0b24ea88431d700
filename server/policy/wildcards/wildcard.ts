/**
 * Kyverno's wildcard matching: `*` matches any run of characters (also none), `?` exactly one.
 * Everything else is literal — no regular-expression meaning, no escapes.
 */
export function containsWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

export function wildcardMatch(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (pattern === '*') return true;
  if (!containsWildcard(pattern)) return false;
  // Iterative glob match with single-star backtracking: linear in practice, no regex compile.
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const c = pattern[p];
    if (p < pattern.length && (c === '?' || c === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && c === '*') {
      starP = p++;
      starV = v;
    } else if (starP !== -1) {
      p = starP + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
