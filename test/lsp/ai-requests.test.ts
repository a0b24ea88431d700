// `helmIntent/planChartWithAI` over stdio against the built server (dist/server.js), the scripted
// OpenAI-compatible endpoint of test/llm and real helm.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import {
  WorkDoneProgress,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { REFERENCE_INTENT, replaceOnce } from '../support/fixtures';
import { helmPath } from '../support/tools';
import {
  filesAnswer,
  lastUserMessage,
  startFakeOpenAI,
  type FakeOpenAI,
  type Reply,
  type RecordedRequest,
} from '../llm/support/fake-openai';
import { BROKEN_TEMPLATE, GOOD_TEMPLATE, TEST_KEY } from '../llm/support/setup';
import {
  PLAN_CHART_WITH_AI,
  type PlanChartWithAIParams,
  type PlanChartWithAIResult,
} from '../../server/protocol/ai-protocol';
import { RECORD_CHART } from '../../server/protocol/generate-protocol';

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
type Planned = Extract<PlanChartWithAIResult, { ok: true }>;

let client: LspClient;
let fake: FakeOpenAI;
let ws: string;
let intentUri: string;
let script: (request: RecordedRequest, index: number) => Reply = () => ({ status: 500, message: 'no script' });
/** Everything the server wrote to stdout (every message the client received). */
let received = '';
let tokens = 0;

before(async () => {
  process.env.HELM_INTENT_HELM = helmPath(); // the spawned server validates with this helm
  fake = await startFakeOpenAI((request, index) => script(request, index));
  ws = mkdtempSync(path.join(tmpdir(), 'hi-ai-lsp-'));
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), REFERENCE_INTENT);
  writeFileSync(path.join(ws, '.helm-intent.yaml'), 'chartOutputDir: deploy/charts\n');
  intentUri = pathToFileURL(path.join(ws, 'intent', 'my-service.yaml')).href;
  client = await LspClient.start({ rootDir: ws, initializationOptions: { trusted: true } });
  client.proc.stdout!.on('data', (d: Buffer) => (received += d.toString('utf8')));
});

after(async () => {
  await client.stop();
  await fake.close();
  rmSync(ws, { recursive: true, force: true });
});

/** Sends the request with a fresh workDoneToken and collects the `$/progress` sent on it. */
async function planWithAI(
  params: Partial<PlanChartWithAIParams>,
  cancel?: CancellationTokenSource,
): Promise<{ result: PlanChartWithAIResult; progress: Progress[] }> {
  const workDoneToken = `ai-test-${++tokens}`;
  const progress: Progress[] = [];
  const listening = client.connection.onProgress(WorkDoneProgress.type, workDoneToken, (p) => progress.push(p));
  try {
    const full: PlanChartWithAIParams = {
      uri: intentUri,
      apiKey: TEST_KEY,
      llm: { baseURL: fake.baseURL },
      workDoneToken,
      ...params,
    };
    // (An undefined token would be sent as a second positional parameter.)
    const sent = cancel
      ? client.connection.sendRequest(PLAN_CHART_WITH_AI, full, cancel.token)
      : client.connection.sendRequest(PLAN_CHART_WITH_AI, full);
    const result = (await sent) as PlanChartWithAIResult;
    return { result, progress };
  } finally {
    listening.dispose();
  }
}

function planned(result: PlanChartWithAIResult): Planned {
  assert.ok(result.ok, JSON.stringify(result, null, 1).slice(0, 3000));
  return result as Planned;
}

/** What the VS Code client does once the user accepts the preview: write, then record. */
async function acceptAll(plan: Planned): Promise<void> {
  const written = plan.files.filter((f) => ['create', 'update', 'overwrite', 'merge'].includes(f.action));
  for (const f of written) {
    const target = path.join(plan.chartDir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.merged ?? f.content!);
  }
  const files = plan.files
    .filter((f) => !f.action.startsWith('keep-') && f.action !== 'conflict')
    .map((f) => ({ path: f.path, content: f.content, written: f.merged }));
  const record = await client.request(RECORD_CHART, { chartDir: plan.chartDir, intentUri, files });
  assert.deepEqual(record.skipped, []);
}

