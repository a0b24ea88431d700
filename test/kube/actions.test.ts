// Guarded actions: the preview is exactly what runs. Helm actions through a recording stand-in for
// helm (it answers `version` like helm 3 or 4 and records every other argv); Argo Rollouts actions
// as PATCH requests against the local HTTPS API, compared with the kubectl-argo-rollouts plugin.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  ActionRefusedError,
  helmActionArgs,
  planHelmAction,
  planRolloutAction,
  rolloutPatches,
} from '../../server/kube/actions';
import { FakeKubeApi } from './support/fake-kube-api';
import { NS, rollout, writeKubeconfig } from './support/objects';
import { tempDir } from '../support/temp';

function fakeHelm(version: string): { helm: string; calls: () => string[][] } {
  const dir = tempDir('helm-intent-fakehelm-');
  const log = path.join(dir, 'calls');
  const helm = path.join(dir, 'helm');
  writeFileSync(
    helm,
    `#!/bin/sh\nif [ "$1" = version ]; then printf '%s' '${version}'; exit 0; fi\nfor a in "$@"; do printf '%s\\037' "$a" >> '${log}'; done\nprintf '\\n' >> '${log}'\necho "Release \\"$2\\" has been upgraded. Happy Helming!"\n`,
  );
  chmodSync(helm, 0o755);
  return {
    helm,
    calls: () => {
      try {
        return readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('\x1f').filter((x, i, all) => i < all.length - 1 || x !== ''));
      } catch {
        return [];
      }
    },
  };
}

const params = {
  release: 'my-service',
  namespace: 'shop',
  context: 'prod',
  chart: './charts/my service',
  valuesFiles: ['values-prod.yaml'],
  timeout: '10m0s',
};

/** How upgrade and install name the release, chart, values files, namespace and context of `params`. */
const releaseChartArgs = [
  'my-service',
  './charts/my service',
  '--values',
  'values-prod.yaml',
  '--namespace',
  'shop',
  '--kube-context',
  'prod',
];

describe('helm actions', () => {
  test('helm 4: --rollback-on-failure --wait=watcher (helm 4 deprecates --atomic); helm 3: --atomic --wait', () => {
    assert.deepEqual(helmActionArgs('helm-upgrade', params, 4), [
      'upgrade',
      ...releaseChartArgs,
      '--rollback-on-failure',
      '--wait=watcher',
      '--timeout',
      '10m0s',
    ]);
    assert.deepEqual(helmActionArgs('helm-install', { ...params, createNamespace: true }, 3), [
      'install',
      ...releaseChartArgs,
      '--create-namespace',
      '--atomic',
      '--wait',
      '--timeout',
      '10m0s',
    ]);
    assert.deepEqual(helmActionArgs('helm-dry-run-upgrade', params, 4).slice(-1), ['--dry-run=server']);
    assert.deepEqual(helmActionArgs('helm-rollback', { ...params, revision: 3 }, 4), [
      'rollback',
      'my-service',
      '3',
      '--namespace',
      'shop',
      '--kube-context',
      'prod',
      '--wait=watcher',
      '--timeout',
      '10m0s',
    ]);
    assert.throws(() => helmActionArgs('helm-rollback', params, 4), /needs a revision/);
    assert.throws(() => helmActionArgs('helm-upgrade', { ...params, timeout: 'soon' }, 4), /not a duration/);
  });

  test('the preview is the command line that runs, quoted for a shell', async () => {
    const { helm, calls } = fakeHelm('v4.1.4');
    const plan = await planHelmAction('helm-upgrade', params, { helmPath: helm });
    assert.equal(plan.preview.mutating, true);
    assert.equal(plan.preview.title, 'Upgrade my-service in shop');
    assert.deepEqual(plan.preview.commands, [
      `${helm} upgrade my-service './charts/my service' --values values-prod.yaml --namespace shop --kube-context prod --rollback-on-failure --wait=watcher --timeout 10m0s`,
    ]);
    const result = await plan.run();
    assert.equal(result.ok, true, result.error);
    assert.match(result.output, /has been upgraded/);
    assert.deepEqual(calls(), [helmActionArgs('helm-upgrade', params, 4)]);
  });

  test('read-only workspaces: mutating actions refuse to run, dry-runs still run', async () => {
    const { helm, calls } = fakeHelm('v3.15.2');
    const upgrade = await planHelmAction('helm-upgrade', params, { helmPath: helm, readOnly: true });
    await assert.rejects(upgrade.run(), ActionRefusedError);
    assert.deepEqual(calls(), []);
    const dry = await planHelmAction('helm-dry-run-upgrade', params, { helmPath: helm, readOnly: true });
    assert.equal(dry.preview.mutating, false);
    assert.equal((await dry.run()).ok, true);
    assert.deepEqual(calls()[0].slice(-1), ['--dry-run=server']);
  });
});

