// The status engine reads the Flux HelmRelease / Argo CD Application of the release when the
// cluster serves those CRDs (local HTTPS API of test/kube), and the CLI text shows it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { exportGitOps, parseRepositoryUrl, type GitOpsFormat } from '../../server/gitops';
import { applicationStatus, fluxReleaseName, gitopsFor, helmReleaseStatus } from '../../server/kube/gitops-status';
import { renderStatusText } from '../../server/kube/status-text';
import { statusSnapshot, StatusWatcher } from '../../server/kube/status-watcher';
import type { StatusModel } from '../../server/protocol/status-protocol';
import { parseMessage, hostMessage } from '../../server/protocol/webview-protocol';
import { FakeKubeApi } from '../kube/support/fake-kube-api';
import { isolatedKubeEnv, waitForModel } from '../kube/support/waiting';
import { deployment, NS, pod, RELEASE, releaseSecret, writeKubeconfig } from '../kube/support/objects';
import { gitopsApi, withArgoStatus, withFluxStatus } from './support/gitops-api';

const testEnv = () => isolatedKubeEnv('helm-intent-gitops-');

/** The object Helm Intent's export writes (so the status finds what the export produces). */
function exported(
  format: GitOpsFormat,
  environment = { name: 'prod', namespace: NS, valuesFile: 'values-prod.yaml' },
): any {
  const out = exportGitOps({
    format,
    chartYaml: `apiVersion: v2\nname: ${RELEASE}\nversion: 1.4.2\n`,
    values: { base: 'replicaCount: 2\n', environment: 'replicaCount: 3\n' },
    environment,
    source: parseRepositoryUrl('https://charts.example.com', RELEASE),
  });
  return parseAllDocuments(out.yaml)
    .map((d) => d.toJS())
    .find((o: any) => o.kind === (format === 'flux' ? 'HelmRelease' : 'Application'));
}

function healthyWorkload(api: FakeKubeApi): void {
  api.apply(releaseSecret(1, 'deployed'));
  api.apply(deployment(RELEASE));
  for (let i = 0; i < 3; i++) api.apply(pod(`${RELEASE}-${i}`, RELEASE));
}

const waitFor = (watcher: StatusWatcher, predicate: (m: StatusModel) => boolean) =>
  waitForModel(watcher, predicate, (m) => `last gitops: ${JSON.stringify(m?.gitops)}`);

/** For the tests of one describe block: a local API serving the given GitOps CRDs, emptied before each test. */
function clusterServing(crds: Parameters<typeof gitopsApi>[0]): { api: FakeKubeApi; kubeconfig: string } {
  const cluster = {} as { api: FakeKubeApi; kubeconfig: string };
  before(async () => {
    cluster.api = gitopsApi(crds);
    await cluster.api.start();
    cluster.kubeconfig = writeKubeconfig(cluster.api, [{ name: 'dev', namespace: NS }]);
  });
  after(() => cluster.api.stop());
  beforeEach(() => cluster.api.clear());
  return cluster;
}

