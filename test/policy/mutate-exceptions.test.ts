// A PolicyException also exempts mutate rules (Kyverno checks exceptions for every rule type, after the
// match and before context and preconditions): the object is left as it was and the rule reports skip.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { evaluatePolicies } from '../../server/policy/engine/engine';
import { loadPolicies } from '../../server/policy/loader/load-policies';
import { mutateResources } from '../../server/policy/mutate/mutate-resources';
import type { Resource } from '../../server/policy/types';

// The same files as the kyverno-test suite suites/passing/mutate-exception (run by `policy test` there).
const SUITE = path.join(__dirname, 'suites/passing/mutate-exception');
const SET = loadPolicies(readFileSync(path.join(SUITE, 'policy.yaml'), 'utf8'), 'policy.yaml');
loadPolicies(readFileSync(path.join(SUITE, 'exception.yaml'), 'utf8'), 'exception.yaml', SET);

const pod = (name: string): Resource => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
});

test('an exempted object is not mutated and the mutate rule reports skip; others are mutated', () => {
  assert.deepEqual(SET.errors, []);
  const r = mutateResources(SET.policies, [pod('legacy'), pod('fresh')], { exceptions: SET.exceptions });
  assert.equal(r.resources[0].metadata?.labels?.team, undefined);
  assert.equal(r.resources[1].metadata?.labels?.team, 'platform');
  const legacy = r.results.find((x) => x.resource.name === 'legacy');
  assert.equal(legacy?.result, 'skip');
  assert.match(legacy?.message ?? '', /policy exception kyverno\/legacy-keeps-its-labels/);
  assert.equal(r.results.find((x) => x.resource.name === 'fresh')?.result, 'pass');
});

test('without the exception both are mutated', () => {
  const r = mutateResources(SET.policies, [pod('legacy'), pod('fresh')]);
  assert.deepEqual(
    r.resources.map((x) => x.metadata?.labels?.team),
    ['platform', 'platform'],
  );
});

test('validation then sees the unmutated exempted object, as admission would', () => {
  const results = evaluatePolicies(SET.policies, [pod('legacy'), pod('fresh')], { exceptions: SET.exceptions });
  const check = (name: string) => results.find((x) => x.policy === 'require-team' && x.resource.name === name)?.result;
  assert.equal(check('legacy'), 'fail');
  assert.equal(check('fresh'), 'pass');
});
