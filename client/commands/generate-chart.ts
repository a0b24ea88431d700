import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PLAN_CHART } from '../../server/protocol/generate-protocol';
import { intentUriFrom } from '../intent-target';
import { openChart, previewAndRecord } from './chart-preview';

export function registerGenerateChart(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const generate = async (arg?: unknown, force = false): Promise<void> => {
    const intentUri = intentUriFrom(arg);
    if (!intentUri) {
      void vscode.window.showErrorMessage(
        'Open an intent file (kind: DeploymentIntent or ServiceIntent) first, then run Generate Chart.',
      );
      return;
    }
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Helm Intent: compiling chart…', cancellable: false },
      () => client.sendRequest(PLAN_CHART, { uri: intentUri.toString(), force }),
    );
    if (!plan.ok) {
      output.warn(`Generate Chart refused: ${plan.message}`);
      const choice = await vscode.window.showErrorMessage(plan.message, 'Show Problems');
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    await previewAndRecord(client, output, intentUri, plan, {
      source: 'Generate Chart',
      summary: `${plan.files.length} files compiled in ${plan.compileMs.toFixed(1)} ms`,
      rerunWithForce: () => generate(intentUri, true),
    });
  };

  return [
    vscode.commands.registerCommand('helmIntent.generateChart', (arg?: unknown) => generate(arg)),
    vscode.commands.registerCommand('helmIntent.openGeneratedChart', async (arg?: unknown) => {
      const intentUri = intentUriFrom(arg);
      if (!intentUri) return void vscode.window.showErrorMessage('Open an intent file first.');
      const plan = await client.sendRequest(PLAN_CHART, { uri: intentUri.toString() });
      if (!plan.ok) return void vscode.window.showErrorMessage(plan.message);
      await openChart(vscode.Uri.parse(plan.chartDirUri));
    }),
  ];
}
