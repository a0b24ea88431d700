// validate.podSecurity: Kyverno's failure wording (failed checks with their field errors), paths
// mapped into pod templates, and the exclusion rules that narrow by field and value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluatePolicies } from '../../server/policy/engine/engine';
import { loadPolicies } from '../../server/policy/loader/load-policies';
import { loadResources } from '../../server/policy/loader/load-resources';
import { evaluatePod } from '../../server/policy/pod-security/evaluate';

function run(policyYaml: string, resourceYaml: string) {
  const p = loadPolicies(policyYaml, 'p.yaml');
  const r = loadResources(resourceYaml, 'r.yaml');
  assert.deepEqual([...p.errors, ...r.errors], []);
  return evaluatePolicies(p.policies, r.resources);
}

const policy = (podSecurity: string) => `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: psa}
spec:
  rules:
    - name: pss
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        podSecurity: ${podSecurity}
`;

/** A Pod named p with `spec` (YAML indented as under `spec:`). */
const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;

describe('validate.podSecurity', () => {
  test('a failure names the level, version and each failed check with its field errors', () => {
    const [r] = run(
      policy('{level: restricted, version: latest}'),
      pod(
        '  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - {name: app, image: nginx, securityContext: {privileged: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}\n',
      ),
    );
    assert.equal(r.result, 'fail');
    assert.equal(
      r.message,
      `Validation rule 'pss' failed. It violates PodSecurity "restricted:latest": (Forbidden reason: privileged, field error list: [spec.containers[0].securityContext.privileged is forbidden, forbidden values found: true])`,
    );
    assert.deepEqual(r.paths, ['spec.containers[0].securityContext.privileged']);
  });

  test('controllers are checked on their pod template; paths point into it', () => {
    const results = run(
      policy('{level: baseline, version: latest}'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: app, image: nginx}]\n',
    );
    const r = results.find((x) => x.rule === 'autogen-pss');
    assert.equal(r?.result, 'fail');
    assert.deepEqual(r?.paths, ['spec.template.spec.hostNetwork']);
    assert.match(
      r?.message ?? '',
      /Forbidden reason: host namespaces, field error list: \[spec\.hostNetwork is forbidden, forbidden values found: true\]/,
    );
  });

  test('required fields are reported as such', () => {
    const [r] = run(policy('{level: restricted}'), pod('  containers: [{name: app, image: nginx}]\n'));
    assert.equal(r.result, 'fail');
    assert.match(
      r.message,
      /^Validation rule 'pss' failed\. It violates PodSecurity "restricted:": \(Forbidden reason: allowPrivilegeEscalation != false, field error list: \[spec\.containers\[0\]\.securityContext\.allowPrivilegeEscalation: Required value\]\)/,
    );
    assert.match(r.message, /runAsNonRoot != true/);
    assert.match(r.message, /unrestricted capabilities/);
    assert.match(r.message, /seccompProfile/);
  });

  test('a kind without a pod spec is an execution error, as in Kyverno', () => {
    const p = policy('{level: baseline}').replace('kinds: [Pod]', 'kinds: [ConfigMap]');
    const [r] = run(p, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    assert.equal(r.result, 'error');
    assert.match(r.message, /could not find correct resource type/);
  });

  test('exclusion by values: every bad value must match, else the check stays failed', () => {
    const pod = (caps: string[]) => ({
      metadata: {},
      spec: { containers: [{ name: 'a', image: 'ghcr.io/x/a', securityContext: { capabilities: { add: caps } } }] },
    });
    const exclude = [
      {
        controlName: 'Capabilities',
        images: ['ghcr.io/x/*'],
        restrictedField: 'spec.containers[*].securityContext.capabilities.add',
        values: ['NET_ADMIN', 'NET_RAW'],
      },
    ];
    const lv = { level: 'baseline' as const, version: 'latest' as const };
    assert.equal(evaluatePod(lv, exclude, pod(['NET_ADMIN'])).allowed, true);
    assert.equal(evaluatePod(lv, exclude, pod(['NET_ADMIN', 'NET_RAW'])).allowed, true);
    assert.equal(evaluatePod(lv, exclude, pod(['NET_ADMIN', 'SYS_ADMIN'])).allowed, false);
    // A restrictedField that names another field excludes nothing.
    assert.equal(
      evaluatePod(
        lv,
        [{ ...exclude[0], restrictedField: 'spec.initContainers[*].securityContext.capabilities.add' }],
        pod(['NET_ADMIN']),
      ).allowed,
      false,
    );
  });
});
