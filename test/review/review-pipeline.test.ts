import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFiles } from '../support/temp';
import { fileURLToPath } from 'node:url';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { reviewChart } from '../../server/review/pipeline';
import { disableRuleEdit, reviewFixes } from '../../server/review/review-fixes';
import { kubeSchemaValidator } from '../../server/review/kube-schema-validator';
import { REFERENCE_INTENT, replaceOnce, ROOT } from '../support/fixtures';
import { applyEdits } from '../support/lsp-client';
import { helmPath } from '../support/tools';

let ws: string;
let chart: string;
const intentFile = () => path.join(ws, 'intent', 'my-service.yaml');
const options = () => ({ helmPath: helmPath(), config: defaultPlatformConfig() });
const lineOf = (file: string, line: number) => readFileSync(file, 'utf8').split('\n')[line];

before(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'hi-pipeline-'));
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(
    intentFile(),
    replaceOnce(REFERENCE_INTENT, '  name: my-service\n', '  name: my-service\n  namespace: production\n'),
  );
  execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'generate', 'intent/my-service.yaml', '--yes'], {
    cwd: ws,
  });
  chart = path.join(ws, 'charts', 'my-service');
});
after(() => rmSync(ws, { recursive: true, force: true }));

function applyFix(changes: Record<string, Array<{ range: never; newText: string }>>) {
  for (const [uri, edits] of Object.entries(changes)) {
    const file = fileURLToPath(uri);
    writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), edits));
  }
}

test('a generated chart renders in its namespace; a cached re-review is free', { timeout: 120_000 }, async () => {
  const r = await reviewChart(chart, options());
  assert.deepEqual(
    r.renders.map((e) => [e.name, e.namespace, e.ok]),
    [['default', 'production', true]],
  );
  assert.ok(r.renders[0].manifests.some((m) => (m.object as { kind?: string })?.kind === 'Rollout'));
  assert.equal(r.findings.filter((f) => f.code === 'HI-K8S-005').length, 0, 'runAsNonRoot is set');
  const again = await reviewChart(chart, options());
  assert.equal(again.fromCache, true);
});

test(
  'a policy finding maps to the template line, the values key and the intent field; its quick-fix removes it',
  { timeout: 120_000 },
  async () => {
    const values = path.join(chart, 'values.yaml');
    const original = readFileSync(values, 'utf8');
    writeFileSync(values, original.replace(/(\nsecurityContext:\n(?:  .*\n)*?  runAsNonRoot: )true/, '$1false'));
    const r = await reviewChart(chart, options());
    const f = r.findings.find((x) => x.code === 'HI-K8S-005');
    assert.ok(f, JSON.stringify(r.findings.map((x) => x.code)));
    assert.deepEqual(f.namespaces, ['production']);
    assert.equal(path.relative(chart, f.primary.file), 'templates/_pod.tpl');
    assert.match(lineOf(f.primary.file, f.primary.range.start.line), /^\s+securityContext:$/);
    const v = f.related.find((x) => x.role === 'values')!;
    assert.match(lineOf(v.file, v.range.start.line), /runAsNonRoot: false/);
    const i = f.related.find((x) => x.role === 'intent')!;
    assert.equal(i.file, intentFile());
    assert.match(lineOf(i.file, i.range.start.line), /runAsNonRoot: true/);

    const [fix] = reviewFixes(f, r.chart);
    assert.match(fix.title, /Run as non-root/);
    applyFix(fix.changes as never);
    const after = await reviewChart(chart, options());
    assert.equal(after.findings.filter((x) => x.code === 'HI-K8S-005').length, 0);
  },
);

test('a rule disabled in Chart.yaml with a reason is no longer reported', { timeout: 120_000 }, async () => {
  const before = await reviewChart(chart, options());
  assert.ok(
    before.findings.some((f) => f.code === 'HI-K8S-026'),
    'no NetworkPolicy in production',
  );
  const chartYaml = path.join(chart, 'Chart.yaml');
  const edit = disableRuleEdit(readFileSync(chartYaml, 'utf8'), 'HI-K8S-026', 'the mesh enforces network policy');
  assert.ok(edit);
  writeFileSync(chartYaml, applyEdits(readFileSync(chartYaml, 'utf8'), [edit]));
  assert.match(
    readFileSync(chartYaml, 'utf8'),
    /helm-intent\.dev\/disable\.HI-K8S-026: the mesh enforces network policy/,
  );
  const after = await reviewChart(chart, options());
  assert.ok(!after.findings.some((f) => f.code === 'HI-K8S-026'));
  assert.ok(
    after.findings.every((f) => f.severity !== 'error' || !/Chart\.yaml/.test(f.message)),
    'Chart.yaml stays valid for helm lint',
  );
});

