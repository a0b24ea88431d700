// Charts written like well-known public ones (see each Chart.yaml description): every finding class
// must land on the template line that produced the field and name the values key that feeds it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { seedPolicy } from '../../server/policy/baseline/pack';
import type { ReviewFinding } from '../../server/review/findings';
import { kubeSchemaValidator } from '../../server/review/kube-schema-validator';
import { reviewChart } from '../../server/review/pipeline';
import { reviewFixes } from '../../server/review/review-fixes';
import { toSarif } from '../../server/review/sarif';
import { helmPath } from '../support/tools';

const CHARTS = path.join(__dirname, 'charts');
const review = (dir: string, extra: Partial<Parameters<typeof reviewChart>[1]> = {}) => reviewChart(dir, { helmPath: helmPath(), config: defaultPlatformConfig(), objectValidator: kubeSchemaValidator, cache: false, ...extra });
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** `code objectPath → file:line | values key [envs]`, 1-based lines, the way a user reads them. */
function describe(chart: string, f: ReviewFinding): string {
  const values = f.related.find((r) => r.role === 'values');
  return `${f.code} ${f.objectPath ?? ''} → ${path.relative(chart, f.primary.file)}:${f.primary.range.start.line + 1}${values ? ` | ${values.valuesPath?.join('.')}` : ''} [${f.environments.join(',')}]`;
}

async function located(name: string): Promise<string[]> {
  const chart = path.join(CHARTS, name);
  const r = await review(chart);
  return r.findings.filter((f) => f.code !== 'helm-lint').map((f) => describe(chart, f)).sort();
}

/** Charts whose findings are listed in full: every one with the line and values key it must land on. */
const EVERY_FINDING: Array<{ title: string; chart: string; findings: string[] }> = [
  {
    title: 'alertmanager-like StatefulSet: the main container, not the disabled reload sidecar written first',
    chart: 'alerts',
    findings: [
      'HI-K8S-014 spec.template.spec.containers[0].resources.limits → templates/statefulset.yaml:59 | alertmanager.resources.limits [default,broken]',
      // env[2]: POD_IP is written in the template, so the values list index is 1 (ALLOW_EMPTY_PASSWORD "no" is not a credential).
      'HI-K8S-019 spec.template.spec.containers[0].env[2].value → templates/statefulset.yaml:40 | alertmanager.extraEnv.1.value [default,broken]',
      'HI-K8S-037 spec.template.spec.containers[0].image → templates/statefulset.yaml:36 | image [default,broken]',
      // A schema error in one environment: its own values file.
      'k8s-schema-type spec.replicas → templates/statefulset.yaml:8 | replicaCount [broken]',
    ],
  },
  {
    title: 'argo-rollouts-like controller: items at the same indent, include helpers, RBAC, a CRD without schema errors',
    chart: 'rollouts-operator',
    findings: [
      'HI-K8S-004 spec.template.spec.containers[0].securityContext.capabilities.add → templates/deployment.yaml:55 | controller.capabilities.add [default]',
      'HI-K8S-007 spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem → templates/deployment.yaml:50 | controller.image.readOnlyRootFilesystem [default]',
      'HI-K8S-031 rules[1].resources → templates/rbac.yaml:22 [default]',
      'HI-K8S-032 rules[0].verbs → templates/rbac.yaml:18 [default]',
      'HI-K8S-033 rules[3].verbs → templates/rbac.yaml:39 [default]',
      'HI-K8S-034 rules[2].resources → templates/rbac.yaml:30 [default]',
      'HI-K8S-035 spec.template.spec.serviceAccountName → templates/deployment.yaml:17 | serviceAccount.name [default]',
      'HI-K8S-036 spec.template.spec.containers[0].securityContext.runAsUser → templates/deployment.yaml:48 | controller.runAsUser [default]',
      'HI-K8S-037 spec.template.spec.containers[0].image → templates/deployment.yaml:24 | controller.image [default]',
      'HI-K8S-038 spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef → templates/deployment.yaml:31 [default]',
      'HI-K8S-039 metadata.namespace → templates/rbac.yaml:59 [default]',
    ],
  },
];
for (const { title, chart, findings } of EVERY_FINDING)
  test(title, { timeout: 120_000 }, async () => assert.deepEqual(await located(chart), findings));

