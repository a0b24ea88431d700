import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerGenerateChart } from './commands/generate-chart';
import { registerAiCommands } from './commands/ai-commands';
import { registerReview, serverSettings } from './review-status';
import { onDidPostReviewMessage, registerChartReview } from './review-panel/register';
import { registerGitOpsExport } from './commands/gitops-export';
import { registerKubeContextStatus } from './kube-context-status';

let client: LanguageClient | undefined;

/** Documents the server looks at: intent files by language, plus any YAML (it checks `kind` itself). */
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'intent-yaml' },
  { scheme: 'untitled', language: 'intent-yaml' },
  { scheme: 'file', language: 'yaml' },
  // Chart files, so opening and saving them triggers the chart review.
  { scheme: 'file', language: 'helm' },
  { scheme: 'file', pattern: '**/templates/**/*.{yaml,yml,tpl,txt}' },
  { scheme: 'file', pattern: '**/Chart.yaml' },
];

/** What `activate` returns (`vscode.extensions.getExtension(id).exports`): read-only observation for the extension-host tests. */
export interface HelmIntentExports {
  onDidPostReviewMessage: typeof onDidPostReviewMessage;
}

export async function activate(context: vscode.ExtensionContext): Promise<HelmIntentExports> {
  const output = vscode.window.createOutputChannel('Helm Intent', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // A small young generation: the server's live heap is ~15 MB; V8's default semi-space reserve would triple its RSS.
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--max-semi-space-size=1'] } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    initializationOptions: serverSettings(),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.helm-intent.{yaml,yml}') },
  };
  client = new LanguageClient('helmIntent', 'Helm Intent', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('helmIntent.showOutput', () => output.show()),
    vscode.commands.registerCommand('helmIntent.restartServer', async () => {
      await client?.restart();
      output.info('Language server restarted.');
    }),
  );
  context.subscriptions.push(...registerGenerateChart(client, output));
  context.subscriptions.push(...registerAiCommands(client, output, context.secrets));
  context.subscriptions.push(...registerReview(client, output));
  context.subscriptions.push(...registerChartReview(context, client, output));
  context.subscriptions.push(
    ...registerGitOpsExport(client, output, context.workspaceState),
    ...registerKubeContextStatus(context, output),
  );
  await client.start();
  output.info(`Helm Intent language server started (${serverModule}).`);
  return { onDidPostReviewMessage };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
