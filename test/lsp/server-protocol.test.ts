import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
} from 'vscode-languageserver-protocol';
import { applyEdits, LspClient } from '../support/lsp-client';
import { locate, REFERENCE_INTENT, replaceOnce } from '../support/fixtures';

let client: LspClient;
let ws: string;
const uriOf = (rel: string) => pathToFileURL(path.join(ws, rel)).href;

before(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'hi-lsp-'));
  mkdirSync(path.join(ws, 'intent'));
  mkdirSync(path.join(ws, 'team'));
  // A platform config in team/ that defines an extra profile and a stricter production tier.
  writeFileSync(
    path.join(ws, 'team', '.helm-intent.yaml'),
    'profiles:\n  xlarge: {requests: {cpu: "4", memory: 8Gi}, limits: {cpu: "8", memory: 16Gi}}\ntiers:\n  production: {minReplicas: 3}\n',
  );
  client = await LspClient.start({ rootDir: ws });
});

after(async () => {
  await client.stop();
  rmSync(ws, { recursive: true, force: true });
});

test('initialize advertises the features', () => {
  const caps = (client.initializeResult as InitializeResult).capabilities;
  const sync = caps.textDocumentSync as { change?: number; openClose?: boolean; save?: unknown };
  assert.equal(sync.change, 2, 'incremental sync');
  assert.equal(sync.openClose, true);
  assert.ok(sync.save, 'save notifications trigger the chart review');
  assert.ok(caps.completionProvider);
  assert.equal(caps.hoverProvider, true);
  assert.ok(caps.codeActionProvider);
  assert.equal(caps.documentSymbolProvider, true);
  assert.equal(caps.foldingRangeProvider, true);
});

test('reference intent: no diagnostics; a broken tier is located exactly; the quick-fix makes it clean', async () => {
  const uri = uriOf('intent/my-service.yaml');
  assert.deepEqual(await client.open(uri, REFERENCE_INTENT), []);
  const tier = locate(REFERENCE_INTENT, 'production');
  const diags = await client.edit(
    uri,
    { start: tier, end: { line: tier.line, character: tier.character + 'production'.length } },
    'prodution',
  );
  assert.equal(diags.length, 1);
  assert.equal(diags[0].code, 'schema-enum');
  assert.equal(diags[0].source, 'helm-intent');
  assert.deepEqual(diags[0].range, {
    start: tier,
    end: { line: tier.line, character: tier.character + 'prodution'.length },
  });
  const broken = replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: prodution');
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diags[0].range,
    context: { diagnostics: diags },
  });
  const preferred = actions.find((a) => a.isPreferred)!;
  assert.equal(preferred.title, "Change to 'production'");
  const fixed = applyEdits(broken, preferred.edit!.changes![uri]);
  assert.equal(fixed, REFERENCE_INTENT);
  assert.deepEqual(await client.change(uri, fixed), []);
});

test('completion: enum values after `tier: `, missing keys only, profiles from the platform config', async () => {
  const uri = uriOf('intent/my-service.yaml');
  const text = replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: ');
  await client.change(uri, text);
  const pos = locate(text, 'tier: ');
  const items = await client.request<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri },
    position: { line: pos.line, character: pos.character + 6 },
  });
  assert.deepEqual(items.map((i) => i.label).sort(), ['development', 'production', 'staging']);

  const withBlank = replaceOnce(REFERENCE_INTENT, '  security:\n', '  \n  security:\n');
  await client.change(uri, withBlank);
  const blank = locate(withBlank, '  \n  security:');
  const keys = (
    await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: blank.line, character: 2 },
    })
  ).map((i) => i.label);
  for (const k of ['workload', 'replicas', 'env', 'secrets', 'dependencies', 'environments'])
    assert.ok(keys.includes(k), `missing ${k}`);
  for (const present of ['image', 'tier', 'resources', 'autoscaling', 'rollout', 'probe'])
    assert.ok(!keys.includes(present), `${present} is already present`);

  const teamUri = uriOf('team/api.intent.yaml');
  const teamText = replaceOnce(REFERENCE_INTENT, 'profile: medium # CPU: 500m/1000m, Memory: 512Mi/1Gi', 'profile: ');
  await client.open(teamUri, teamText);
  const p = locate(teamText, 'profile: ');
  const profiles = (
    await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: teamUri },
      position: { line: p.line, character: p.character + 9 },
    })
  ).map((i) => i.label);
  assert.deepEqual(profiles, ['small', 'medium', 'large', 'xlarge']);
  client.close(teamUri);
});