test('converged: the AI chart is planned like the compiler’s, with progress on the workDoneToken; a second run comes from the cache', async () => {
  script = () => ({ answer: filesAnswer([GOOD_TEMPLATE]) });
  const before = fake.requests.length;
  const { result, progress } = await planWithAI({});
  const plan = planned(result);
  assert.equal(plan.chartDir, path.join(ws, 'deploy', 'charts', 'my-service'));
  assert.equal(plan.ai.status, 'converged');
  assert.equal(plan.ai.modelCalls, 1);
  assert.equal(plan.ai.fromCache, false);
  assert.deepEqual(plan.ai.changedPaths, [GOOD_TEMPLATE.path]);
  assert.equal(plan.ai.baseURL, fake.baseURL, 'the request’s llm override wins over the platform config');
  assert.ok(
    plan.files.length > 10 && plan.files.every((f) => f.action === 'create'),
    'nothing on disk yet: every file is created',
  );
  assert.equal(plan.files.find((f) => f.path === GOOD_TEMPLATE.path)?.content, GOOD_TEMPLATE.content);
  assert.ok(
    plan.files.some((f) => f.path === 'Chart.yaml') && plan.files.some((f) => f.path === 'templates/_helpers.tpl'),
    'the compiler’s skeleton is part of the chart',
  );
  assert.equal(fake.requests.length, before + 1);
  assert.equal(
    fake.requests[before].headers.authorization,
    `Bearer ${TEST_KEY}`,
    'the key reaches the endpoint (and only the endpoint)',
  );

  assert.equal(progress[0]?.kind, 'begin');
  assert.match((progress[0] as WorkDoneProgressBegin).title, /generating chart with AI/);
  assert.equal(progress.at(-1)?.kind, 'end');
  const reports = progress.filter((p): p is WorkDoneProgressReport => p.kind === 'report').map((p) => p.message ?? '');
  assert.ok(
    reports.some((m) => /Asking .* at http:\/\/127\.0\.0\.1/.test(m)),
    reports.join('\n'),
  );
  assert.ok(
    reports.some((m) => /Validating round 0/.test(m)),
    reports.join('\n'),
  );
  assert.ok(
    reports.some((m) => /validated cleanly/.test(m)),
    reports.join('\n'),
  );

  const cacheDir = path.join(ws, '.helm-intent', 'ai-cache');
  assert.ok(existsSync(path.join(cacheDir, '.gitignore')), 'the workspace cache is git-ignored');
  const again = planned((await planWithAI({})).result);
  assert.equal(again.ai.status, 'converged');
  assert.equal(again.ai.fromCache, true);
  assert.equal(again.ai.modelCalls, 0);
  assert.equal(fake.requests.length, before + 1, 'a cache hit makes no model call');
  assert.deepEqual(again.files, plan.files);

  await acceptAll(plan);
  assert.equal(readFileSync(path.join(plan.chartDir, GOOD_TEMPLATE.path), 'utf8'), GOOD_TEMPLATE.content);
});

