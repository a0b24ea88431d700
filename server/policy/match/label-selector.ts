/** Kubernetes label selectors, with Kyverno's wildcard keys/values in `matchLabels`. */
import type { LabelSelector } from '../types';
import { containsWildcard, wildcardMatch } from '../wildcards/wildcard';

// Selectors are reused across many objects: find their wildcard entries once.
const compiled = new WeakMap<LabelSelector, Array<[string, string, boolean]>>();

function labelEntries(selector: LabelSelector): Array<[string, string, boolean]> {
  let entries = compiled.get(selector);
  if (!entries) {
    entries = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [k, String(v), containsWildcard(k) || containsWildcard(String(v))]);
    compiled.set(selector, entries);
  }
  return entries;
}

export function selectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  for (const [k, v, wild] of labelEntries(selector)) {
    if (wild) {
      if (!Object.entries(have).some(([hk, hv]) => wildcardMatch(k, hk) && wildcardMatch(v, hv))) return false;
    } else if (have[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const present = e.key in have;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!present || !values.includes(have[e.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[e.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
