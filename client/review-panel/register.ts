/**
 * "Helm Intent: Open Chart Review": from the palette, the intent's CodeLens, or Chart.yaml in the
 * explorer. Finds the chart the argument (or the active editor) belongs to and opens its panel.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { targetFor } from '../chart-target';
import { engine } from '../engine';
import { kubeSelection, onDidChangeKubeSelection, setKubeSelection } from '../kube-context-status';
import { LspReviewSource } from './lsp-review-source';
import type * as ReviewPanelModule from './review-panel';
import type { HostMessage } from '../../server/protocol/webview-protocol';

/** The panel itself (and the webview protocol it validates) loads on first open: dist/review-panel.js, not extension.js. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps the panel out of extension.js
const panelModule = () => require('./review-panel') as typeof ReviewPanelModule;

export const OPEN_CHART_REVIEW = 'helmIntent.openChartReview';

// Lives here, not in the lazily loaded panel bundle, so activation can export it before any panel opens.
const posted = new vscode.EventEmitter<HostMessage>();
/** Every message a Chart Review panel posts to its webview; part of the extension's exports so the extension-host tests can observe the panel. */
export const onDidPostReviewMessage = posted.event;

export function registerChartReview(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  output: vscode.LogOutputChannel,
): vscode.Disposable[] {
  // The language server's review for the objects and findings; the status engine, loaded on first use, for the cluster.
  let panelContext: ReviewPanelModule.ReviewPanelContext | undefined;
  const panelContextNow = (): ReviewPanelModule.ReviewPanelContext =>
    (panelContext ??= {
      extensionUri: context.extensionUri,
      output,
      dataSource: new LspReviewSource(client),
      liveStatus: new (engine().KubeStatusSource)(),
      kube: { selection: kubeSelection, select: setKubeSelection, onDidChange: onDidChangeKubeSelection },
      onPost: (message) => posted.fire(message),
    });
  return [
    vscode.commands.registerCommand(OPEN_CHART_REVIEW, async (arg?: unknown) => {
      try {
        const target = await targetFor(arg, client);
        if (!target) return;
        try {
          await vscode.workspace.fs.stat(vscode.Uri.file(path.join(target.chartDir, 'Chart.yaml')));
        } catch {
          const choice = await vscode.window.showWarningMessage(
            `No chart at ${target.chartDir} yet.`,
            ...(target.intentFile ? ['Generate Chart'] : []),
          );
          if (choice === 'Generate Chart')
            await vscode.commands.executeCommand('helmIntent.generateChart', vscode.Uri.file(target.intentFile!));
          return;
        }
        panelModule().ChartReviewPanel.show(panelContextNow(), target);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        output.error(`Open Chart Review: ${message}`);
        void vscode.window.showErrorMessage(`Open Chart Review: ${message}`);
      }
    }),
  ];
}
