// Seed §3: the AI agent with PostgreSQL and Redis, per environment, rendered by the real helm.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/tools';
import { compileToDir, only, readIntent, render, renderRaw, workload, type K8sObject } from './chart-harness';

const intent = readIntent(path.join(REPO_ROOT, 'examples/ai-agent/ai-agent.intent.yaml'));

describe('ai-agent chart (seed §3)', () => {
  const chart = compileToDir(intent);
  after(() => chart.cleanup());

  test('Chart.yaml lists postgresql and redis behind <name>.enabled, values.yaml enables them', () => {
    const c = parse(chart.file('Chart.yaml'));
    assert.deepEqual(c.dependencies, [
      {
        name: 'postgresql',
        version: '16.7.4',
        repository: 'oci://registry-1.docker.io/bitnamicharts',
        condition: 'postgresql.enabled',
      },
      {
        name: 'redis',
        version: '21.2.3',
        repository: 'oci://registry-1.docker.io/bitnamicharts',
        condition: 'redis.enabled',
      },
    ]);
    assert.deepEqual(chart.values.postgresql, { enabled: true, auth: { existingSecret: 'ai-agent-db' } });
    assert.deepEqual(chart.values.redis, { enabled: true, architecture: 'standalone' });
  });

  test('one values file per environment, plus values.schema.json and a README with a values table', () => {
    assert.deepEqual(chart.envs.sort(), ['dev', 'prod', 'staging']);
    const schema = JSON.parse(chart.file('values.schema.json'));
    assert.equal(schema.properties.replicaCount.minimum, 1);
    assert.equal(schema.properties.replicaCount.maximum, 10);
    assert.deepEqual(schema.properties.resources.properties.requests.required, ['cpu', 'memory']);
    const readme = chart.file('README.md');
    assert.match(readme, /\| Key \| Type \| Default \| Description \|/);
    assert.match(readme, /\| `replicaCount` \| number \| `3` \|/);
    assert.match(readme, /helm upgrade --install ai-agent \. -f values-dev\.yaml --namespace ai-agent-dev/);
  });

  const expected: Record<string, { replicas: number; cpu: string; memory: string; tier: string }> = {
    dev: { replicas: 1, cpu: '100m', memory: '256Mi', tier: 'development' },
    staging: { replicas: 2, cpu: '250m', memory: '512Mi', tier: 'staging' },
    prod: { replicas: 3, cpu: '500m', memory: '1Gi', tier: 'production' },
  };
  for (const [env, want] of Object.entries(expected)) {
    test(`${env}: ${want.replicas} replica(s), requests ${want.cpu}/${want.memory}, tier ${want.tier}`, async () => {
      const envFile = parse(chart.file(`values-${env}.yaml`));
      assert.equal(envFile.replicaCount, want.replicas, 'the environment file states its replicas');
      const objects = await render(chart, env);
      const d = only(objects, 'Deployment');
      assert.equal(d.spec.replicas, want.replicas);
      assert.deepEqual(d.spec.template.spec.containers[0].resources.requests, { cpu: want.cpu, memory: want.memory });
      assert.equal(d.metadata.labels!['platform.example.com/tier'], want.tier);
      assert.deepEqual(
        d.spec.strategy,
        { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        'zero-downtime rolling update',
      );
      assert.equal(
        objects.some((o) => o.kind === 'PodDisruptionBudget'),
        want.replicas > 1,
        'a PDB only when more than one replica runs',
      );
    });
  }

  test('dev overrides LOG_LEVEL; the ConfigMap holds only non-secret settings', async () => {
    const dev = only(await render(chart, 'dev'), 'ConfigMap');
    assert.deepEqual(dev.data, {
      DATABASE_HOST: 'ai-agent-postgresql',
      LOG_LEVEL: 'debug',
      MODEL_NAME: 'gpt-4.1-mini',
      REDIS_HOST: 'ai-agent-redis-master',
    });
    assert.equal(only(await render(chart, 'prod'), 'ConfigMap').data.LOG_LEVEL, 'info');
  });

  test('credentials come from Secret references and an ExternalSecret, never literals', async () => {
    const objects = await render(chart, 'prod');
    const c = workload(objects).spec.template.spec.containers[0];
    assert.deepEqual(c.envFrom, [{ configMapRef: { name: 'ai-agent' } }]);
    assert.deepEqual(c.env, [
      { name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'ai-agent-db', key: 'password' } } },
      {
        name: 'OPENAI_API_KEY',
        valueFrom: { secretKeyRef: { name: 'ai-agent-vault-backend', key: 'OPENAI_API_KEY' } },
      },
    ]);
    const es = only(objects, 'ExternalSecret');
    assert.equal(es.apiVersion, 'external-secrets.io/v1beta1');
    assert.equal(es.spec.target.name, 'ai-agent-vault-backend');
    assert.deepEqual(es.spec.secretStoreRef, { kind: 'ClusterSecretStore', name: 'vault-backend' });
    assert.deepEqual(es.spec.data, [
      { secretKey: 'OPENAI_API_KEY', remoteRef: { key: 'ml/ai-agent', property: 'openai-api-key' } },
    ]);
    // The migration runs before install, so the ExternalSecret is an earlier hook.
    assert.equal(es.metadata.annotations!['helm.sh/hook'], 'pre-install,pre-upgrade');
    assert.ok(
      Number(es.metadata.annotations!['helm.sh/hook-weight']) <
        Number(only(objects, 'Job').metadata.annotations!['helm.sh/hook-weight']),
    );
    assert.ok(!objects.some((o) => o.kind === 'Secret'));
    assert.ok(!JSON.stringify(only(objects, 'ConfigMap')).includes('PASSWORD'));
  });

  test('the migration hook Job (hooks/pre-upgrade-migration.yaml)', async () => {
    const objects = await render(chart);
    const job = only(objects, 'Job');
    const a = job.metadata.annotations!;
    assert.equal(a['helm.sh/hook'], 'pre-install,pre-upgrade');
    assert.ok(Number(a['helm.sh/hook-weight']) < 0);
    assert.equal(a['helm.sh/hook-delete-policy'], 'before-hook-creation,hook-succeeded');
    assert.equal(job.spec.backoffLimit, 1);
    assert.equal(job.spec.activeDeadlineSeconds, 300);
    const pod = job.spec.template.spec;
    assert.equal(pod.restartPolicy, 'Never');
    assert.equal(pod.serviceAccountName, undefined, 'the chart ServiceAccount does not exist yet during pre-install');
    const c = pod.containers[0];
    assert.equal(c.image, 'registry.example.com/ml/ai-agent-migrate:1.4.2');
    assert.deepEqual(c.command, ['./migrate', 'up']);
    assert.ok(
      c.env.some(
        (e: { name: string; value?: string }) => e.name === 'DATABASE_HOST' && e.value === 'ai-agent-postgresql',
      ),
      'config inline: the ConfigMap does not exist yet',
    );
    assert.ok(c.env.some((e: { name: string; valueFrom?: unknown }) => e.name === 'DATABASE_PASSWORD' && e.valueFrom));
    assert.equal(job.spec.template.metadata.labels['app.kubernetes.io/component'], 'migration');
    const selector = workload(objects).spec.selector.matchLabels;
    assert.ok(
      Object.entries(selector).some(([k, v]) => job.spec.template.metadata.labels[k] !== v),
      'hook pods are not selected by the Service/Deployment',
    );
  });

  test('the helm test Pod checks the service and each enabled dependency', async () => {
    const script = (objects: K8sObject[]) => only(objects, 'Pod').spec.containers[0].args[0] as string;
    const all = await render(chart);
    assert.equal(only(all, 'Pod').metadata.annotations!['helm.sh/hook'], 'test');
    assert.match(script(all), /nc -z -w 5 ai-agent 80/);
    assert.match(script(all), /nc -z -w 5 ai-agent-postgresql 5432/);
    assert.match(script(all), /nc -z -w 5 ai-agent-redis-master 6379/);
    const noDb = await render(chart, undefined, { set: { 'postgresql.enabled': false } });
    assert.doesNotMatch(script(noDb), /postgresql/);
    assert.match(script(noDb), /redis-master/);
  });

  test('a missing remote dependency gives an actionable error', async () => {
    const bare = compileToDir(intent, { stubDependencies: false });
    try {
      const result = await renderRaw(bare);
      assert.equal(result.ok, false);
      assert.match(result.error!, /Chart dependencies not downloaded: postgresql, redis/);
      assert.match(result.error!, /Run `helm dependency build .*ai-agent`/);
      // Disabling does not help: helm needs the charts present to render at all.
      const disabled = await renderRaw(bare, { set: { 'postgresql.enabled': false, 'redis.enabled': false } });
      assert.match(disabled.error!, /helm dependency build/);
    } finally {
      bare.cleanup();
    }
  });

  test('with one stand-in removed, only that dependency is reported', async () => {
    const partial = compileToDir(intent);
    try {
      rmSync(path.join(partial.dir, 'charts', 'redis'), { recursive: true });
      const result = await renderRaw(partial);
      assert.match(result.error!, /not downloaded: redis\./);
    } finally {
      partial.cleanup();
    }
  });
});
