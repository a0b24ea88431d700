// Generate Chart through vscode.commands.executeCommand. The command never writes without the
// user's consent: it opens VS Code's Refactor Preview with every file unticked. The test consents the
// way a user does, through the preview's own commands (tick each entry, Apply) — the product is unchanged.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fileUri, openIntent, waitFor } from './support/workspace';

const INTENT = 'reference/intent/my-service.yaml';
const CHART = 'charts/my-service';
/** What the compiler writes for the reference intent (the Refactor Preview lists each once). */
const FILES = [
  '.helmignore',
  'Chart.yaml',
  'README.md',
  'values.yaml',
  'values.schema.json',
  'templates/NOTES.txt',
  'templates/_helpers.tpl',
  'templates/_pod.tpl',
  'templates/configmap.yaml',
  'templates/deployment.yaml',
  'templates/hpa.yaml',
  'templates/ingress.yaml',
  'templates/networkpolicy.yaml',
  'templates/pdb.yaml',
  'templates/rollout.yaml',
  'templates/service.yaml',
  'templates/serviceaccount.yaml',
  'templates/tests/test-connection.yaml',
];

async function exists(relative: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(fileUri(relative));
    return true;
  } catch {
    return false;
  }
}

/**
 * Ticks every entry of the open Refactor Preview (its tree has focus on the first entry when it opens)
 * and applies it. Ticking a file entry ticks its edits; the loop walks the tree top to bottom.
 */
async function acceptRefactorPreview(entries: number): Promise<void> {
  await vscode.commands.executeCommand('refactorPreview.groupByFile');
  await vscode.commands.executeCommand('list.collapseAll');
  await vscode.commands.executeCommand('list.focusFirst');
  for (let i = 0; i < entries; i++) {
    await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
    await vscode.commands.executeCommand('list.focusDown');
  }
  await vscode.commands.executeCommand('refactorPreview.apply');
}

suite('Generate Chart', () => {
  test('nothing is written until the Refactor Preview is applied; then the whole chart is on disk', async () => {
    const doc = await openIntent(INTENT);
    assert.equal(await exists(`${CHART}/Chart.yaml`), false, 'the chart exists before Generate Chart');
    const running = vscode.commands.executeCommand('helmIntent.generateChart', doc.uri);
    // The preview is open once its commands act; until Apply nothing may be on disk.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(await exists(`${CHART}/Chart.yaml`), false, 'Chart.yaml was written before the preview was applied');
    await acceptRefactorPreview(FILES.length);
    await waitFor('Chart.yaml on disk', async () => ((await exists(`${CHART}/Chart.yaml`)) ? true : undefined));
    void running; // it now waits on its "wrote N files" notification
    const missing = [];
    for (const f of FILES) if (!(await exists(`${CHART}/${f}`))) missing.push(f);
    assert.deepEqual(missing, [], 'files of the preview that are not on disk');
  });

  test('.helm-intent/generated.json records the intent and every generated file', async () => {
    const manifestUri = fileUri(`${CHART}/.helm-intent/generated.json`);
    const manifest = await waitFor('generated.json', async () => {
      try {
        return JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(manifestUri)).toString('utf8'));
      } catch {
        return undefined;
      }
    });
    const text = JSON.stringify(manifest);
    assert.match(text, /my-service\.yaml/, 'generated.json does not name the intent');
    for (const f of ['Chart.yaml', 'values.yaml']) assert.ok(text.includes(f), `generated.json does not list ${f}`);
  });

  test('Open Generated Chart opens its Chart.yaml', async () => {
    const doc = await openIntent(INTENT);
    await vscode.commands.executeCommand('helmIntent.openGeneratedChart', doc.uri);
    const active = await waitFor('Chart.yaml in the active editor', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith(`${CHART}/Chart.yaml`)
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.match(active.document.getText(), /^name: my-service$/m);
  });
});
