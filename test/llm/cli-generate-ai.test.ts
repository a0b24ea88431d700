// `helm-intent generate --ai` end to end: the built CLI (dist/cli.js) with OPENAI_API_KEY, the
// scripted endpoint named by the workspace's .helm-intent.yaml (llm.baseURL) and real helm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REFERENCE_INTENT, ROOT, replaceOnce } from '../support/fixtures';
import { helmPath } from '../support/tools';
import {
  filesAnswer,
  lastUserMessage,
  startFakeOpenAI,
  type FakeOpenAI,
  type RecordedRequest,
  type Reply,
} from './support/fake-openai';
import { BROKEN_TEMPLATE, GOOD_TEMPLATE, TEST_KEY } from './support/setup';

const CLI = path.join(ROOT, 'dist', 'cli.js');
let fake: FakeOpenAI;
let ws: string;
let script: (request: RecordedRequest, index: number) => Reply = () => ({ status: 500, message: 'no script' });
const chartDir = () => path.join(ws, 'deploy', 'charts', 'my-service');
/** Every byte the CLI printed in this file, to check the key never shows. */
let printed = '';

before(async () => {
  fake = await startFakeOpenAI((request, index) => script(request, index));
  ws = mkdtempSync(path.join(tmpdir(), 'hi-ai-cli-'));
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), REFERENCE_INTENT);
  writeFileSync(
    path.join(ws, '.helm-intent.yaml'),
    `chartOutputDir: deploy/charts\nllm:\n  model: gpt-4.1-mini\n  baseURL: ${fake.baseURL}\n`,
  );
});

after(async () => {
  await fake.close();
  rmSync(ws, { recursive: true, force: true });
});

