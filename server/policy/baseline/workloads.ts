/** Finding pod templates, replicas and namespaces across a set of rendered objects. */
import type { Resource } from '../types';
import type { JsonPath } from '../util/json-path';
import { valueAt } from '../util/json-path';

export interface PodTemplate {
  /** Path of the pod template (`metadata` + `spec` inside). */
  path: JsonPath;
  labels: Record<string, string>;
  spec: Record<string, unknown>;
}

const TEMPLATE_AT: Record<string, JsonPath> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  Rollout: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

export function podTemplateOf(r: Resource): PodTemplate | undefined {
  const path = TEMPLATE_AT[r.kind ?? ''];
  if (!path) return undefined;
  const template = path.length ? valueAt(r, path) : r;
  if (!template || typeof template !== 'object') return undefined;
  const t = template as { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> };
  if (!t.spec || typeof t.spec !== 'object') return undefined;
  return { path, labels: t.metadata?.labels ?? {}, spec: t.spec };
}

export function isReplicated(r: Resource): boolean {
  return ['Deployment', 'StatefulSet', 'Rollout', 'ReplicaSet'].includes(r.kind ?? '');
}

/** The namespace admission sees, as the engine computes it. */
export function namespaceOf(r: Resource, deployNamespace: string): string {
  return r.metadata?.namespace || deployNamespace;
}

/** Replicas the workload runs with: the HPA's minimum when an HPA (in the same namespace) targets it. */
export function effectiveReplicas(r: Resource, hpas: Resource[], deployNamespace: string): number {
  const ns = namespaceOf(r, deployNamespace);
  const hpa = hpas.find((h) => {
    if (h.kind !== 'HorizontalPodAutoscaler' || namespaceOf(h, deployNamespace) !== ns) return false;
    const ref = (h.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    return ref?.kind === r.kind && ref?.name === r.metadata?.name;
  });
  if (hpa) return Number((hpa.spec as { minReplicas?: number }).minReplicas ?? 1);
  const replicas = (r.spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
