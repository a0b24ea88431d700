/**
 * Objects standing in for the cluster, as `kyverno test` serves them from `clusterResources`:
 * `configMap` context entries read ConfigMaps by namespace/name, `apiCall` GETs of
 * `/api/v1/...` and `/apis/<group>/<version>/...` paths list or read the given objects.
 */
import { gvkOf, resourceNameOf } from '../match/kinds';
import type { Resource } from '../types';

export interface ClusterData {
  configMap(namespace: string, name: string): Resource | undefined;
  /** The JSON an API GET of `urlPath` returns, or undefined when no such object is known. */
  get(urlPath: string): unknown;
}

export function clusterDataFrom(objects: Resource[]): ClusterData {
  return {
    configMap: (namespace, name) =>
      objects.find(
        (o) =>
          o.kind === 'ConfigMap' &&
          o.metadata?.name === name &&
          (o.metadata?.namespace ?? 'default') === (namespace || 'default'),
      ),
    get: (urlPath) => apiGet(objects, urlPath),
  };
}

function apiGet(objects: Resource[], urlPath: string): unknown {
  const parts = urlPath.split('?')[0].split('/').filter(Boolean);
  let group = '';
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') [version, rest] = [parts[1], parts.slice(2)];
  else if (parts[0] === 'apis') [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name] = rest;
  if (!plural) return undefined;
  const matching = objects.filter((o) => {
    const gvk = gvkOf(o.apiVersion, o.kind);
    return (
      gvk.group === group &&
      gvk.version === version &&
      resourceNameOf(gvk.kind) === plural &&
      (namespace === undefined || (o.metadata?.namespace ?? 'default') === namespace)
    );
  });
  if (name) return matching.find((o) => o.metadata?.name === name);
  return { apiVersion: group ? `${group}/${version}` : version, kind: 'List', metadata: {}, items: matching };
}
