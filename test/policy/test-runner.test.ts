// The `kyverno test` runner: Kyverno's row conventions, and which rows hold only because the
// resource was "Excluded" (that passes whatever the row expected, so it is checked here).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFiles } from '../support/temp';
import { after, describe, test } from 'node:test';
import { valuesFor } from '../../server/policy/engine/values';
import { parseTestDeclaration, parseValues } from '../../server/policy/test-runner/test-file';
import { runTestFile, testRunnerSteps, type SuiteReport } from '../../server/policy/test-runner/run-tests';

const suites = path.join(__dirname, 'suites/passing');
const run = (name: string) => runTestFile(path.join(suites, name, 'kyverno-test.yaml'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'test-runner-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function reasons(r: SuiteReport): string[] {
  assert.deepEqual(r.errors, []);
  return r.rows.map((row) => `${row.policy} ${row.rule || '-'} ${row.resource}: ${row.reason}`);
}

/**
 * Every row holds (on failure the message lists each row with its reason) and, when given, exactly
 * these rows hold only because their resource was Excluded.
 */
function assertEveryRowHolds(r: SuiteReport, excludedRows?: string[]): void {
  assert.equal(
    r.rows.every((row) => row.ok),
    true,
    reasons(r).join('\n'),
  );
  if (excludedRows) assert.deepEqual(excluded(r), excludedRows);
}

/** One line per row of a suite under suites/passing, in the runner's order. */
function rowLines(suite: string, show: (row: SuiteReport['rows'][number]) => string): string[] {
  return run(suite).rows.map(show);
}

function excluded(r: SuiteReport): string[] {
  return reasons(r).filter((x) => x.endsWith(': Excluded'));
}

describe('kyverno test row conventions', () => {
  test('rule X takes autogen-X and autogen-cronjob-X results; missing rules and kinds without results are Excluded', () => {
    const r = run('runner-conventions');
    assertEveryRowHolds(r, [
      'require-run-as-non-root check-non-root ConfigMap/settings: Excluded',
      'require-run-as-non-root not-a-rule Pod/good-pod: Excluded',
    ]);
    const deploy = r.rows.find((row) => row.resource === 'Deployment/bad-deploy' && row.rule === 'check-non-root')!;
    assert.equal(deploy.actual, 'fail');
    assert.equal(r.rows.find((row) => row.resource === 'CronJob/bad-cron')!.actual, 'fail');
  });
  test('a test without results is valid and yields no rows', () => {
    const r = runTestFile(path.join(suites, 'runner-conventions/no-results/kyverno-test.yaml'));
    assert.deepEqual(r.errors, []);
    assert.equal(r.rows.length, 0);
  });
  test('CEL policy flags are read whatever their spelling; unflagged CEL rows are Excluded, as in Kyverno', () => {
    const text = (flag: string) =>
      `policies: [p.yaml]\nresources: [r.yaml]\nresults:\n  - {policy: p, ${flag}: true, resources: [x], kind: Pod, result: pass}\n`;
    for (const flag of ['isValidatingPolicy', 'isvalidatingpolicy', 'IsValidatingPolicies']) {
      assert.equal(parseTestDeclaration(text(flag), 't.yaml').test?.results[0].celFamily, 'ValidatingPolicy', flag);
    }
    assert.equal(parseTestDeclaration(text('isMutatingPolicy'), 't.yaml').test?.results[0].celFamily, 'MutatingPolicy');
    assert.equal(
      parseTestDeclaration(text('isValidatingAdmissionPolicy'), 't.yaml').test?.results[0].celFamily,
      'ValidatingAdmissionPolicy',
    );
  });
  test('a row for a resource or kind with no engine response is Not found (a failure)', () => {
    const r = runTestFile(path.join(__dirname, 'suites/mismatch/kyverno-test.yaml'));
    assert.deepEqual(
      r.rows.filter((row) => row.reason === 'Not found').map((row) => row.resource),
      ['Pod/missing-pod', 'Deployment/labelled'],
    );
    assert.equal(r.rows.find((row) => row.rule === 'no-such-rule')!.reason, 'Excluded');
  });
  test('a policy kind the engine does not evaluate gives skipped rows with the reason, never passes', () => {
    writeFiles(tmp, {
      'p.yaml': 'apiVersion: policies.kyverno.io/v1alpha1\nkind: GeneratingPolicy\nmetadata: {name: gen}\nspec: {}\n',
      'r.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n',
      'kyverno-test.yaml':
        'policies: [p.yaml]\nresources: [r.yaml]\nresults:\n  - {policy: gen, isGeneratingPolicy: true, resources: [x], kind: Namespace, result: pass}\n',
    });
    const r = runTestFile(path.join(tmp, 'kyverno-test.yaml'));
    assert.equal(r.rows.length, 1);
    assert.equal(r.rows[0].status, 'skipped');
    assert.match(r.rows[0].reason, /GeneratingPolicy policies are not supported/);
  });
});

describe('test inputs', () => {
  test('a malformed values file is a located error, not a crash', () => {
    writeFileSync(path.join(tmp, 'bad-values.yaml'), 'policies: [1, 2]\nsubresources: [null]\nglobalValues: nope\n');
    const parsed = parseValues(readFileSync(path.join(tmp, 'bad-values.yaml'), 'utf8'), 'bad-values.yaml');
    assert.equal(parsed.values, undefined);
    assert.deepEqual(parsed.errors.map((e) => e.message).sort(), [
      "values file: 'globalValues' must be a mapping",
      "values file: 'policies' must be a list of mappings",
      "values file: 'subresources' must be a list of mappings",
    ]);
  });
  test('userinfo: roles, cluster roles and subjects decide match and exclude', () => {
    const dev = run('userinfo');
    assertEveryRowHolds(dev, ['user-scoped ops-only Pod/labelled-pinned: Excluded']);
    const admin = runTestFile(path.join(suites, 'userinfo/admin/kyverno-test.yaml'));
    assert.deepEqual(excluded(admin), [
      'user-scoped team-label-unless-admin Pod/unlabelled-latest: Excluded',
      'user-scoped dev-pins-images Pod/unlabelled-latest: Excluded',
    ]);
  });
  test('request.operation: DELETE reads the old object and skips patterns; UPDATE compares old and new', () => {
    const r = run('operations');
    assertEveryRowHolds(r, [
      'lifecycle protect-from-delete Pod/created-pod: Excluded',
      'lifecycle needs-app-label Pod/plain-pod: Excluded',
    ]);
    assert.equal(r.rows.find((row) => row.resource === 'Pod/retagged-pod')!.actual, 'fail');
  });
  test('subresources: a Scale is matched as Deployment/scale', () => {
    const r = run('subresource');
    assert.deepEqual(reasons(r), [
      'enforce-replicas-for-scale-subresource validate-nginx-test Scale/nginx-test: Ok',
      'enforce-replicas-for-scale-subresource validate-nginx-test Scale/nginx-ok: Excluded',
      'enforce-replicas-for-scale-subresource validate-nginx-test Deployment/nginx-test: Excluded',
    ]);
  });
  test('clusterResources serve configMap and GET apiCall context entries', () => {
    assert.deepEqual(
      rowLines('cluster-resources', (row) => `${row.rule}:${row.actual}`),
      [
        'team-from-configmap:pass',
        'team-from-configmap:fail',
        'missing-configmap:error',
        'count-pods-by-api-call:pass',
      ],
    );
  });
  test('PolicyExceptions (kyverno.io and CEL) turn matched results into skip', () => {
    assert.deepEqual(
      rowLines('exceptions', (row) => row.actual),
      ['skip', 'fail', 'fail', 'skip', 'skip', 'fail', 'skip', 'fail', 'pass'],
    );
  });
});

describe('autogen in the runner', () => {
  test('autogen-controllers annotation values as pkg/autogen reads them', () => {
    const r = run('autogen-annotations');
    assertEveryRowHolds(r);
    assert.deepEqual(
      excluded(r).map((x) => x.split(' ')[0] + ' ' + x.split(' ')[2].replace(':', '')),
      [
        'annotation-none Deployment/web-deploy',
        'annotation-list StatefulSet/web-sts',
        'annotation-statefulset CronJob/web-cron',
        'annotation-with-space StatefulSet/web-sts',
        'annotation-cronjob-only Deployment/web-deploy',
        'named-pods Deployment/web-deploy',
        'with-generate Deployment/web-deploy',
      ],
    );
  });
  test('ValidatingPolicy autogen covers controllers with rewritten paths; the controller list narrows it', () => {
    assert.deepEqual(
      rowLines('vpol-autogen', (row) => `${row.policy} ${row.resource}: ${row.actual || row.reason}`),
      [
        'require-non-root Pod/good-pod: pass',
        'require-non-root Deployment/bad-deploy: fail',
        'require-non-root StatefulSet/good-sts: pass',
        'require-non-root CronJob/bad-cron: fail',
        'require-non-root Job/good-job: pass',
        'require-non-root DaemonSet/opted-out: excluded',
        'no-host-network-deployments-only Deployment/bad-deploy: fail',
        'no-host-network-deployments-only CronJob/bad-cron: excluded',
        'selected-pods-only Pod/good-pod: pass',
      ],
    );
  });
  test('CEL field access, orValue, namespaceObject, binding selectors and params', () => {
    const r = run('cel-fields');
    assert.deepEqual(
      r.rows.map((row) => row.actual),
      ['pass', 'fail', 'pass', 'fail', 'pass', 'fail', 'fail', 'pass', 'excluded', 'skip'],
    );
    assert.equal(r.rows[9].status, 'skipped');
    assert.match(r.rows[9].reason, /library that needs a cluster or registry/);
  });
});

describe('values precedence (Kyverno CLI)', () => {
  test('global < resource < rule values; rule values match the exact rule name only', () => {
    const values = {
      globalValues: { a: 'global', b: 'global', c: 'global' },
      policies: [
        {
          name: 'p',
          resources: [{ name: 'r', values: { b: 'resource', c: 'resource' } }],
          rules: [{ name: 'x', values: { c: 'rule' } }],
        },
      ],
    };
    assert.deepEqual(valuesFor(values, 'p', 'x', 'r'), { a: 'global', b: 'resource', c: 'rule' });
    assert.deepEqual(valuesFor(values, 'p', 'autogen-x', 'r'), { a: 'global', b: 'resource', c: 'resource' });
    assert.deepEqual(valuesFor(values, 'other', 'x', 'r'), { a: 'global', b: 'global', c: 'global' });
  });
});

describe('mutate seam', () => {
  test('a registered MutateStep runs first: validation sees its objects, rows compare patchedResources through it', () => {
    const dir = path.join(tmp, 'seam');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFiles(dir, {
      'p.yaml':
        'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: team, annotations: {pod-policies.kyverno.io/autogen-controllers: none}}\nspec:\n  rules:\n    - {name: t, match: {any: [{resources: {kinds: [Pod]}}]}, validate: {pattern: {metadata: {labels: {team: "?*"}}}}}\n',
      'r.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: a, image: "b:1"}]}\n',
      'kyverno-test.yaml':
        'policies: [p.yaml]\nresources: [r.yaml]\nresults:\n  - {policy: team, rule: t, resources: [x], kind: Pod, result: pass, patchedResources: patched.yaml}\n',
    });
    const compared: string[] = [];
    // The mutate module registers its own step; this test swaps in a stub and puts it back.
    const registered = testRunnerSteps.mutate;
    testRunnerSteps.mutate = {
      apply: ({ resources }) => ({
        resources: resources.map((r) => ({ ...r, metadata: { ...r.metadata, labels: { team: 'added' } } })),
        results: [],
      }),
      comparePatched: ({ expectedFile, actual }) => {
        compared.push(`${expectedFile}:${actual.metadata?.labels?.team}`);
        return { ok: true, reason: 'Ok' };
      },
    };
    try {
      const r = runTestFile(path.join(dir, 'kyverno-test.yaml'));
      assert.deepEqual(
        r.rows.map((row) => [row.actual, row.status]),
        [['pass', 'pass']],
      );
      assert.deepEqual(compared, ['patched.yaml:added']);
    } finally {
      delete testRunnerSteps.mutate;
    }
    // Without the step, the unlabelled pod fails and the patchedResources row is a Skip with the reason.
    try {
      const bare = runTestFile(path.join(dir, 'kyverno-test.yaml'));
      assert.equal(bare.rows[0].status, 'skipped');
      assert.match(bare.rows[0].reason, /patchedResources comparison needs the mutate module/);
    } finally {
      testRunnerSteps.mutate = registered;
    }
  });
});
