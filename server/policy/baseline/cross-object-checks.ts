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
import {
  effectiveReplicas,
  isReplicated,
  labelsMatch,
  namespaceOf,
  podTemplateOf,
  type PodTemplate,
} from './workloads';

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

/** Findings on the object at `resourceIndex`; a failure points at the fields to change. */
export function passed(resourceIndex: number, message: string): CheckFinding {
  return { resourceIndex, status: 'pass', message };
}

export function failed(resourceIndex: number, message: string, paths: JsonPath[]): CheckFinding {
  return { resourceIndex, status: 'fail', message, paths };
}

const label = (r: Resource) => `${r.kind}/${r.metadata?.name ?? '?'}`;

interface Workload {
  index: number;
  resource: Resource;
  template: PodTemplate;
}

/** Objects by namespace, computed once per input: the checks compare within a namespace. */
interface NamespaceIndex {
  workloads: Workload[];
  byKind: Map<string, Resource[]>;
}

const indexes = new WeakMap<CheckInput, Map<string, NamespaceIndex>>();

function indexOf(input: CheckInput): Map<string, NamespaceIndex> {
  let idx = indexes.get(input);
  if (idx) return idx;
  idx = new Map();
  input.resources.forEach((r, index) => {
    const ns = namespaceOf(r, input.deployNamespace);
    let entry = idx!.get(ns);
    if (!entry) idx!.set(ns, (entry = { workloads: [], byKind: new Map() }));
    const t = podTemplateOf(r);
    if (t) entry.workloads.push({ index, resource: r, template: t });
    const list = entry.byKind.get(r.kind ?? '');
    if (list) list.push(r);
    else entry.byKind.set(r.kind ?? '', [r]);
  });
  indexes.set(input, idx);
  return idx;
}

function namespaceEntry(input: CheckInput, r: Resource): NamespaceIndex {
  return indexOf(input).get(namespaceOf(r, input.deployNamespace))!;
}

/** What a workload that needs a covering object is told, with the cover's name or without one. */
interface CoverMessages {
  covered(name: string | undefined): string;
  missing: string;
}

/**
 * In production, each workload `needs` answers for must have an object of `kind` in its namespace
 * whose `spec[selectorField]` selects its pods; a failure points at the pod template's labels.
 */
function productionCover(
  input: CheckInput,
  kind: string,
  selectorField: 'selector' | 'podSelector',
  needs: (r: Resource, entry: NamespaceIndex) => CoverMessages | undefined,
): CheckFinding[] {
  if (!input.production) return [];
  const out: CheckFinding[] = [];
  for (const entry of indexOf(input).values())
    for (const { index: i, resource: r, template: t } of entry.workloads) {
      const messages = needs(r, entry);
      if (!messages) continue;
      const cover = (entry.byKind.get(kind) ?? []).find((o) =>
        selects((o.spec as Record<string, LabelSelector | undefined> | undefined)?.[selectorField], t.labels),
      );
      out.push(
        cover
          ? passed(i, messages.covered(cover.metadata?.name))
          : failed(i, messages.missing, [[...t.path, 'metadata', 'labels']]),
      );
    }
  return out;
}

export const requirePdb: BaselineCheck = {
  id: 'HI-K8S-022',
  rule: 'require-pod-disruption-budget',
  run: (input) =>
    productionCover(input, 'PodDisruptionBudget', 'selector', (r, entry) => {
      if (!isReplicated(r)) return undefined;
      const replicas = effectiveReplicas(r, entry.byKind.get('HorizontalPodAutoscaler') ?? [], input.deployNamespace);
      if (replicas < 2) return undefined;
      return {
        covered: (name) => `${label(r)} is covered by PodDisruptionBudget ${name}.`,
        missing: `${label(r)} runs ${replicas} replicas in production but no PodDisruptionBudget selects its pods.`,
      };
    }),
};

export const requireNetworkPolicy: BaselineCheck = {
  id: 'HI-K8S-026',
  rule: 'require-network-policy',
  run: (input) =>
    productionCover(input, 'NetworkPolicy', 'podSelector', (r) => {
      if (r.kind === 'Pod' && hasOwner(r)) return undefined;
      // Helm hooks and test pods (migrations, `helm test`) are short-lived release tooling, not the service.
      if (r.metadata?.annotations?.['helm.sh/hook']) return undefined;
      return {
        covered: (name) => `${label(r)} is selected by NetworkPolicy ${name}.`,
        missing: `No NetworkPolicy selects the pods of ${label(r)} in production.`,
      };
    }),
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
      const target = namespaceEntry(input, s).workloads.find((w) =>
        labelsMatch(spec.selector, w.template.labels),
      )?.resource;
      out.push(
        target
          ? passed(i, `Service ${s.metadata?.name} selects the pods of ${label(target)}.`)
          : failed(
              i,
              `Service ${s.metadata?.name} selector ${JSON.stringify(spec.selector)} matches no pod template in the rendered objects.`,
              [['spec', 'selector']],
            ),
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
    for (const { index: i, template: t } of [...indexOf(input).values()].flatMap((e) => e.workloads)) {
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
          ? failed(
              i,
              `Images not from an allowed registry (${input.allowedRegistries.join(', ')}): ${names.join(', ')}.`,
              bad,
            )
          : passed(i, 'All images come from allowed registries.'),
      );
    }
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

export const CROSS_OBJECT_CHECKS: BaselineCheck[] = [
  requirePdb,
  requireNetworkPolicy,
  serviceSelectsPods,
  allowedRegistriesCheck,
];
