/**
 * Kyverno's autogen of a Pod `mutate` rule for pod controllers (pkg/autogen): the
 * `patchStrategicMerge` overlay (also each foreach's) is nested under `spec.<templateKey>`;
 * variable paths are rewritten by the caller like for validate rules. `patchesJson6902`
 * rules are not generated (Kyverno disables autogen for such policies).
 */
import type { Rule } from '../types';

interface MutationShape {
  patchStrategicMerge?: unknown;
  patchesJson6902?: string;
  foreach?: Array<Record<string, unknown>>;
}

export function autogenMutation(rule: Rule, templateKey: 'template' | 'jobTemplate'): Rule | undefined {
  const m = rule.mutate as MutationShape | undefined;
  if (!m) return undefined;
  const wrap = (patch: unknown) => ({ spec: { [templateKey]: patch } });
  if (m.patchStrategicMerge !== undefined && m.patchStrategicMerge !== null) return { ...rule, mutate: { patchStrategicMerge: wrap(m.patchStrategicMerge) } };
  if (Array.isArray(m.foreach) && m.foreach.length) {
    const foreach = m.foreach.map((fe) => {
      const { list, context, preconditions, order, patchStrategicMerge } = fe;
      return { list, context, preconditions, order, patchStrategicMerge: wrap(patchStrategicMerge ?? null) };
    });
    return { ...rule, mutate: { foreach } };
  }
  return undefined;
}
