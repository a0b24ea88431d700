// The one owner of a chart's environments: names, namespaces, values files (.yaml and .yml).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chartEnvironments, environmentOfValuesFile, intentEnvironments } from '../../server/core/environments';
import { defaultPlatformConfig, type PlatformConfig } from '../../server/model/platform-config';
import type { AnyIntent } from '../../server/model/effective-intent';
import { parse } from 'yaml';
import { reviewChart } from '../../server/review/pipeline';
import { REFERENCE_INTENT } from '../support/fixtures';
import { helmPath } from '../support/tools';

const config: PlatformConfig = defaultPlatformConfig();
const intent = parse(
  REFERENCE_INTENT.replace('  name: my-service\n', '  name: my-service\n  namespace: shop\n'),
) as AnyIntent;
const withEnvs = {
  ...intent,
  spec: { ...(intent as { spec: object }).spec, environments: { prod: { namespace: 'shop-prod' }, dev: {} } },
} as unknown as AnyIntent;

test('values-<env> files name their environment, .yaml or .yml', () => {
  assert.equal(environmentOfValuesFile('values-prod.yml'), 'prod');
  assert.equal(environmentOfValuesFile('values-prod.yaml'), 'prod');
  assert.equal(environmentOfValuesFile('values.yaml'), undefined);
  assert.equal(environmentOfValuesFile('values-prod.json'), undefined);
  assert.equal(environmentOfValuesFile('values-a b.yaml'), undefined, 'plain names only');
});

test('an intent plans the base render first, then each environment in its namespace', () => {
  assert.deepEqual(
    intentEnvironments(withEnvs, config).map((e) => [e.name, e.namespace, e.valuesFiles.join()]),
    [
      ['default', 'shop', ''],
      ['prod', 'shop-prod', 'values-prod.yaml'],
      ['dev', 'shop', 'values-dev.yaml'],
    ],
  );
});

test('a chart keeps the intent environments that have a values file (.yml too) and adds the other files by name', () => {
  const envs = chartEnvironments(
    withEnvs,
    ['values.yaml', 'values-prod.yml', 'values-qa.yaml', 'values-ci.yml'],
    config,
  );
  assert.deepEqual(
    envs.map((e) => [e.name, e.namespace, e.valuesFiles.join()]),
    [
      ['default', 'shop', ''],
      ['prod', 'shop-prod', 'values-prod.yml'],
      ['ci', 'shop', 'values-ci.yml'],
      ['qa', 'shop', 'values-qa.yaml'],
    ],
  );
});

test('without an intent: the base render and one environment per values file; .yaml wins over .yml', () => {
  const envs = chartEnvironments(undefined, ['values.yaml', 'values-b.yml', 'values-a.yaml', 'values-a.yml'], config);
  assert.deepEqual(
    envs.map((e) => [e.name, e.valuesFiles.join()]),
    [
      ['default', ''],
      ['a', 'values-a.yaml'],
      ['b', 'values-b.yml'],
    ],
  );
});

test('an environment called default leaves the base render its file name', () => {
  assert.deepEqual(
    chartEnvironments(undefined, ['values.yaml', 'values-default.yaml'], config).map((e) => e.name),
    ['values.yaml', 'default'],
  );
});

test('a chart with values-prod.yml reviews its prod environment (real helm)', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hi-yml-env-'));
  try {
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: yml-env\nversion: 1.0.0\n');
    writeFileSync(path.join(dir, 'values.yaml'), 'replicas: 1\n');
    writeFileSync(path.join(dir, 'values-prod.yml'), 'replicas: 3\n');
    writeFileSync(
      path.join(dir, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yml-env\ndata:\n  replicas: "{{ .Values.replicas }}"\n',
    );
    const r = await reviewChart(dir, { helmPath: helmPath(), config, cache: false });
    assert.deepEqual(
      r.renders.map((e) => [e.name, e.ok]),
      [
        ['default', true],
        ['prod', true],
      ],
    );
    const replicas = (name: string) =>
      (r.renders.find((e) => e.name === name)!.manifests[0].object as { data: { replicas: string } }).data.replicas;
    assert.equal(replicas('default'), '1');
    assert.equal(replicas('prod'), '3', 'values-prod.yml is layered over values.yaml');
    const only = await reviewChart(dir, { helmPath: helmPath(), config, cache: false, environments: ['prod'] });
    assert.deepEqual(
      only.renders.map((e) => e.name),
      ['prod'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
