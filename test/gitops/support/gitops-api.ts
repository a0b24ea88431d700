// The local API server of test/kube, also serving the Flux and/or Argo CD CRDs, plus HelmRelease /
// Application objects with the status their controllers write.
import { FakeKubeApi, type ResourceType } from '../../kube/support/fake-kube-api';

export const FLUX_TYPES: ResourceType[] = [
  {
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    plural: 'helmreleases',
    kind: 'HelmRelease',
    namespaced: true,
    subresources: ['status'],
  },
  {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'helmrepositories',
    kind: 'HelmRepository',
    namespaced: true,
    subresources: ['status'],
  },
];
export const ARGOCD_TYPES: ResourceType[] = [
  { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', kind: 'Application', namespaced: true },
];

export function gitopsApi(serve: { flux?: boolean; argocd?: boolean }): FakeKubeApi {
  const api = new FakeKubeApi();
  // The fake server's type list is fixed at construction; the CRDs a cluster with Flux / Argo CD
  // would serve are added to it here (discovery, list and watch then cover them like any type).
  const types = (api as unknown as { types: ResourceType[] }).types;
  if (serve.flux) types.push(...FLUX_TYPES);
  if (serve.argocd) types.push(...ARGOCD_TYPES);
  return api;
}

const at = '2024-05-01T10:05:00Z';

/** helm-controller's status for a HelmRelease: Ready with reason/message, the release history. */
export function withFluxStatus(
  hr: any,
  ready: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  extra: { chartVersion?: string; reconciling?: boolean; stalled?: string } = {},
): any {
  const copy = structuredClone(hr);
  copy.metadata.generation ??= 1;
  copy.status = {
    observedGeneration: copy.metadata.generation,
    conditions: [
      {
        type: 'Ready',
        status: ready,
        reason,
        message,
        lastTransitionTime: at,
        observedGeneration: copy.metadata.generation,
      },
      ...(extra.reconciling
        ? [
            {
              type: 'Reconciling',
              status: 'True',
              reason: 'Progressing',
              message: 'Running upgrade action',
              lastTransitionTime: at,
            },
          ]
        : []),
      ...(extra.stalled
        ? [
            {
              type: 'Stalled',
              status: 'True',
              reason: 'RetriesExceeded',
              message: extra.stalled,
              lastTransitionTime: at,
            },
          ]
        : []),
    ],
    ...(extra.chartVersion
      ? {
          history: [
            {
              name: copy.spec.releaseName,
              namespace: copy.spec.targetNamespace,
              version: 2,
              chartName: copy.spec.chart?.spec?.chart ?? 'my-service',
              chartVersion: extra.chartVersion,
              status: 'deployed',
              digest: 'sha256:0',
              firstDeployed: at,
              lastDeployed: at,
              configDigest: 'sha256:1',
            },
          ],
        }
      : {}),
  };
  return copy;
}

/** Argo CD's status for an Application: sync and health, optionally an operation. */
export function withArgoStatus(
  app: any,
  sync: string,
  health: string,
  extra: { revision?: string; healthMessage?: string; operation?: { phase: string; message: string } } = {},
): any {
  const copy = structuredClone(app);
  copy.status = {
    sync: { status: sync, revision: extra.revision ?? '1.4.2' },
    health: { status: health, ...(extra.healthMessage ? { message: extra.healthMessage } : {}) },
    ...(extra.operation
      ? { operationState: { phase: extra.operation.phase, message: extra.operation.message, startedAt: at } }
      : {}),
  };
  return copy;
}
