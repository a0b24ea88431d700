// Mutation before validation: strategic-merge list order and deletes, JSON patch operations,
// patchedResource mismatches in `policy test`, and what the mutation pass hands to validation.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFiles } from '../support/temp';
import { after, describe, test } from 'node:test';
import { loadPolicies } from '../../server/policy/loader/load-policies';
import { loadResources } from '../../server/policy/loader/load-resources';
import { applyJsonPatch } from '../../server/policy/mutate/json-patch';
import { mutateResources } from '../../server/policy/mutate/mutate-resources';
import { toTemplateExpression } from '../../server/policy/mutate/mutating-policy-autogen';
import { applyStrategicMerge } from '../../server/policy/mutate/strategic-merge';
import { runTestFile } from '../../server/policy/test-runner/run-tests';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
};

describe('patchStrategicMerge', () => {
  test('a new container is prepended, as kustomize merges for Kyverno', () => {
    const r = applyStrategicMerge(pod, { spec: { containers: [{ name: 'logger', image: 'busybox' }] } });
    assert.equal(r.kind, 'patched');
    assert.deepEqual(
      (r as { resource: typeof pod }).resource.spec.containers.map((c) => c.name),
      ['logger', 'app'],
    );
  });
  test('containers merge by name; null removes a field', () => {
    const base = { ...pod, spec: { containers: [{ name: 'app', image: 'nginx', imagePullPolicy: 'Always' }] } };
    const r = applyStrategicMerge(base, {
      spec: { containers: [{ name: 'app', imagePullPolicy: null, resources: { limits: { cpu: '1' } } }] },
    });
    assert.deepEqual((r as { resource: unknown }).resource, {
      ...pod,
      spec: { containers: [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '1' } } }] },
    });
  });
  test('a failed condition leaves the object unchanged; lists without a merge key are replaced', () => {
    const unchanged = applyStrategicMerge(pod, { metadata: { '(name)': 'other', labels: { x: 'y' } } });
    assert.deepEqual((unchanged as { resource: unknown }).resource, pod);
    const withArgs = { ...pod, spec: { containers: [{ name: 'app', image: 'nginx', args: ['a', 'b'] }] } };
    const r = applyStrategicMerge(withArgs, { spec: { containers: [{ name: 'app', args: ['c'] }] } });
    assert.deepEqual((r as { resource: typeof withArgs }).resource.spec.containers[0].args, ['c']);
  });
});

describe('strategic-merge directives', () => {
  test('$patch: replace takes the map as given; $patch: delete removes it or a list element', () => {
    const base = { spec: { selector: { a: '1', b: '2' }, tls: { x: 1 }, containers: [{ name: 'a' }, { name: 'b' }] } };
    const r = applyStrategicMerge(base, {
      spec: {
        selector: { $patch: 'replace', c: '3' },
        tls: { $patch: 'delete' },
        containers: [{ name: 'a', $patch: 'delete' }],
      },
    });
    assert.deepEqual((r as { resource: unknown }).resource, {
      spec: { selector: { c: '3' }, containers: [{ name: 'b' }] },
    });
  });
});

describe('patchesJson6902', () => {
  test('negative indexes, move and copy work; replacing a missing path is an error', () => {
    const doc = { a: [1, 2, 3], b: { c: 1 } };
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'remove', path: '/a/-1' }]), { a: [1, 2], b: { c: 1 } });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/b/c', path: '/d' }]), { a: [1, 2, 3], b: {}, d: 1 });
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'copy', from: '/a/0', path: '/b/e' }]), {
      a: [1, 2, 3],
      b: { c: 1, e: 1 },
    });
    assert.throws(() => applyJsonPatch(doc, [{ op: 'replace', path: '/x', value: 1 }]), /missing value/);
    assert.deepEqual(doc, { a: [1, 2, 3], b: { c: 1 } }, 'the input is never modified');
  });
});