test('update with an instruction: the chart on disk (with the user’s edits) is the base; untouched edited and hand-written files stay the user’s', async () => {
  const chartDir = path.join(ws, 'deploy', 'charts', 'my-service');
  assert.ok(existsSync(path.join(chartDir, 'Chart.yaml')), 'the previous test wrote the chart');
  const valuesFile = path.join(chartDir, 'values.yaml');
  const editedValues = readFileSync(valuesFile, 'utf8') + '# tuned by hand\n';
  writeFileSync(valuesFile, editedValues);
  const handWritten = {
    path: 'templates/team-configmap.yaml',
    content: GOOD_TEMPLATE.content.replace('-audit', '-team'),
  };
  writeFileSync(path.join(chartDir, handWritten.path), handWritten.content);

  const instruction = 'Keep audit records for 90 days';
  const changed = { path: GOOD_TEMPLATE.path, content: GOOD_TEMPLATE.content.replace('"30d"', '"90d"') };
  let prompt = '';
  script = (request) => {
    prompt = lastUserMessage(request);
    return { answer: filesAnswer([changed]) };
  };
  const { result, progress } = await planWithAI({ instruction });
  const plan = planned(result);
  assert.match((progress[0] as WorkDoneProgressBegin).title, /updating chart with AI/);
  assert.ok(prompt.includes(instruction), 'the instruction reaches the model');
  assert.ok(prompt.includes('# tuned by hand'), 'the model edits the chart as it is on disk');
  assert.ok(prompt.includes('-team'), 'hand-written files are part of the base');

  const action = (p: string) => plan.files.find((f) => f.path === p)?.action;
  assert.equal(action(changed.path), 'update');
  assert.equal(plan.files.find((f) => f.path === changed.path)?.content, changed.content);
  // values.yaml is planned against what was generated last: the user's edit is kept, not re-recorded as ours.
  assert.equal(action('values.yaml'), 'keep-edited');
  assert.equal(
    action(handWritten.path),
    undefined,
    'a file the user wrote and the model left alone is not claimed as generated',
  );
  assert.equal(action('Chart.yaml'), 'unchanged');
  assert.deepEqual(
    plan.files.filter((f) => !['unchanged', 'keep-edited'].includes(f.action)).map((f) => f.path),
    [changed.path],
  );

  await acceptAll(plan);
  assert.equal(readFileSync(valuesFile, 'utf8'), editedValues, 'the user’s edit survives');
  const record = JSON.parse(readFileSync(path.join(chartDir, '.helm-intent', 'generated.json'), 'utf8'));
  assert.equal(record.files[handWritten.path], undefined);
  assert.notEqual(
    readFileSync(path.join(chartDir, '.helm-intent', 'base', 'values.yaml'), 'utf8'),
    editedValues,
    'the base copy is still what was generated',
  );
});

test('gave-up: no plan, the remaining problems and the best attempt’s file list', async () => {
  script = () => ({ answer: filesAnswer([BROKEN_TEMPLATE]) });
  const before = fake.requests.length;
  // Another model: a different cache key, so the converged chart of the first test is not reused.
  const { result } = await planWithAI({ llm: { baseURL: fake.baseURL, model: 'stubborn-model' } });
  assert.equal(result.ok, false);
  assert.equal('files' in result, false, 'nothing to preview or write');
  assert.equal(result.ai?.status, 'gave-up');
  if (result.ok || result.ai?.status !== 'gave-up') return;
  assert.equal(fake.requests.length - before, 3, 'first answer + 2 repair rounds');
  assert.equal(result.ai.rounds, 3);
  assert.ok(
    result.ai.problems.some((p) => p.file === BROKEN_TEMPLATE.path && /nil pointer/.test(p.message)),
    JSON.stringify(result.ai.problems),
  );
  assert.ok(result.ai.files.includes(BROKEN_TEMPLATE.path) && result.ai.files.includes('Chart.yaml'));
  assert.match(result.message, /problem\(s\) after 2 repair round\(s\); nothing was planned or written/);
});

test('missing key: failed with code missing-key and what to run; no model call', async () => {
  const before = fake.requests.length;
  const { result } = await planWithAI({ apiKey: '' });
  assert.equal(result.ok, false);
  assert.equal(result.ai?.status, 'failed');
  if (result.ai?.status !== 'failed') return;
  assert.equal(result.ai.code, 'missing-key');
  assert.match(result.message, /Helm Intent: Set API Key/);
  assert.equal(fake.requests.length, before);
});