describe('Flux HelmRelease status', () => {
  const cluster = clusterServing({ flux: true });

  test('the exported HelmRelease in flux-system is found by release name and target namespace; Ready is shown', async () => {
    const { api, kubeconfig } = cluster;
    healthyWorkload(api);
    api.apply(
      withFluxStatus(
        exported('flux'),
        'True',
        'UpgradeSucceeded',
        'Helm upgrade succeeded for release shop/my-service.v2 with chart my-service@1.4.2',
        { chartVersion: '1.4.2' },
      ),
    );
    // Another team's release in the same controller namespace is not ours.
    api.apply(
      withFluxStatus(
        {
          ...exported('flux'),
          metadata: { name: 'other-prod', namespace: 'flux-system' },
          spec: { ...exported('flux').spec, releaseName: 'other' },
        },
        'False',
        'InstallFailed',
        'nope',
      ),
    );
    const m = await statusSnapshot({ kubeconfig, release: RELEASE, env: testEnv() });
    assert.equal(m.cluster.state, 'ok');
    assert.deepEqual(m.gitops, {
      kind: 'HelmRelease',
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      name: 'my-service-prod',
      namespace: 'flux-system',
      ready: true,
      message: 'Helm upgrade succeeded for release shop/my-service.v2 with chart my-service@1.4.2',
      reason: 'UpgradeSucceeded',
      revision: '1.4.2',
    });
    assert.equal(m.overall.phase, 'complete');
    assert.match(
      renderStatusText(m),
      /^GitOps {4}HelmRelease flux-system\/my-service-prod: Ready \(1\.4\.2\) — Helm upgrade succeeded/m,
    );
    // Listed in both places a HelmRelease may live.
    const lists = api.requests.filter((r) => r.path.endsWith('/helmreleases')).map((r) => r.path);
    assert.deepEqual([...new Set(lists)].sort(), [
      `/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases`,
      `/apis/helm.toolkit.fluxcd.io/v2/namespaces/${NS}/helmreleases`,
    ]);
  });

  test('a watched HelmRelease going from reconciling to failed updates the live model', async () => {
    const { api, kubeconfig } = cluster;
    healthyWorkload(api);
    const hr = exported('flux');
    api.apply(withFluxStatus(hr, 'Unknown', 'Progressing', 'Running upgrade action', { reconciling: true }));
    const watcher = new StatusWatcher({ kubeconfig, release: RELEASE, env: testEnv(), coalesceMs: 10 });
    try {
      const first = await watcher.start();
      assert.equal(first.gitops?.ready, false);
      assert.equal(first.gitops?.progressing, true);
      api.apply(
        withFluxStatus(hr, 'False', 'UpgradeFailed', 'Helm upgrade failed: context deadline exceeded', {
          stalled: 'Failed to upgrade after 3 retries: rolled back to revision 1',
        }),
      );
      const failed = await waitFor(watcher, (m) => m.gitops?.reason === 'UpgradeFailed');
      assert.equal(failed.gitops?.ready, false);
      assert.equal(failed.gitops?.progressing, undefined);
      assert.equal(failed.gitops?.message, 'Failed to upgrade after 3 retries: rolled back to revision 1');
    } finally {
      watcher.stop();
    }
  });

  test('not allowed to list flux-system: the release namespace is still read, the cluster stays ok', async () => {
    const { api, kubeconfig } = cluster;
    healthyWorkload(api);
    api.deny((method, p) => p.includes('/namespaces/flux-system/'));
    const local = exported('flux');
    local.metadata.namespace = NS;
    api.apply(withFluxStatus(local, 'True', 'InstallSucceeded', 'Helm install succeeded'));
    const m = await statusSnapshot({ kubeconfig, release: RELEASE, env: testEnv() });
    assert.equal(m.cluster.state, 'ok');
    assert.equal(m.gitops?.namespace, NS);
    assert.equal(m.gitops?.ready, true);
  });
});

describe('Argo CD Application status', () => {
  const cluster = clusterServing({ argocd: true });

  test('the exported Application in argocd: sync and health, live from OutOfSync/Progressing to Synced/Healthy', async () => {
    const { api, kubeconfig } = cluster;
    healthyWorkload(api);
    const app = exported('argocd');
    api.apply(
      withArgoStatus(app, 'OutOfSync', 'Progressing', {
        operation: { phase: 'Running', message: 'waiting for healthy state of apps/Deployment/my-service' },
      }),
    );
    const watcher = new StatusWatcher({ kubeconfig, release: RELEASE, env: testEnv(), coalesceMs: 10 });
    try {
      const first = await watcher.start();
      assert.deepEqual(first.gitops, {
        kind: 'Application',
        apiVersion: 'argoproj.io/v1alpha1',
        name: 'my-service-prod',
        namespace: 'argocd',
        ready: false,
        message: 'Syncing: waiting for healthy state of apps/Deployment/my-service',
        sync: 'OutOfSync',
        health: 'Progressing',
        revision: '1.4.2',
        progressing: true,
      });
      api.apply(withArgoStatus(app, 'Synced', 'Healthy'));
      const synced = await waitFor(watcher, (m) => m.gitops?.ready === true);
      assert.equal(synced.gitops?.message, 'Synced, Healthy');
      assert.match(
        renderStatusText(synced),
        /^GitOps {4}Application argocd\/my-service-prod: Synced\/Healthy \(1\.4\.2\)/m,
      );
    } finally {
      watcher.stop();
    }
  });

  test("an Application for another namespace is not this release's", async () => {
    const { api, kubeconfig } = cluster;
    healthyWorkload(api);
    api.apply(
      withArgoStatus(
        exported('argocd', { name: 'staging', namespace: 'shop-staging', valuesFile: 'values-staging.yaml' }),
        'Synced',
        'Healthy',
      ),
    );
    const m = await statusSnapshot({ kubeconfig, release: RELEASE, env: testEnv() });
    assert.equal(m.cluster.state, 'ok');
    assert.equal(m.gitops, undefined);
  });
});

