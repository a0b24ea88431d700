import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DISABLE_RULE_EDIT,
  REVIEW_STATUS,
  SETTINGS_CHANGED,
  VALIDATE_CHART,
  type ReviewStatus,
  type ServerSettings,
} from '../server/protocol/review-protocol';
import { readSettings } from './settings';

/** Settings the language server needs; executable paths are machine-scoped, trust comes from VS Code. */
export function serverSettings(): ServerSettings {
  const s = readSettings();
  return {
    trusted: vscode.workspace.isTrusted,
    helmPath: s.helmPath ?? '',
    kubernetesVersion: s.kubernetesVersion,
    reviewOnSave: s.reviewOnSave,
  };
}

/**
 * The status-bar summary of chart reviews (errors/warnings per chart; click → Problems), the
 * Validate commands, and keeping the server's view of trust and settings current.
 */
export function registerReview(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('helmIntent.review', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Helm Intent chart review';
  item.command = 'workbench.actions.view.problems';
  const charts = new Map<string, ReviewStatus>();
  const render = () => {
    const all = [...charts.values()];
    if (all.length === 0) return item.hide();
    const running = all.filter((s) => s.state === 'running').length;
    const errors = all.reduce((n, s) => n + s.errors, 0);
    const warnings = all.reduce((n, s) => n + s.warnings, 0);
    item.text = `${running ? '$(sync~spin)' : errors ? '$(error)' : warnings ? '$(warning)' : '$(pass)'} Helm Intent ${errors}/${warnings}`;
    item.tooltip = new vscode.MarkdownString(
      all
        .map(
          (s) =>
            `**${s.chartName}**: ${s.state === 'running' ? 'reviewing…' : s.state === 'untrusted' ? 'not reviewed (untrusted workspace)' : s.state === 'failed' ? `failed: ${s.message ?? ''}` : `${s.errors} error(s), ${s.warnings} warning(s) in ${s.environments.join(', ')}`}`,
        )
        .join('\n\n'),
    );
    item.show();
  };
  const onStatus = client.onNotification(REVIEW_STATUS, (s: ReviewStatus) => {
    charts.set(s.chartDir, s);
    if (s.state === 'done')
      output.info(
        `Review of ${s.chartName}: ${s.errors} error(s), ${s.warnings} warning(s) in ${s.environments.join(', ')} (${(s.millis ?? 0).toFixed(0)} ms)`,
      );
    if (s.state === 'failed' && s.message) output.warn(`Review of ${s.chartName} failed: ${s.message}`);
    render();
  });
  const validate = async (uri: vscode.Uri) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Helm Intent: reviewing ${vscode.workspace.asRelativePath(uri)}…`,
      },
      () => client.sendRequest(VALIDATE_CHART, { uri: uri.toString() }),
    );
  const report = (s: ReviewStatus) => {
    if (s.state === 'failed')
      void vscode.window
        .showErrorMessage(`Helm Intent: ${s.message ?? 'review failed'}`, 'Show Output')
        .then((c) => c && output.show());
    else if (s.state === 'untrusted')
      void vscode.window.showWarningMessage('Helm Intent reviews charts only in trusted workspaces (it runs helm).');
    else
      void vscode.window
        .showInformationMessage(
          `${s.chartName}: ${s.errors} error(s), ${s.warnings} warning(s) in ${s.environments.join(', ')}.`,
          'Show Problems',
        )
        .then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
  };
  const sendSettings = () => void client.sendNotification(SETTINGS_CHANGED, serverSettings());
  return [
    item,
    onStatus,
    vscode.commands.registerCommand('helmIntent.validateChart', async (arg?: vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return void vscode.window.showErrorMessage('Open a file of the chart (or its intent) to validate it.');
      report(await validate(uri));
    }),
    vscode.commands.registerCommand('helmIntent.validateAllCharts', async () => {
      const found = await vscode.workspace.findFiles('**/Chart.yaml', '**/{node_modules,charts/*/charts}/**', 200);
      if (found.length === 0)
        return void vscode.window.showInformationMessage('No Helm charts (Chart.yaml) in this workspace.');
      const results = [];
      for (const f of found) results.push(await validate(f));
      const errors = results.reduce((n, s) => n + s.errors, 0);
      const warnings = results.reduce((n, s) => n + s.warnings, 0);
      void vscode.window
        .showInformationMessage(
          `Helm Intent reviewed ${results.length} chart(s): ${errors} error(s), ${warnings} warning(s).`,
          'Show Problems',
        )
        .then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
    }),
    vscode.commands.registerCommand('helmIntent.disableRule', async (chartYamlUri: string, rule: string) => {
      const reason = await vscode.window.showInputBox({
        title: `Disable ${rule} for this chart`,
        prompt: 'Why does this rule not apply here? The reason is kept in Chart.yaml for reviewers.',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < 5 ? 'Give a reason (a few words at least).' : undefined),
      });
      if (!reason) return;
      const edit = await client.sendRequest(DISABLE_RULE_EDIT, { chartYamlUri, rule, reason });
      if (!edit)
        return void vscode.window.showErrorMessage(
          `Could not edit ${vscode.Uri.parse(chartYamlUri).fsPath}: is it valid YAML?`,
        );
      const applied = await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
      if (applied) {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === chartYamlUri);
        await doc?.save();
        output.info(`Disabled ${rule} for ${vscode.Uri.parse(chartYamlUri).fsPath}: ${reason}`);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(sendSettings),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('helmIntent') && sendSettings()),
  ];
}
