// `helm-intent policy apply` and `helm-intent policy test`, through the CLI entry point.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../server/cli';

const here = __dirname;
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: here, env: {} });
  return { code, out, err };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'policy-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const seedPolicy = path.join(here, 'suites/passing/seed/helm-baseline.yaml');
const badChart = 'fixtures/bad-chart.yaml';
/** `helm-intent policy apply <args>`. */
const apply = (...args: string[]) => run('policy', 'apply', ...args);

describe('policy apply', () => {
  test('reports failures with paths and the namespace, exit 1', async () => {
    const r = await apply('--policy', seedPolicy, '--resource', badChart, '--namespace', 'staging');
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /FAIL {2}helm-baseline\/require-security-context -> staging\/Deployment\/legacy-api \(blocks admission\)/,
    );
    assert.match(r.out, /at spec\.template\.spec\.containers\[0\]\.securityContext\.runAsNonRoot/);
    assert.match(r.out, /pass: \d+, fail: \d+, warn: 0, error: 0, skip: 0\n$/);
  });
  test('JSON output carries every result and a summary', async () => {
    const r = await apply('-p', seedPolicy, '-r', badChart, '-n', 'production', '--format', 'json');
    const doc = JSON.parse(r.out);
    assert.equal(doc.namespace, 'production');
    assert.equal(doc.summary.fail, doc.results.filter((x: { result: string }) => x.result === 'fail').length);
    assert.deepEqual(Object.keys(doc.results[0]).slice(0, 6), [
      'policy',
      'rule',
      'policyKind',
      'resource',
      'result',
      'message',
    ]);
  });
  test('a passing run exits 0; --rollouts holds Rollouts to Deployment rules', async () => {
    const ok = path.join(tmp, 'ok.yaml');
    writeFileSync(
      ok,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels: {app.kubernetes.io/name: s, platform.example.com/tier: production}\nspec: {ports: [{port: 80}]}\n',
    );
    assert.equal((await apply('--policy', seedPolicy, '--resource', ok)).code, 0);
    const rollout = path.join(tmp, 'rollout.yaml');
    writeFileSync(
      rollout,
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec: {template: {spec: {containers: [{name: a, image: "x:1"}]}}}\n',
    );
    assert.equal((await apply('--policy', seedPolicy, '--resource', rollout)).code, 0);
    const held = await apply('--policy', seedPolicy, '--resource', rollout, '--rollouts');
    assert.equal(held.code, 1);
    assert.match(held.out, /require-resource-limits -> default\/Rollout\/r/);
  });
  test('--baseline runs the built-in pack with catalogue IDs and fixes', async () => {
    const r = await apply('--baseline', '--resource', badChart, '--namespace', 'production');
    assert.equal(r.code, 1);
    assert.match(r.out, /\[HI-K8S-009\] -> production\/Deployment\/legacy-api/);
    assert.match(r.out, /fix: Remove `hostNetwork: true`/);
    assert.match(r.out, /disabled: HI-K8S-018 \(no allowedRegistries configured\)/);
  });
  test('baseline options: registries, Kubernetes version, disabled rules', async () => {
    const r = await apply(
      '--baseline',
      '-r',
      badChart,
      '-n',
      'production',
      '--allowed-registry',
      'ghcr.io/acme',
      '--kubernetes-version',
      '1.21',
      '--disable',
      'HI-K8S-009=CNI agent',
      '--format',
      'json',
    );
    const doc = JSON.parse(r.out);
    const ids = new Set(
      doc.results.filter((x: { result: string }) => x.result === 'fail').map((x: { ruleId?: string }) => x.ruleId),
    );
    assert.equal(ids.has('HI-K8S-018'), true);
    assert.equal(ids.has('HI-K8S-009'), false);
    assert.equal(ids.has('HI-K8S-024'), false); // extensions/v1beta1 Ingress is only removed in 1.22
    assert.deepEqual(doc.disabled, [{ rule: 'HI-K8S-009', reason: 'CNI agent', title: 'Host network' }]);
    assert.equal((await apply('--baseline', '-r', badChart, '--disable', 'HI-K8S-009')).code, 2);
  });
  test('broken YAML is a located error, exit 2', async () => {
    const broken = path.join(tmp, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n');
    const r = await apply('--policy', seedPolicy, '--resource', broken);
    assert.equal(r.code, 2);
    assert.match(r.err, /broken\.yaml:\d+:\d+: /);
  });
  test('usage errors exit 2 with the usage', async () => {
    for (const args of [
      ['policy', 'apply', '--resource', 'x.yaml'],
      ['policy', 'apply', '--policy', seedPolicy],
      ['policy', 'frobnicate'],
      ['policy', 'apply', '--baseline', '-r', 'fixtures/good-chart.yaml', '--format', 'xml'],
    ]) {
      const r = await run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /Usage: helm-intent policy apply/);
    }
    assert.match((await apply('--policy', 'nope.yaml', '--resource', 'x')).err, /policy 'nope.yaml' does not exist/);
  });
});

