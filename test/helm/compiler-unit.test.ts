// Compiler behaviour that needs no helm: determinism, file set, provenance, values files.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  compileChart,
  intentPathsForValuesKey,
  provenanceTable,
  valuesKeysForIntentPath,
} from '../../server/compiler/index';
import { toDeploymentIntent } from '../../server/model/effective-intent';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import type { DeploymentIntent } from '../../server/model/schema-types.generated';
import { REPO_ROOT } from '../support/tools';
import { fixture, readIntent } from './chart-harness';

const config = defaultPlatformConfig();
const aiAgent = readIntent(path.join(REPO_ROOT, 'examples/ai-agent/ai-agent.intent.yaml')) as DeploymentIntent;
const reference = readIntent(path.join(REPO_ROOT, 'examples/reference/intent/my-service.yaml')) as DeploymentIntent;
const serviceIntent = readIntent(path.join(REPO_ROOT, 'examples/service-intent/user-auth.intent.yaml'));
/** The same value with every map's keys in reverse order. */
const reverseKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reverseKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reverseKeys(x)]),
        )
      : v;
const get = (o: unknown, key: string) => key.split('.').reduce<any>((v, k) => v?.[k], o);

describe('compileChart', () => {
  test('is deterministic and does not depend on map key order (environments keep theirs) or mutate its input', () => {
    const before = JSON.stringify(aiAgent);
    const a = compileChart(aiAgent, config);
    assert.equal(JSON.stringify(aiAgent), before, 'input untouched');
    const reordered = reverseKeys(aiAgent) as DeploymentIntent;
    reordered.spec.environments =
      aiAgent.spec.environments &&
      Object.fromEntries(
        Object.keys(aiAgent.spec.environments).map((e) => [
          e,
          (reordered.spec.environments as Record<string, never>)[e],
        ]),
      );
    assert.notDeepEqual(Object.keys(reordered.spec), Object.keys(aiAgent.spec));
    assert.notDeepEqual(Object.keys(reordered.spec.env!), Object.keys(aiAgent.spec.env!));
    assert.deepEqual(compileChart(reordered, config), a);
    assert.deepEqual(compileChart(aiAgent, defaultPlatformConfig()), a);
  });

  test('the file set follows the intent', () => {
    const paths = (i: Parameters<typeof compileChart>[0]) => compileChart(i, config).map((f) => f.path);
    const ref = paths(reference);
    assert.ok(ref.includes('templates/rollout.yaml') && ref.includes('templates/deployment.yaml'));
    assert.ok(
      !ref.includes('templates/hooks/pre-upgrade-migration.yaml') &&
        !ref.includes('templates/externalsecret.yaml') &&
        !ref.includes('templates/analysistemplate.yaml'),
    );
    const agent = paths(aiAgent);
    for (const p of [
      'templates/hooks/pre-upgrade-migration.yaml',
      'templates/tests/test-connection.yaml',
      'templates/externalsecret.yaml',
      'values-dev.yaml',
      'values-staging.yaml',
      'values-prod.yaml',
      'values.schema.json',
      'README.md',
      'templates/_helpers.tpl',
      'templates/NOTES.txt',
    ]) {
      assert.ok(agent.includes(p), p);
    }
    assert.ok(!agent.includes('templates/rollout.yaml'));
    assert.ok(
      paths(serviceIntent).includes('templates/servicemonitor.yaml'),
      'prometheus-standard asks for a ServiceMonitor',
    );
  });

  test('a ServiceIntent compiles like its expanded DeploymentIntent', () => {
    assert.deepEqual(
      compileChart(serviceIntent, config),
      compileChart(toDeploymentIntent(serviceIntent, config), config),
    );
    const values = parse(compileChart(serviceIntent, config).find((f) => f.path === 'values.yaml')!.content);
    assert.equal(values.ingress.enabled, true);
    assert.equal(
      values.ingress.annotations['nginx.ingress.kubernetes.io/auth-url'],
      'http://jwt-validator.auth.svc.cluster.local/validate',
    );
    assert.deepEqual(values.resources, {
      requests: config.profiles.large.requests,
      limits: config.profiles.large.limits,
    });
    assert.equal(values.autoscaling.minReplicas, 3);
  });

  test('chartVersion option pins Chart.yaml version; appVersion falls back to the digest', () => {
    const withDigest = structuredClone(reference);
    delete withDigest.spec.image.tag;
    withDigest.spec.image.digest = 'sha256:' + 'ab'.repeat(32);
    const chart = parse(
      compileChart(withDigest, config, { chartVersion: '2.0.1' }).find((f) => f.path === 'Chart.yaml')!.content,
    );
    assert.equal(chart.version, '2.0.1');
    assert.equal(chart.appVersion, 'abababababab');
  });

  test('literal secret values never reach the chart', () => {
    const leaky = structuredClone(aiAgent);
    leaky.spec.secrets = [...(leaky.spec.secrets ?? []), { env: 'API_TOKEN', value: 'hunter2-literal' }];
    const all = compileChart(leaky, config)
      .map((f) => f.content)
      .join('\n');
    assert.doesNotMatch(all, /hunter2-literal/);
    assert.doesNotMatch(all, /API_TOKEN/);
  });

  test('values-<env>.yaml states the environment block even where it equals the base', () => {
    const files = compileChart(aiAgent, config);
    const prod = parse(files.find((f) => f.path === 'values-prod.yaml')!.content);
    assert.deepEqual(prod, {
      replicaCount: 3,
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    });
    const dev = parse(files.find((f) => f.path === 'values-dev.yaml')!.content);
    assert.equal(dev.pdb.enabled, false, 'derived change: one replica, no PDB');
    assert.equal(dev.config.env.LOG_LEVEL, 'debug');
    assert.equal(dev.config.env.MODEL_NAME, undefined, 'unchanged keys stay out');
  });
});

