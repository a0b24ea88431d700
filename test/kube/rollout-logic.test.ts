// Pure logic against the documented semantics: kubectl rollout status (rollout_status.go),
// kubectl-argo-rollouts phases/steps/weights, helm release Secrets, selectors, durations, hints.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  argoRolloutView,
  calculateRolloutPhase,
  currentSetWeight,
  describeStep,
  rolloutPhase,
} from '../../server/kube/argo-rollout';
import { durationMs, formatGoDuration } from '../../server/core/duration';
import { decodeReleaseSecret, manifestObjects, releaseFromSecrets } from '../../server/kube/helm-release';
import { largerProfileThan } from '../../server/kube/hints';
import { workloadSelects as selectorMatches } from '../../server/core/label-selector';
import { daemonSetStatus, deploymentStatus, statefulSetStatus } from '../../server/kube/rollout-status';
import { buildStatusModel, emptyObjectMaps } from '../../server/kube/status-model';
import { splitChartRef } from '../../server/kube/release-helm';
import { CANARY_STEPS, deployment, pod, releaseSecret, rollout } from './support/objects';

const dep = (spec: any, status: any, generation = 2) => ({ metadata: { name: 'web', generation }, spec, status });

describe('kubectl rollout status: Deployment', () => {
  test('spec update not yet observed', () => {
    assert.deepEqual(deploymentStatus(dep({ replicas: 3 }, { observedGeneration: 1 })), {
      message: 'Waiting for deployment spec update to be observed...',
      done: false,
    });
  });
  test('new replicas being updated', () => {
    const r = deploymentStatus(dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 }));
    assert.equal(
      r.message,
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    assert.equal(r.done, false);
  });
  test('old replicas pending termination', () => {
    const r = deploymentStatus(
      dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 4, availableReplicas: 3 }),
    );
    assert.equal(
      r.message,
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    );
  });
  test('updated replicas becoming available', () => {
    const r = deploymentStatus(
      dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }),
    );
    assert.equal(r.message, 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...');
  });
  test('successfully rolled out', () => {
    assert.deepEqual(
      deploymentStatus(
        dep({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      ),
      { message: 'deployment "web" successfully rolled out', done: true },
    );
  });
  test('observedGeneration ahead of generation still counts as observed', () => {
    assert.equal(
      deploymentStatus(
        dep({ replicas: 1 }, { observedGeneration: 5, updatedReplicas: 1, replicas: 1, availableReplicas: 1 }),
      ).done,
      true,
    );
  });
  test('ProgressDeadlineExceeded is an error, checked before the counts', () => {
    const r = deploymentStatus(
      dep(
        { replicas: 3 },
        {
          observedGeneration: 2,
          updatedReplicas: 1,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
        },
      ),
    );
    assert.equal(r.error, 'deployment "web" exceeded its progress deadline');
    assert.equal(r.done, false);
  });
  test('a deadline condition on a generation not yet observed is not reported (kubectl waits)', () => {
    const r = deploymentStatus(
      dep(
        { replicas: 3 },
        { observedGeneration: 1, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] },
      ),
    );
    assert.equal(r.error, undefined);
    assert.equal(r.message, 'Waiting for deployment spec update to be observed...');
  });
  test('without spec.replicas only the pending-termination and availability checks apply', () => {
    assert.equal(
      deploymentStatus(dep({}, { observedGeneration: 2, updatedReplicas: 0, replicas: 0, availableReplicas: 0 })).done,
      true,
    );
  });
});

