// Validate Chart and the Chart Review panel, on the chart generate.test.ts wrote (charts/my-service),
// with the real helm (.tools/bin/helm through the helmIntent.helmPath user setting).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HelmIntentExports } from '../../client/extension';
import type { HostMessage } from '../../server/protocol/webview-protocol';
import { EXTENSION_ID, fileUri, waitFor } from './support/workspace';

const CHART = 'charts/my-service';
const isPrivilegedError = (d: vscode.Diagnostic) =>
  d.severity === vscode.DiagnosticSeverity.Error && /privileged/i.test(d.message);

async function readText(relative: string): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(fileUri(relative))).toString('utf8');
}
async function writeText(relative: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(relative), Buffer.from(text, 'utf8'));
}

suite('chart review', () => {
  let values: string;
  suiteSetup(async () => {
    values = await readText(`${CHART}/values.yaml`).catch(() => {
      throw new Error(`${CHART}/values.yaml is missing: the Generate Chart tests (generate.test.ts) write it first`);
    });
  });
  suiteTeardown(async () => {
    if (values !== undefined) await writeText(`${CHART}/values.yaml`, values);
  });

  test('Validate Chart reports a privileged container on the template line, and not before', async () => {
    const pod = fileUri(`${CHART}/templates/_pod.tpl`);
    await vscode.commands.executeCommand('helmIntent.validateChart', fileUri(`${CHART}/Chart.yaml`));
    const before = vscode.languages.getDiagnostics(pod).filter(isPrivilegedError);
    assert.deepEqual(
      before.map((d) => d.message),
      [],
      'a privileged-container error before the change',
    );

    const privileged = values.replace(/^( {2}privileged:) false$/m, '$1 true');
    assert.notEqual(privileged, values, 'values.yaml has no "  privileged: false" line');
    await writeText(`${CHART}/values.yaml`, privileged);
    await vscode.commands.executeCommand('helmIntent.validateChart', fileUri(`${CHART}/Chart.yaml`));
    const after = await waitFor('a privileged-container error on _pod.tpl', () => {
      const d = vscode.languages.getDiagnostics(pod).filter(isPrivilegedError);
      return d.length ? d : undefined;
    });
    // test/vscode/run.mjs runs helm through a wrapper that records each run: the review really ran it.
    const marker = process.env.HELM_INTENT_VSCODE_HELM_MARKER;
    if (marker)
      assert.match(readFileSync(marker, 'utf8'), /^(lint|template) /m, 'the review did not run helm lint/template');
    const podText = (await vscode.workspace.openTextDocument(pod)).getText().split('\n');
    assert.match(
      podText[after[0].range.start.line],
      /securityContext/,
      `the error is on "${podText[after[0].range.start.line]}", not the securityContext line`,
    );
    // Every location of the finding is a real file of the workspace (values.yaml and the intent line).
    const related = after[0].relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri.path.endsWith(`${CHART}/values.yaml`)),
      `no related values.yaml location: ${related.map((r) => r.location.uri.path).join(', ')}`,
    );
    await writeText(`${CHART}/values.yaml`, values);
  });

  test('Open Chart Review posts settings, a loading note and the rendered objects to its webview', async () => {
    const api = vscode.extensions.getExtension<HelmIntentExports>(EXTENSION_ID)!.exports;
    assert.ok(api?.onDidPostReviewMessage, 'the extension exports no onDidPostReviewMessage');
    const messages: HostMessage[] = [];
    const sub = api.onDidPostReviewMessage((m) => messages.push(m));
    try {
      await vscode.commands.executeCommand('helmIntent.openChartReview', fileUri(`${CHART}/Chart.yaml`));
      const data = await waitFor('a review-data message', () => messages.find((m) => m.type === 'review-data'), 60_000);
      assert.equal(data.type, 'review-data');
      if (data.type !== 'review-data') return;
      assert.equal(data.data.chart.name, 'my-service');
      const objects = data.data.environments.flatMap((e) => e.objects.map((o) => `${o.kind}/${o.name}`));
      for (const o of ['Rollout/my-service', 'Service/my-service'])
        assert.ok(objects.includes(o), `${o} not rendered; objects: ${objects.join(', ')}`);
      // Settings go out when the webview says it is ready (its script ran in the browser).
      const settings = await waitFor('a settings message (sent when the webview is ready)', () =>
        messages.find((m) => m.type === 'settings'),
      );
      assert.ok(settings.type === 'settings');
      assert.equal(settings.readOnly, true, 'helmIntent.readOnly defaults to true');
      assert.ok(
        messages.findIndex((m) => m.type === 'review-loading') < messages.indexOf(data),
        'no loading note before the data',
      );
    } finally {
      sub.dispose();
    }
  });

  test('turning helmIntent.readOnly off is posted to the open panel', async () => {
    const api = vscode.extensions.getExtension<HelmIntentExports>(EXTENSION_ID)!.exports;
    const messages: HostMessage[] = [];
    const sub = api.onDidPostReviewMessage((m) => messages.push(m));
    const config = vscode.workspace.getConfiguration('helmIntent');
    try {
      await config.update('readOnly', false, vscode.ConfigurationTarget.Global);
      const settings = await waitFor('a settings message with readOnly false', () =>
        messages.find((m) => m.type === 'settings' && !m.readOnly),
      );
      assert.equal(settings.type, 'settings');
    } finally {
      await config.update('readOnly', undefined, vscode.ConfigurationTarget.Global);
      sub.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
