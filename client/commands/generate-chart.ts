import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PLAN_CHART, RECORD_CHART, type PlanChartResult, type PlannedChartFile, type RecordChartResult } from '../../server/protocol/generate-protocol';
import { intentUriFrom } from '../intent-target';

const LABEL: Partial<Record<PlannedChartFile['action'], string>> = {
  create: 'Create',
  update: 'Update',
  overwrite: 'Overwrite your edits in',
  merge: 'Merge the new version into your edited',
  delete: 'Delete (no longer generated)',
};

/** A WorkspaceEdit for the plan; every entry needs confirmation, so VS Code shows its refactor preview. */
function previewEdit(chartDir: vscode.Uri, files: PlannedChartFile[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const f of files) {
    const label = LABEL[f.action];
    if (!label) continue;
    const uri = vscode.Uri.joinPath(chartDir, ...f.path.split('/'));
    const metadata: vscode.WorkspaceEditEntryMetadata = {
      needsConfirmation: true,
      label: `${label} ${f.path}`,
      description: f.action === 'delete' ? `-${f.removed}` : `+${f.added} -${f.removed}`,
    };
    if (f.action === 'create') {
      edit.createFile(uri, { overwrite: false, ignoreIfExists: true, contents: Buffer.from(f.content ?? '', 'utf8') }, metadata);
    } else if (f.action === 'delete') {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
    } else {
      edit.replace(uri, new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0), f.merged ?? f.content ?? '', metadata);
    }
  }
  return edit;
}

async function saveTouched(chartDir: vscode.Uri, files: PlannedChartFile[]): Promise<void> {
  const touched = new Set(files.filter((f) => f.action === 'update' || f.action === 'overwrite' || f.action === 'merge').map((f) => vscode.Uri.joinPath(chartDir, ...f.path.split('/')).toString()));
  await Promise.all(vscode.workspace.textDocuments.filter((d) => touched.has(d.uri.toString()) && d.isDirty).map((d) => d.save()));
}

export function registerGenerateChart(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const generate = async (arg?: unknown, force = false) => {
    const intentUri = intentUriFrom(arg);
    if (!intentUri) {
      void vscode.window.showErrorMessage('Open an intent file (kind: DeploymentIntent or ServiceIntent) first, then run Generate Chart.');
      return;
    }
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Helm Intent: compiling chart…', cancellable: false },
      () => client.sendRequest<PlanChartResult>(PLAN_CHART, { uri: intentUri.toString(), force }),
    );
    if (!plan.ok) {
      output.warn(`Generate Chart refused: ${plan.message}`);
      const choice = await vscode.window.showErrorMessage(plan.message, 'Show Problems');
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    const chartDir = vscode.Uri.parse(plan.chartDirUri);
    const changes = plan.files.filter((f) => LABEL[f.action]);
    const kept = plan.files.filter((f) => f.action.startsWith('keep-') || f.action === 'conflict');
    const conflicts = plan.files.filter((f) => f.action === 'conflict');
    output.info(`Chart ${plan.chartName} → ${plan.chartDir}: ${plan.files.length} files compiled in ${plan.compileMs.toFixed(1)} ms; ${changes.length} to write, ${kept.length} kept.`);
    for (const f of plan.files) output.info(`  ${f.action.padEnd(12)} ${f.path} (+${f.added} -${f.removed})`);
    if (conflicts.length) void showConflicts(plan.chartName, conflicts);
    if (changes.length === 0) {
      void vscode.window.showInformationMessage(kept.length ? `Chart ${plan.chartName} is up to date; ${kept.length} file(s) you edited were left alone.` : `Chart ${plan.chartName} is up to date.`);
      return;
    }
    const applied = await vscode.workspace.applyEdit(previewEdit(chartDir, changes), { isRefactoring: true });
    if (!applied) {
      output.info('Generate Chart: the preview was cancelled; nothing was written.');
      return;
    }
    await saveTouched(chartDir, changes);
    const record = await client.sendRequest<RecordChartResult>(RECORD_CHART, { chartDir: plan.chartDir, intentUri: intentUri.toString(), files: plan.files.filter((f) => !f.action.startsWith('keep-') && f.action !== 'conflict').map((f) => ({ path: f.path, content: f.action === 'delete' ? undefined : f.content, written: f.merged })) });
    const note = kept.length ? ` ${kept.length} file(s) you edited were kept: ${kept.map((f) => f.path).join(', ')}.` : '';
    const choice = await vscode.window.showInformationMessage(`Chart ${plan.chartName}: wrote ${record.recorded} file(s).${note}`, 'Open Chart', ...(kept.length ? ['Overwrite Edited Files…'] : []));
    if (choice === 'Open Chart') await openChart(chartDir);
    if (choice === 'Overwrite Edited Files…') await generate(intentUri, true);
  };

  return [
    vscode.commands.registerCommand('helmIntent.generateChart', (arg?: unknown) => generate(arg)),
    vscode.commands.registerCommand('helmIntent.openGeneratedChart', async (arg?: unknown) => {
      const intentUri = intentUriFrom(arg);
      if (!intentUri) return void vscode.window.showErrorMessage('Open an intent file first.');
      const plan = await client.sendRequest<PlanChartResult>(PLAN_CHART, { uri: intentUri.toString() });
      if (!plan.ok) return void vscode.window.showErrorMessage(plan.message);
      await openChart(vscode.Uri.parse(plan.chartDirUri));
    }),
  ];
}

/** Conflicting regenerations: the user's file stays; the merge with markers opens beside it to resolve by hand. */
async function showConflicts(chartName: string, conflicts: PlannedChartFile[]): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    `Chart ${chartName}: ${conflicts.length} file(s) you edited conflict with the new version and were left unchanged: ${conflicts.map((f) => f.path).join(', ')}.`,
    'Show Conflicts',
  );
  if (choice !== 'Show Conflicts') return;
  for (const f of conflicts) {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: f.conflictText ?? '' });
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}

async function openChart(chartDir: vscode.Uri): Promise<void> {
  const chartYaml = vscode.Uri.joinPath(chartDir, 'Chart.yaml');
  try {
    await vscode.workspace.fs.stat(chartYaml);
  } catch {
    void vscode.window.showWarningMessage(`No chart at ${chartDir.fsPath} yet: run "Helm Intent: Generate Chart" first.`);
    return;
  }
  await vscode.window.showTextDocument(chartYaml, { preview: false });
  await vscode.commands.executeCommand('revealInExplorer', chartYaml);
}