describe('kubectl rollout status: StatefulSet and DaemonSet', () => {
  const sts = (spec: any, status: any, generation = 1) => ({
    metadata: { name: 'db', generation },
    spec: { updateStrategy: { type: 'RollingUpdate' }, ...spec },
    status,
  });
  test('observedGeneration 0 means not observed', () => {
    assert.equal(
      statefulSetStatus(sts({ replicas: 2 }, { observedGeneration: 0 })).message,
      'Waiting for statefulset spec update to be observed...',
    );
  });
  test('waiting for pods to be ready', () => {
    assert.equal(
      statefulSetStatus(sts({ replicas: 3 }, { observedGeneration: 1, readyReplicas: 1 })).message,
      'Waiting for 2 pods to be ready...',
    );
  });
  test('partitioned roll out', () => {
    const spec = { replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    assert.equal(
      statefulSetStatus(sts(spec, { observedGeneration: 1, readyReplicas: 4, updatedReplicas: 1 })).message,
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    );
    assert.deepEqual(statefulSetStatus(sts(spec, { observedGeneration: 1, readyReplicas: 4, updatedReplicas: 2 })), {
      message: 'partitioned roll out complete: 2 new pods have been updated...',
      done: true,
    });
  });
  test('rolling update by revision', () => {
    assert.equal(
      statefulSetStatus(
        sts(
          { replicas: 2 },
          {
            observedGeneration: 1,
            readyReplicas: 2,
            updatedReplicas: 1,
            currentRevision: 'db-1',
            updateRevision: 'db-2',
          },
        ),
      ).message,
      'waiting for statefulset rolling update to complete 1 pods at revision db-2...',
    );
    assert.deepEqual(
      statefulSetStatus(
        sts(
          { replicas: 2 },
          {
            observedGeneration: 1,
            readyReplicas: 2,
            currentReplicas: 2,
            currentRevision: 'db-2',
            updateRevision: 'db-2',
          },
        ),
      ),
      { message: 'statefulset rolling update complete 2 pods at revision db-2...', done: true },
    );
  });
  test('OnDelete has no rollout status', () => {
    const r = statefulSetStatus({
      metadata: { name: 'db' },
      spec: { updateStrategy: { type: 'OnDelete' } },
      status: {},
    });
    assert.equal(r.error, 'rollout status is only available for RollingUpdate strategy type');
  });
  test('daemon set messages', () => {
    const ds = (status: any) => ({
      metadata: { name: 'agent', generation: 1 },
      spec: { updateStrategy: { type: 'RollingUpdate' } },
      status: { observedGeneration: 1, ...status },
    });
    assert.equal(
      daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 1 })).message,
      'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...',
    );
    assert.equal(
      daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })).message,
      'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...',
    );
    assert.deepEqual(
      daemonSetStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 })),
      { message: 'daemon set "agent" successfully rolled out', done: true },
    );
  });
});

