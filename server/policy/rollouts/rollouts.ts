/**
 * The Argo Rollouts option. A `Rollout` (argoproj.io) carries the same `spec.template` as a
 * Deployment, so with this option a rule that names Deployment, StatefulSet or DaemonSet also
 * evaluates Rollouts, and results report the real kind `Rollout`. Off by default for user
 * policies (Kyverno itself does not do this); on for the built-in baseline pack.
 * A Rollout that uses `spec.workloadRef` has no template of its own: such rules are skipped on
 * it with that reason, because the referenced Deployment is checked instead.
 */
import type { Gvk } from '../match/kinds';
import { parseKindSelector } from '../match/kinds';
import type { Resource } from '../types';
import { wildcardMatch } from '../wildcards/wildcard';

export const ROLLOUT_STAND_INS = ['Deployment', 'StatefulSet', 'DaemonSet'];

export function isArgoRollout(gvk: Gvk): boolean {
  return gvk.kind === 'Rollout' && gvk.group === 'argoproj.io';
}

/**
 * True when the object is a Rollout and `selector` names a current pod controller: `Deployment`,
 * `apps/v1/Deployment`, `StatefulSet`… — not `*`, and not a retired API version such as
 * `extensions/v1beta1/Deployment`.
 */
export function rolloutStandsIn(selector: string, gvk: Gvk): boolean {
  if (!isArgoRollout(gvk)) return false;
  const s = parseKindSelector(selector);
  if (s.subresource !== '' || s.kind === '*') return false;
  if (!['*', 'apps'].includes(s.group) || !['*', 'v1'].includes(s.version)) return false;
  return ROLLOUT_STAND_INS.some((k) => wildcardMatch(s.kind, k));
}

/** The Deployment a workloadRef Rollout borrows its template from, if it does. */
export function workloadRefOf(resource: Resource): string | undefined {
  const spec = resource.spec as { workloadRef?: { kind?: string; name?: string }; template?: unknown } | undefined;
  if (!spec?.workloadRef || spec.template) return undefined;
  return `${spec.workloadRef.kind ?? 'Deployment'}/${spec.workloadRef.name ?? '?'}`;
}
