// The status engine against a local HTTPS Kubernetes API (test/kube/support/fake-kube-api.ts):
// the scenarios of issue 5 through the model the panel renders.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { checkServedApis } from '../../server/kube';
import { kubeconfigFiles, loadKubeConfig } from '../../server/kube/kubeconfig';
import { statusSnapshot, StatusWatcher, type StatusWatcherOptions } from '../../server/kube/status-watcher';
import type { StatusModel } from '../../server/protocol/status-protocol';
import { FakeKubeApi } from './support/fake-kube-api';
import { isolatedKubeEnv, until, waitForModel } from './support/waiting';
import {
  applyPausedCanary,
  deployment,
  NS,
  pausedCanary,
  pod,
  RELEASE,
  releaseSecret,
  releaseWithWorkloads,
  rollout,
  warningEvent,
  writeKubeconfig,
} from './support/objects';

const testEnv = (extra: Record<string, string> = {}) => isolatedKubeEnv('helm-intent-kenv-', extra);
const waitFor = (watcher: StatusWatcher, predicate: (m: StatusModel) => boolean) =>
  waitForModel(
    watcher,
    predicate,
    (m) => `last model: ${JSON.stringify({ overall: m?.overall, cluster: m?.cluster.state, watch: m?.watch })}`,
  );

let api: FakeKubeApi;
let kubeconfig: string;
const snapshot = (extra: Partial<StatusWatcherOptions> = {}) =>
  statusSnapshot({ kubeconfig, release: RELEASE, env: testEnv(), ...extra });

before(async () => {
  api = new FakeKubeApi();
  await api.start();
  kubeconfig = writeKubeconfig(api, [{ name: 'dev', namespace: NS }]);
});
after(() => api.stop());

function reset(): void {
  api.clear();
}

function healthyRelease(): void {
  const rolloutPods = Array.from({ length: 5 }, (_, i) => pod(`${RELEASE}-h1-${i}`, RELEASE, { hash: 'h1' }));
  const objects = releaseWithWorkloads({
    revisions: 2,
    rollout: rollout(RELEASE, { stableHash: 'h1' }),
    rolloutPods,
    workers: 3,
  });
  for (const o of objects) api.apply(o);
}

/** The healthy release, read from an API that answers 403 to every request for `resource`. */
async function snapshotDenying(resource: string): Promise<StatusModel> {
  healthyRelease();
  api.deny((_method, p) => p.endsWith(`/${resource}`));
  return snapshot();
}