test('$/cancelRequest aborts a hanging model call promptly: failed with code cancelled', async () => {
  script = () => ({ hang: true });
  const before = fake.requests.length;
  const cancel = new CancellationTokenSource();
  const started = performance.now();
  const pending = planWithAI({ llm: { baseURL: fake.baseURL, model: 'slow-model' } }, cancel);
  while (fake.requests.length === before) {
    assert.ok(performance.now() - started < 20_000, 'the model call never started');
    await new Promise((r) => setTimeout(r, 20));
  }
  const cancelledAt = performance.now();
  cancel.cancel();
  const { result, progress } = await pending;
  const afterCancelMs = performance.now() - cancelledAt;
  assert.equal(result.ok, false);
  assert.equal(result.ai?.status, 'failed');
  if (result.ai?.status === 'failed') assert.equal(result.ai.code, 'cancelled');
  assert.ok(afterCancelMs < 3_000, `answered ${afterCancelMs.toFixed(0)} ms after the cancel`);
  assert.equal(progress.at(-1)?.kind, 'end', 'the progress is ended on cancel too');
});

test('an endpoint that echoes the key: the message reaching the client is redacted', async () => {
  script = (request) => ({
    status: 401,
    message: `Incorrect API key provided: ${String(request.headers.authorization)}`,
  });
  const { result } = await planWithAI({ llm: { baseURL: fake.baseURL, model: 'echo-model' } });
  assert.equal(result.ok, false);
  assert.equal(result.ai?.status, 'failed');
  if (result.ok || result.ai?.status !== 'failed') return;
  assert.equal(result.ai.code, 'invalid-key');
  assert.match(result.message, /rejected the API key \(401\)/);
  assert.match(
    result.message,
    /The endpoint said: Incorrect API key provided: Bearer \[redacted\]/,
    'the echo reached the server and was redacted',
  );
  assert.ok(!result.message.includes(TEST_KEY));
});

test('an intent with errors is refused with located errors before any model call', async () => {
  const uri = pathToFileURL(path.join(ws, 'intent', 'broken.yaml')).href;
  await client.open(uri, replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: prod'));
  const before = fake.requests.length;
  const { result } = await planWithAI({ uri });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.ai, undefined);
  assert.deepEqual(
    result.errors.map((e) => [e.code, e.line]),
    [['schema-enum', 8]],
  );
  assert.equal(fake.requests.length, before);
});

test('a server whose workspace is not trusted refuses before any model call', async () => {
  const untrusted = await LspClient.start({ rootDir: ws });
  try {
    const before = fake.requests.length;
    const result = await untrusted.request(PLAN_CHART_WITH_AI, {
      uri: intentUri,
      apiKey: TEST_KEY,
      llm: { baseURL: fake.baseURL, model: 'untrusted-model' },
    });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /only in trusted workspaces/);
    assert.equal(fake.requests.length, before);
  } finally {
    await untrusted.stop();
  }
});

test('the intent’s CodeLens offers Generate with AI', async () => {
  await client.open(intentUri, REFERENCE_INTENT);
  const lenses = await client.request<Array<{ command?: { title: string; command: string; arguments?: unknown[] } }>>(
    'textDocument/codeLens',
    { textDocument: { uri: intentUri } },
  );
  const ai = lenses.find((l) => l.command?.command === 'helmIntent.generateChartWithAI');
  assert.equal(ai?.command?.title, 'Generate with AI');
  assert.deepEqual(ai?.command?.arguments, [intentUri]);
});

test('the key never appears in anything the client received or in the server’s stderr', () => {
  assert.ok(received.includes('"helmIntent.generateChartWithAI"'), 'the raw traffic was captured');
  assert.ok(
    fake.requests.some((r) => r.headers.authorization === `Bearer ${TEST_KEY}`),
    'the key was in use',
  );
  assert.ok(!received.includes(TEST_KEY), 'key in a message to the client');
  assert.ok(!client.stderr.includes(TEST_KEY), 'key in the server’s stderr');
});
