/**
 * The one owner of Kubernetes label-selector semantics (matchLabels + matchExpressions) on plain
 * objects: the live status (which pods a workload selects) and the policy engine (which objects a
 * rule matches, with Kyverno's wildcards on top) both evaluate selectors here.
 */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Own label keys only: a label named `constructor` or `__proto__` is a label, not an inherited property. */
function labelMap(labels: Record<string, string> | undefined): Map<string, string> {
  return new Map(Object.entries(labels ?? {}).map(([k, v]) => [k, String(v)]));
}

/** True when every matchExpression holds for the labels (an unknown operator never holds). */
export function expressionsMatch(
  expressions: LabelSelector['matchExpressions'],
  labels: Record<string, string> | undefined,
): boolean {
  const have = labelMap(labels);
  for (const e of Array.isArray(expressions) ? expressions : []) {
    const value = have.get(e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length)
  );
}

/**
 * True when the labels satisfy the selector. An empty selector matches everything, as in a policy's
 * match block; a workload's empty or missing selector selects nothing (`workloadSelects`).
 */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labelMap(labels);
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (have.get(k) !== String(v)) return false;
  return expressionsMatch(selector.matchExpressions, labels);
}

/** Which pods a workload selects: a missing or empty selector selects none. */
export function workloadSelects(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return !!selector && !isEmptySelector(selector) && selectorMatches(selector, labels);
}

/** `a=b,c in (x,y)` form, as kubectl prints selectors. */
export function selectorString(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
