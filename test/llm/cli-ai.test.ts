import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { aiExitCode, describeAiResult, runAiGenerationForCli } from '../../server/llm';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { helmPath } from '../support/tools';
import { filesAnswer } from './support/fake-openai';
import { BROKEN_TEMPLATE, GOOD_TEMPLATE, TEST_KEY, fakeOpenAI, referenceIntent } from './support/setup';

/** The default platform config with the model settings pointed at the fake endpoint. */
const llmConfig = (baseURL: string) => ({
  ...defaultPlatformConfig(),
  llm: { model: 'gpt-4.1-mini', baseURL, temperature: 0.1 },
});

test('CLI wiring: OPENAI_API_KEY, workspace cache, real helm validator, summary and exit code', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ answer: filesAnswer([GOOD_TEMPLATE]) }));
  const lines: string[] = [];
  const config = llmConfig(server.baseURL);
  const options = {
    intent: referenceIntent(),
    config,
    env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: server.baseURL, HELM_INTENT_HELM: helmPath() },
    workspaceDir: h.tempDir,
    progress: (l: string) => lines.push(l),
  };
  const result = await runAiGenerationForCli(options);
  assert.equal(result.status, 'converged');
  assert.equal(aiExitCode(result), 0);
  assert.ok(existsSync(path.join(h.tempDir, '.helm-intent', 'ai-cache', `${result.cacheKey}.json`)));
  assert.match(
    describeAiResult(result),
    /AI chart validated \(1 model call\(s\), gpt-4\.1-mini at http:\/\/127\.0\.0\.1:\d+\/v1, prompt chart-gen\/\d+\): 1 file\(s\) changed from the reference chart\.\n {2}templates\/audit-configmap\.yaml\n/,
  );
  assert.ok(lines.every((l) => l.startsWith('ai: ') && l.endsWith('\n')));
  assert.ok(lines.some((l) => /Validating round 0/.test(l)));
  assert.ok(!lines.join('').includes(TEST_KEY));

  const again = await runAiGenerationForCli(options);
  assert.match(describeAiResult(again), /AI chart from cache \(0 model call/);
  assert.equal(server.requests.length, 1);
});

test('CLI wiring: no OPENAI_API_KEY → exit 1 and the variable to set; a chart that never validates → exit 1 with its problems', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ answer: filesAnswer([BROKEN_TEMPLATE]) }));
  const config = llmConfig(server.baseURL);
  const base = {
    intent: referenceIntent(),
    config,
    workspaceDir: h.tempDir,
    cacheDir: false as const,
    progress: () => {},
  };
  const missing = await runAiGenerationForCli({ ...base, env: { OPENAI_BASE_URL: server.baseURL } });
  assert.equal(aiExitCode(missing), 1);
  assert.match(
    describeAiResult(missing),
    /^AI generation failed \(missing-key\): .*Set the OPENAI_API_KEY environment variable to the key\./,
  );
  assert.equal(server.requests.length, 0);

  const gaveUp = await runAiGenerationForCli({
    ...base,
    env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: server.baseURL, HELM_INTENT_HELM: helmPath() },
  });
  assert.equal(aiExitCode(gaveUp), 1);
  const summary = describeAiResult(gaveUp);
  assert.match(summary, /still fails validation after 2 repair round\(s\) .* nothing is written\. Remaining problems:/);
  assert.match(summary, /templates\/audit-configmap\.yaml: .*nil pointer/s);
  assert.ok(!existsSync(path.join(h.tempDir, '.helm-intent')), 'cache disabled: nothing written to the workspace');
});