describe('policy test', () => {
  test('every suite under suites/passing passes: table and summary, exit 0', async () => {
    const r = await run('policy', 'test', 'suites/passing');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /│ ID │ POLICY/);
    assert.match(
      r.out,
      /Test Summary: \d+ tests passed and 0 tests failed( \(\d+ not evaluated by this engine, listed as Skip\))?\n$/,
    );
    assert.equal(Number(/Test Summary: (\d+)/.exec(r.out)![1]) > 100, true);
  });
  test('a deliberately wrong suite fails with reasons, exit 1', async () => {
    const r = await run('policy', 'test', 'suites/mismatch');
    assert.equal(r.code, 1);
    assert.match(r.out, /Want pass, got fail/);
    assert.match(r.out, /no-such-rule .*│ Pass +│ Excluded/);
    assert.match(r.out, /Pod\/missing-pod .*Not found/);
    assert.match(r.out, /Deployment\/labelled .*Not found/);
    assert.match(r.out, /Test Summary: 2 tests passed and 3 tests failed/);
  });
  test('a test file naming a missing policy file is an error, exit 1', async () => {
    const dir = path.join(tmp, 'missing');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'kyverno-test.yaml'), 'name: t\npolicies: [nope.yaml]\nresources: []\nresults: []\n');
    const r = await run('policy', 'test', dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /Error: .*cannot read 'nope.yaml'/);
  });
  test('a folder without test files exits 1', async () =>
    assert.equal((await run('policy', 'test', 'fixtures')).code, 1));
  test('--file-name picks other test files; a test file can be given directly; --detailed-results adds messages', async () => {
    const dir = path.join(tmp, 'named');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'deep'), { recursive: true });
    const policy = path.join(here, 'suites/mismatch/policy.yaml');
    const resources = path.join(here, 'suites/mismatch/resources.yaml');
    writeFileSync(
      path.join(dir, 'deep', 'my-test.yaml'),
      `policies: [${policy}]\nresources: [${resources}]\nresults:\n  - {policy: require-labels, rule: check-for-labels, resources: [unlabelled], kind: Pod, result: fail}\n`,
    );
    const named = await run('policy', 'test', dir, '--file-name', 'my-test.yaml', '--detailed-results');
    assert.equal(named.code, 0, named.out);
    assert.match(named.out, /│ ID │ POLICY .*│ MESSAGE/);
    assert.match(named.out, /label app\.kubernetes\.io\/name is required/);
    assert.match(named.out, /Test Summary: 1 tests passed and 0 tests failed/);
    assert.equal((await run('policy', 'test', dir)).code, 1); // no kyverno-test.yaml below it
    const direct = await run('policy', 'test', path.join(here, 'suites/mismatch/kyverno-test.yaml'));
    assert.equal(direct.code, 1);
    assert.match(direct.out, /Test Summary: 2 tests passed and 3 tests failed/);
    assert.equal((await run('policy', 'test', dir, '--file-name', '../x.yaml')).code, 2);
  });
  test('several folders in one run, one summary', async () => {
    const r = await run('policy', 'test', 'suites/passing/exceptions', 'suites/passing/subresource');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Test Summary: 12 tests passed and 0 tests failed\n$/);
  });
});

describe('policy apply with positional policies', () => {
  test('kyverno apply style: policies first, --resource after; --policy still works alongside', async () => {
    const r = await apply(seedPolicy, '--resource', badChart, '--namespace', 'staging');
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL {2}helm-baseline\/require-security-context -> staging\/Deployment\/legacy-api/);
    const both = await apply(seedPolicy, '--policy', path.join(here, 'suites/mismatch/policy.yaml'), '-r', badChart);
    assert.match(both.out, /Applying 2 policy sources/);
    assert.equal((await apply('no-such-policy.yaml', '-r', badChart)).code, 2);
  });
  test('--exception files turn excepted results into skip', async () => {
    const dir = path.join(here, 'suites/passing/exceptions');
    const without = await apply(path.join(dir, 'policy.yaml'), '-r', path.join(dir, 'resources.yaml'));
    assert.match(without.out, /skip: 0\n$/);
    const withEx = await apply(
      path.join(dir, 'policy.yaml'),
      '--exception',
      path.join(dir, 'exception.yaml'),
      '-r',
      path.join(dir, 'resources.yaml'),
    );
    assert.match(
      withEx.out,
      /SKIP {2}disallow-host-namespaces\/autogen-host-namespaces -> delta\/Deployment\/important-tool\n {6}rule is skipped due to policy exception delta\/delta-exception/,
    );
    assert.match(withEx.out, /skip: 4\n$/);
  });
});
