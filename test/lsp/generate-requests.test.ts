import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lsp-client';
import { REFERENCE_INTENT, replaceOnce } from '../support/fixtures';
import { PLAN_CHART, RECORD_CHART, type PlanChartResult } from '../../server/protocol/generate-protocol';

let client: LspClient;
let ws: string;

before(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'hi-gen-'));
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), REFERENCE_INTENT);
  writeFileSync(path.join(ws, '.helm-intent.yaml'), 'chartOutputDir: deploy/charts\n');
  client = await LspClient.start({ rootDir: ws });
});

after(async () => {
  await client.stop();
  rmSync(ws, { recursive: true, force: true });
});

/** Does what the VS Code client does after the user accepts the preview. */
function writeAccepted(plan: Extract<PlanChartResult, { ok: true }>, skip: string[] = []) {
  for (const f of plan.files) {
    if (skip.includes(f.path) || f.action.startsWith('keep-') || f.action === 'unchanged') continue;
    const target = path.join(plan.chartDir, f.path);
    if (f.action === 'delete') rmSync(target, { force: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, f.content!);
    }
  }
}

test('plan → accept → record; a user edit is kept on regenerate; force overwrites it', async () => {
  const uri = pathToFileURL(path.join(ws, 'intent', 'my-service.yaml')).href;
  const plan = await client.request(PLAN_CHART, { uri });
  assert.ok(plan.ok, JSON.stringify(plan));
  assert.equal(
    plan.chartDir,
    path.join(ws, 'deploy', 'charts', 'my-service'),
    'chartOutputDir of the platform config, under its folder',
  );
  assert.ok(plan.files.every((f) => f.action === 'create'));
  assert.ok(plan.files.some((f) => f.path === 'Chart.yaml'));
  assert.ok(plan.files.some((f) => f.path.startsWith('templates/')));

  writeAccepted(
    plan,
    ['NOTES.txt'].filter((p) => plan.files.some((f) => f.path === p)),
  );
  const rec = await client.request(RECORD_CHART, {
    chartDir: plan.chartDir,
    intentUri: uri,
    files: plan.files.map((f) => ({ path: f.path, content: f.content })),
  });
  assert.equal(rec.recorded, plan.files.length - rec.skipped.length);
  const record = JSON.parse(readFileSync(path.join(plan.chartDir, '.helm-intent', 'generated.json'), 'utf8'));
  assert.equal(record.intent, '../../../intent/my-service.yaml');
  assert.ok(existsSync(path.join(plan.chartDir, '.helm-intent', 'base', 'Chart.yaml')));

  // The user edits values.yaml; the intent changes; regenerate keeps the user's file.
  const valuesFile = path.join(plan.chartDir, 'values.yaml');
  writeFileSync(valuesFile, readFileSync(valuesFile, 'utf8') + '# tuned by hand\n');
  const changedIntent = replaceOnce(REFERENCE_INTENT, 'maxReplicas: 10', 'maxReplicas: 12');
  await client.open(uri, changedIntent);
  const again = await client.request(PLAN_CHART, { uri });
  assert.ok(again.ok);
  // A comment appended by the user and maxReplicas changed by the intent merge cleanly (three-way).
  const values = again.files.find((f) => f.path === 'values.yaml')!;
  assert.equal(values.action, 'merge');
  assert.match(values.merged!, /# tuned by hand\n$/);
  assert.match(values.merged!, /maxReplicas: 12/);
  assert.doesNotMatch(values.content!, /tuned by hand/);
  assert.equal(again.files.find((f) => f.path === 'Chart.yaml')!.action, 'unchanged');

  // Accepting the merge writes the merged file; the record keeps the generated version as base.
  writeFileSync(valuesFile, values.merged!);
  await client.request(RECORD_CHART, {
    chartDir: again.chartDir,
    intentUri: uri,
    files: [{ path: 'values.yaml', content: values.content, written: values.merged }],
  });
  assert.equal(readFileSync(path.join(again.chartDir, '.helm-intent', 'base', 'values.yaml'), 'utf8'), values.content);

  // Now the user and the intent change the same line: a conflict; the user's file is kept.
  writeFileSync(valuesFile, readFileSync(valuesFile, 'utf8').replace(/maxReplicas: 12/, 'maxReplicas: 20'));
  await client.change(uri, replaceOnce(REFERENCE_INTENT, 'maxReplicas: 10', 'maxReplicas: 15'));
  const conflicting = await client.request(PLAN_CHART, { uri });
  assert.ok(conflicting.ok);
  const c = conflicting.files.find((f) => f.path === 'values.yaml')!;
  assert.equal(c.action, 'conflict');
  assert.match(
    c.conflictText!,
    /<<<<<<< your edit[\s\S]*maxReplicas: 20[\s\S]*=======[\s\S]*maxReplicas: 15[\s\S]*>>>>>>> generated now/,
  );

  const forced = await client.request(PLAN_CHART, { uri, force: true });
  assert.ok(forced.ok);
  assert.equal(forced.files.find((f) => f.path === 'values.yaml')!.action, 'overwrite');
});

test('an intent with errors is refused with its located errors', async () => {
  const uri = pathToFileURL(path.join(ws, 'intent', 'broken.yaml')).href;
  await client.open(uri, replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: prod'));
  const plan = await client.request(PLAN_CHART, { uri });
  assert.equal(plan.ok, false);
  if (!plan.ok) {
    assert.match(plan.message, /1 error/);
    assert.deepEqual(
      plan.errors.map((e) => [e.code, e.line]),
      [['schema-enum', 8]],
    );
  }
});
