/**
 * Argo CD: one Application in the controller's namespace. Argo CD renders the chart with
 * `helm template` and applies it (no helm release is stored), so helm's flags map to sync policy:
 * automated sync with prune and self-heal, CreateNamespace=true, and retries with backoff capped
 * at the timeout; health assessment plays --wait's role. There is no automatic rollback.
 */
import type { ResolvedExport } from './resolved';

type Obj = Record<string, unknown>;

export function argoCdObjects(r: ResolvedExport): Obj[] {
  const s = r.source;
  const helm: Obj = {
    releaseName: r.release,
    ...(r.values ? { valuesObject: r.values } : {}),
    ...(r.valuesFiles?.length ? { valueFiles: r.valuesFiles } : {}),
  };
  let source: Obj;
  if (s.type === 'helm-repository')
    source = { repoURL: s.url, chart: r.chart.name, targetRevision: r.chart.version, helm };
  // Helm-type OCI source: registry/path without the scheme and without the chart name.
  else if (s.type === 'oci')
    source = {
      repoURL: [s.registry, ...s.repository.split('/').slice(0, -1)].join('/'),
      chart: r.chart.name,
      targetRevision: r.chart.version,
      helm,
    };
  else source = { repoURL: s.url, path: s.path, targetRevision: s.ref.value, helm };
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: r.objectName,
        namespace: r.controllerNamespace,
        labels: r.labels,
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: r.argocdProject,
        source,
        destination: { server: r.destinationServer, namespace: r.namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
          retry: { limit: r.retries, backoff: { duration: '10s', factor: 2, maxDuration: r.timeout } },
        },
      },
    },
  ];
}
