/**
 * Flux (helm-controller v2): a source (HelmRepository, OCIRepository or GitRepository) and a
 * HelmRelease, both in the controller's namespace, deploying into the environment's namespace.
 * helm --atomic --wait --timeout maps to: wait (Flux's default), `timeout`, install remediation
 * (retries, uninstall between attempts and after the last failure) and upgrade remediation
 * (retries, rollback between attempts and after the last failure, cleanupOnFail).
 */
import { ociTag } from './chart-version';
import type { ResolvedExport } from './resolved';

type Obj = Record<string, unknown>;

const HELM_CHART_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

export function fluxObjects(r: ResolvedExport): Obj[] {
  const metadata = { name: r.objectName, namespace: r.controllerNamespace, labels: r.labels };
  const source = r.source;
  let sourceObject: Obj;
  let chart: Obj;
  if (source.type === 'helm-repository') {
    sourceObject = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata,
      spec: { interval: '1h', url: source.url },
    };
    chart = {
      chart: {
        spec: {
          chart: r.chart.name,
          version: r.chart.version,
          sourceRef: { kind: 'HelmRepository', name: r.objectName },
          interval: r.interval,
        },
      },
    };
  } else if (source.type === 'oci') {
    // OCIRepository + chartRef (Flux's recommended form for OCI charts): the tag is the pin.
    sourceObject = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata,
      spec: {
        interval: r.interval,
        url: source.url,
        ref: { tag: ociTag(r.chart.version) },
        layerSelector: { mediaType: HELM_CHART_MEDIA_TYPE, operation: 'copy' },
      },
    };
    chart = { chartRef: { kind: 'OCIRepository', name: r.objectName } };
  } else {
    sourceObject = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata,
      spec: { interval: r.interval, url: source.url, ref: { [source.ref.kind]: source.ref.value } },
    };
    const dir = source.path === '.' ? '.' : `./${source.path}`;
    chart = {
      chart: {
        spec: {
          chart: dir,
          sourceRef: { kind: 'GitRepository', name: r.objectName },
          interval: r.interval,
          // A new pinned commit must deploy even when Chart.yaml's version did not change.
          reconcileStrategy: 'Revision',
          valuesFiles: (r.valuesFiles ?? []).map((f) => (dir === '.' ? `./${f}` : `${dir}/${f}`)),
        },
      },
    };
  }
  const release: Obj = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata,
    spec: {
      interval: r.interval,
      releaseName: r.release,
      targetNamespace: r.namespace,
      storageNamespace: r.namespace,
      ...chart,
      timeout: r.timeout,
      install: { createNamespace: true, remediation: { retries: r.retries, remediateLastFailure: true } },
      upgrade: {
        cleanupOnFail: true,
        remediation: { retries: r.retries, strategy: 'rollback', remediateLastFailure: true },
      },
      rollback: { cleanupOnFail: true },
      ...(r.values ? { values: r.values } : {}),
    },
  };
  return [sourceObject, release];
}
