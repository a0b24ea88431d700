// In the editor, the policies folder is part of the review: a policy file that cannot be loaded is an
// error in the Problems panel on its own line, and saving the fixed file reviews the chart again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../server/cli';
import { REFERENCE_INTENT } from '../support/fixtures';
import { LspClient } from '../support/lsp-client';
import { helmPath } from '../support/tools';

let ws: string;

const GOOD = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: require-cost-center}
spec:
  rules:
    - name: check-label
      match: {any: [{resources: {kinds: [Deployment]}}]}
      validate:
        failureAction: Enforce
        message: "label cost-center is required"
        pattern: {metadata: {labels: {cost-center: "?*"}}}
`;
// The same policy with \`rules\` written as a mapping: not loadable.
const BROKEN = GOOD.replace(/ {2}rules:\n[\s\S]*$/, '  rules: {check-label: {}}\n');

before(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'hi-policy-folder-'));
  mkdirSync(path.join(ws, 'intent'));
  mkdirSync(path.join(ws, 'policies'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), REFERENCE_INTENT);
  writeFileSync(path.join(ws, '.helm-intent.yaml'), 'policiesDir: policies\n');
  writeFileSync(path.join(ws, 'policies', 'cost-center.yaml'), BROKEN);
  const code = await main(['generate', 'intent/my-service.yaml', '--yes'], {
    out: () => undefined,
    err: () => undefined,
    cwd: ws,
    env: {},
  });
  assert.equal(code, 0);
});
after(() => rmSync(ws, { recursive: true, force: true }));

test(
  'a broken policy file is an error on its line; saving it fixed reviews the chart with the policy',
  { timeout: 120_000 },
  async () => {
    const client = await LspClient.start({
      rootDir: ws,
      initializationOptions: { trusted: true, helmPath: helmPath() },
    });
    const policyFile = path.join(ws, 'policies', 'cost-center.yaml');
    const policyUri = pathToFileURL(policyFile).href;
    const templateUri = pathToFileURL(path.join(ws, 'charts', 'my-service', 'templates', 'deployment.yaml')).href;
    const codesOf = (uri: string) => (client.latest.get(uri)?.diagnostics ?? []).map((d) => d.code);
    try {
      const first = client.reviewDone();
      client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: templateUri, languageId: 'helm', version: 1, text: '' },
      });
      assert.equal((await first).state, 'done');
      const load = client.latest.get(policyUri)?.diagnostics.find((d) => d.code === 'policy-load');
      assert.ok(load, JSON.stringify([...client.latest.keys()]));
      assert.equal(load.severity, 1);
      assert.equal(load.range.start.line, 0);
      assert.match(load.message, /require-cost-center/);
      assert.ok(!codesOf(templateUri).includes('require-cost-center/check-label'), 'the broken policy was not run');

      // The user opens the policy file (the unchanged chart is not reviewed anew), fixes it and saves.
      const opened = client.reviewDone();
      client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: policyUri, languageId: 'yaml', version: 1, text: BROKEN },
      });
      assert.equal((await opened).state, 'done');
      writeFileSync(policyFile, GOOD);
      const again = client.reviewDone();
      client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: policyUri } });
      assert.equal((await again).state, 'done');
      assert.deepEqual(codesOf(policyUri), [], 'the load error is gone');
      // The chart renders an Argo Rollout, held to Deployment rules: the finding is on its labels line.
      const rollout = readFileSync(path.join(ws, 'charts', 'my-service', 'templates', 'rollout.yaml'), 'utf8');
      const hit = client.latest
        .get(pathToFileURL(path.join(ws, 'charts', 'my-service', 'templates', 'rollout.yaml')).href)
        ?.diagnostics.find((d) => d.code === 'require-cost-center/check-label');
      assert.ok(hit, JSON.stringify([...client.latest.keys()]));
      assert.match(rollout.split('\n')[hit.range.start.line], /labels:/);
    } finally {
      await client.stop();
    }
  },
);
