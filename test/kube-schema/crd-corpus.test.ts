import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { validateObjects } from '../../server/kube-schema';

const CRDS = path.join(__dirname, '..', 'real-charts', 'crds');
const K8S = { kubernetesVersion: '1.34' };
const load = (file: string) =>
  parseAllDocuments(readFileSync(path.join(CRDS, file), 'utf8')).map((d) => d.toJS() as Record<string, any>);

test('CRDs shaped like argo-rollouts, cert-manager and prometheus-operator ones are valid apiextensions/v1', async () => {
  const files = readdirSync(CRDS).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 3);
  for (const file of files) {
    const objects = load(file);
    const text = readFileSync(path.join(CRDS, file), 'utf8');
    // The corpus covers what the bundled model used to reject.
    for (const needle of ['x-kubernetes-', 'description']) assert.ok(text.includes(needle), `${file} uses ${needle}`);
    assert.deepEqual(
      await validateObjects(
        objects.map((object, index) => ({ object, source: file, index })),
        K8S,
      ),
      [],
      file,
    );
  }
});

test('mistakes inside a CRD schema are still found, at their path', async () => {
  const crd = load('rollouts-shaped.yaml')[0];
  const schema = crd.spec.versions[0].schema.openAPIV3Schema;
  schema.properties.spec.properties.ports['x-kubernetes-list-typ'] = 'map';
  schema.properties.spec.properties.paused.type = 'bool';
  schema.properties.spec.properties.template['x-kubernetes-preserve-unknown-fields'] = 'yes';
  schema.properties.spec['x-kubernetes-validations'][0].reason = 'Nope';
  crd.spec.versions[0].additionalPrinterColumns[0].description = 5;
  crd.spec.versions[0].servd = true;
  const found = (await validateObjects([{ object: crd }], K8S)).map((f) => [f.code, f.path]);
  const base = 'spec.versions[0]';
  const props = `${base}.schema.openAPIV3Schema.properties.spec`;
  assert.deepEqual(
    found.sort(),
    [
      ['k8s-schema-enum', `${props}.properties.paused.type`],
      ['k8s-schema-enum', `${props}.x-kubernetes-validations[0].reason`],
      ['k8s-schema-type', `${base}.additionalPrinterColumns[0].description`],
      ['k8s-schema-type', `${props}.properties.template.x-kubernetes-preserve-unknown-fields`],
      ['k8s-schema-unknown-field', `${base}.servd`],
      ['k8s-schema-unknown-field', `${props}.properties.ports.x-kubernetes-list-typ`],
    ].sort(),
  );
});

test('PriorityClass description is a known field; a number there is a type error', async () => {
  const pc = {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'batch' },
    value: 1000,
    description: 'Batch jobs',
  };
  assert.deepEqual(await validateObjects([{ object: pc }], K8S), []);
  const bad = await validateObjects([{ object: { ...pc, description: 7 } }], K8S);
  assert.deepEqual(
    bad.map((f) => [f.code, f.path]),
    [['k8s-schema-type', 'description']],
  );
});
