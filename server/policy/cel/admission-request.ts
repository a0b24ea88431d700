/** The `request` variable CEL admission expressions see, built from a rendered object. */
import { gvkOf, isClusterScoped, resourceNameOf } from '../match/kinds';
import type { Resource } from '../types';
import type { CelInput } from './cel-checks';

export interface AdmissionEnv {
  namespace: string;
  operation: string;
  namespaceLabels?: Record<string, string>;
  user?: { roles: string[]; clusterRoles: string[]; userInfo: { username: string; groups: string[] } };
}

export function admissionRequest(resource: Resource, env: AdmissionEnv): Record<string, unknown> {
  const gvk = gvkOf(resource.apiVersion, resource.kind);
  const plural = resourceNameOf(gvk.kind);
  return {
    kind: { group: gvk.group, version: gvk.version, kind: gvk.kind },
    resource: { group: gvk.group, version: gvk.version, resource: plural },
    requestKind: { group: gvk.group, version: gvk.version, kind: gvk.kind },
    requestResource: { group: gvk.group, version: gvk.version, resource: plural },
    name: resource.metadata?.name ?? '',
    namespace: isClusterScoped(gvk.kind) ? '' : env.namespace,
    operation: env.operation,
    userInfo: env.user?.userInfo ?? { username: '', groups: [] },
    dryRun: false,
  };
}

/** `namespaceObject`: only known when the namespace's labels were supplied (or known to be none). */
export function namespaceObject(resource: Resource, env: AdmissionEnv): Record<string, unknown> | null {
  if (isClusterScoped(resource.kind) || !env.namespaceLabels) return null;
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: env.namespace, labels: env.namespaceLabels } };
}

/** The CEL inputs of a CREATE-style admission of `resource` (no old object). */
export function admissionInput(resource: Resource, env: AdmissionEnv, params: Resource | null): CelInput {
  return {
    object: resource,
    oldObject: null,
    request: admissionRequest(resource, env),
    namespaceObject: namespaceObject(resource, env),
    params,
  };
}
