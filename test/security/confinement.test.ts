// Attack: paths from config, keywords, records and the folder layout itself try to make generate
// write or delete outside the chart. Through the CLI and the engine: nothing outside changes,
// each refusal is one line, and a generated file is deleted only while it matches its record.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { applyChartWrite } from '../../server/compiler/output/apply-plan';
import { aiCacheDir } from '../../server/generate/ai-chart';
import { planChartWrite } from '../../server/compiler/output/write-plan';
import { confinedPath, ConfinementError, deleteConfined, writeConfined } from '../../server/tools/confined-fs';
import { REFERENCE_INTENT } from '../support/fixtures';
import { tempDir } from '../support/temp';
import { runCli, tree } from './support/attack';

const SERVICE_INTENT =
  'apiVersion: synthesis.platform/v1alpha1\nkind: ServiceIntent\nmetadata:\n  name: svc\nspec:\n  workload:\n    containerImage: registry.corp/auth-svc:2.2.0\n    resources: high-priority-compute\n';

test('confinedPath: .., absolute paths and symlinked folders that lead out are refused; links that stay inside are fine', () => {
  const root = tempDir('hi-sec-conf-');
  const outside = tempDir('hi-sec-out-');
  mkdirSync(path.join(root, 'inner'));
  symlinkSync(outside, path.join(root, 'out-link'));
  symlinkSync(path.join(root, 'inner'), path.join(root, 'in-link'));
  assert.throws(() => confinedPath(root, '../x'), ConfinementError);
  assert.throws(() => confinedPath(root, '/etc/passwd'), ConfinementError);
  assert.throws(() => confinedPath(root, 'values-../../../x.yaml'), /outside/);
  assert.throws(() => confinedPath(root, 'out-link/x.yaml'), /out-link is a symlink that leads outside/);
  assert.equal(confinedPath(root, 'in-link/x.yaml'), path.join(root, 'in-link', 'x.yaml'));
  assert.throws(() => writeConfined(root, 'out-link/planted.yaml', 'x'), ConfinementError);
  assert.deepEqual(tree(outside), []);
  writeFileSync(path.join(outside, 'victim.txt'), 'keep me');
  assert.throws(() => deleteConfined(root, 'out-link/victim.txt'), ConfinementError);
  assert.equal(readFileSync(path.join(outside, 'victim.txt'), 'utf8'), 'keep me');
});

test('CLI generate: a keyword’s sets.environments "../../../escape" writes nothing outside, and check locates it', async () => {
  const top = tempDir('hi-sec-kw-');
  const ws = path.join(top, 'a', 'b', 'ws');
  mkdirSync(ws, { recursive: true });
  writeFileSync(path.join(ws, 'svc.yaml'), SERVICE_INTENT);
  writeFileSync(
    path.join(ws, '.helm-intent.yaml'),
    'keywords:\n  high-priority-compute:\n    description: evil\n    sets:\n      resources: { profile: large }\n      environments:\n        ../../../escape: { replicas: 2 }\n',
  );
  const outsideBefore = tree(top).filter((p) => !p.startsWith('a/b/ws'));
  const gen = await runCli(['generate', 'svc.yaml', '--yes'], ws);
  assert.deepEqual(
    tree(top).filter((p) => !p.startsWith('a/b/ws')),
    outsideBefore,
    'nothing appeared outside the workspace',
  );
  assert.ok(!tree(ws).some((p) => /escape/.test(p)), gen.stdout);
  const check = await runCli(['check', '.helm-intent.yaml'], ws);
  assert.equal(check.code, 1);
  assert.match(
    check.stdout + check.stderr,
    /^\.helm-intent\.yaml:7:\d+: error invalid-environment-name Keyword 'high-priority-compute' sets environment '\.\.\/\.\.\/\.\.\/escape'[^\n]*$/m,
  );
});

test('engine: a generated path that leaves the chart refuses the whole write before anything is written', () => {
  const top = tempDir('hi-sec-plan-');
  const chart = path.join(top, 'chart');
  assert.throws(
    () =>
      planChartWrite(chart, [
        { path: 'Chart.yaml', content: 'x' },
        { path: 'values-../../../escape.yaml', content: 'pwned' },
      ]),
    /refused to touch values-\.\.\/\.\.\/\.\.\/escape\.yaml: it is outside/,
  );
  assert.deepEqual(tree(top), []);
});