describe('provenance: intent path ↔ values key', () => {
  test('the documented examples', () => {
    assert.deepEqual(valuesKeysForIntentPath('spec.resources.profile'), {
      file: 'values.yaml',
      keys: ['resources'],
      files: [],
    });
    assert.deepEqual(valuesKeysForIntentPath(['spec', 'autoscaling', 'minReplicas']).keys, ['autoscaling.minReplicas']);
    assert.deepEqual(valuesKeysForIntentPath('spec.environments.dev.replicas'), {
      file: 'values-dev.yaml',
      keys: ['replicaCount'],
      files: [],
    });
    assert.deepEqual(valuesKeysForIntentPath('spec.rollout.steps.1.pause.duration').keys, [
      'rollout.canary.steps.1.pause.duration',
    ]);
    assert.deepEqual(valuesKeysForIntentPath('spec.security.runAsNonRoot').keys, [
      'podSecurityContext.runAsNonRoot',
      'securityContext.runAsNonRoot',
    ]);
    assert.deepEqual(valuesKeysForIntentPath('spec.dependencies.0.values.auth.existingSecret', aiAgent).keys, [
      'postgresql.auth.existingSecret',
    ]);
    assert.deepEqual(valuesKeysForIntentPath('spec.environments.dev.dependencies.redis.enabled', aiAgent), {
      file: 'values-dev.yaml',
      keys: ['redis.enabled'],
      files: [],
    });
    assert.deepEqual(valuesKeysForIntentPath('spec.networking.authPolicy', serviceIntent).keys, [
      'ingress.annotations',
    ]);
    assert.deepEqual(intentPathsForValuesKey('resources.limits.cpu')[0], 'spec.resources.limits.cpu');
    assert.deepEqual(intentPathsForValuesKey('replicaCount'), ['spec.replicas']);
  });

  test('every values key the table names exists in a chart that uses the feature', () => {
    const everything = readIntent(fixture('everything.intent.yaml')) as DeploymentIntent;
    const values = parse(compileChart(everything, config).find((f) => f.path === 'values.yaml')!.content);
    const optional = new Set(['rollout.canary.steps', 'spec.rollout.steps']);
    for (const row of provenanceTable()) {
      for (const key of row.values) {
        if (optional.has(key)) continue;
        assert.notEqual(get(values, key), undefined, `${row.intent} → ${key} is not a values key`);
      }
    }
  });
});
