// The AI generator end to end: real `openai` SDK → scripted local endpoint, real helm validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { compileChart } from '../../server/compiler';
import { generateChartWithAI } from '../../server/llm';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { filesAnswer, lastUserMessage } from './support/fake-openai';
import {
  BROKEN_TEMPLATE,
  GOOD_TEMPLATE,
  TEST_KEY,
  exampleIntent,
  fakeOpenAI,
  referenceIntent,
  request,
} from './support/setup';

test('a good answer: strict json_schema request with intent, standards and skeleton; validated chart = skeleton + the new file', async (t) => {
  const { server, h } = await fakeOpenAI(t, [{ answer: filesAnswer([GOOD_TEMPLATE]) }]);
  const intent = referenceIntent();
  (intent.spec as { requirements?: string[] }).requirements = ['Add an audit ConfigMap with a 30 day retention'];
  const result = await generateChartWithAI(request(server.baseURL, { intent }), h.deps);
  assert.equal(result.status, 'converged', JSON.stringify(result, null, 1).slice(0, 2000));
  assert.equal(result.fromCache, false);
  assert.deepEqual(result.changedPaths, [GOOD_TEMPLATE.path]);
  const skeleton = compileChart(intent, defaultPlatformConfig());
  assert.deepEqual(
    result.files.map((f) => f.path),
    [...skeleton.map((f) => f.path), GOOD_TEMPLATE.path].sort(),
  );
  assert.equal(result.files.find((f) => f.path === GOOD_TEMPLATE.path)?.content, GOOD_TEMPLATE.content);
  assert.equal(
    result.files.find((f) => f.path === 'values.yaml')?.content,
    skeleton.find((f) => f.path === 'values.yaml')?.content,
  );
  assert.equal(result.modelCalls, 1);

  assert.equal(server.requests.length, 1);
  const sent = server.requests[0];
  assert.equal(sent.path, '/v1/chat/completions');
  assert.equal(sent.headers.authorization, `Bearer ${TEST_KEY}`);
  assert.equal(sent.body.model, 'gpt-4.1-mini');
  assert.equal(sent.body.temperature, 0.1);
  assert.equal(sent.body.stream, true);
  assert.equal(sent.body.response_format.type, 'json_schema');
  assert.equal(sent.body.response_format.json_schema.strict, true);
  assert.deepEqual(sent.body.response_format.json_schema.schema.required, ['files']);
  assert.deepEqual(sent.body.response_format.json_schema.schema.properties.files.items.required, ['path', 'content']);
  const prompt = lastUserMessage(sent);
  assert.match(prompt, /Add an audit ConfigMap with a 30 day retention/);
  assert.match(prompt, /platform\.example\.com\/tier/, 'mandatory labels with the platform domain');
  assert.match(prompt, /medium: cpu 500m \/ memory 512Mi → cpu 1000m \/ memory 1Gi/, 'resource profiles');
  assert.match(prompt, /production: at least 2 replica/, 'tier policy of the intent tier');
  assert.match(prompt, /repository: 123456789\.dkr\.ecr\.us-east-1\.amazonaws\.com\/my-service/, 'the intent');
  for (const f of skeleton)
    assert.ok(prompt.includes(`===== FILE: ${f.path} =====`), `skeleton file ${f.path} in the prompt`);
  assert.ok(h.progress.some((p) => p.phase === 'request'));
  assert.ok(h.progress.some((p) => p.phase === 'validating' && /round 0/.test(p.message)));
});

test('an answer with a preamble, ```json fences and chatter after it is still read', async (t) => {
  const wrapped = `Sure! Here is the updated chart:\n\n\`\`\`json\n${JSON.stringify({ files: [GOOD_TEMPLATE] }, null, 2)}\n\`\`\`\n\nLet me know if you need anything else {like this}.`;
  const { server, h } = await fakeOpenAI(t, [{ answer: wrapped }]);
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged');
  assert.deepEqual(result.changedPaths, [GOOD_TEMPLATE.path]);
  assert.equal(result.files.find((f) => f.path === GOOD_TEMPLATE.path)?.content, GOOD_TEMPLATE.content);
});