test('completion in an empty intent file offers scaffolds', async () => {
  const uri = uriOf('intent/new.yaml');
  await client.open(uri, '');
  const items = await client.request<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri },
    position: { line: 0, character: 0 },
  });
  assert.ok(items.some((i) => i.label.startsWith('DeploymentIntent')));
  assert.ok(items.some((i) => i.label === 'ServiceIntent'));
  client.close(uri);
});

test('hover shows the docs and the effective value under the platform config', async () => {
  const uri = uriOf('intent/my-service.yaml');
  await client.change(uri, REFERENCE_INTENT);
  const pos = locate(REFERENCE_INTENT, 'medium');
  const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: pos });
  const text = (h.contents as { value: string }).value;
  assert.match(text, /resource profile/i);
  assert.match(text, /\| requests \| 500m \| 512Mi \|/);
  assert.match(text, /\| limits \| 1000m \| 1Gi \|/);
  const t = await client.request<Hover>('textDocument/hover', {
    textDocument: { uri },
    position: locate(REFERENCE_INTENT, 'tier'),
  });
  assert.match((t.contents as { value: string }).value, /at least \*\*2\*\* replica/);
});

test('the nearest .helm-intent.yaml applies, and its edits re-check open intents', async () => {
  const uri = uriOf('team/svc.intent.yaml');
  const diags = await client.open(uri, REFERENCE_INTENT);
  assert.deepEqual(
    diags.map((d) => d.code),
    ['tier-min-replicas'],
    'team config needs 3 production replicas',
  );
  const cfgUri = uriOf('team/.helm-intent.yaml');
  const wait = client.nextDiagnostics(uri, undefined);
  const cfgDiags = client.nextDiagnostics(cfgUri, 1);
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: {
      uri: cfgUri,
      languageId: 'yaml',
      version: 1,
      text: 'tiers:\n  production: {minReplicas: 2}\n  prod: {}\n',
    },
  });
  const configProblems = await cfgDiags;
  assert.deepEqual(
    configProblems.map((d) => d.code),
    ['unknown-key'],
  );
  assert.equal(configProblems[0].range.start.line, 2);
  // An invalid config falls back to the defaults, so the intent is clean again (minReplicas 2).
  assert.deepEqual(await wait, []);
  client.close(cfgUri);
  client.close(uri);
});

test('YAML files that are not intents get no diagnostics and no completion', async () => {
  const uri = uriOf('k8s/deploy.yaml');
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: "three"\n';
  assert.deepEqual(await client.open(uri, text, 'yaml'), []);
  const items = await client.request<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri },
    position: { line: 5, character: 4 },
  });
  assert.deepEqual(items, []);
  client.close(uri);
});

test('a plain .yaml file with kind: DeploymentIntent is an intent', async () => {
  const uri = uriOf('deploy/app.yaml');
  const diags = await client.open(uri, replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: prod'), 'yaml');
  assert.deepEqual(
    diags.map((d) => d.code),
    ['schema-enum'],
  );
  client.close(uri);
});

test('outline and folding', async () => {
  const uri = uriOf('intent/my-service.yaml');
  await client.change(uri, REFERENCE_INTENT);
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols[0].name, 'DeploymentIntent my-service');
  const spec = symbols[0].children!.find((s) => s.name === 'spec')!;
  assert.deepEqual(
    spec.children!.map((s) => s.name),
    ['image', 'tier', 'resources', 'autoscaling', 'rollout', 'security', 'probe'],
  );
  const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  const rollout = locate(REFERENCE_INTENT, 'rollout:').line;
  assert.ok(
    folds.some((f) => f.startLine === rollout && f.endLine === locate(REFERENCE_INTENT, 'setWeight: 100').line),
  );
});

test('closing a document clears its diagnostics', async () => {
  const uri = uriOf('intent/broken.yaml');
  assert.equal((await client.open(uri, 'kind: DeploymentIntent\n')).length > 0, true);
  const cleared = client.nextDiagnostics(uri);
  client.close(uri);
  assert.deepEqual(await cleared, []);
});