describe('mutation pass', () => {
  const policyYaml = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: label}
spec:
  rules:
    - name: add
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate: {patchStrategicMerge: {metadata: {labels: {+(team): core}}}}
`;
  test('hands validation the patched objects without the namespace admission would have added', () => {
    const { policies } = loadPolicies(policyYaml, 'p.yaml');
    const { resources } = loadResources(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: x}]}\n',
      'r.yaml',
    );
    const pass = mutateResources(policies, resources, { namespace: 'apps' });
    assert.deepEqual(pass.resources[0].metadata, { name: 'p', labels: { team: 'core' } });
    assert.equal(pass.results[0].result, 'pass');
    assert.equal(pass.results[0].message, 'mutated Pod/p in namespace apps');
    assert.equal(resources[0].metadata?.labels, undefined, 'the input object is left alone');
  });

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mutate-suite-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  test('a patchedResource that differs from the mutated object fails the row', () => {
    writeFiles(tmp, {
      'policy.yaml': policyYaml,
      'resources.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: x}]}\n',
      'patched.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {team: wrong}}\nspec: {containers: [{name: a, image: x}]}\n',
      'kyverno-test.yaml':
        'name: t\npolicies: [policy.yaml]\nresources: [resources.yaml]\nresults:\n  - {policy: label, rule: add, resources: [p], kind: Pod, patchedResource: patched.yaml, result: pass}\n',
    });
    const report = runTestFile(path.join(tmp, 'kyverno-test.yaml'));
    assert.equal(report.rows.length, 1);
    assert.equal(report.rows[0].ok, false);
    assert.match(report.rows[0].reason, /Patched resource didn't match .*metadata\.labels\.team/);
    writeFileSync(
      path.join(tmp, 'patched.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {team: core}}\nspec: {containers: [{name: a, image: x}]}\n',
    );
    assert.equal(runTestFile(path.join(tmp, 'kyverno-test.yaml')).rows[0].ok, true);
  });
});

describe('bad mutate input gives a located error result, never a crash', () => {
  const run = (mutate: string) => {
    const { policies, errors } = loadPolicies(
      `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: bad}\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      mutate:\n${mutate}`,
      'bad.yaml',
    );
    assert.deepEqual(errors, []);
    return mutateResources(policies, [structuredClone(pod)] as never).results[0];
  };
  test('malformed JSON patch text', () => {
    const r = run('        patchesJson6902: "- op: add\\n  path: [oops"\n');
    assert.equal(r.result, 'error');
    assert.match(r.message, /^failed to patch resource: /);
  });
  test('an operation without a path', () => {
    const r = run('        patchesJson6902: "- op: add\\n  value: 1"\n');
    assert.equal(r.result, 'error');
    assert.match(r.message, /operation 0 needs string 'op' and 'path'/);
  });
  test('an overlay that is not a mapping', () => {
    const r = run('        patchStrategicMerge: [1, 2]\n');
    assert.equal(r.result, 'error');
    assert.match(r.message, /not a mapping/);
  });
  test('a MutatingPolicy whose CEL does not parse', () => {
    const { policies, errors } = loadPolicies(
      `apiVersion: policies.kyverno.io/v1alpha1\nkind: MutatingPolicy\nmetadata: {name: m}\nspec:\n  matchConstraints: {resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]}\n  mutations:\n    - patchType: JSONPatch\n      jsonPatch: {expression: "[JSONPatch{op: "}\n`,
      'm.yaml',
    );
    assert.deepEqual(errors, []);
    const r = mutateResources(policies, [structuredClone(pod)] as never).results[0];
    assert.equal(r.result, 'error');
    assert.match(r.message, /failed to evaluate policy: mutations\[0\]/);
  });
});

describe('MutatingPolicy autogen expression rewrite', () => {
  test('nests a top-level Object{} under the pod template and points object.spec into it', () => {
    assert.equal(
      toTemplateExpression('Object{spec: Object.spec{containers: object.spec.containers}}', 'pods'),
      'Object{spec: Object.spec{template: Object.spec.template{spec: Object.spec.template.spec{containers: object.spec.template.spec.containers}}}}',
    );
    assert.equal(toTemplateExpression('object.spec.x', 'cronjobs'), 'object.spec.jobTemplate.spec.template.spec.x');
  });
});