test('an invalid chart is fixed in the first repair round; the feedback carries the helm error', async (t) => {
  const { server, h } = await fakeOpenAI(t, [
    { answer: filesAnswer([BROKEN_TEMPLATE]) },
    { answer: filesAnswer([GOOD_TEMPLATE]) },
  ]);
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged', JSON.stringify(result.attempts, null, 1));
  assert.equal(server.requests.length, 2);
  assert.equal(result.attempts.length, 2);
  assert.ok(result.attempts[0].problems.length > 0);
  assert.deepEqual(result.attempts[1].problems, []);
  assert.equal(result.files.find((f) => f.path === GOOD_TEMPLATE.path)?.content, GOOD_TEMPLATE.content);

  const feedback = lastUserMessage(server.requests[1]);
  assert.match(feedback, /Repair round 1 of 2/);
  assert.match(feedback, /helm (lint|template)/);
  assert.match(feedback, /templates\/audit-configmap\.yaml/);
  assert.match(feedback, /nil pointer evaluating interface \{\}\.retention/);
  assert.doesNotMatch(feedback, /helm-intent-ai-/, 'no temp-folder paths in the feedback');
  // The conversation keeps the first answer, so the model sees what it wrote.
  const messages = server.requests[1].body.messages as Array<{ role: string; content: string }>;
  assert.deepEqual(
    messages.map((m) => m.role),
    ['system', 'user', 'assistant', 'user'],
  );
  assert.ok(messages[2].content.includes('.Values.audit.retention'));
  assert.ok(h.progress.some((p) => p.phase === 'repairing' && p.round === 1));
});

test('a chart that is never fixed: stops after 2 repair rounds, reports the problems, best attempt only for display', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ answer: filesAnswer([BROKEN_TEMPLATE]) }), {
    cacheDir: undefined,
  });
  const cacheDir = path.join(h.tempDir, 'cache');
  const result = await generateChartWithAI(request(server.baseURL), { ...h.deps, cacheDir });
  assert.equal(result.status, 'gave-up');
  assert.equal(server.requests.length, 3, 'first answer + 2 repair rounds, no more');
  assert.equal(result.modelCalls, 3);
  assert.equal(result.attempts.length, 3);
  assert.ok(result.problems.length > 0);
  assert.ok(
    result.problems.every((p) => p.file === 'templates/audit-configmap.yaml'),
    JSON.stringify(result.problems),
  );
  assert.ok(result.problems.some((p) => /nil pointer/.test(p.message)));
  assert.match(lastUserMessage(server.requests[2]), /Repair round 2 of 2/);
  assert.ok(!existsSync(cacheDir) || readdirSync(cacheDir).length === 0, 'a failing chart is never cached');
  assert.ok(h.progress.some((p) => p.phase === 'done' && /Gave up after 2 repair round/.test(p.message)));
});

test('hostile paths are refused with a message each, fed back, and never part of the chart', async (t) => {
  // One row per hostile file: its path and content, then how the refusal shows the path, and why.
  const hostile: Array<[path: string, content: string, shown: string, why: string]> = [
    ['../../x', 'owned', "'../../x'", "'..' would leave the chart folder"],
    ['/etc/x', 'owned', "'/etc/x'", 'absolute paths are not allowed'],
    ['templates\\evil.yaml', 'x: 1', 'templates\\evil.yaml', 'backslashes are not allowed'],
    ['templates/nul\u0000.yaml', 'x: 1', 'templates/nul\\x00.yaml', 'NUL character'],
    ['.git/config', '[core]', '.git/config', "'.git' is reserved"],
    ['Chart.lock', 'x', 'Chart.lock', 'not a chart file'],
    ['templates/big.yaml', '#'.repeat(300 * 1024), 'templates/big.yaml', 'the limit is 256 KB'],
    ['templates/bin.yaml', 'a\u0001b', 'templates/bin.yaml', 'binary content'],
  ];
  const files = hostile.map(([filePath, content]) => ({ path: filePath, content }));
  const { server, h } = await fakeOpenAI(t, () => ({ answer: filesAnswer([...files, GOOD_TEMPLATE]) }));
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'gave-up');
  const paths = result.files.map((f) => f.path);
  assert.ok(paths.includes(GOOD_TEMPLATE.path), 'the safe file of the answer is kept');
  for (const [bad] of hostile) assert.ok(!paths.includes(bad), `${JSON.stringify(bad)} must not be in the chart`);
  const messages = result.problems.map((p) => p.message);
  for (const [, , shown, why] of hostile)
    assert.ok(
      messages.some((m) => m.includes(shown) && m.includes(why)),
      `a message for ${shown} saying "${why}": ${messages.join(' | ')}`,
    );
  assert.equal(result.problems.length, hostile.length, 'one problem per refused file, the rest validates');
  assert.match(lastUserMessage(server.requests[1]), /Refused file '\.\.\/\.\.\/x'/);
  assert.ok(!existsSync(path.resolve(h.tempDir, '../../x')));
});