test('grafana-like pod in _pod.tpl: disabled sidecar skipped, list items at the key indent, test pod with a random name', { timeout: 120_000 }, async () => {
  const found = await located('dashboards');
  const main = found.filter((f) => f.includes('spec.template'));
  assert.deepEqual(main, [
    'HI-K8S-007 spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem → templates/_pod.tpl:19 | containerSecurityContext.readOnlyRootFilesystem [default,staging]',
    'HI-K8S-014 spec.template.spec.containers[0].resources.limits → templates/_pod.tpl:42 | resources.limits [default,staging]',
    'HI-K8S-036 spec.template.spec.securityContext.runAsUser → templates/_pod.tpl:5 | securityContext.runAsUser [default,staging]',
    'HI-K8S-037 spec.template.spec.containers[0].image → templates/_pod.tpl:18 | image [default,staging]',
    'HI-K8S-038 spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef → templates/_pod.tpl:27 [default,staging]',
  ]);
  // The helm test pod gets a new random suffix on every render: still one finding per rule, in both environments.
  const testPod = found.filter((f) => f.includes('test-connection.yaml'));
  assert.equal(testPod.length, new Set(testPod.map((f) => f.split(' ')[0] + f.split(' ')[1])).size);
  assert.ok(testPod.every((f) => f.endsWith('[default,staging]')), testPod.join('\n'));
});

test('no organisation policy without a platform config; the seed policy applies when a policiesDir brings it', { timeout: 180_000 }, async () => {
  for (const name of ['alerts', 'dashboards', 'rollouts-operator']) {
    const r = await review(path.join(CHARTS, name));
    assert.equal(r.findings.filter((f) => f.code.startsWith('helm-baseline') || /platform\.example\.com/.test(f.message)).length, 0, name);
  }
  const withOrg = await review(path.join(CHARTS, 'alerts'), { policies: [seedPolicy()] });
  assert.ok(withOrg.findings.some((f) => f.code === 'helm-baseline/require-mandatory-labels'));
});

test('SARIF: every result fingerprinted, identical across runs, unchanged when lines shift', { timeout: 180_000 }, async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hi-real-charts-'));
  temps.push(root);
  const chart = path.join(root, 'dashboards');
  cpSync(path.join(CHARTS, 'dashboards'), chart, { recursive: true });
  type Result = { ruleId: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { region: { startLine: number } } }> };
  const sarif = async () => (toSarif((await review(chart)).findings, root, 'test') as { runs: Array<{ results: Result[] }> }).runs[0].results;
  const first = await sarif();
  const log = toSarif((await review(chart)).findings, root, 'test') as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties?: { tags: string[]; 'security-severity': string } }> } } }> };
  const rule036 = log.runs[0].tool.driver.rules.find((r) => r.id === 'HI-K8S-036')!;
  assert.deepEqual(rule036.properties, { tags: ['Pod Security', 'CKV_K8S_40'], 'security-severity': '3.0' });
  const second = await sarif();
  assert.ok(first.length > 5);
  assert.ok(first.every((r) => /^[0-9a-f]{32}$/.test(r.partialFingerprints['helmIntentFinding/v1'])));
  assert.deepEqual(second, first, 'same output twice, test pod random names included');
  assert.equal(new Set(first.map((r) => r.partialFingerprints['helmIntentFinding/v1'])).size, first.length, 'one fingerprint per result');
  const pod = path.join(chart, 'templates/_pod.tpl');
  writeFileSync(pod, readFileSync(pod, 'utf8').replace('{{- define "dashboards.pod" -}}\n', '{{- /* lines added above */ -}}\n{{- /* … */ -}}\n{{- define "dashboards.pod" -}}\n'));
  const shifted = await sarif();
  const key = (r: Result) => r.partialFingerprints['helmIntentFinding/v1'];
  assert.deepEqual(shifted.map(key).sort(), first.map(key).sort());
  const line = (rs: Result[], id: string) => rs.find((r) => r.ruleId === id && r.locations[0].physicalLocation.region.startLine > 0 && key(r) === key(first.find((x) => x.ruleId === id)!))!.locations[0].physicalLocation.region.startLine;
  assert.equal(line(shifted, 'HI-K8S-036'), line(first, 'HI-K8S-036') + 2, 'the location moved with the text');
});

test('the quick-fix edits the values key the finding was traced to', { timeout: 120_000 }, async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hi-real-fix-'));
  temps.push(root);
  const chart = path.join(root, 'rollouts-operator');
  cpSync(path.join(CHARTS, 'rollouts-operator'), chart, { recursive: true });
  const r = await review(chart);
  const f = r.findings.find((x) => x.code === 'HI-K8S-007')!;
  const [fix] = reviewFixes(f, r.chart);
  const edits = Object.values(fix.changes)[0];
  assert.equal(Object.keys(fix.changes).length, 1);
  assert.match(Object.keys(fix.changes)[0], /values\.yaml$/);
  const text = readFileSync(path.join(chart, 'values.yaml'), 'utf8').split('\n');
  // The edit replaces controller.image.readOnlyRootFilesystem (line 8), not a top-level securityContext.
  assert.equal(edits[0].range.start.line, 7, JSON.stringify(edits));
  assert.match(text[7], /readOnlyRootFilesystem: false/);
  assert.match(edits[0].newText, /true/);
});
