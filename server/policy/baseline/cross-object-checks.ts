/**
 * Baseline checks that look at the whole set of rendered objects (or need platform parameters a
 * Kyverno pattern cannot express): PodDisruptionBudget and NetworkPolicy coverage in
 * production, Services that select no pods, and images from registries that are not allowed.
 */
import { parseImageReference } from '../../model/effective-intent';
import { registryAllowed } from '../../model/platform-config';
import { selectorMatches } from '../match/label-selector';
import type { LabelSelector, Resource } from '../types';
import type { JsonPath } from '../util/json-path';
import { effectiveReplicas, isReplicated, labelsMatch, namespaceOf, podTemplateOf } from './workloads';

export interface CheckInput {
  resources: Resource[];
  deployNamespace: string;
  production: boolean;
  allowedRegistries: string[];
}

export interface CheckFinding {
  resourceIndex: number;
  status: 'pass' | 'fail';
  message: string;
  paths?: JsonPath[];
}

export interface BaselineCheck {
  id: string;
  rule: string;
  run(input: CheckInput): CheckFinding[];
}

const label = (r: Resource) => `${r.kind}/${r.metadata?.name ?? '?'}`;

function sameNamespace(input: CheckInput, a: Resource, b: Resource): boolean {
  return namespaceOf(a, input.deployNamespace) === namespaceOf(b, input.deployNamespace);
}

export const requirePdb: BaselineCheck = {
  id: 'HI-K8S-022',
  rule: 'require-pod-disruption-budget',
  run(input) {
    if (!input.production) return [];
    const out: CheckFinding[] = [];
    input.resources.forEach((r, i) => {
      const t = podTemplateOf(r);
      if (!t || !isReplicated(r)) return;
      const replicas = effectiveReplicas(r, input.resources, input.deployNamespace);
      if (replicas < 2) return;
      const pdb = input.resources.find((p) => p.kind === 'PodDisruptionBudget' && sameNamespace(input, p, r) && selects((p.spec as { selector?: LabelSelector })?.selector, t.labels));
      out.push(
        pdb
          ? { resourceIndex: i, status: 'pass', message: `${label(r)} is covered by PodDisruptionBudget ${pdb.metadata?.name}.` }
          : { resourceIndex: i, status: 'fail', message: `${label(r)} runs ${replicas} replicas in production but no PodDisruptionBudget selects its pods.`, paths: [[...t.path, 'metadata', 'labels']] },
      );
    });
    return out;
  },
};

export const requireNetworkPolicy: BaselineCheck = {
  id: 'HI-K8S-026',
  rule: 'require-network-policy',
  run(input) {
    if (!input.production) return [];
    const out: CheckFinding[] = [];
    input.resources.forEach((r, i) => {
      const t = podTemplateOf(r);
      if (!t || r.kind === 'Pod' && hasOwner(r)) return;
      const np = input.resources.find((p) => p.kind === 'NetworkPolicy' && sameNamespace(input, p, r) && selects((p.spec as { podSelector?: LabelSelector })?.podSelector, t.labels));
      out.push(
        np
          ? { resourceIndex: i, status: 'pass', message: `${label(r)} is selected by NetworkPolicy ${np.metadata?.name}.` }
          : { resourceIndex: i, status: 'fail', message: `No NetworkPolicy selects the pods of ${label(r)} in production.`, paths: [[...t.path, 'metadata', 'labels']] },
      );
    });
    return out;
  },
};

export const serviceSelectsPods: BaselineCheck = {
  id: 'HI-K8S-029',
  rule: 'service-selects-pods',
  run(input) {
    const out: CheckFinding[] = [];
    input.resources.forEach((s, i) => {
      if (s.kind !== 'Service') return;
      const spec = s.spec as { selector?: Record<string, string>; type?: string } | undefined;
      if (!spec?.selector || Object.keys(spec.selector).length === 0 || spec.type === 'ExternalName') return;
      const target = input.resources.find((r) => sameNamespace(input, r, s) && labelsMatch(spec.selector, podTemplateOf(r)?.labels ?? {}));
      out.push(
        target
          ? { resourceIndex: i, status: 'pass', message: `Service ${s.metadata?.name} selects the pods of ${label(target)}.` }
          : { resourceIndex: i, status: 'fail', message: `Service ${s.metadata?.name} selector ${JSON.stringify(spec.selector)} matches no pod template in the rendered objects.`, paths: [['spec', 'selector']] },
      );
    });
    return out;
  },
};

export const allowedRegistriesCheck: BaselineCheck = {
  id: 'HI-K8S-018',
  rule: 'restrict-image-registries',
  run(input) {
    const out: CheckFinding[] = [];
    input.resources.forEach((r, i) => {
      const t = podTemplateOf(r);
      if (!t) return;
      const bad: JsonPath[] = [];
      const names: string[] = [];
      for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
        const containers = t.spec[list];
        if (!Array.isArray(containers)) continue;
        containers.forEach((c: { image?: unknown }, ci) => {
          if (typeof c?.image !== 'string') return;
          if (!registryAllowed(parseImageReference(c.image).repository, input.allowedRegistries)) {
            bad.push([...t.path, 'spec', list, ci, 'image']);
            names.push(c.image);
          }
        });
      }
      out.push(
        bad.length
          ? { resourceIndex: i, status: 'fail', message: `Images not from an allowed registry (${input.allowedRegistries.join(', ')}): ${names.join(', ')}.`, paths: bad }
          : { resourceIndex: i, status: 'pass', message: 'All images come from allowed registries.' },
      );
    });
    return out;
  },
};

function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  return selectorMatches(selector, labels);
}

function hasOwner(r: Resource): boolean {
  return Array.isArray(r.metadata?.ownerReferences) && (r.metadata!.ownerReferences as unknown[]).length > 0;
}

export const CROSS_OBJECT_CHECKS: BaselineCheck[] = [requirePdb, requireNetworkPolicy, serviceSelectsPods, allowedRegistriesCheck];
