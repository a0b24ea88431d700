// Fixtures that use every field of the intent schema, rendered by the real helm.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { checkText } from '../../server/check/check-text';
import { severityName } from '../../server/check/finding';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { runHelm } from '../../server/tools/helm';
import { helmPath } from '../support/tools';
import {
  compileToDir,
  fixture,
  lint,
  namesOf,
  only,
  readIntent,
  render,
  workload,
  type CompiledChart,
} from './chart-harness';

for (const name of ['everything.intent.yaml', 'stateful.intent.yaml']) {
  test(`${name} is a valid intent (no error findings)`, () => {
    const errors = checkText(readFileSync(fixture(name), 'utf8'), 'intent', defaultPlatformConfig()).filter(
      (f) => severityName(f.severity) === 'error',
    );
    assert.deepEqual(
      errors.map((e) => `${e.code}: ${e.message}`),
      [],
    );
  });
}

describe('everything.intent.yaml', () => {
  const intent = readIntent(fixture('everything.intent.yaml'));
  let chart: CompiledChart;
  before(async () => {
    chart = compileToDir(intent);
    // The file:// dependency is resolved by a real `helm dependency build` (works offline).
    cpSync(fixture('cache-chart'), path.join(chart.root, 'cache-chart'), { recursive: true });
    const built = await runHelm(['dependency', 'build', chart.dir], { helmPath: helmPath(), isolate: true });
    assert.ok(built.ok, built.stderr);
  });
  after(() => chart.cleanup());

  test('lint --strict passes for every values file', async () => {
    for (const env of [undefined, ...chart.envs]) {
      const result = await lint(chart, env);
      assert.ok(result.ok, `${env ?? 'base'}: ${result.error}\n${result.result.stdout}`);
    }
  });

  test('blue-green with pre-promotion analysis, a preview service, and the HPA on the Rollout', async () => {
    const objects = await render(chart);
    const rollout = only(objects, 'Rollout');
    assert.deepEqual(rollout.spec.strategy, {
      blueGreen: {
        activeService: 'everything',
        previewService: 'everything-preview',
        autoPromotionEnabled: false,
        prePromotionAnalysis: { templates: [{ templateName: 'everything-success-rate' }] },
      },
    });
    const metric = only(objects, 'AnalysisTemplate').spec.metrics[0];
    assert.equal(metric.successCondition, 'result[0] >= 0.99');
    assert.equal(metric.provider.prometheus.query, 'sum(rate(ok[1m])) / sum(rate(all[1m]))');
    assert.equal(metric.interval, '30s');
    assert.equal(metric.failureLimit, 2);
    assert.deepEqual(namesOf(objects, 'Service'), ['everything', 'everything-preview']);
    const hpa = only(objects, 'HorizontalPodAutoscaler').spec;
    assert.equal(hpa.scaleTargetRef.kind, 'Rollout');
    assert.deepEqual(
      hpa.metrics.map((m: { resource: { name: string; target: { averageUtilization: number } } }) => [
        m.resource.name,
        m.resource.target.averageUtilization,
      ]),
      [
        ['cpu', 65],
        ['memory', 80],
      ],
    );
  });

  test('the canary environment switches the same chart to canary steps', async () => {
    const rollout = only(await render(chart, 'canary'), 'Rollout');
    assert.deepEqual(rollout.spec.strategy.canary.steps, [{ setWeight: 10 }, { pause: {} }, { setWeight: 100 }]);
    assert.deepEqual(rollout.spec.strategy.canary.analysis, {
      templates: [{ templateName: 'everything-success-rate' }],
    });
    assert.equal(rollout.spec.strategy.canary.maxSurge, '50%');
  });

  test('the dev environment renders a plain Deployment without Ingress, NetworkPolicy, HPA or PDB, and the enabled subchart', async () => {
    const objects = await render(chart, 'dev');
    const kinds = objects.map((o) => o.kind);
    for (const absent of [
      'Rollout',
      'Ingress',
      'NetworkPolicy',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'AnalysisTemplate',
    ])
      assert.ok(!kinds.includes(absent), `${absent} in dev`);
    const d = only(objects, 'Deployment');
    assert.equal(d.spec.replicas, 1);
    assert.equal(d.metadata.labels!['platform.example.com/tier'], 'development');
    assert.ok(
      objects.some((o) => o.metadata.name === 'everything-sessioncache'),
      'the file:// subchart renders under its alias when enabled',
    );
    assert.ok(
      !(await render(chart)).some((o) => o.metadata.name === 'everything-sessioncache'),
      'and not when disabled',
    );
  });

  test('pod: digest wins, explicit limits over the profile, all three probe kinds, extra metrics port', async () => {
    const pod = workload(await render(chart)).spec.template.spec;
    const c = pod.containers[0];
    assert.equal(
      c.image,
      `registry.example.com/shop/everything@${(intent.spec as { image: { digest: string } }).image.digest}`,
    );
    assert.equal(c.imagePullPolicy, 'Always');
    assert.deepEqual(c.resources, { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '3Gi' } });
    assert.deepEqual(c.livenessProbe.tcpSocket, { port: 8443 });
    assert.equal(c.livenessProbe.periodSeconds, 20);
    assert.deepEqual(c.readinessProbe.httpGet, { path: '/ready', port: 8443 });
    assert.deepEqual(c.startupProbe.exec, { command: ['/bin/check', '--startup'] });
    assert.deepEqual(
      c.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
      [
        ['http', 8443],
        ['metrics', 9102],
      ],
    );
    assert.deepEqual(pod.securityContext, {
      fsGroup: 2000,
      runAsGroup: 3000,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.equal(pod.serviceAccountName, 'shop-runner');
    assert.equal(pod.automountServiceAccountToken, true);
  });

  test('ConfigMap values are strings Helm reads back unchanged (YAML 1.1 "on" stays a string)', async () => {
    const cm = only(await render(chart), 'ConfigMap');
    assert.deepEqual(cm.data, { FEATURE_FLAG: 'on', MAX_CONNECTIONS: '50', VERBOSE: 'false' });
    assert.equal(parse(chart.file('values.yaml')).image.tag, '1.10', 'tag 1.10 must not become the number 1.1');
    assert.equal(only(await render(chart), 'Rollout').metadata.labels!['app.kubernetes.io/version'], '1.10');
  });

  test('Ingress with class, TLS, host, path and annotations; NetworkPolicy allow-lists', async () => {
    const objects = await render(chart);
    const ing = only(objects, 'Ingress');
    assert.equal(ing.spec.ingressClassName, 'nginx');
    assert.deepEqual(ing.spec.tls, [{ secretName: 'shop-tls', hosts: ['shop.example.com'] }]);
    assert.equal(ing.spec.rules[0].host, 'shop.example.com');
    assert.equal(ing.spec.rules[0].http.paths[0].path, '/api');
    assert.equal(ing.metadata.annotations!['cert-manager.io/cluster-issuer'], 'letsencrypt');
    assert.equal(ing.metadata.annotations!.owner, 'payments@example.com', 'common annotations merge in');
    const np = only(objects, 'NetworkPolicy').spec;
    const fromNamespaces = np.ingress
      .flatMap((r: any) => r.from.map((f: any) => f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name']))
      .filter(Boolean);
    assert.deepEqual(fromNamespaces, ['monitoring', 'gateway', 'ingress-nginx']);
    assert.deepEqual(np.egress[2], {
      to: [{ ipBlock: { cidr: '10.0.0.0/8' } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    assert.deepEqual(np.egress[3].to, [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } },
        podSelector: { matchLabels: { app: 'ledger' } },
      },
    ]);
  });

  test('ServiceMonitor scrapes the metrics port of the main Service only', async () => {
    const objects = await render(chart);
    const sm = only(objects, 'ServiceMonitor');
    assert.deepEqual(sm.spec.endpoints, [{ port: 'metrics', path: '/prom', interval: '30s' }]);
    const matches = (labels: Record<string, string> = {}) =>
      Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => labels[k] === v);
    assert.deepEqual(
      objects.filter((o) => o.kind === 'Service' && matches(o.metadata.labels)).map((s) => s.metadata.name),
      ['everything'],
    );
  });

  test('post-install migration: no hook on the ExternalSecrets, deadline from the timeout', async () => {
    const objects = await render(chart);
    const job = only(objects, 'Job');
    assert.equal(job.metadata.annotations!['helm.sh/hook'], 'post-install,post-upgrade');
    assert.equal(job.spec.activeDeadlineSeconds, 5400);
    assert.equal(job.spec.backoffLimit, 0);
    assert.equal(
      job.spec.template.spec.containers[0].image,
      `registry.example.com/shop/everything@${(intent.spec as { image: { digest: string } }).image.digest}`,
      'default: the service image',
    );
    for (const es of objects.filter((o) => o.kind === 'ExternalSecret'))
      assert.equal(es.metadata.annotations?.['helm.sh/hook'], undefined);
    assert.deepEqual(namesOf(objects, 'ExternalSecret'), ['everything-aws-secrets', 'everything-vault']);
  });

  test('PDB uses maxUnavailable when the intent sets it', async () => {
    assert.deepEqual(only(await render(chart), 'PodDisruptionBudget').spec.maxUnavailable, '25%');
  });
});

describe('stateful.intent.yaml', () => {
  const chart = compileToDir(readIntent(fixture('stateful.intent.yaml')));
  after(() => chart.cleanup());

  test('lint --strict passes for every values file', async () => {
    for (const env of [undefined, ...chart.envs]) assert.ok((await lint(chart, env)).ok, env ?? 'base');
  });

  test('a StatefulSet with a volume claim and a headless service; no /tmp volume when the root fs is writable', async () => {
    const objects = await render(chart);
    const sts = only(objects, 'StatefulSet');
    assert.equal(sts.spec.serviceName, 'queue-headless');
    assert.equal(sts.spec.replicas, 3);
    assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '1Gi');
    const c = sts.spec.template.spec.containers[0];
    assert.deepEqual(c.volumeMounts, [{ name: 'data', mountPath: '/data' }]);
    assert.equal(sts.spec.template.spec.volumes, undefined);
    assert.equal(c.securityContext.readOnlyRootFilesystem, false);
    assert.deepEqual(c.livenessProbe.httpGet, { path: '/health', port: 'http' });
    const headless = objects.find((o) => o.metadata.name === 'queue-headless')!;
    assert.equal(headless.spec.clusterIP, 'None');
    assert.equal(headless.metadata.labels!['app.kubernetes.io/component'], 'headless');
    assert.equal(only(await render(chart, 'dev'), 'StatefulSet').spec.replicas, 1);
    const ephemeral = only(await render(chart, undefined, { set: { 'persistence.enabled': false } }), 'StatefulSet');
    assert.equal(ephemeral.spec.volumeClaimTemplates, undefined);
    assert.deepEqual(ephemeral.spec.template.spec.volumes, [{ name: 'data', emptyDir: {} }]);
  });
});