test('hostile paths once, then a clean answer: converges without them', async (t) => {
  const { server, h } = await fakeOpenAI(t, [
    { answer: filesAnswer([{ path: '../../x', content: 'x' }, GOOD_TEMPLATE]) },
    { answer: filesAnswer([]) },
  ]);
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged');
  assert.deepEqual(result.changedPaths, [GOOD_TEMPLATE.path]);
});

test('truncated JSON every time: a clear "truncated" failure and no chart at all', async (t) => {
  const cut = filesAnswer([GOOD_TEMPLATE]).slice(0, 120);
  const { server, h } = await fakeOpenAI(t, () => ({ answer: cut, finishReason: 'length' }));
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'failed');
  if (result.status !== 'failed') return;
  assert.equal(result.error.code, 'truncated');
  assert.match(result.error.message, /cut off inside the JSON after 120 characters \(the model hit its output limit\)/);
  assert.match(result.error.message, /Nothing was written/);
  assert.equal(server.requests.length, 3, 'asked again twice, shorter');
  assert.match(lastUserMessage(server.requests[1]), /could not be used: the answer was cut off/);
  assert.ok(!('files' in result));
});

test('truncated once, complete the second time: converges', async (t) => {
  const { server, h } = await fakeOpenAI(t, [
    { answer: filesAnswer([GOOD_TEMPLATE]).slice(0, 80), finishReason: 'length' },
    { answer: filesAnswer([GOOD_TEMPLATE]) },
  ]);
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged');
  assert.equal(result.attempts[0].problems[0].source, 'output');
});

test('an update: the current chart is the base, the instruction is in the prompt, prefixed paths are accepted', async (t) => {
  const intent = referenceIntent();
  const current = compileChart(intent, defaultPlatformConfig()).map((f) =>
    f.path === 'values.yaml' ? { ...f, content: f.content + '\n# user edit: keep me\n' } : f,
  );
  const changedValues = current
    .find((f) => f.path === 'values.yaml')!
    .content.replace('replicaCount: 2', 'replicaCount: 4');
  const { server, h } = await fakeOpenAI(t, [
    { answer: filesAnswer([{ path: 'my-service/values.yaml', content: changedValues }]) },
  ]);
  const result = await generateChartWithAI(
    request(server.baseURL, { intent, currentChart: current, instruction: 'Run 4 replicas by default' }),
    h.deps,
  );
  assert.equal(result.status, 'converged', JSON.stringify(result.attempts));
  assert.deepEqual(result.changedPaths, ['values.yaml']);
  const values = parse(result.files.find((f) => f.path === 'values.yaml')!.content) as { replicaCount: number };
  assert.equal(values.replicaCount, 4);
  const prompt = lastUserMessage(server.requests[0]);
  assert.match(prompt, /## User instruction\nRun 4 replicas by default/);
  assert.match(prompt, /the chart currently in the workspace/);
  assert.match(prompt, /# user edit: keep me/);
});

test('a chart with environments and remote dependencies validates per environment (dependencies stubbed offline)', async (t) => {
  const intent = exampleIntent('examples/ai-agent/ai-agent.intent.yaml');
  const { server, h } = await fakeOpenAI(t, [
    { answer: filesAnswer([{ ...GOOD_TEMPLATE, content: GOOD_TEMPLATE.content.replace(/my-service/g, 'ai-agent') }]) },
  ]);
  const result = await generateChartWithAI(request(server.baseURL, { intent }), h.deps);
  assert.equal(result.status, 'converged', JSON.stringify(result.attempts, null, 1));
  assert.ok(
    result.notes.some((n) => /postgresql, redis are not in charts\//.test(n)),
    result.notes.join('\n'),
  );
  assert.ok(!result.files.some((f) => f.path.startsWith('charts/')), 'stubs stay in the validator');
  assert.match(lastUserMessage(server.requests[0]), /staging: at least 1 replica/);
});