describe('Argo Rollouts', () => {
  test('a canary paused at step 2: steps, current highlighted, set weight 20', () => {
    const ro = rollout('my-service', {
      stepIndex: 1,
      stableHash: 'aaa',
      currentHash: 'bbb',
      phase: 'Paused',
      message: 'CanaryPauseStep',
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2024-05-01T10:00:00Z' }],
      updated: 1,
    });
    const v = argoRolloutView(ro, [], { canaryReady: 1, ready: 5 });
    assert.equal(v.health, 'paused');
    assert.equal(v.message, 'Paused - CanaryPauseStep');
    assert.deepEqual(
      v.rollout.steps.map((s) => `${s.state}:${s.label}`),
      [
        'done:setWeight: 20',
        'current:pause: 2m',
        'pending:setWeight: 50',
        'pending:pause: 2m',
        'pending:setWeight: 100',
      ],
    );
    assert.equal(v.rollout.currentStepIndex, 1);
    assert.equal(v.rollout.setWeight, 20);
    assert.equal(v.rollout.actualWeight, 20, 'one of five ready pods is canary');
    assert.deepEqual(v.rollout.pauseConditions, [{ reason: 'CanaryPauseStep', startTime: '2024-05-01T10:00:00Z' }]);
  });
  test('GetCurrentSetWeight: aborted 0, past the steps 100, else the last setWeight so far', () => {
    assert.equal(currentSetWeight(rollout('r', { stepIndex: 3 })), 50);
    assert.equal(currentSetWeight(rollout('r', { stepIndex: 5 })), 100);
    assert.equal(currentSetWeight(rollout('r', { stepIndex: 3, abort: true })), 0);
    const noIndex = rollout('r');
    delete noIndex.status.currentStepIndex;
    assert.equal(currentSetWeight(noIndex), 20, 'an unset index is step 0');
  });
  test('spec not observed yet wins over the controller phase (string observedGeneration)', () => {
    const ro = rollout('r', { phase: 'Healthy', generation: 4 });
    ro.status.observedGeneration = '3';
    assert.deepEqual(rolloutPhase(ro), {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    });
  });
  test('controllerPause without pause conditions is unpausing', () => {
    const ro = rollout('r', { phase: 'Paused' });
    ro.status.controllerPause = true;
    assert.equal(rolloutPhase(ro).message, 'waiting for rollout to unpause');
  });
  test('aborted rollouts are degraded and marked aborted; no step is current', () => {
    const ro = rollout('r', {
      stepIndex: 2,
      abort: true,
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 4',
      stableHash: 'a',
      currentHash: 'b',
    });
    const v = argoRolloutView(ro);
    assert.equal(v.health, 'aborted');
    assert.equal(v.rollout.aborted, true);
    assert.equal(
      v.rollout.steps.some((s) => s.state === 'current'),
      false,
    );
  });
  test('client-side phase for controllers without status.phase', () => {
    const base = (status: any, spec: any = {}) => ({
      metadata: { generation: 1 },
      spec: { replicas: 3, strategy: { canary: { steps: CANARY_STEPS } }, ...spec },
      status: { observedGeneration: '1', ...status },
    });
    assert.deepEqual(
      calculateRolloutPhase(base({ conditions: [{ type: 'Progressing', reason: 'RolloutAborted', message: 'x' }] })),
      { phase: 'Degraded', message: 'RolloutAborted: x' },
    );
    assert.deepEqual(calculateRolloutPhase(base({}, { paused: true })), {
      phase: 'Paused',
      message: 'manually paused',
    });
    assert.deepEqual(calculateRolloutPhase(base({ pauseConditions: [{ reason: 'CanaryPauseStep' }] })), {
      phase: 'Paused',
      message: 'CanaryPauseStep',
    });
    assert.deepEqual(calculateRolloutPhase(base({ updatedReplicas: 1 })), {
      phase: 'Progressing',
      message: 'more replicas need to be updated',
    });
    assert.deepEqual(calculateRolloutPhase(base({ updatedReplicas: 3, availableReplicas: 2 })), {
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
    });
    assert.deepEqual(calculateRolloutPhase(base({ updatedReplicas: 3, availableReplicas: 3, replicas: 4 })), {
      phase: 'Progressing',
      message: 'old replicas are pending termination',
    });
    assert.deepEqual(
      calculateRolloutPhase(
        base({ updatedReplicas: 3, availableReplicas: 3, replicas: 3, stableRS: 'a', currentPodHash: 'b' }),
      ),
      { phase: 'Progressing', message: 'waiting for all steps to complete' },
    );
    assert.deepEqual(
      calculateRolloutPhase(
        base({ updatedReplicas: 3, availableReplicas: 3, replicas: 3, stableRS: 'a', currentPodHash: 'a' }),
      ),
      { phase: 'Healthy', message: '' },
    );
  });
  test('step labels as the plugin prints them', () => {
    assert.equal(describeStep({ pause: {} }).label, 'pause');
    assert.equal(describeStep({ pause: { duration: 30 } }).label, 'pause: 30s');
    assert.equal(describeStep({ analysis: { templates: [] } }).label, 'analysis');
    assert.equal(describeStep({ setCanaryScale: { replicas: 2 } }).label, 'setCanaryScale{replicas: 2}');
  });
  test('analysis runs owned by the rollout, with their role', () => {
    const ro = rollout('r', {
      stepAnalysis: { name: 'r-abc-2', status: 'Failed', message: 'metric "success-rate" assessed Failed' },
    });
    const run = {
      metadata: {
        name: 'r-abc-2',
        ownerReferences: [{ kind: 'Rollout', name: 'r', uid: ro.metadata.uid }],
        creationTimestamp: '2024-05-01T10:00:00Z',
      },
      status: { phase: 'Failed', message: 'metric "success-rate" assessed Failed' },
    };
    const other = {
      metadata: { name: 'other-1', ownerReferences: [{ kind: 'Rollout', name: 'other', uid: 'x' }] },
      status: { phase: 'Running' },
    };
    const v = argoRolloutView(ro, [run, other]);
    assert.deepEqual(v.rollout.analysisRuns, [
      { name: 'r-abc-2', phase: 'Failed', message: 'metric "success-rate" assessed Failed', role: 'step' },
    ]);
  });
});

