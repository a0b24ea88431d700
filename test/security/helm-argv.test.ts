// Attack: a chart under review names itself (or its namespace) like a helm option. Through the CLI
// with real helm, and through the engine with a recording helm: nothing is written, no flag
// reaches helm, the finding is one located line, and every lint/template runs isolated.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { helmChartValidator } from '../../server/llm/helm-validator';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { reviewChart } from '../../server/review/pipeline';
import { toReviewData } from '../../server/review/webview-data';
import { helmActionArgs } from '../../server/kube/actions';
import { helmLint, helmTemplate } from '../../server/tools/helm';
import { tempDir } from '../support/temp';
import { helmPath } from '../support/tools';
import { recordingHelm, runCli, tree, writeChart } from './support/attack';

const INJECTED_NAMES = [
  '--output-dir=pwnout',
  '--set-file=leak=secret.txt',
  '--validate',
  '--kube-context=prod',
  '-o=pwnout',
];

for (const name of INJECTED_NAMES) {
  test(`CLI validate: Chart.yaml name '${name}' creates nothing, leaks nothing, and is one located error`, async () => {
    const ws = tempDir('hi-sec-argv-');
    writeFileSync(path.join(ws, 'secret.txt'), 'TOP-SECRET-VALUE\n');
    writeChart(path.join(ws, 'chart'), `apiVersion: v2\nname: "${name}"\nversion: 0.1.0\n`);
    const before = tree(ws);
    const run = await runCli(['validate', 'chart', '--format', 'sarif'], ws, { HELM_INTENT_HELM: helmPath() });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(tree(ws), before, 'no file or folder appeared in the working directory');
    assert.ok(!run.stdout.includes('TOP-SECRET-VALUE'), 'the local file did not reach the SARIF output');
    const sarif = JSON.parse(run.stdout);
    const results = sarif.runs[0].results as Array<{
      ruleId: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
    }>;
    const refused = results.filter((r) => r.ruleId === 'invalid-release-name');
    assert.equal(refused.length, 1);
    assert.ok(!refused[0].message.text.includes('\n'), 'the refusal is one line');
    assert.match(refused[0].locations[0].physicalLocation.artifactLocation.uri, /chart\/Chart\.yaml$/);
    assert.equal(refused[0].locations[0].physicalLocation.region.startLine, 2, 'on the name: line');
  });
}

test('engine: an invalid release name or namespace never reaches helm; valid values come after -- or attached', async () => {
  const dir = tempDir('hi-sec-rec-');
  const helm = recordingHelm(dir);
  const chart = path.join(dir, 'chart');
  writeChart(chart, 'apiVersion: v2\nname: ok\nversion: 0.1.0\n');
  const refused = await helmTemplate(chart, { releaseName: '--output-dir=pwnout' }, { helmPath: helm.path });
  assert.equal(refused.ok, false);
  assert.match(refused.refused ?? '', /release name '--output-dir=pwnout' is not a DNS-1123 name/);
  assert.match(
    (await helmTemplate(chart, { releaseName: 'ok', namespace: '--kubeconfig=/x' }, { helmPath: helm.path })).refused ??
      '',
    /namespace/,
  );
  assert.match((await helmLint(chart, { namespace: '-n' }, { helmPath: helm.path })).refused ?? '', /namespace/);
  assert.match(
    (await helmTemplate(chart, { releaseName: 'ok', valuesFiles: ['--post-renderer=x'] }, { helmPath: helm.path }))
      .refused ?? '',
    /not an absolute path/,
  );
  assert.equal(helm.calls().length, 0, 'helm was not started for any refused argument');

  await helmTemplate(
    chart,
    { releaseName: 'ok', namespace: 'team-a', valuesFiles: [path.join(chart, 'values.yaml')], kubeVersion: '1.34.0' },
    { helmPath: helm.path },
  );
  await helmLint(chart, { namespace: 'team-a' }, { helmPath: helm.path });
  const [template, lint] = helm.calls();
  assert.deepEqual(template.argv, [
    'template',
    '--namespace=team-a',
    `--values=${path.join(chart, 'values.yaml')}`,
    '--kube-version=1.34.0',
    '--',
    'ok',
    chart,
  ]);
  assert.deepEqual(lint.argv, ['lint', '--strict', '--namespace=team-a', '--', chart]);
});

