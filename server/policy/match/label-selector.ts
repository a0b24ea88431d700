/** Kubernetes label selectors (core/label-selector), with Kyverno's wildcard keys/values in `matchLabels`. */
import { expressionsMatch } from '../../core/label-selector';
import type { LabelSelector } from '../types';
import { containsWildcard, wildcardMatch } from '../wildcards/wildcard';

// Selectors are reused across many objects: find their wildcard entries once.
const compiled = new WeakMap<LabelSelector, Array<[string, string, boolean]>>();

function labelEntries(selector: LabelSelector): Array<[string, string, boolean]> {
  let entries = compiled.get(selector);
  if (!entries) {
    entries = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [
      k,
      String(v),
      containsWildcard(k) || containsWildcard(String(v)),
    ]);
    compiled.set(selector, entries);
  }
  return entries;
}

export function selectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  for (const [k, v, wild] of labelEntries(selector)) {
    if (wild) {
      if (!Object.entries(have).some(([hk, hv]) => wildcardMatch(k, hk) && wildcardMatch(v, hv))) return false;
    } else if (!Object.hasOwn(have, k) || have[k] !== v) return false;
  }
  return expressionsMatch(selector.matchExpressions, have);
}
