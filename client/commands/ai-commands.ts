import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Trace, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import type { Problem } from '../../server/llm/types';
import {
  PLAN_CHART_WITH_AI,
  type AiGaveUpOutcome,
  type PlanChartWithAIParams,
  type PlanChartWithAIResult,
} from '../../server/protocol/ai-protocol';
import { ApiKeyStore } from '../api-key';
import { readSettings } from '../settings';
import { intentUriFrom } from '../intent-target';
import { previewAndRecord } from './chart-preview';

const UNTRUSTED =
  'The AI generator is disabled in untrusted workspaces: it sends your API key to the endpoint named by the ' +
  "workspace's .helm-intent.yaml and runs helm on the generated files. Trust this workspace to use it.";

/**
 * "Generate Chart with AI", "Update Chart with AI…" and "Set API Key". The server plans the AI chart
 * like the compiler's, so the same refactor preview and record follow (chart-preview.ts).
 */
export function registerAiCommands(
  client: LanguageClient,
  output: vscode.LogOutputChannel,
  secrets: vscode.SecretStorage,
): vscode.Disposable[] {
  const keys = new ApiKeyStore(secrets);
  const problemsChannel = vscode.window.createOutputChannel('Helm Intent: AI Problems');

  const run = async (
    arg: unknown,
    instruction: string | undefined,
    force = false,
    confirmedRepoBaseURL?: string,
  ): Promise<void> => {
    const command = instruction ? 'Update Chart with AI' : 'Generate Chart with AI';
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(UNTRUSTED, 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const intentUri = intentUriFrom(arg);
    if (!intentUri) {
      void vscode.window.showErrorMessage(
        `Open an intent file (kind: DeploymentIntent or ServiceIntent) first, then run ${command}.`,
      );
      return;
    }
    const apiKey = await keys.get();
    if (!apiKey) {
      const choice = await vscode.window.showWarningMessage(
        'No API key for the AI generator yet: it is kept in VS Code SecretStorage, never in settings.',
        'Set API Key',
      );
      if (choice && (await keys.prompt())) await run(intentUri, instruction, force);
      return;
    }

    const params: PlanChartWithAIParams = {
      uri: intentUri.toString(),
      instruction,
      apiKey,
      force,
      llm: { ...llmOverrides(intentUri), ...(confirmedRepoBaseURL ? { confirmedRepoBaseURL } : {}) },
      helmPath: helmPathSetting(),
    };
    let result: PlanChartWithAIResult;
    let cancelled = false;
    try {
      result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Helm Intent: ${instruction ? 'updating' : 'generating'} chart with AI`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => (cancelled = true));
          const workDoneToken = `helmIntent.ai.${randomUUID()}`;
          const phases = client.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
            if (p.kind !== 'end' && p.message) progress.report({ message: p.message });
          });
          try {
            return await withoutVerboseTrace(client, () =>
              client.sendRequest(PLAN_CHART_WITH_AI, { ...params, workDoneToken }, token),
            );
          } finally {
            phases.dispose();
          }
        },
      );
    } catch (e) {
      output.error(`${command} failed: ${(e as Error)?.message ?? e}`);
      void vscode.window.showErrorMessage(
        cancelled
          ? `${command} was cancelled; nothing was written.`
          : `${command} failed: ${(e as Error)?.message ?? e}`,
      );
      return;
    }
    for (const note of result.ai?.notes ?? []) output.info(`${command}: ${note}`);

    if (!result.ok) {
      const ai = result.ai;
      output.warn(`${command}: ${result.message}`);
      if (!ai && result.errors.length === 0) {
        void vscode.window.showErrorMessage(`${command}: ${result.message}`);
      } else if (!ai) {
        // The intent itself has errors (located in the Problems panel).
        const choice = await vscode.window.showErrorMessage(result.message, 'Show Problems');
        if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      } else if (ai.status === 'gave-up') {
        showProblems(problemsChannel, command, ai);
        const choice = await vscode.window.showWarningMessage(`${command}: ${result.message}`, 'Show Problems');
        if (choice) problemsChannel.show(true);
      } else if (ai.status === 'failed' && ai.code === 'cancelled') {
        void vscode.window.showInformationMessage(`${command} was cancelled; nothing was written.`);
      } else if (ai.status === 'failed' && ai.code === 'endpoint-unconfirmed') {
        // The repository chose this endpoint: the key goes there only after the user says so, each time.
        const send = `Send key to ${ai.baseURL}`;
        const choice = await vscode.window.showWarningMessage(
          `${result.message}`,
          { modal: true, detail: 'To stop being asked, set helmIntent.ai.baseURL in your user settings.' },
          send,
        );
        if (choice === send) await run(intentUri, instruction, force, ai.baseURL);
      } else if (ai.status === 'failed' && (ai.code === 'missing-key' || ai.code === 'invalid-key')) {
        const choice = await vscode.window.showErrorMessage(result.message, 'Set API Key');
        if (choice && (await keys.prompt())) await run(intentUri, instruction, force);
      } else {
        void vscode.window.showErrorMessage(`${command}: ${result.message}`);
      }
      return;
    }
    if (cancelled) {
      output.info(`${command}: cancelled after the chart was ready; nothing was written.`);
      return;
    }
    const ai = result.ai;
    const how = ai.fromCache
      ? 'from the cache (no model call)'
      : `validated after ${ai.rounds} answer(s), ${ai.modelCalls} model call(s)`;
    await previewAndRecord(client, output, intentUri, result, {
      source: command,
      summary: `${ai.model} at ${ai.baseURL}: chart ${how} in ${(ai.durationMs / 1000).toFixed(1)} s; the model changed ${ai.changedPaths.length} file(s)`,
      rerunWithForce: () => run(intentUri, instruction, true),
    });
  };

  return [
    problemsChannel,
    keys.register(),
    vscode.commands.registerCommand('helmIntent.generateChartWithAI', (arg?: unknown) => run(arg, undefined)),
    vscode.commands.registerCommand('helmIntent.updateChartWithAI', async (arg?: unknown) => {
      const instruction = await vscode.window.showInputBox({
        title: 'Helm Intent: Update Chart with AI',
        prompt: 'What should change in the chart? The chart on disk, with your edits, is what the model changes.',
        placeHolder: 'e.g. add a CronJob that prunes expired sessions every night',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Say what should change.'),
      });
      if (instruction?.trim()) await run(arg, instruction.trim());
    }),
  ];
}

/** `helmIntent.ai.*` settings that are set; they override the platform config's `llm` section. */
function llmOverrides(scope: vscode.Uri): PlanChartWithAIParams['llm'] {
  return readSettings(scope).ai;
}

function helmPathSetting(): string | undefined {
  return readSettings().helmPath;
}

/**
 * Verbose LSP tracing logs every request's parameters, and this one carries the key: while it is
 * in flight the trace drops to message names only.
 */
async function withoutVerboseTrace<T>(client: LanguageClient, send: () => Promise<T>): Promise<T> {
  const verbose = readSettings().traceServer === 'verbose';
  if (verbose) await client.setTrace(Trace.Messages);
  try {
    return await send();
  } finally {
    if (verbose) await client.setTrace(Trace.Verbose);
  }
}

function showProblems(channel: vscode.OutputChannel, command: string, ai: AiGaveUpOutcome): void {
  channel.clear();
  channel.appendLine(
    `${command}: ${ai.model} at ${ai.baseURL}, ${ai.rounds} answer(s) validated; ${ai.problems.length} problem(s) remain. Nothing was written.`,
  );
  channel.appendLine('');
  for (const p of ai.problems) channel.appendLine(`- ${formatProblem(p)}`);
  channel.appendLine('');
  channel.appendLine(`Best attempt (not written): ${ai.files.join(', ')}`);
  if (ai.changedPaths.length) channel.appendLine(`Files the model changed: ${ai.changedPaths.join(', ')}`);
  for (const note of ai.notes) channel.appendLine(`note: ${note}`);
}

function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}: ` : '';
  const envs = p.environments?.length ? ` [${p.environments.join(', ')}]` : '';
  return `${where}${p.message.replace(/\n/g, '\n    ')} (${p.source}${envs})`;
}