test('isolation: review pipeline, AI validator and webview source all run helm without the caller’s HELM_* or kube context', async () => {
  const dir = tempDir('hi-sec-iso-');
  const helm = recordingHelm(dir);
  const chart = path.join(dir, 'iso');
  writeChart(chart, 'apiVersion: v2\nname: iso\nversion: 0.1.0\n');
  const saved = { ...process.env };
  Object.assign(process.env, {
    KUBECONFIG: '/home/victim/.kube/config',
    HELM_KUBECONTEXT: 'prod',
    HELM_PLUGINS: '/home/victim/plugins',
    HELM_REPOSITORY_CONFIG: '/home/victim/repos.yaml',
    KUBERNETES_SERVICE_HOST: '10.0.0.1',
  });
  try {
    await reviewChart(chart, { helmPath: helm.path, config: defaultPlatformConfig(), cache: false });
    await helmChartValidator({ helmPath: helm.path }).validate(
      [{ path: 'Chart.yaml', content: 'apiVersion: v2\nname: iso\nversion: 0.1.0\n' }],
      [{ name: 'base' }],
    );
    // The Chart Review panel's data is the server's review (REVIEW_DATA → toReviewData): the same runner.
    toReviewData(await reviewChart(chart, { helmPath: helm.path, config: defaultPlatformConfig(), cache: false }));
  } finally {
    for (const k of [
      'KUBECONFIG',
      'HELM_KUBECONTEXT',
      'HELM_PLUGINS',
      'HELM_REPOSITORY_CONFIG',
      'KUBERNETES_SERVICE_HOST',
    ])
      if (saved[k] === undefined) delete process.env[k];
    Object.assign(process.env, saved);
  }
  const calls = helm.calls();
  const kinds = new Set(calls.map((c) => c.argv[0]));
  assert.deepEqual([...kinds].sort(), ['lint', 'template']);
  assert.ok(
    calls.length >= 5,
    `review (lint+template), AI validator (lint+template), Chart Review data (lint+template): ${calls.length} calls`,
  );
  for (const c of calls) {
    assert.ok(!c.env.KUBECONFIG?.startsWith('/home/victim'), `KUBECONFIG replaced in ${c.argv[0]}`);
    assert.equal(c.env.HELM_KUBECONTEXT, undefined);
    assert.equal(c.env.KUBERNETES_SERVICE_HOST, undefined);
    assert.ok(
      !Object.values(c.env).some((v) => v.startsWith('/home/victim')),
      'no variable points at the user’s helm or kube files',
    );
    assert.ok(c.argv.includes('--'), 'positionals after --');
  }
});

test('a dependency-name, namespace or link attack is a located review finding with real helm', async () => {
  const ws = tempDir('hi-sec-dep-');
  const chart = path.join(ws, 'deep', 'chart');
  const outside = path.join(ws, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'id_rsa'), 'PRIVATE-KEY-MATERIAL');
  writeChart(
    chart,
    'apiVersion: v2\nname: dep\nversion: 0.1.0\ndependencies:\n  - name: ../../../../escaped-dep\n    version: 1.0.0\n    repository: https://charts.example.com\n',
    {
      'templates/leak.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  key: {{ .Files.Get "stolen" | quote }}\n',
    },
  );
  symlinkSync(path.join(outside, 'id_rsa'), path.join(chart, 'stolen'));
  const before = tree(ws);
  const result = await reviewChart(chart, { helmPath: helmPath(), config: defaultPlatformConfig(), cache: false });
  assert.deepEqual(tree(ws), before);
  assert.ok(!existsSync(path.join(tmpdir(), 'escaped-dep')), 'no stand-in outside the temporary copy');
  const codes = result.findings.map((f) => f.code);
  assert.ok(codes.includes('unsafe-dependency-name'), codes.join(', '));
  assert.ok(codes.includes('symlink-outside-chart'), codes.join(', '));
  const rendered = result.renders.flatMap((r) => r.manifests.map((m) => m.text)).join('\n');
  assert.ok(!rendered.includes('PRIVATE-KEY-MATERIAL'), 'the linked file outside the chart was not rendered');
});

test('Chart Review data and cluster actions: a hostile chart name is refused in one line, helm template never started', async () => {
  const dir = tempDir('hi-sec-web-');
  const helm = recordingHelm(dir);
  const chart = path.join(dir, 'chart');
  writeChart(chart, 'apiVersion: v2\nname: "--output-dir=pwnout"\nversion: 0.1.0\n');
  // The Chart Review panel's data (REVIEW_DATA): the server's review, refused with a located finding.
  const data = toReviewData(
    await reviewChart(chart, { helmPath: helm.path, config: defaultPlatformConfig(), cache: false }),
  );
  assert.ok(data.environments.length > 0);
  for (const env of data.environments) {
    assert.equal(env.ok, false);
    assert.match(
      env.error ?? '',
      /^Chart\.yaml name: release name '--output-dir=pwnout' is not a DNS-1123 name[^\n]*$/,
    );
  }
  assert.throws(
    () => helmActionArgs('helm-upgrade', { release: '--post-renderer=/tmp/x', namespace: 'default', chart }, 4),
    /^Error: refused: release name/,
  );
  assert.throws(
    () =>
      helmActionArgs('helm-install', { release: 'ok', namespace: 'default', chart: '--repo=https://evil.example' }, 4),
    /looks like a command-line option/,
  );
  // The review still lints (the name is not on lint's command line); template, which takes it, never starts.
  assert.deepEqual(
    helm.calls().filter((c) => c.argv[0] !== 'lint' || c.argv.some((a) => a.includes('pwnout'))),
    [],
  );
});
