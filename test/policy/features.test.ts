// The Kyverno feature list is the one source of skip reasons and of the README table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { evaluatePolicies } from '../../server/policy/engine/engine';
import { POLICY_FEATURES, skipReason, withFeatureTable } from '../../server/policy/features';
import { loadPolicies } from '../../server/policy/loader/load-policies';

describe('policy feature list', () => {
  test('README.md carries the current generated table (npm run gen:policy-features)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const updated = withFeatureTable(readme);
    assert.notEqual(updated, undefined, 'README.md lacks the policy-features markers');
    assert.equal(updated, readme, 'README.md feature table is stale: run npm run gen:policy-features');
  });
  test('ids are unique and every skipped feature has a reason', () => {
    assert.equal(new Set(POLICY_FEATURES.map((f) => f.id)).size, POLICY_FEATURES.length);
    for (const f of POLICY_FEATURES.filter((x) => x.status === 'skipped')) assert.notEqual(f.note, '', f.id);
    assert.throws(() => skipReason('no-such-feature'));
  });
  test('results of skipped rule kinds carry the listed reason and are marked unsupported', () => {
    const text = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: kinds, annotations: {pod-policies.kyverno.io/autogen-controllers: none}}
spec:
  rules:
    - {name: m, match: {any: [{resources: {kinds: [Pod]}}]}, mutate: {patchStrategicMerge: {metadata: {labels: {a: b}}}}}
    - {name: v, match: {any: [{resources: {kinds: [Pod]}}]}, verifyImages: [{imageReferences: ["*"]}]}
    - {name: p, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {podSecurity: {level: baseline, version: latest}}}
`;
    const { policies } = loadPolicies(text, 'p.yaml');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [] } };
    const results = evaluatePolicies(policies, [pod]);
    assert.deepEqual(
      results.map((r) => [r.rule, r.result, r.unsupported, r.message]),
      [
        // mutate and podSecurity are evaluated (the mutate/ and pod-security/ modules); verifyImages is not.
        ['m', 'pass', undefined, 'mutated Pod/x in namespace default'],
        ['v', 'skip', true, skipReason('verifyImages')],
        ['p', 'pass', undefined, "Validation rule 'p' passed."],
      ],
    );
  });
});
