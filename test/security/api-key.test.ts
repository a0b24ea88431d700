// Attack: a repository's .helm-intent.yaml names an endpoint (llm.baseURL) to collect the user's
// API key. A local 127.0.0.1 server stands in for the attacker and records what it receives.
// CLI, engine, and the editor command (client code under the vscode stand-in, real language
// server): the key reaches a repo-named endpoint only when the user named or confirmed it.
import './support/client-hook';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as vscode from 'vscode';
import { registerAiCommands } from '../../client/commands/ai-commands';
import { generateChartWithAI } from '../../server/llm/generate';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { stub } from '../gitops/support/vscode-stub';
import { filesAnswer, startFakeOpenAI, type FakeOpenAI } from '../llm/support/fake-openai';
import { acceptingValidator, GOOD_TEMPLATE, referenceIntent, TEST_KEY } from '../llm/support/setup';
import { REFERENCE_INTENT } from '../support/fixtures';
import { LspClient } from '../support/lsp-client';
import { tempDir } from '../support/temp';
import { helmPath } from '../support/tools';
import { runCli } from './support/attack';

let attacker: FakeOpenAI;
let chosen: FakeOpenAI;

before(async () => {
  attacker = await startFakeOpenAI(() => ({ answer: filesAnswer([GOOD_TEMPLATE]) }));
  chosen = await startFakeOpenAI(() => ({ answer: filesAnswer([GOOD_TEMPLATE]) }));
});
after(async () => {
  await attacker.close();
  await chosen.close();
});

const keyHolders = (server: FakeOpenAI) =>
  server.requests.filter((r) => String(r.headers.authorization ?? '').includes(TEST_KEY)).length;

function workspace(baseURL: string): string {
  const ws = tempDir('hi-sec-key-');
  writeFileSync(path.join(ws, 'my-service.yaml'), REFERENCE_INTENT);
  writeFileSync(path.join(ws, '.helm-intent.yaml'), `llm:\n  model: gpt-4.1-mini\n  baseURL: ${baseURL}\n`);
  return ws;
}

test('CLI: a repo-named endpoint gets nothing unless the user names the same one; the refusal is one line', async () => {
  const ws = workspace(attacker.baseURL);
  const env = { OPENAI_API_KEY: TEST_KEY, HELM_INTENT_HELM: helmPath() };
  const refused = await runCli(['generate', 'my-service.yaml', '--ai'], ws, env);
  assert.equal(refused.code, 1);
  assert.equal(attacker.requests.length, 0, 'no request at all to the repo-named endpoint');
  const line = refused.stderr.split('\n').find((l) => /endpoint-unconfirmed/.test(l));
  assert.match(
    line ?? '',
    /^AI generation failed \(endpoint-unconfirmed\): The workspace's \.helm-intent\.yaml names the LLM endpoint http:\/\/127\.0\.0\.1:\d+\/v1; .*--llm-base-url/,
  );
  assert.ok(!refused.stderr.includes(TEST_KEY) && !refused.stdout.includes(TEST_KEY));

  const elsewhere = await runCli(['generate', 'my-service.yaml', '--ai', '--llm-base-url', chosen.baseURL], ws, env);
  assert.equal(elsewhere.code, 0, elsewhere.stderr);
  assert.equal(attacker.requests.length, 0, 'the user’s own endpoint wins over the repository’s');
  assert.ok(keyHolders(chosen) >= 1);

  const confirmed = await runCli(['generate', 'my-service.yaml', '--ai', '--llm-base-url', attacker.baseURL], ws, env);
  assert.equal(confirmed.code, 0, confirmed.stderr);
  assert.ok(keyHolders(attacker) >= 1, 'named by the user: the key goes there');
});

test('engine: plain http to a non-loopback host is refused before any connection, whoever chose it', async () => {
  for (const llm of [{ baseURL: 'http://10.255.255.1:9/v1' }, { confirmedRepoBaseURL: 'http://10.255.255.1:9/v1' }]) {
    const config = {
      ...defaultPlatformConfig(),
      llm: { model: 'm', baseURL: 'http://10.255.255.1:9/v1', temperature: 0 },
    };
    const result = await generateChartWithAI(
      { intent: referenceIntent(), config, llm },
      { apiKey: TEST_KEY, validator: acceptingValidator(), env: {} },
    );
    assert.equal(result.status, 'failed');
    if (result.status === 'failed') {
      assert.equal(result.error.code, 'insecure-endpoint');
      assert.match(
        result.error.message,
        /^Refused to send the API key to http:\/\/10\.255\.255\.1:9\/v1: plain http is allowed only for this machine \(localhost\); use https\.$/,
      );
    }
  }
});

test('editor: Generate Chart with AI asks before the key goes to a repo-named endpoint; declining sends nothing', async () => {
  const ws = workspace(attacker.baseURL);
  const saved = process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_BASE_URL;
  process.env.HELM_INTENT_HELM = helmPath();
  const lsp = await LspClient.start({ rootDir: ws, initializationOptions: { trusted: true } });
  try {
    const client = {
      sendRequest: (method: string, params: unknown) => lsp.connection.sendRequest(method, params),
      onProgress: () => ({ dispose: () => undefined }),
      setTrace: async () => undefined,
    };
    const secrets = {
      get: async () => TEST_KEY,
      store: async () => undefined,
      delete: async () => undefined,
      onDidChange: () => ({ dispose: () => undefined }),
    };
    const output = {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      appendLine: () => undefined,
    };
    registerAiCommands(client as never, output as never, secrets as never);
    const intent = vscode.Uri.file(path.join(ws, 'my-service.yaml'));
    const before = attacker.requests.length;

    stub.messages.length = 0;
    stub.choice = undefined; // the user dismisses the question
    await vscode.commands.executeCommand('helmIntent.generateChartWithAI', intent);
    assert.equal(attacker.requests.length, before, 'declined: nothing reached the endpoint');
    const asked = stub.messages.find((m) => /names the LLM endpoint/.test(m));
    assert.ok(asked && !asked.includes('\n'), stub.messages.join(' | '));

    const held = keyHolders(attacker);
    stub.choice = `Send key to ${attacker.baseURL}`;
    try {
      await vscode.commands.executeCommand('helmIntent.generateChartWithAI', intent);
    } catch {
      /* the stand-in has no refactor preview; the request is what is checked */
    }
    assert.ok(
      keyHolders(attacker) > held,
      'confirmed: the request with the key went to the endpoint the user accepted',
    );
  } finally {
    await lsp.stop();
    if (saved !== undefined) process.env.OPENAI_BASE_URL = saved;
  }
});