describe('status scenarios', () => {
  beforeEach(reset);

  test('healthy rollout: complete, release history, workloads, HPA, pods', async () => {
    healthyRelease();
    const m = await snapshot();
    assert.equal(m.cluster.state, 'ok');
    assert.equal(m.overall.phase, 'complete', m.overall.message);
    assert.equal(m.release?.current?.revision, 2);
    assert.deepEqual(
      m.release?.history.map((h) => h.status),
      ['deployed', 'superseded'],
    );
    assert.deepEqual(
      m.workloads.map((w) => `${w.kind}/${w.name}:${w.health}`),
      ['Rollout/my-service:healthy', 'Deployment/worker:healthy', 'StatefulSet/db:healthy'],
    );
    assert.equal(m.workloads[1].message, 'deployment "worker" successfully rolled out');
    assert.equal(
      m.workloads[0].rollout?.steps.every((s) => s.state === 'done'),
      true,
    );
    assert.equal(m.hpas[0].desiredReplicas, 5);
    assert.equal(m.pods.length, 8);
    assert.equal(m.pods.filter((p) => p.role === 'stable').length, 5);
    assert.deepEqual(m.hints, []);
  });

  test('canary paused at step 2: current step highlighted, weight 20, paused phase', async () => {
    applyPausedCanary(api);
    const m = await snapshot();
    const r = m.workloads[0].rollout!;
    assert.equal(m.overall.phase, 'paused');
    assert.match(
      m.overall.message,
      /Rollout\/my-service paused at step 2\/5 \(pause: 2m\), canary weight 20% — CanaryPauseStep/,
    );
    assert.equal(r.currentStepIndex, 1);
    assert.deepEqual(
      r.steps.map((s) => s.state),
      ['done', 'current', 'pending', 'pending', 'pending'],
    );
    assert.equal(r.setWeight, 20);
    assert.equal(r.actualWeight, 20);
    assert.equal(m.pods.find((p) => p.name.includes('h2'))?.role, 'canary');
  });

  test('progress deadline exceeded: degraded, hint, Warning events of the workload', async () => {
    api.apply(releaseSecret(2, 'deployed'));
    api.apply(
      deployment('web', {
        updated: 1,
        available: 2,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-5d8" has timed out progressing.',
          },
        ],
      }),
    );
    api.apply(
      warningEvent(
        'Deployment',
        'web',
        'ProgressDeadlineExceeded',
        'Deployment "web" has timed out progressing',
        '2024-05-01T10:07:00Z',
      ),
    );
    api.apply(warningEvent('ReplicaSet', 'web-5d8', 'FailedCreate', 'quota exceeded', '2024-05-01T10:08:00Z'));
    api.apply(warningEvent('Deployment', 'unrelated', 'Noise', 'not ours'));
    const m = await snapshot();
    assert.equal(m.overall.phase, 'degraded');
    assert.equal(m.workloads[0].message, 'deployment "web" exceeded its progress deadline');
    assert.ok(m.hints.some((h) => h.kind === 'progress-deadline' && h.object === 'Deployment/web'));
    assert.deepEqual(
      m.warnings.map((w) => `${w.object} ${w.reason}`),
      ['ReplicaSet/web-5d8 FailedCreate', 'Deployment/web ProgressDeadlineExceeded'],
    );
  });

  test('OOMKilled pod: hint to a larger profile on spec.resources', async () => {
    api.apply(deployment('web', { updated: 3, available: 2, ready: 2 }));
    api.apply(pod('web-0', 'web'));
    api.apply(pod('web-1', 'web'));
    api.apply(
      pod('web-2', 'web', {
        ready: false,
        restarts: 4,
        lastTerminated: { reason: 'OOMKilled', exitCode: 137 },
        memoryLimit: '512Mi',
      }),
    );
    const m = await snapshot();
    const hint = m.hints.find((h) => h.kind === 'oom-killed');
    assert.ok(hint, JSON.stringify(m.hints));
    assert.equal(hint.intentField, 'spec.resources');
    assert.equal(hint.data?.memoryLimit, '512Mi');
    assert.equal(hint.data?.suggestedProfile, 'medium');
    assert.match(hint.suggestion, /spec\.resources\.profile to medium/);
    assert.deepEqual(
      m.pods.find((p) => p.name === 'web-2')?.problems.map((p) => p.reason),
      ['OOMKilled'],
    );
    assert.equal(m.overall.phase, 'progressing');
  });

  test('CrashLoopBackOff: the last log lines of the previous run', async () => {
    api.apply(deployment('web', { updated: 1, available: 0, ready: 0, replicas: 1 }));
    api.apply(
      pod('web-0', 'web', {
        waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' },
        restarts: 5,
        lastTerminated: { reason: 'Error', exitCode: 1 },
      }),
    );
    api.logs.set(
      `${NS}/web-0/app/previous`,
      ['starting', 'loading config', 'panic: DATABASE_URL is not set', 'exit status 1'].join('\n'),
    );
    const m = await snapshot();
    const hint = m.hints.find((h) => h.kind === 'crash-loop');
    assert.ok(hint);
    assert.match(hint.message, /last exit: Error, code 1/);
    assert.deepEqual(hint.logTail?.slice(-2), ['panic: DATABASE_URL is not set', 'exit status 1']);
    assert.deepEqual(m.pods[0].logTail?.slice(-1), ['exit status 1']);
    const logRequest = api.requests.find((r) => r.path === `/api/v1/namespaces/${NS}/pods/web-0/log`);
    assert.equal(logRequest?.query.previous, 'true');
    assert.equal(logRequest?.query.container, 'app');
  });

  test('ImagePullBackOff: hint to check tag and registry', async () => {
    api.apply(deployment('web', { updated: 1, available: 0, ready: 0, replicas: 1 }));
    api.apply(
      pod('web-0', 'web', {
        waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/web:v9"' },
        image: 'registry.example.com/web:v9',
      }),
    );
    const m = await snapshot();
    const hint = m.hints.find((h) => h.kind === 'image-pull');
    assert.equal(hint?.intentField, 'spec.image');
    assert.equal(hint?.data?.image, 'registry.example.com/web:v9');
  });

  test('API 403 on pods: one forbidden state with the denied request and what to do', async () => {
    const m = await snapshotDenying('pods');
    assert.equal(m.cluster.state, 'forbidden');
    assert.equal(m.overall.phase, 'unavailable');
    assert.equal(m.cluster.deniedRequest, `list pods in namespace ${NS}`);
    assert.match(m.cluster.message ?? '', /User "dev-user" may not list pods in namespace shop \(403 Forbidden\)/);
    assert.match(m.cluster.nextStep ?? '', /read access/);
    assert.deepEqual(m.workloads, []);
  });

  test('API 403 on Secrets only: the rest of the status stands, the release says why it is missing', async () => {
    const m = await snapshotDenying('secrets');
    assert.equal(m.cluster.state, 'ok');
    assert.equal(m.overall.phase, 'complete');
    assert.match(m.release?.error ?? '', /not allowed to list secrets in namespace shop/);
  });

  test('wrong token: unauthorized; closed port: unreachable; no kubeconfig: no cluster configured', async () => {
    const badToken = writeKubeconfig(api, [{ name: 'dev', namespace: NS, token: 'wrong' }]);
    assert.equal(
      (await statusSnapshot({ kubeconfig: badToken, release: RELEASE, env: testEnv() })).cluster.state,
      'unauthorized',
    );
    const closed = writeKubeconfig(api, [{ name: 'dev', namespace: NS, server: 'https://127.0.0.1:1' }]);
    const down = await statusSnapshot({ kubeconfig: closed, release: RELEASE, env: testEnv() });
    assert.equal(down.cluster.state, 'unreachable');
    assert.match(down.cluster.message ?? '', /connection refused/);
    const none = await statusSnapshot({ release: RELEASE, env: testEnv() });
    assert.equal(none.cluster.state, 'no-cluster-configured');
    assert.match(none.cluster.nextStep ?? '', /KUBECONFIG/);
  });

  test('runtime API discovery: a Rollout on a cluster without the Argo CRD is flagged', async () => {
    const plain = new FakeKubeApi({ argo: false });
    await plain.start();
    try {
      const kc = writeKubeconfig(plain, [{ name: 'plain', namespace: NS }]);
      const m = await statusSnapshot({
        kubeconfig: kc,
        release: RELEASE,
        env: testEnv(),
        apis: [
          { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' },
          { apiVersion: 'apps/v1', kind: 'Deployment' },
          { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler' },
        ],
      });
      assert.deepEqual(
        m.apis?.map((a) => `${a.kind}:${a.served}`),
        ['Rollout:false', 'Deployment:true', 'HorizontalPodAutoscaler:false'],
      );
      assert.match(m.apis?.[0].note ?? '', /Argo Rollouts CRDs are not installed/);
      assert.match(m.apis?.[2].note ?? '', /only as autoscaling\/v2, autoscaling\/v1/);
      assert.ok(m.hints.some((h) => h.kind === 'api-not-served' && h.intentField === 'spec.rollout.strategy'));
      assert.equal(
        plain.requests.some((r) => r.path.includes('/rollouts')),
        false,
        'no watch on a kind the cluster does not serve',
      );
    } finally {
      await plain.stop();
    }
  });
});