describe('Argo Rollouts actions (kubectl-argo-rollouts semantics)', () => {
  let api: FakeKubeApi;
  let kubeconfig: string;
  before(async () => {
    api = new FakeKubeApi();
    await api.start();
    kubeconfig = writeKubeconfig(api, [{ name: 'prod', namespace: NS }]);
  });
  after(() => api.stop());
  beforeEach(() => api.clear());

  const pausedAtStep2 = () =>
    rollout('my-service', {
      stepIndex: 1,
      stableHash: 'h1',
      currentHash: 'h2',
      phase: 'Paused',
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2024-05-01T12:00:00Z' }],
    });
  const base = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts/my-service`;

  test('promote a canary paused at a pause step: clear the pause conditions (status subresource)', async () => {
    api.apply(pausedAtStep2());
    const plan = await planRolloutAction('rollout-promote', { kubeconfig, name: 'my-service' });
    assert.deepEqual(plan.preview.commands, [
      `PATCH ${base}/status (application/merge-patch+json) {"status":{"pauseConditions":null}}`,
    ]);
    const result = await plan.run();
    assert.equal(result.ok, true, result.error);
    const patch = api.requests.filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      patch.map((r) => [r.path, r.contentType, JSON.parse(r.body!)]),
      [[`${base}/status`, 'application/merge-patch+json', { status: { pauseConditions: null } }]],
    );
    assert.equal(api.get('argoproj.io/v1alpha1', 'Rollout', NS, 'my-service').status.pauseConditions, undefined);
  });

  test('promote without pause conditions moves to the next step; a manual pause is lifted on spec', () => {
    const ro = rollout('r', { stepIndex: 2, paused: true, stableHash: 'a', currentHash: 'b' });
    assert.deepEqual(
      rolloutPatches('rollout-promote', ro).patches.map((p) => [p.subresource, p.body]),
      [
        ['status', { status: { pauseConditions: null, currentStepIndex: 3 } }],
        ['', { spec: { paused: false } }],
      ],
    );
    const last = rollout('r', { stepIndex: 5, stableHash: 'a', currentHash: 'b' });
    assert.deepEqual(
      rolloutPatches('rollout-promote', last).patches[0].body,
      { status: { pauseConditions: null, currentStepIndex: 5 } },
      'never past the last step',
    );
    assert.deepEqual(rolloutPatches('rollout-promote-full', rollout('r', { stableHash: 'a', currentHash: 'a' })), {
      patches: [],
      note: 'already fully promoted: nothing to do',
    });
    assert.deepEqual(rolloutPatches('rollout-promote-full', ro).patches[0].body, { status: { promoteFull: true } });
  });

  test('abort then retry: status.abort true, then false', async () => {
    api.apply(pausedAtStep2());
    const abort = await planRolloutAction('rollout-abort', { kubeconfig, name: 'my-service' });
    assert.deepEqual(abort.preview.commands, [
      `PATCH ${base}/status (application/merge-patch+json) {"status":{"abort":true}}`,
    ]);
    assert.equal((await abort.run()).ok, true);
    assert.equal(api.get('argoproj.io/v1alpha1', 'Rollout', NS, 'my-service').status.abort, true);
    const retry = await planRolloutAction('rollout-retry', { kubeconfig, name: 'my-service' });
    assert.equal((await retry.run()).ok, true);
    assert.equal(api.get('argoproj.io/v1alpha1', 'Rollout', NS, 'my-service').status.abort, false);
  });

  test('no status subresource (Rollouts v0.9): the unified patch goes to the main resource', async () => {
    api.apply(rollout('my-service', { stepIndex: 1, stableHash: 'h1', currentHash: 'h2', paused: true }));
    api.deny((method, p) => method === 'PATCH' && p.endsWith('/status'), 404);
    const plan = await planRolloutAction('rollout-promote', { kubeconfig, name: 'my-service' });
    const result = await plan.run();
    assert.equal(result.ok, true, result.error);
    const patches = api.requests.filter((r) => r.method === 'PATCH').map((r) => [r.path, JSON.parse(r.body!)]);
    assert.deepEqual(patches, [
      [`${base}/status`, { status: { pauseConditions: null, currentStepIndex: 2 } }],
      [base, { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: 2 } }],
    ]);
    assert.match(result.output, /status subresource not found/);
  });

  test('read-only: rollout actions refuse; a missing rollout is a clear error', async () => {
    api.apply(pausedAtStep2());
    const plan = await planRolloutAction('rollout-abort', { kubeconfig, name: 'my-service' }, { readOnly: true });
    await assert.rejects(plan.run(), /read-only/);
    assert.equal(
      api.requests.some((r) => r.method === 'PATCH'),
      false,
    );
    await assert.rejects(
      planRolloutAction('rollout-abort', { kubeconfig, name: 'ghost' }),
      /get rollout ghost in namespace shop: rollouts.argoproj.io "ghost" not found/,
    );
  });
});
