/**
 * "Helm Intent: Open Chart Review": from the palette, the intent's CodeLens, or Chart.yaml in the
 * explorer. Finds the chart the argument (or the active editor) belongs to and opens its panel.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PLAN_CHART, type PlanChartResult } from '../../server/protocol/generate-protocol';
import { isIntentText } from '../../server/core/intent-kind';
import { findChartDir } from '../../server/review/chart-source';
import { KubeStatusSource } from './kube-status-source';
import { liveStatusSource, setLiveStatusSource } from './live-status';
import { ChartReviewPanel, type PanelTarget } from './review-panel';

export const OPEN_CHART_REVIEW = 'helmIntent.openChartReview';

/** The chart an argument (intent, Chart.yaml, chart file) or the active editor points at; asks when unclear. */
export async function targetFor(arg: unknown, client: LanguageClient): Promise<PanelTarget | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === 'file') {
    // An intent (CodeLens, editor): its chart is where Generate Chart writes it.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const text = doc?.getText() ?? (path.basename(uri.fsPath) === 'Chart.yaml' ? '' : await readText(uri));
    if (isIntentText(text)) {
      const plan = await client.sendRequest<PlanChartResult>(PLAN_CHART, { uri: uri.toString() });
      if (!plan.ok) throw new Error(plan.message);
      return { chartDir: plan.chartDir, intentFile: uri.fsPath };
    }
    // Chart.yaml, a template or a values file: the chart that holds it.
    const chartDir = findChartDir(uri.fsPath);
    if (chartDir) return { chartDir };
  }
  return pickChart();
}

async function readText(uri: vscode.Uri): Promise<string> {
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return '';
  }
}

async function pickChart(): Promise<PanelTarget | undefined> {
  const charts = await vscode.workspace.findFiles('**/Chart.yaml', '{**/node_modules/**,**/charts/**,**/.helm-intent/**}', 200);
  if (charts.length === 0) {
    void vscode.window.showWarningMessage('No Helm chart (Chart.yaml) in this workspace: generate one from an intent first (Helm Intent: Generate Chart).');
    return undefined;
  }
  if (charts.length === 1) return { chartDir: path.dirname(charts[0].fsPath) };
  const picked = await vscode.window.showQuickPick(
    charts.map((c) => ({ label: path.basename(path.dirname(c.fsPath)), description: vscode.workspace.asRelativePath(path.dirname(c.fsPath)), dir: path.dirname(c.fsPath) })),
    { placeHolder: 'Chart to review' },
  );
  return picked ? { chartDir: picked.dir } : undefined;
}

export function registerChartReview(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  // The status engine unless something else (a test, a future remote source) registered one.
  if (!liveStatusSource()) setLiveStatusSource(new KubeStatusSource());
  return [
    vscode.commands.registerCommand(OPEN_CHART_REVIEW, async (arg?: unknown) => {
      try {
        const target = await targetFor(arg, client);
        if (!target) return;
        try {
          await vscode.workspace.fs.stat(vscode.Uri.file(path.join(target.chartDir, 'Chart.yaml')));
        } catch {
          const choice = await vscode.window.showWarningMessage(`No chart at ${target.chartDir} yet.`, ...(target.intentFile ? ['Generate Chart'] : []));
          if (choice === 'Generate Chart') await vscode.commands.executeCommand('helmIntent.generateChart', vscode.Uri.file(target.intentFile!));
          return;
        }
        ChartReviewPanel.show(context.extensionUri, target, output);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        output.error(`Open Chart Review: ${message}`);
        void vscode.window.showErrorMessage(`Open Chart Review: ${message}`);
      }
    }),
  ];
}