test(
  'hand-written broken charts: template error, bad indentation, schema violation and missing dependency are located',
  { timeout: 180_000 },
  async () => {
    const dir = path.join(ws, 'hand', 'web');
    mkdirSync(path.join(dir, 'templates'), { recursive: true });
    writeFiles(dir, {
      'Chart.yaml':
        'apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: oci://registry.example.com/charts\n',
      'values.yaml': 'replicas: 2\nimage: nginx:1.27\n',
    });
    writeFileSync(
      path.join(dir, 'values.schema.json'),
      JSON.stringify({ type: 'object', properties: { replicas: { type: 'integer', maximum: 5 } } }),
    );
    writeFileSync(path.join(dir, 'values-big.yaml'), 'replicas: 50\n');
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: {{ .Values.image }}\n';
    writeFileSync(path.join(dir, 'templates', 'deployment.yaml'), deployment);
    const r = await reviewChart(dir, options());
    const missing = r.findings.find((f) => f.code === 'dependencies-missing');
    assert.ok(missing && /redis/.test(missing.message) && /helm dependency build/.test(missing.message));
    const schema = r.findings.find((f) => f.code === 'values-schema');
    assert.ok(schema, JSON.stringify(r.findings.map((f) => f.code)));
    assert.deepEqual(schema.environments, ['big']);
    assert.equal(path.basename(schema.primary.file), 'values-big.yaml');
    assert.equal(schema.primary.range.start.line, 0);
    const noProbe = r.findings.find((f) => f.code === 'HI-K8S-015' && f.environments.includes('default'));
    assert.ok(noProbe);
    assert.equal(path.relative(dir, noProbe.primary.file), 'templates/deployment.yaml');
    assert.match(lineOf(noProbe.primary.file, noProbe.primary.range.start.line), /- name: web/);
    const latestLike = r.findings.find((f) => f.code === 'HI-K8S-017');
    assert.ok(latestLike === undefined, 'nginx:1.27 is pinned');

    // A template error (nil pointer) and bad indentation, each on its line.
    writeFileSync(
      path.join(dir, 'templates', 'deployment.yaml'),
      deployment.replace('{{ .Values.replicas }}', '{{ .Values.scale.replicas }}'),
    );
    writeFileSync(
      path.join(dir, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n c: d\n',
    );
    const broken = await reviewChart(dir, options());
    const exec = broken.findings.find((f) => f.code === 'template-error');
    assert.ok(exec, JSON.stringify(broken.findings.map((f) => [f.code, f.message])));
    assert.equal(path.basename(exec.primary.file), 'deployment.yaml');
    assert.equal(exec.primary.range.start.line, 5);
    rmSync(path.join(dir, 'templates', 'deployment.yaml'));
    const indent = await reviewChart(dir, options());
    const yaml = indent.findings.find((f) => f.code === 'rendered-yaml-invalid');
    assert.ok(yaml, JSON.stringify(indent.findings.map((f) => [f.code, f.message])));
    assert.equal(path.basename(yaml.primary.file), 'cm.yaml');
    assert.equal(yaml.primary.range.start.line, 5);
  },
);

test(
  'every example intent compiles to a chart whose review has no helm or schema errors',
  { timeout: 240_000 },
  async () => {
    for (const example of [
      'examples/minimal/hello.intent.yaml',
      'examples/service-intent/user-auth.intent.yaml',
      'examples/ai-agent/ai-agent.intent.yaml',
    ]) {
      const dir = mkdtempSync(path.join(tmpdir(), 'hi-example-'));
      cpSync(path.join(ROOT, example), path.join(dir, path.basename(example)));
      execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'generate', path.basename(example), '--yes'], {
        cwd: dir,
      });
      const chartsDir = path.join(dir, 'charts');
      const name = readFileSync(path.join(dir, path.basename(example)), 'utf8').match(/name: (\S+)/)![1];
      const r = await reviewChart(path.join(chartsDir, name), { ...options(), objectValidator: kubeSchemaValidator });
      // Every lint/render failure (lint, template, values-schema, YAML) has a helm source.
      const broken = r.findings.filter(
        (f) => ['helm-lint', 'helm-template', 'kube-schema'].includes(f.source) && f.severity === 'error',
      );
      assert.deepEqual(broken, [], example);
      assert.ok(
        r.renders.every((e) => e.ok),
        example,
      );
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a Kubernetes schema error (a typo in a template) lands on the template line', { timeout: 120_000 }, async () => {
  const copy = path.join(ws, 'schema-copy', 'my-service');
  cpSync(chart, copy, { recursive: true });
  const rollout = path.join(copy, 'templates', 'rollout.yaml');
  writeFileSync(
    rollout,
    readFileSync(rollout, 'utf8').replace('  revisionHistoryLimit: 10', '  revisionHistoryLimt: 10'),
  );
  const r = await reviewChart(copy, { ...options(), objectValidator: kubeSchemaValidator });
  const f = r.findings.find((x) => x.code === 'k8s-schema-unknown-field');
  assert.ok(f, JSON.stringify(r.findings.map((x) => x.code)));
  assert.equal(f.source, 'kube-schema');
  assert.equal(path.relative(copy, f.primary.file), 'templates/rollout.yaml');
  assert.match(lineOf(f.primary.file, f.primary.range.start.line), /revisionHistoryLimt: 10/);
  assert.match(f.message, /did you mean "revisionHistoryLimit"/);
});