test('without the CRDs nothing is listed and the model has no gitops section', async () => {
  const api = gitopsApi({});
  await api.start();
  try {
    const kubeconfig = writeKubeconfig(api, [{ name: 'dev', namespace: NS }]);
    healthyWorkload(api);
    const m = await statusSnapshot({ kubeconfig, release: RELEASE, env: testEnv() });
    assert.equal(m.cluster.state, 'ok');
    assert.equal('gitops' in m, false);
    assert.equal(
      api.requests.some((r) => /\/(helmreleases|applications)$/.test(r.path)),
      false,
    );
  } finally {
    await api.stop();
  }
});

describe('GitOps status rules', () => {
  test('Flux release name: spec.releaseName, else targetNamespace-name, else name (helm-controller)', () => {
    assert.equal(
      fluxReleaseName({ metadata: { name: 'web', namespace: 'flux-system' }, spec: { releaseName: 'shop-web' } }),
      'shop-web',
    );
    assert.equal(
      fluxReleaseName({ metadata: { name: 'web', namespace: 'flux-system' }, spec: { targetNamespace: 'shop' } }),
      'shop-web',
    );
    assert.equal(fluxReleaseName({ metadata: { name: 'web', namespace: 'shop' }, spec: {} }), 'web');
    const hr = { metadata: { name: 'web', namespace: 'flux-system' }, spec: { targetNamespace: 'shop' } };
    assert.equal(gitopsFor('web', 'shop', [hr], []), undefined);
    assert.equal(gitopsFor('shop-web', 'shop', [hr], [])?.name, 'web');
  });

  test('Flux: a spec the controller has not observed yet is not ready; suspended says so', () => {
    const hr = withFluxStatus(
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'web', namespace: 'shop', generation: 1 },
        spec: { releaseName: 'web' },
      },
      'True',
      'InstallSucceeded',
      'ok',
    );
    assert.equal(helmReleaseStatus(hr).ready, true);
    hr.metadata.generation = 2;
    assert.deepEqual([helmReleaseStatus(hr).ready, helmReleaseStatus(hr).progressing], [false, true]);
    hr.spec.suspend = true;
    assert.match(helmReleaseStatus(hr).message, /^Suspended: Flux does not reconcile it/);
    assert.equal(
      helmReleaseStatus({ metadata: { name: 'x', namespace: 'y' } }).message,
      'Not reconciled yet: helm-controller has not reported a Ready condition.',
    );
  });

  test('Argo CD: a failed sync operation is the message; releaseName of a Helm source among several sources', () => {
    const app = withArgoStatus(
      {
        metadata: { name: 'web-prod', namespace: 'argocd' },
        spec: {
          sources: [{ repoURL: 'https://x' }, { repoURL: 'https://y', chart: 'web', helm: { releaseName: 'web' } }],
          destination: { namespace: 'shop' },
        },
      },
      'OutOfSync',
      'Degraded',
      { operation: { phase: 'Failed', message: 'one or more objects failed to apply' } },
    );
    assert.equal(applicationStatus(app).message, 'Sync failed: one or more objects failed to apply');
    assert.equal(gitopsFor('web', 'shop', [], [app])?.name, 'web-prod');
  });

  test('the webview accepts the gitops section, and drops one of a kind it does not know', () => {
    const model = {
      version: 1,
      generatedAt: 'x',
      cluster: { state: 'ok', namespace: 'shop', contexts: [], kubeconfigFiles: [] },
      workloads: [],
      hpas: [],
      pods: [],
      warnings: [],
      hints: [],
      overall: { phase: 'complete', message: 'ok' },
    };
    const gitops = {
      kind: 'HelmRelease',
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      name: 'web',
      namespace: 'flux-system',
      ready: true,
      message: 'ok',
      revision: '1.4.2',
    };
    const ok = parseMessage(hostMessage, { type: 'status', status: { ...model, gitops } });
    assert.ok(ok.ok);
    assert.deepEqual(ok.ok && ok.message.type === 'status' ? ok.message.status?.gitops : undefined, gitops);
    const newer = parseMessage(hostMessage, {
      type: 'status',
      status: { ...model, gitops: { ...gitops, kind: 'Kustomization' } },
    });
    assert.ok(newer.ok);
    assert.equal(newer.ok && newer.message.type === 'status' ? newer.message.status?.gitops : 'x', undefined);
  });
});
