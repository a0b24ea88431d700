import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RECORD_CHART, type PlannedChartFile } from '../../server/protocol/generate-protocol';
import { engine } from '../engine';

/** A chart plan from the server (compiler or AI): what each file would become. */
export interface ChartPlan {
  chartName: string;
  chartDir: string;
  chartDirUri: string;
  files: PlannedChartFile[];
}

export interface PreviewOptions {
  /** The command, for log lines ("Generate Chart", "Generate Chart with AI"). */
  source: string;
  /** One log line about where the files came from. */
  summary: string;
  /** Runs the same command again with force (the "Overwrite Edited Files…" choice). */
  rerunWithForce: () => Promise<void>;
}

const LABEL: Partial<Record<PlannedChartFile['action'], string>> = {
  create: 'Create',
  update: 'Update',
  overwrite: 'Overwrite your edits in',
  merge: 'Merge the new version into your edited',
  delete: 'Delete (no longer generated)',
};

/**
 * The one way a planned chart reaches the disk: a refactor preview of every change (nothing is
 * written unless accepted there), then `helmIntent/recordChart` records exactly what was accepted.
 * Files the user edited stay theirs: merged, kept, or shown as conflicts.
 */
export async function previewAndRecord(
  client: LanguageClient,
  output: vscode.LogOutputChannel,
  intentUri: vscode.Uri,
  plan: ChartPlan,
  options: PreviewOptions,
): Promise<void> {
  const chartDir = vscode.Uri.parse(plan.chartDirUri);
  const changes = plan.files.filter((f) => LABEL[f.action]);
  const kept = plan.files.filter((f) => f.action.startsWith('keep-') || f.action === 'conflict');
  const conflicts = plan.files.filter((f) => f.action === 'conflict');
  output.info(
    `Chart ${plan.chartName} → ${plan.chartDir}: ${options.summary}; ${changes.length} to write, ${kept.length} kept.`,
  );
  for (const f of plan.files) output.info(`  ${f.action.padEnd(12)} ${f.path} (+${f.added} -${f.removed})`);
  if (conflicts.length) void showConflicts(plan.chartName, conflicts);
  if (changes.length === 0) {
    void vscode.window.showInformationMessage(
      kept.length
        ? `Chart ${plan.chartName} is up to date; ${kept.length} file(s) you edited were left alone.`
        : `Chart ${plan.chartName} is up to date.`,
    );
    return;
  }
  const applied = await vscode.workspace.applyEdit(await previewEdit(chartDir, changes), { isRefactoring: true });
  if (!applied) {
    output.info(`${options.source}: the preview was cancelled; nothing was written.`);
    return;
  }
  await saveTouched(chartDir, changes);
  const record = await client.sendRequest(RECORD_CHART, {
    chartDir: plan.chartDir,
    intentUri: intentUri.toString(),
    files: plan.files
      .filter((f) => !f.action.startsWith('keep-') && f.action !== 'conflict')
      .map((f) => ({ path: f.path, content: f.action === 'delete' ? undefined : f.content, written: f.merged })),
  });
  const note = kept.length
    ? ` ${kept.length} file(s) you edited were kept: ${kept.map((f) => f.path).join(', ')}.`
    : '';
  const written = changes.filter((f) => !record.skipped.includes(f.path)).length;
  if (written === 0) {
    output.info(`${options.source}: no file was ticked in the preview; nothing was written.`);
    void vscode.window.showWarningMessage(
      `Chart ${plan.chartName}: nothing was written — no file was ticked in the preview. Run the command again and tick the files (or their group) before Apply.`,
    );
    return;
  }
  const unticked = changes.length - written;
  const choice = await vscode.window.showInformationMessage(
    `Chart ${plan.chartName}: wrote ${written} file(s)${unticked ? `, left ${unticked} unticked` : ''}.${note}`,
    'Open Chart',
    ...(kept.length ? ['Overwrite Edited Files…'] : []),
  );
  if (choice === 'Open Chart') await openChart(chartDir);
  if (choice === 'Overwrite Edited Files…') await options.rerunWithForce();
}

/**
 * A WorkspaceEdit for the plan; every entry needs confirmation, so VS Code shows its refactor preview.
 * Changed files get one edit per changed line range, so the preview shows real hunks.
 */
async function previewEdit(chartDir: vscode.Uri, files: PlannedChartFile[]): Promise<vscode.WorkspaceEdit> {
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
      edit.createFile(
        uri,
        { overwrite: false, ignoreIfExists: true, contents: Buffer.from(f.content ?? '', 'utf8') },
        metadata,
      );
    } else if (f.action === 'delete') {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
    } else {
      const next = f.merged ?? f.content ?? '';
      let current: string | undefined;
      try {
        current = (await vscode.workspace.openTextDocument(uri)).getText();
      } catch {
        current = undefined;
      }
      if (current === undefined) edit.replace(uri, new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0), next, metadata);
      else
        for (const h of engine().lineHunks(current, next))
          edit.replace(uri, new vscode.Range(h.startLine, 0, h.startLine + h.lineCount, 0), h.newText, metadata);
    }
  }
  return edit;
}

async function saveTouched(chartDir: vscode.Uri, files: PlannedChartFile[]): Promise<void> {
  const touched = new Set(
    files
      .filter((f) => f.action === 'update' || f.action === 'overwrite' || f.action === 'merge')
      .map((f) => vscode.Uri.joinPath(chartDir, ...f.path.split('/')).toString()),
  );
  await Promise.all(
    vscode.workspace.textDocuments.filter((d) => touched.has(d.uri.toString()) && d.isDirty).map((d) => d.save()),
  );
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

export async function openChart(chartDir: vscode.Uri): Promise<void> {
  const chartYaml = vscode.Uri.joinPath(chartDir, 'Chart.yaml');
  try {
    await vscode.workspace.fs.stat(chartYaml);
  } catch {
    void vscode.window.showWarningMessage(
      `No chart at ${chartDir.fsPath} yet: run "Helm Intent: Generate Chart" first.`,
    );
    return;
  }
  await vscode.window.showTextDocument(chartYaml, { preview: false });
  await vscode.commands.executeCommand('revealInExplorer', chartYaml);
}