/** Runs the CLI asynchronously (the fake endpoint lives in this process). */
/** `key: null` runs without OPENAI_API_KEY (never inherited from the test's environment). */
function cli(args: string[], key: string | null = TEST_KEY): Promise<{ code: number; stdout: string; stderr: string }> {
  const { OPENAI_API_KEY: _ignored, OPENAI_BASE_URL: _unused, ...env } = process.env;
  // The repository names the fake endpoint; the user confirms it by naming the same one.
  const confirm = args.includes('--ai') ? ['--llm-base-url', fake.baseURL] : [];
  const child = spawn(process.execPath, [CLI, ...args, ...confirm], {
    cwd: ws,
    env: { ...env, HELM_INTENT_HELM: helmPath(), ...(key === null ? {} : { OPENAI_API_KEY: key }) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      printed += stdout + stderr;
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

test('--ai: a dry run prints the AI chart’s plan; --yes writes it from the cache without a new model call', async () => {
  script = () => ({ answer: filesAnswer([GOOD_TEMPLATE]) });
  const dry = await cli(['generate', 'intent/my-service.yaml', '--ai']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(fake.requests.length, 1);
  assert.equal(
    fake.requests[0].body.model,
    'gpt-4.1-mini',
    'model and endpoint from the platform config’s llm section',
  );
  assert.match(
    dry.stderr,
    /^ai: Asking gpt-4\.1-mini at http:\/\/127\.0\.0\.1:\d+\/v1 for the chart$/m,
    'progress on stderr',
  );
  assert.match(dry.stderr, /^ai: Validating round 0: helm lint --strict and helm template/m);
  assert.match(
    dry.stdout,
    /AI chart validated \(1 model call\(s\), .*\): 1 file\(s\) changed from the reference chart\.\n {2}templates\/audit-configmap\.yaml\n/,
  );
  assert.match(
    dry.stdout,
    /^Chart my-service → deploy\/charts\/my-service\/ \(\d+ files, AI chart validated in [\d.]+ ms\)$/m,
  );
  assert.match(dry.stdout, /^ {2}\+ templates\/audit-configmap\.yaml {2}new/m);
  assert.match(dry.stdout, /^ {2}\+ templates\/_helpers\.tpl {2}new/m, 'the compiler’s skeleton is part of the chart');
  assert.match(dry.stdout, /Dry run: nothing written\. Rerun with --yes .*no new model call/);
  assert.equal(existsSync(chartDir()), false, 'a dry run writes no chart');
  assert.ok(
    existsSync(path.join(ws, '.helm-intent', 'ai-cache', '.gitignore')),
    'the answer cache is in the workspace, git-ignored',
  );

  const write = await cli(['generate', 'intent/my-service.yaml', '--ai', '--yes']);
  assert.equal(write.code, 0, write.stderr);
  assert.equal(fake.requests.length, 1, 'the second run is a cache hit');
  assert.match(write.stdout, /AI chart from cache \(0 model call/);
  assert.match(write.stdout, /^Wrote \d+ file\(s\) and deploy\/charts\/my-service\/\.helm-intent\/generated\.json\.$/m);
  assert.equal(readFileSync(path.join(chartDir(), GOOD_TEMPLATE.path), 'utf8'), GOOD_TEMPLATE.content);
  const record = JSON.parse(readFileSync(path.join(chartDir(), '.helm-intent', 'generated.json'), 'utf8'));
  assert.ok(
    record.files[GOOD_TEMPLATE.path] && record.files['Chart.yaml'],
    'the AI files are recorded like compiled ones',
  );
});

test('--ai --instruction: the chart on disk with the user’s edit is the base; the edit survives the write', async () => {
  const valuesFile = path.join(chartDir(), 'values.yaml');
  const edited = readFileSync(valuesFile, 'utf8') + '# tuned by hand\n';
  writeFileSync(valuesFile, edited);
  const changed = { path: GOOD_TEMPLATE.path, content: GOOD_TEMPLATE.content.replace('"30d"', '"90d"') };
  let prompt = '';
  script = (request) => {
    prompt = lastUserMessage(request);
    return { answer: filesAnswer([changed]) };
  };
  const run = await cli([
    'generate',
    'intent/my-service.yaml',
    '--ai',
    '--instruction',
    'Keep audit records for 90 days',
    '--yes',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(prompt.includes('Keep audit records for 90 days') && prompt.includes('# tuned by hand'));
  assert.match(run.stdout, /^ {2}~ templates\/audit-configmap\.yaml {2}update \(\+1 -1\)$/m);
  assert.match(run.stdout, /^ {2}\* values\.yaml {2}edited by you: kept/m);
  assert.equal(readFileSync(path.join(chartDir(), changed.path), 'utf8'), changed.content);
  assert.equal(readFileSync(valuesFile, 'utf8'), edited, 'the user’s edit is never lost');
});

test('--ai that never validates: problems printed, nothing written, exit 1', async () => {
  script = () => ({ answer: filesAnswer([BROKEN_TEMPLATE]) });
  // A changed intent: a new cache key, so the converged chart is not reused.
  writeFileSync(
    path.join(ws, 'intent', 'my-service.yaml'),
    replaceOnce(REFERENCE_INTENT, 'maxReplicas: 10', 'maxReplicas: 12'),
  );
  const recordBefore = readFileSync(path.join(chartDir(), '.helm-intent', 'generated.json'), 'utf8');
  const before = fake.requests.length;
  const run = await cli(['generate', 'intent/my-service.yaml', '--ai', '--yes']);
  assert.equal(run.code, 1);
  assert.equal(fake.requests.length - before, 3, 'first answer + 2 repair rounds');
  assert.match(
    run.stderr,
    /still fails validation after 2 repair round\(s\) .* nothing is written\. Remaining problems:/,
  );
  assert.match(run.stderr, /templates\/audit-configmap\.yaml: .*nil pointer/s);
  assert.match(run.stderr, /^Best attempt \(not written\): .*templates\/audit-configmap\.yaml/m);
  assert.doesNotMatch(run.stdout, /Wrote/);
  assert.equal(
    readFileSync(path.join(chartDir(), '.helm-intent', 'generated.json'), 'utf8'),
    recordBefore,
    'nothing written',
  );
  assert.doesNotMatch(readFileSync(path.join(chartDir(), 'values.yaml'), 'utf8'), /maxReplicas: 12/);
});

test('--ai without OPENAI_API_KEY: the variable to set, exit 1, no model call; bad flag combinations are usage errors', async () => {
  const before = fake.requests.length;
  const run = await cli(['generate', 'intent/my-service.yaml', '--ai'], null);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /AI generation failed \(missing-key\): .*Set the OPENAI_API_KEY environment variable/);
  assert.equal(fake.requests.length, before);

  const noAi = await cli(['generate', 'intent/my-service.yaml', '--instruction', 'more replicas']);
  assert.equal(noAi.code, 2);
  assert.match(noAi.stderr, /--instruction needs --ai/);
  const version = await cli(['generate', 'intent/my-service.yaml', '--ai', '--chart-version', '1.2.3']);
  assert.equal(version.code, 2);
  assert.match(version.stderr, /--chart-version cannot be combined with --ai/);
});

test('the key is never printed', () => {
  assert.ok(printed.length > 0 && fake.requests.every((r) => r.headers.authorization === `Bearer ${TEST_KEY}`));
  assert.ok(!printed.includes(TEST_KEY));
});
