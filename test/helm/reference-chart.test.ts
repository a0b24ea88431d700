// Seed §1: the reference intent's chart, rendered by the real helm.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { defaultPlatformConfig, resolvePlatformConfig } from '../../server/model/platform-config';
import type { DeploymentIntent } from '../../server/model/schema-types.generated';
import { REFERENCE_INTENT, REFERENCE_INTENT_PATH } from '../support/fixtures';
import { compileToDir, lint, only, readIntent, render, renderRaw } from './chart-harness';

const intent = readIntent(REFERENCE_INTENT_PATH) as DeploymentIntent;

describe('reference intent (seed §1)', () => {
  const chart = compileToDir(intent);
  after(() => chart.cleanup());

  test('Chart.yaml: apiVersion v2, pinned 0.1.0, appVersion from the tag, no dependencies', () => {
    const c = parse(chart.file('Chart.yaml'));
    assert.equal(c.apiVersion, 'v2');
    assert.equal(c.name, 'my-service');
    assert.equal(c.version, '0.1.0');
    assert.equal(c.appVersion, 'v2.3.1');
    assert.equal(c.dependencies, undefined);
  });

  test('a canary strategy renders an Argo Rollout with the intent steps, and no Deployment', async () => {
    const objects = await render(chart);
    assert.ok(!objects.some((o) => o.kind === 'Deployment'));
    const rollout = only(objects, 'Rollout');
    assert.equal(rollout.apiVersion, 'argoproj.io/v1alpha1');
    assert.deepEqual(rollout.spec.strategy.canary.steps, parse(REFERENCE_INTENT).spec.rollout.steps);
    assert.equal(rollout.spec.strategy.canary.maxUnavailable, 0);
    assert.equal(rollout.spec.replicas, undefined, 'the HPA owns the replica count');
    assert.ok(!objects.some((o) => o.kind === 'AnalysisTemplate'), 'no analysis was asked for');
  });

  test('pod and container securityContext follow the intent with secure defaults', async () => {
    const pod = only(await render(chart), 'Rollout').spec.template.spec;
    assert.deepEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const c = pod.containers[0];
    assert.deepEqual(c.securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(pod.volumes, [{ name: 'tmp', emptyDir: {} }]);
    assert.deepEqual(c.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('requests and limits come from the medium profile (500m/512Mi → 1000m/1Gi)', async () => {
    const c = only(await render(chart), 'Rollout').spec.template.spec.containers[0];
    const medium = defaultPlatformConfig().profiles.medium;
    assert.deepEqual(c.resources, { requests: medium.requests, limits: medium.limits });
    assert.deepEqual(c.resources, {
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '1000m', memory: '1Gi' },
    });
  });

  test('a platform config that redefines the profile changes the chart', async () => {
    const config = resolvePlatformConfig(
      {
        profiles: { medium: { requests: { cpu: '300m', memory: '300Mi' }, limits: { cpu: '600m', memory: '600Mi' } } },
      },
      'test',
    );
    const custom = compileToDir(intent, { config });
    try {
      const c = only(await render(custom), 'Rollout').spec.template.spec.containers[0];
      assert.deepEqual(c.resources, {
        requests: { cpu: '300m', memory: '300Mi' },
        limits: { cpu: '600m', memory: '600Mi' },
      });
    } finally {
      custom.cleanup();
    }
  });

  test('liveness and readiness probes from the probe spec', async () => {
    const c = only(await render(chart), 'Rollout').spec.template.spec.containers[0];
    assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 8080 });
    assert.deepEqual(c.readinessProbe.httpGet, { path: '/healthz', port: 8080 });
    assert.equal(c.startupProbe, undefined);
  });

  test('the HPA (autoscaling/v2) scales the Rollout 2–10 at 70% CPU', async () => {
    const objects = await render(chart);
    const hpa = only(objects, 'HorizontalPodAutoscaler');
    assert.equal(hpa.apiVersion, 'autoscaling/v2');
    assert.deepEqual(hpa.spec.scaleTargetRef, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: only(objects, 'Rollout').metadata.name,
    });
    assert.equal(hpa.spec.minReplicas, 2);
    assert.equal(hpa.spec.maxReplicas, 10);
    assert.deepEqual(hpa.spec.metrics, [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });

  test('mandatory labels carry the API group as label domain', async () => {
    for (const o of await render(chart)) {
      assert.equal(o.metadata.labels?.['app.kubernetes.io/name'], 'my-service', `${o.kind}`);
      assert.equal(o.metadata.labels?.['app.kubernetes.io/version'], 'v2.3.1', `${o.kind}`);
      assert.equal(o.metadata.labels?.['platform.example.com/tier'], 'production', `${o.kind}`);
    }
  });

  test('optional objects switch off with their .enabled value', async () => {
    const objects = await render(chart, undefined, {
      set: {
        'autoscaling.enabled': false,
        'pdb.enabled': false,
        'service.enabled': false,
        'serviceAccount.create': false,
        'tests.connection.enabled': false,
      },
    });
    assert.deepEqual(objects.map((o) => o.kind).sort(), ['Rollout']);
    assert.equal(only(objects, 'Rollout').spec.replicas, 2, 'without the HPA the Rollout sets replicas');
    const rolling = await render(chart, undefined, { set: { 'rollout.strategy': 'rolling' } });
    assert.ok(rolling.some((o) => o.kind === 'Deployment') && !rolling.some((o) => o.kind === 'Rollout'));
    assert.equal(only(rolling, 'HorizontalPodAutoscaler').spec.scaleTargetRef.kind, 'Deployment');
  });

  test('values.schema.json rejects out-of-bounds overrides', async () => {
    const tooMany = await renderRaw(chart, { set: { replicaCount: 50 } });
    assert.equal(tooMany.ok, false);
    assert.match(tooMany.error!, /values\.schema\.json[\s\S]*replicaCount/);
    const badStrategy = await renderRaw(chart, { set: { 'rollout.strategy': 'yolo' } });
    assert.equal(badStrategy.ok, false);
    assert.match(badStrategy.error!, /strategy/);
    const noCpuLimit = await renderRaw(chart, { set: { 'resources.limits.cpu': null as unknown as string } });
    assert.equal(noCpuLimit.ok, false, 'limits.cpu is required');
  });

  test('with rollout.analysis: an AnalysisTemplate gates the canary', async () => {
    const withAnalysis = structuredClone(intent);
    withAnalysis.spec.rollout!.analysis = { prometheusAddress: 'http://prometheus.monitoring:9090', successRate: 0.9 };
    const c = compileToDir(withAnalysis);
    try {
      assert.ok((await lint(c)).ok);
      const objects = await render(c);
      const template = only(objects, 'AnalysisTemplate');
      assert.equal(template.apiVersion, 'argoproj.io/v1alpha1');
      const metric = template.spec.metrics[0];
      assert.equal(metric.successCondition, 'result[0] >= 0.9');
      assert.equal(metric.provider.prometheus.address, 'http://prometheus.monitoring:9090');
      assert.match(metric.provider.prometheus.query, /http_requests_total\{service="my-service",code!~"5\.\."\}/);
      assert.deepEqual(only(objects, 'Rollout').spec.strategy.canary.analysis, {
        templates: [{ templateName: 'my-service-success-rate' }],
      });
    } finally {
      c.cleanup();
    }
  });
});
