// In an untrusted workspace (restricted mode) Helm Intent only analyses files: diagnostics work, but
// it runs no helm. The runner gives this session a helm that records every run in
// $HELM_INTENT_VSCODE_HELM_MARKER, and a chart whose values would fail the review (privileged: true).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HelmIntentExports } from '../../../client/extension';
import type { HostMessage } from '../../../server/protocol/webview-protocol';
import {
  codeOf,
  diagnosticsWhen,
  EXTENSION_ID,
  fileUri,
  openIntent,
  revert,
  setText,
  waitFor,
} from '../support/workspace';

const CHART = 'charts/my-service';
const marker = () => {
  const file = process.env.HELM_INTENT_VSCODE_HELM_MARKER;
  if (!file) throw new Error('HELM_INTENT_VSCODE_HELM_MARKER is not set (test/vscode/run.mjs sets it)');
  return file;
};

suite('untrusted workspace', () => {
  test('the workspace is untrusted and the extension is active (limited support)', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await openIntent('reference/intent/my-service.yaml');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('diagnostics still work: a misspelt tier is a schema-enum error', async () => {
    const doc = await openIntent('reference/intent/my-service.yaml');
    try {
      await setText(doc, doc.getText().replace('tier: production', 'tier: prodution'));
      await diagnosticsWhen(doc.uri, 'a schema-enum diagnostic', (d) => d.some((x) => codeOf(x) === 'schema-enum'));
    } finally {
      await revert(doc);
    }
  });

  test('Validate Chart runs no helm and reports nothing on the chart', async () => {
    await vscode.commands.executeCommand('helmIntent.validateChart', fileUri(`${CHART}/Chart.yaml`));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(existsSync(marker()), false, 'helm was run in an untrusted workspace');
    const onChart = vscode.languages
      .getDiagnostics()
      .filter(([uri, d]) => uri.path.includes(`/${CHART}/`) && d.length > 0);
    assert.deepEqual(
      onChart.map(([uri]) => uri.path),
      [],
      'chart files got review diagnostics',
    );
  });

  test('Chart Review says the workspace is untrusted and renders nothing', async () => {
    const api = vscode.extensions.getExtension<HelmIntentExports>(EXTENSION_ID)!.exports;
    const messages: HostMessage[] = [];
    const sub = api.onDidPostReviewMessage((m) => messages.push(m));
    try {
      await vscode.commands.executeCommand('helmIntent.openChartReview', fileUri(`${CHART}/Chart.yaml`));
      const unavailable = await waitFor('a review-unavailable message', () =>
        messages.find((m) => m.type === 'review-unavailable'),
      );
      assert.ok(
        unavailable.type === 'review-unavailable' && unavailable.reason === 'untrusted',
        JSON.stringify(unavailable),
      );
      const settings = await waitFor('a settings message', () => messages.find((m) => m.type === 'settings'));
      assert.ok(settings.type === 'settings' && settings.trusted === false);
      assert.equal(
        messages.some((m) => m.type === 'review-data'),
        false,
        'the panel rendered data',
      );
      assert.equal(existsSync(marker()), false, 'helm was run in an untrusted workspace');
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
