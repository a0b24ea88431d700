// The chart review reads the whole policies folder as a cluster would apply it: PolicyExceptions
// exempt what they name, a ValidatingAdmissionPolicyBinding narrows its policy, and a policy file that
// cannot be loaded is an error finding on its own line instead of a silently missing check.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { main } from '../../server/cli';
import type { CliIO } from '../../server/cli/cli-command';
import type { ReviewFinding } from '../../server/review/findings';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { hostMessage, parseMessage } from '../../server/protocol/webview-protocol';
import { reviewChart } from '../../server/review/pipeline';
import { workspacePolicies } from '../../server/review/policy-source';
import { toReviewData } from '../../server/review/webview-data';
import { REFERENCE_INTENT } from '../support/fixtures';
import { tempDir } from '../support/temp';
import { helmPath } from '../support/tools';

let ws: string;
let policies: string;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), cwd: ws, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

/** The review of the generated chart with exactly these policy files, as JSON findings. */
async function review(files: Record<string, string>): Promise<{ code: number; findings: ReviewFinding[] }> {
  rmSync(policies, { recursive: true, force: true });
  mkdirSync(policies);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(policies, name), text);
  const r = await cli([
    'validate',
    'charts/my-service',
    '--policies',
    'policies',
    '--helm',
    helmPath(),
    '--format',
    'json',
  ]);
  assert.ok(r.out.startsWith('{'), r.err);
  return { code: r.code, findings: (JSON.parse(r.out) as { findings: ReviewFinding[] }).findings };
}

const REQUIRE_COST_CENTER = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: require-cost-center}
spec:
  validationFailureAction: Enforce
  rules:
    - name: check-label
      match: {any: [{resources: {kinds: [Deployment]}}]}
      validate:
        message: "label cost-center is required"
        pattern: {metadata: {labels: {cost-center: "?*"}}}
`;

const EXCEPTION = `apiVersion: kyverno.io/v2
kind: PolicyException
metadata: {name: my-service-exempt, namespace: kyverno}
spec:
  exceptions:
    - policyName: require-cost-center
      ruleNames: [check-label]
  match:
    any: [{resources: {kinds: [Deployment], names: [my-service]}}]
`;

const VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: no-default-namespace-services}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [services]}]
  validations:
    - expression: "object.spec.type != 'ClusterIP'"
      message: "ClusterIP services are not allowed here"
`;

const BINDING_ONLY_LABELLED = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: only-opted-in}
spec:
  policyName: no-default-namespace-services
  validationActions: [Deny]
  matchResources:
    objectSelector: {matchLabels: {enforce-vap: "yes"}}
`;

const BROKEN = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: fine}
spec:
  rules:
    - name: a
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate: {pattern: {metadata: {name: "?*"}}}
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: broken}
spec:
  rules: {not: a-list}
`;

const GENERATING = `apiVersion: policies.kyverno.io/v1alpha1
kind: GeneratingPolicy
metadata: {name: add-netpol}
spec: {}
`;

before(async () => {
  ws = tempDir('helm-intent-policy-folder-');
  policies = path.join(ws, 'policies');
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), REFERENCE_INTENT);
  const g = await cli(['generate', 'intent/my-service.yaml', '--yes']);
  assert.equal(g.code, 0, g.err);
});

test('a PolicyException in the policies folder exempts the rule it names', { timeout: 120_000 }, async () => {
  const without = await review({ 'require.yaml': REQUIRE_COST_CENTER });
  const hit = without.findings.find((f) => f.code === 'require-cost-center/check-label');
  assert.ok(hit, JSON.stringify(without.findings.map((f) => f.code)));
  assert.equal(hit.severity, 'error');
  assert.equal(without.code, 1);

  const withException = await review({ 'require.yaml': REQUIRE_COST_CENTER, 'exception.yaml': EXCEPTION });
  assert.deepEqual(
    withException.findings.filter((f) => f.code.startsWith('require-cost-center')),
    [],
    'the exempted Deployment passes',
  );
  assert.equal(withException.code, 0);
});

test('a ValidatingAdmissionPolicyBinding narrows its policy to what it selects', { timeout: 120_000 }, async () => {
  const unbound = await review({ 'vap.yaml': VAP });
  assert.ok(
    unbound.findings.some((f) => f.code.startsWith('no-default-namespace-services') && f.object?.kind === 'Service'),
    JSON.stringify(unbound.findings.map((f) => f.code)),
  );
  const bound = await review({ 'vap.yaml': VAP, 'binding.yaml': BINDING_ONLY_LABELLED });
  assert.deepEqual(
    bound.findings.filter((f) => f.code.startsWith('no-default-namespace-services')),
    [],
    'the binding selects only objects labelled enforce-vap=yes; the chart has none',
  );
});

test(
  'a policy file that cannot be loaded is an error on its line; an ignored kind is a note',
  { timeout: 120_000 },
  async () => {
    const r = await review({ 'broken.yaml': BROKEN, 'generating.yaml': GENERATING });
    const load = r.findings.find((f) => f.code === 'policy-load');
    assert.ok(load, JSON.stringify(r.findings.map((f) => f.code)));
    assert.equal(load.severity, 'error');
    assert.equal(load.primary.file, path.join(policies, 'broken.yaml'));
    assert.equal(load.primary.role, 'policy');
    assert.equal(load.primary.range.start.line, 9, 'the second document starts on line 10');
    assert.match(load.message, /broken/);
    const ignored = r.findings.find((f) => f.code === 'policy-ignored');
    assert.ok(ignored);
    assert.equal(ignored.severity, 'info');
    assert.equal(ignored.primary.file, path.join(policies, 'generating.yaml'));
    assert.match(ignored.message, /GeneratingPolicy add-netpol/);
    assert.equal(r.code, 1, 'a policy the review could not load fails it');
  },
);

test(
  'the Chart Review panel lists a policy-load error in every environment, and the data is valid for it',
  { timeout: 120_000 },
  async () => {
    rmSync(policies, { recursive: true, force: true });
    mkdirSync(policies);
    writeFileSync(path.join(policies, 'broken.yaml'), BROKEN);
    const result = await reviewChart(path.join(ws, 'charts', 'my-service'), {
      helmPath: helmPath(),
      config: defaultPlatformConfig(),
      cache: false,
      ...workspacePolicies(defaultPlatformConfig(), { dir: policies, cwd: ws }),
    });
    const data = toReviewData(result);
    const parsed = parseMessage(hostMessage, { type: 'review-data', data });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.ok(data.environments.length >= 1);
    for (const env of data.environments) {
      const load = env.findings.find((f) => f.ruleId === 'policy-load');
      assert.ok(load, `${env.name}: ${JSON.stringify(env.findings.map((f) => f.ruleId))}`);
      const where = { file: path.join(policies, 'broken.yaml'), line: 9, character: 0, role: 'policy' };
      assert.deepEqual(load.locations[0], where);
    }
  },
);
