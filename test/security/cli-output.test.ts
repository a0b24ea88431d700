// Attack and accident through the CLI: terminal escape sequences in policy and chart text, a
// dangling symlink in the policies folder, a 20 MB Chart.yaml, and `| head -3`. Each ends in a
// located line and exit 1 (or a quiet end), with no raw escape and no leaked temporary folder.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { sanitizeTerminalText } from '../../server/cli/terminal-output';
import { REFERENCE_INTENT } from '../support/fixtures';
import { tempDir } from '../support/temp';
import { helmPath } from '../support/tools';
import { runCli, writeChart } from './support/attack';

const ESC = '\u001b';

test('sanitizeTerminalText: ESC, CR, BEL, C1 and bidi overrides become visible text; newlines and tabs stay; JSON stays JSON', () => {
  const json = JSON.stringify({ message: `x${ESC}[31m\u009b\u202e\u007f` });
  assert.deepEqual(JSON.parse(sanitizeTerminalText(json)), { message: 'x\u001b[31m\u009b\u202e\u007f' });
  assert.equal(
    sanitizeTerminalText(`a${ESC}[2J${ESC}]0;owned\u0007b\r\nc\td\u009b\u202e`),
    'a\\x1b[2J\\x1b]0;owned\\x07b\nc\td\\u009b\\u202e',
  );
});

test('CLI validate: a policy message with escape sequences and a dangling symlink in policiesDir: located lines, no raw ESC, exit 1, no temp folder left but the compiled chart it names', async () => {
  const ws = tempDir('hi-sec-cli-');
  const tmp = path.join(ws, 'tmp');
  mkdirSync(tmp);
  writeFileSync(path.join(ws, 'my-service.yaml'), REFERENCE_INTENT);
  mkdirSync(path.join(ws, 'policies'));
  writeFileSync(path.join(ws, '.helm-intent.yaml'), 'policiesDir: policies\n');
  symlinkSync(path.join(ws, 'nowhere.yaml'), path.join(ws, 'policies', 'dangling.yaml'));
  writeFileSync(
    path.join(ws, 'policies', 'clear-screen.yaml'),
    [
      'apiVersion: kyverno.io/v1',
      'kind: ClusterPolicy',
      'metadata: { name: clear-screen }',
      'spec:',
      '  rules:',
      '    - name: always',
      '      match: { any: [ { resources: { kinds: [Deployment] } } ] }',
      '      validate:',
      '        message: "\\e[2J\\e]0;ALL CHECKS PASSED\\a"',
      '        deny: {}',
      '',
    ].join('\n'),
  );
  // An intent without a generated chart: validate compiles one into a temporary folder.
  const run = await runCli(['validate', 'my-service.yaml'], ws, { HELM_INTENT_HELM: helmPath(), TMPDIR: tmp });
  assert.equal(run.code, 1, run.stderr);
  const all = run.stdout + run.stderr;
  assert.ok(!all.includes(ESC) && !all.includes('\u0007'), 'no raw escape reaches the terminal');
  assert.match(all, /\\x1b\[2J\\x1b\]0;ALL CHECKS PASSED\\x07/, 'shown as text instead');
  // A policy file the review could not read is a finding like any other, on its own line.
  assert.match(
    run.stdout,
    /^policies\/dangling\.yaml:1:1: error policy-load dangling symlink: it points at nothing; remove it or fix its target$/m,
  );
  // validate keeps the chart it compiled, and names it, so every printed location opens; nothing else stays.
  const kept = readdirSync(tmp).filter((f) => f.startsWith('helm-intent-'));
  assert.deepEqual(
    kept.filter((f) => !run.stderr.includes(`compiled it into ${path.join(tmp, f)}`)),
    [],
    'a temporary folder validate did not name was left',
  );
});

test('CLI validate: a 20 MB Chart.yaml is one located error, read no further', async () => {
  const ws = tempDir('hi-sec-big-');
  writeChart(
    path.join(ws, 'big'),
    `apiVersion: v2\nname: big\nversion: 0.1.0\ndescription: "${'x'.repeat(20 * 1024 * 1024)}"\n`,
  );
  const run = await runCli(['validate', 'big'], ws, { HELM_INTENT_HELM: helmPath() });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^big\/Chart\.yaml:1:1: error chart-file-too-large Chart\.yaml is 20\.0 MB; the limit is 1 MB, so the chart was not reviewed$/m,
  );
});

test('CLI: output into a pipe closed after three lines ends quietly (no EPIPE trace)', async () => {
  const ws = tempDir('hi-sec-pipe-');
  // 3,000 findings, one write each: most of them come after the reader has gone.
  const keys = Array.from({ length: 3000 }, (_, i) => `  unknownKey${i}: 1\n`).join('');
  writeFileSync(
    path.join(ws, 'many.yaml'),
    `apiVersion: synthesis.platform/v1alpha1\nkind: DeploymentIntent\nmetadata:\n  name: x\nspec:\n${keys}`,
  );
  let lines = 0;
  const run = await runCli(['check', 'many.yaml'], ws, {}, (child) => {
    child.stdout!.removeAllListeners('data');
    child.stdout!.on('data', (d: Buffer) => {
      lines += d.toString().split('\n').length - 1;
      if (lines >= 3) child.stdout!.destroy();
    });
  });
  assert.doesNotMatch(run.stderr, /EPIPE|Error:|at .*\.js:\d+/);
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}`);
});