describe('runtime API discovery for the review', () => {
  test('checkServedApis: served kinds with their resource; an unreachable cluster is a state, not a throw', async () => {
    const r = await checkServedApis(
      [
        { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' },
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
        { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
      ],
      { kubeconfig, env: testEnv() },
    );
    assert.equal(r.cluster.state, 'ok');
    assert.deepEqual(
      r.apis?.map((a) => [a.kind, a.served, a.resource ?? null]),
      [
        ['Rollout', true, 'rollouts'],
        ['PodDisruptionBudget', true, 'poddisruptionbudgets'],
        ['ServiceMonitor', false, null],
      ],
    );
    const closed = writeKubeconfig(api, [{ name: 'dev', server: 'https://127.0.0.1:1' }]);
    const down = await checkServedApis([{ apiVersion: 'apps/v1', kind: 'Deployment' }], {
      kubeconfig: closed,
      env: testEnv(),
    });
    assert.equal(down.cluster.state, 'unreachable');
    assert.equal(down.apis, undefined);
  });
});

describe('live updates', () => {
  beforeEach(reset);

  /** A started watcher with all nine watches open, so every change made after it arrives as a watch event. */
  async function watching(
    options: Partial<StatusWatcherOptions>,
  ): Promise<{ watcher: StatusWatcher; first: StatusModel }> {
    const watcher = new StatusWatcher({ kubeconfig, release: RELEASE, env: testEnv(), ...options });
    try {
      const first = await watcher.start();
      await until(() => api.openWatches === 9, 'nine watches open');
      return { watcher, first };
    } catch (e) {
      watcher.stop();
      throw e;
    }
  }

  test('a change is emitted once (coalesced), and stop() ends every watch', async () => {
    healthyRelease();
    const { watcher, first } = await watching({ coalesceMs: 30 });
    assert.equal(first.overall.phase, 'complete');
    const models: StatusModel[] = [];
    watcher.onModel((m) => models.push(m));
    // A burst of pod updates: one model, not ten.
    for (let i = 0; i < 5; i++) api.apply(pod(`worker-${i % 3}`, 'worker', { restarts: i + 1 }));
    api.apply(deployment('worker', { updated: 1, generation: 3, observedGeneration: 3 }));
    const m = await waitFor(watcher, (x) => x.workloads.some((w) => w.name === 'worker' && w.health === 'progressing'));
    assert.equal(m.overall.phase, 'progressing');
    assert.match(m.overall.message, /1 out of 3 new replicas have been updated/);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(models.length <= 2, `coalesced into ${models.length} models`);
    watcher.stop();
    await until(() => api.openWatches === 0, 'every watch closed');
  });

  test('connection lost then restored: the watch resumes from its resourceVersion and sees a change made after', async () => {
    api.apply(releaseSecret(4, 'deployed'));
    api.apply(
      rollout(RELEASE, {
        stepIndex: 0,
        stableHash: 'h1',
        currentHash: 'h2',
        phase: 'Progressing',
        message: 'more replicas need to be updated',
        updated: 0,
      }),
    );
    const { watcher } = await watching({ coalesceMs: 20, backoff: { initialMs: 100, maxMs: 400 } });
    try {
      await api.stop();
      const lost = await waitFor(watcher, (m) => m.watch?.connected === false && (m.watch?.attempt ?? 0) >= 1);
      assert.equal(lost.cluster.state, 'unreachable');
      assert.match(lost.cluster.message ?? '', /Showing the last known state/);
      assert.equal(lost.workloads.length, 1, 'the last known objects stay');
      await api.restart();
      await waitFor(watcher, (m) => m.watch?.connected === true && m.cluster.state === 'ok');
      const resumeFrom = api.requests.filter((r) => r.query.watch === 'true' && r.path.endsWith('/rollouts')).at(-1)
        ?.query.resourceVersion;
      assert.ok(resumeFrom && Number(resumeFrom) > 0, 'the watch resumed from a resourceVersion');
      api.apply(pausedCanary());
      const m = await waitFor(watcher, (x) => x.overall.phase === 'paused');
      assert.equal(m.workloads[0].rollout?.currentStepIndex, 1);
      assert.ok((m.watch?.reconnects ?? 0) >= 1);
    } finally {
      watcher.stop();
    }
  });

  test('410 Gone after compaction: relist, then keep watching', async () => {
    api.apply(deployment('web'));
    const { watcher } = await watching({ coalesceMs: 20, backoff: { initialMs: 50, maxMs: 200 } });
    try {
      // While the watches are down, a change happens and the history before it is compacted away.
      api.dropWatches();
      api.apply(deployment('web', { updated: 1, generation: 3, observedGeneration: 3 }));
      api.compact();
      api.apply(deployment('web', { updated: 2, generation: 3, observedGeneration: 3 }));
      const m = await waitFor(watcher, (x) => (x.watch?.relists ?? 0) >= 1 && x.workloads[0]?.health === 'progressing');
      assert.match(m.workloads[0].message, /2 out of 3 new replicas/);
    } finally {
      watcher.stop();
    }
  });
});

describe('kubeconfig like kubectl', () => {
  test('context switch: --context picks another context with its own namespace', async () => {
    reset();
    api.apply(deployment('web', {}, 'shop'));
    api.apply(deployment('web', { updated: 1 }, 'staging'));
    const kc = writeKubeconfig(
      api,
      [
        { name: 'prod', namespace: 'shop' },
        { name: 'stage', namespace: 'staging' },
      ],
      'prod',
    );
    const a = await statusSnapshot({ kubeconfig: kc, release: RELEASE, env: testEnv() });
    assert.equal(a.cluster.context, 'prod');
    assert.equal(a.overall.phase, 'complete');
    const b = await statusSnapshot({ kubeconfig: kc, release: RELEASE, context: 'stage', env: testEnv() });
    assert.equal(b.cluster.context, 'stage');
    assert.equal(b.cluster.namespace, 'staging');
    assert.equal(b.overall.phase, 'progressing');
    assert.deepEqual(
      b.cluster.contexts.map((c) => c.name),
      ['prod', 'stage'],
    );
    const c = await statusSnapshot({ kubeconfig: kc, release: RELEASE, context: 'nope', env: testEnv() });
    assert.equal(c.cluster.state, 'config-error');
    assert.match(c.cluster.message ?? '', /context "nope" does not exist/);
  });

  test('KUBECONFIG list: missing files skipped, first file wins names and current-context, namespace default', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helm-intent-kcl-'));
    const first = writeKubeconfig(api, [{ name: 'a' }], 'a', mkdtempSync(path.join(dir, 'x')));
    const second = writeKubeconfig(
      api,
      [
        { name: 'a', namespace: 'other', server: 'https://127.0.0.1:2' },
        { name: 'b', namespace: 'beta' },
      ],
      'b',
      mkdtempSync(path.join(dir, 'y')),
    );
    const env = testEnv({ KUBECONFIG: [path.join(dir, 'missing'), first, '', second, first].join(path.delimiter) });
    assert.deepEqual(kubeconfigFiles({ env }), [first, second]);
    const loaded = await loadKubeConfig({ env });
    assert.equal(loaded.info.context, 'a', 'current-context from the first file that sets it');
    assert.equal(loaded.info.server, api.url, 'the first definition of "a" wins');
    assert.equal(loaded.info.namespace, 'default');
    assert.deepEqual(
      loaded.info.contexts.map((c) => c.name),
      ['a', 'b'],
    );
    assert.equal((await loadKubeConfig({ env, context: 'b' })).info.namespace, 'beta');
    assert.equal((await loadKubeConfig({ env, context: 'b', namespace: 'ns2' })).info.namespace, 'ns2');
  });

  test('a broken kubeconfig is a config-error naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helm-intent-kcb-'));
    const file = path.join(dir, 'config');
    writeFileSync(file, 'clusters: [ {name: x\n');
    const loaded = await loadKubeConfig({ env: testEnv({ KUBECONFIG: file }) });
    assert.equal(loaded.info.state, 'config-error');
    assert.ok(loaded.info.message?.includes(file));
  });
});