describe('helm release Secrets', () => {
  test('decodes base64(base64(gzip(json))) and orders history newest first', () => {
    const secrets = [
      releaseSecret(1, 'superseded'),
      releaseSecret(3, 'deployed', { description: 'Rollback to 1' }),
      releaseSecret(2, 'superseded'),
    ];
    const { status } = releaseFromSecrets('my-service', 'shop', secrets);
    assert.equal(status.found, true);
    assert.deepEqual(
      status.history.map((h) => `${h.revision}:${h.status}`),
      ['3:deployed', '2:superseded', '1:superseded'],
    );
    assert.deepEqual(status.current, {
      revision: 3,
      status: 'deployed',
      chartName: 'my-service',
      chartVersion: '0.1.3',
      appVersion: 'v2.3.1',
      description: 'Rollback to 1',
      updated: '2024-05-01T12:00:00Z',
    });
  });
  test('other releases are ignored; a broken Secret is named, not a crash', () => {
    const broken = releaseSecret(2, 'deployed');
    broken.data.release = Buffer.from('not base64 gzip').toString('base64');
    const other = releaseSecret(1, 'deployed', { name: 'other' });
    const { status } = releaseFromSecrets('my-service', 'shop', [releaseSecret(1, 'superseded'), broken, other]);
    assert.equal(status.history.length, 1);
    assert.match(status.error ?? '', /sh\.helm\.release\.v1\.my-service\.v2 does not hold a readable helm release/);
    assert.throws(() => decodeReleaseSecret({ metadata: { name: 's' }, data: {} }), /Secret s has no data\.release/);
  });
  test('manifest objects identify the release workloads', () => {
    const manifest =
      '---\n# Source: c/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    name: not-this\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-svc\n';
    assert.deepEqual(manifestObjects(manifest), [
      { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      { kind: 'Service', name: 'web-svc', apiVersion: 'v1' },
    ]);
  });
  test('helm history chart column splits into name and version', () => {
    assert.deepEqual(splitChartRef('my-service-0.1.2'), { name: 'my-service', version: '0.1.2' });
    assert.deepEqual(splitChartRef('a-b-c-1.2.3-rc.1'), { name: 'a-b-c', version: '1.2.3-rc.1' });
  });
});

describe('helpers', () => {
  test('label selectors', () => {
    assert.equal(selectorMatches({ matchLabels: { a: '1' } }, { a: '1', b: '2' }), true);
    assert.equal(
      selectorMatches(
        { matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'In', values: ['3'] }] },
        { a: '1', b: '2' },
      ),
      false,
    );
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'b', operator: 'DoesNotExist' }] }, { a: '1' }), true);
    assert.equal(selectorMatches({}, { a: '1' }), false, 'an empty workload selector selects nothing');
  });
  test('durations', () => {
    assert.equal(durationMs('90s'), 90_000);
    assert.equal(durationMs('1h30m'), 5_400_000);
    assert.equal(durationMs('250ms'), 250);
    assert.equal(durationMs('2'), 2000);
    assert.equal(durationMs('5 minutes'), undefined);
    assert.equal(formatGoDuration(300_000), '5m0s');
  });
  test('OOMKilled hint names the next larger profile', () => {
    assert.equal(largerProfileThan('512Mi'), 'medium');
    assert.equal(largerProfileThan('1Gi'), 'large');
    assert.equal(largerProfileThan('2Gi'), undefined);
  });
});

describe('status model', () => {
  const cluster = { state: 'ok' as const, namespace: 'shop', contexts: [], kubeconfigFiles: [] };
  test('release membership: instance label, helm annotation or the release manifest', () => {
    const objects = emptyObjectMaps();
    const byManifest = deployment('legacy');
    byManifest.metadata.labels = {};
    byManifest.metadata.annotations = {};
    const unrelated = deployment('other');
    unrelated.metadata.labels = { 'app.kubernetes.io/instance': 'someone-else' };
    unrelated.metadata.annotations = {};
    for (const d of [deployment('web'), byManifest, unrelated]) objects.deployments.set(d.metadata.name, d);
    objects.secrets.set(
      's',
      releaseSecret(1, 'deployed', {
        manifest: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: legacy\n',
      }),
    );
    const m = buildStatusModel({ cluster, namespace: 'shop', releaseName: 'my-service', objects });
    assert.deepEqual(
      m.workloads.map((w) => w.name),
      ['legacy', 'web'],
    );
  });
  test('pods attach to their workload by selector; OOMKilled pods of one workload are one hint', () => {
    const objects = emptyObjectMaps();
    objects.deployments.set('web', deployment('web', { updated: 1 }));
    for (let i = 0; i < 3; i++)
      objects.pods.set(
        `web-${i}`,
        pod(`web-${i}`, 'web', { restarts: 2, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } }),
      );
    const m = buildStatusModel({ cluster, namespace: 'shop', releaseName: 'my-service', objects });
    assert.deepEqual(
      m.pods.map((p) => p.owner),
      ['Deployment/web', 'Deployment/web', 'Deployment/web'],
    );
    const oom = m.hints.filter((h) => h.kind === 'oom-killed');
    assert.equal(oom.length, 1);
    assert.equal(oom[0].intentField, 'spec.resources');
    assert.equal(oom[0].data?.pods, 3);
    assert.equal(oom[0].data?.suggestedProfile, 'medium');
    assert.equal(m.overall.phase, 'progressing');
  });
});