test('CLI generate: chartOutputDir ../outside or an absolute path is a config error and no chart lands there', async () => {
  for (const dir of ['../outside', '/tmp/hi-sec-absolute-target']) {
    const top = tempDir('hi-sec-out-');
    const ws = path.join(top, 'ws');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'my-service.yaml'), REFERENCE_INTENT);
    writeFileSync(path.join(ws, '.helm-intent.yaml'), `chartOutputDir: ${dir}\n`);
    await runCli(['generate', 'my-service.yaml', '--yes'], ws);
    assert.ok(!existsSync(path.join(top, 'outside')), `nothing under ${dir}`);
    assert.ok(!existsSync('/tmp/hi-sec-absolute-target'));
    const check = await runCli(['check', '.helm-intent.yaml'], ws);
    assert.match(
      check.stdout + check.stderr,
      /^\.helm-intent\.yaml:1:\d+: error chart-output-outside chartOutputDir '[^']+' leaves the folder of \.helm-intent\.yaml[^\n]*$/m,
    );
  }
});

test('CLI generate --yes --force: a symlinked templates/ folder is refused in one line; files behind it are neither written nor deleted', async () => {
  const top = tempDir('hi-sec-link-');
  const ws = path.join(top, 'ws');
  const victim = path.join(top, 'victim');
  mkdirSync(ws);
  writeFileSync(path.join(ws, 'my-service.yaml'), REFERENCE_INTENT);
  const first = await runCli(['generate', 'my-service.yaml', '--yes'], ws);
  assert.equal(first.code, 0, first.stderr);
  const chart = path.join(ws, 'charts', 'my-service');
  // The chart's templates move "outside" and a link takes their place: same content, same hashes.
  cpSync(path.join(chart, 'templates'), victim, { recursive: true });
  rmSync(path.join(chart, 'templates'), { recursive: true });
  symlinkSync(victim, path.join(chart, 'templates'));
  writeFileSync(path.join(victim, 'deployment.yaml'), 'edited outside\n');
  const snapshot = () =>
    tree(victim).map((p) => [
      p,
      statSync(path.join(victim, p)).isFile() ? readFileSync(path.join(victim, p), 'utf8') : 'dir',
    ]);
  const before = snapshot();
  const second = await runCli(['generate', 'my-service.yaml', '--yes', '--force'], ws);
  assert.notEqual(second.code, 0);
  assert.match(
    second.stderr,
    /^helm-intent generate: refused to touch templates\/[^:]+: templates is a symlink that leads outside [^\n]+\n$/,
  );
  assert.deepEqual(snapshot(), before, 'the files behind the link are untouched');
});

test('engine: a previously generated file is deleted only while it matches its recorded hash, even with force', () => {
  const chart = tempDir('hi-sec-del-');
  applyChartWrite(
    planChartWrite(chart, [
      { path: 'Chart.yaml', content: 'a\n' },
      { path: 'templates/old.yaml', content: 'old\n' },
      { path: 'templates/gone.yaml', content: 'gone\n' },
    ]),
  );
  writeFileSync(path.join(chart, 'templates/old.yaml'), 'the user edited this\n');
  const plan = planChartWrite(chart, [{ path: 'Chart.yaml', content: 'a\n' }], { force: true });
  assert.equal(plan.files.find((f) => f.path === 'templates/old.yaml')?.action, 'keep-removed');
  assert.equal(plan.files.find((f) => f.path === 'templates/gone.yaml')?.action, 'delete');
  applyChartWrite(plan);
  assert.equal(readFileSync(path.join(chart, 'templates/old.yaml'), 'utf8'), 'the user edited this\n');
  assert.ok(!existsSync(path.join(chart, 'templates/gone.yaml')));
});

test('AI answer cache: a .helm-intent symlink out of the workspace is refused; nothing lands behind it', () => {
  const ws = tempDir('hi-sec-cache-');
  const outside = tempDir('hi-sec-cache-out-');
  symlinkSync(outside, path.join(ws, '.helm-intent'));
  assert.throws(() => aiCacheDir(ws), /\.helm-intent is a symlink that leads outside/);
  assert.deepEqual(tree(outside), []);
});
