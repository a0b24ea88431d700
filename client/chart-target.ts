/**
 * The chart a command acts on: an intent (where Generate Chart writes its chart), Chart.yaml or any
 * chart file, the active editor, or the user's pick among the workspace's charts.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PLAN_CHART } from '../server/protocol/generate-protocol';
import { isIntentText } from '../server/core/intent-kind';
import { engine } from './engine';

export interface PanelTarget {
  /** Absolute path of the chart directory (holding Chart.yaml). */
  chartDir: string;
  /** The intent the chart comes from, when known (else the generated record's). */
  intentFile?: string;
}

/** The chart an argument (intent, Chart.yaml, chart file) or the active editor points at; asks when unclear. */
export async function targetFor(arg: unknown, client: LanguageClient): Promise<PanelTarget | undefined> {
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : typeof arg === 'string'
        ? vscode.Uri.parse(arg)
        : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === 'file') {
    // An intent (CodeLens, editor): its chart is where Generate Chart writes it.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const text = doc?.getText() ?? (path.basename(uri.fsPath) === 'Chart.yaml' ? '' : await readText(uri));
    if (isIntentText(text)) {
      const plan = await client.sendRequest(PLAN_CHART, { uri: uri.toString() });
      if (!plan.ok) throw new Error(plan.message);
      return { chartDir: plan.chartDir, intentFile: uri.fsPath };
    }
    // Chart.yaml, a template or a values file: the chart that holds it.
    const chartDir = engine().findChartDir(uri.fsPath);
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
  const charts = await vscode.workspace.findFiles(
    '**/Chart.yaml',
    '{**/node_modules/**,**/charts/**,**/.helm-intent/**}',
    200,
  );
  if (charts.length === 0) {
    void vscode.window.showWarningMessage(
      'No Helm chart (Chart.yaml) in this workspace: generate one from an intent first (Helm Intent: Generate Chart).',
    );
    return undefined;
  }
  if (charts.length === 1) return { chartDir: path.dirname(charts[0].fsPath) };
  const picked = await vscode.window.showQuickPick(
    charts.map((c) => ({
      label: path.basename(path.dirname(c.fsPath)),
      description: vscode.workspace.asRelativePath(path.dirname(c.fsPath)),
      dir: path.dirname(c.fsPath),
    })),
    { placeHolder: 'Chart to review' },
  );
  return picked ? { chartDir: picked.dir } : undefined;
}
