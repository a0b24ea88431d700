/**
 * Flux HelmRelease / Argo CD Application status for the release (when the cluster serves those
 * CRDs): which object deploys it and whether it is ready, as `flux get helmreleases` and
 * `argocd app get` summarise it. Pure; the watcher lists the objects in the release's namespace and
 * in the controllers' usual namespaces.
 */
import type { GitOpsStatus } from '../protocol/status-protocol';

export const FLUX_HELMRELEASE_API = 'helm.toolkit.fluxcd.io/v2';
export const ARGO_APPLICATION_API = 'argoproj.io/v1alpha1';
/** Where the controllers keep their objects by default (besides the release's own namespace). */
export const GITOPS_CONTROLLER_NAMESPACES = { flux: 'flux-system', argocd: 'argocd' } as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The helm release a HelmRelease manages: spec.releaseName, else [targetNamespace-]name (helm-controller's rule). */
export function fluxReleaseName(hr: any): string | undefined {
  const name = str(hr?.metadata?.name);
  const target = str(hr?.spec?.targetNamespace);
  return str(hr?.spec?.releaseName) ?? (name && target ? `${target}-${name}` : name);
}

/** The namespace a HelmRelease installs into: spec.targetNamespace, else its own. */
export function fluxTargetNamespace(hr: any): string | undefined {
  return str(hr?.spec?.targetNamespace) ?? str(hr?.metadata?.namespace);
}

/** The helm release name an Application renders with: helm.releaseName of its (first Helm) source, else its name. */
export function argoReleaseName(app: any): string | undefined {
  const sources: any[] = [app?.spec?.source, ...(Array.isArray(app?.spec?.sources) ? app.spec.sources : [])].filter(
    Boolean,
  );
  return str(sources.find((s) => str(s?.helm?.releaseName))?.helm?.releaseName) ?? str(app?.metadata?.name);
}

export function helmReleaseStatus(hr: any): GitOpsStatus {
  const conditions: any[] = Array.isArray(hr?.status?.conditions) ? hr.status.conditions : [];
  const cond = (type: string) => conditions.find((c) => c?.type === type);
  const ready = cond('Ready');
  const stalled = cond('Stalled');
  const reconciling = cond('Reconciling');
  const generation = hr?.metadata?.generation;
  const observed = hr?.status?.observedGeneration;
  const stale = typeof generation === 'number' && typeof observed === 'number' && observed < generation;
  const history = Array.isArray(hr?.status?.history) ? hr.status.history : [];
  const revision = str(history[0]?.chartVersion) ?? str(hr?.status?.lastAttemptedRevision);
  const suspended = hr?.spec?.suspend === true;
  let message =
    str(stalled?.status === 'True' ? stalled?.message : undefined) ??
    str(ready?.message) ??
    (ready ? '' : 'Not reconciled yet: helm-controller has not reported a Ready condition.');
  if (suspended) message = `Suspended: Flux does not reconcile it (flux resume helmrelease). ${message}`.trim();
  return {
    kind: 'HelmRelease',
    apiVersion: str(hr?.apiVersion) ?? FLUX_HELMRELEASE_API,
    name: str(hr?.metadata?.name) ?? '',
    namespace: str(hr?.metadata?.namespace) ?? '',
    ready: ready?.status === 'True' && !stale,
    message: message || (ready?.status === 'True' ? 'Ready' : `Ready ${ready?.status ?? 'Unknown'}`),
    ...(str(ready?.reason) ? { reason: ready.reason } : {}),
    ...(revision ? { revision } : {}),
    ...(suspended ? { suspended } : {}),
    ...(reconciling?.status === 'True' || stale || ready?.status === 'Unknown' ? { progressing: true } : {}),
  };
}

export function applicationStatus(app: any): GitOpsStatus {
  const st = app?.status ?? {};
  const sync = str(st.sync?.status) ?? 'Unknown';
  const health = str(st.health?.status) ?? 'Unknown';
  const op = st.operationState ?? {};
  const errors = (Array.isArray(st.conditions) ? st.conditions : []).filter((c: any) =>
    /Error$/.test(String(c?.type ?? '')),
  );
  const revision = str(st.sync?.revision) ?? str(Array.isArray(st.sync?.revisions) ? st.sync.revisions[0] : undefined);
  let message: string;
  if (op.phase === 'Failed' || op.phase === 'Error')
    message = `Sync ${String(op.phase).toLowerCase()}: ${str(op.message) ?? 'see argocd app get'}`;
  else if (errors.length) message = `${errors[0].type}: ${str(errors[0].message) ?? ''}`.trim();
  else if (op.phase === 'Running') message = `Syncing: ${str(op.message) ?? 'operation running'}`;
  else message = `${sync}, ${health}${str(st.health?.message) ? `: ${st.health.message}` : ''}`;
  return {
    kind: 'Application',
    apiVersion: str(app?.apiVersion) ?? ARGO_APPLICATION_API,
    name: str(app?.metadata?.name) ?? '',
    namespace: str(app?.metadata?.namespace) ?? '',
    ready: sync === 'Synced' && health === 'Healthy',
    message,
    sync,
    health,
    ...(revision ? { revision } : {}),
    ...(op.phase === 'Running' || health === 'Progressing' ? { progressing: true } : {}),
  };
}

/** The HelmRelease or Application that deploys `release` into `namespace` (HelmRelease first), if any. */
export function gitopsFor(
  release: string,
  namespace: string,
  helmReleases: Iterable<any>,
  applications: Iterable<any>,
): GitOpsStatus | undefined {
  const byName = (a: any, b: any) =>
    String(a?.metadata?.namespace).localeCompare(String(b?.metadata?.namespace)) ||
    String(a?.metadata?.name).localeCompare(String(b?.metadata?.name));
  const hr = [...helmReleases]
    .filter((o) => fluxReleaseName(o) === release && fluxTargetNamespace(o) === namespace)
    .sort(byName)[0];
  if (hr) return helmReleaseStatus(hr);
  const app = [...applications]
    .filter((o) => argoReleaseName(o) === release && str(o?.spec?.destination?.namespace) === namespace)
    .sort(byName)[0];
  return app ? applicationStatus(app) : undefined;
}
