/**
 * "Helm Intent: Export as Flux HelmRelease / Argo CD Application": asks the format, the
 * environment and the chart source, builds the manifest with server/gitops (exact chart version,
 * the environment's values, atomic/wait/timeout semantics) and writes it through a refactor
 * preview (a WorkspaceEdit whose entries need confirmation): nothing is written unless accepted.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ChartSourceSpec, GitOpsExportError, GitOpsFormat, GitRefKind, GITOPS_FORMATS } from '../../server/gitops';
import type { PlannedEnvironment } from '../../server/core/environments';
import { engine } from '../engine';
import { targetFor } from '../chart-target';

export const EXPORT_GITOPS = 'helmIntent.exportGitOps';
/** Last source per chart, offered again next time (workspace state). */
const LAST_SOURCE_KEY = 'helmIntent.gitopsExport.lastSource';

type Step<T> = T | undefined;

export function registerGitOpsExport(
  client: LanguageClient,
  output: vscode.LogOutputChannel,
  state: vscode.Memento,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(EXPORT_GITOPS, async (arg?: unknown) => {
      try {
        await exportCommand(arg, client, output, state);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        output.error(`Export GitOps manifest: ${message}`);
        if (e instanceof engine().GitOpsExportError) await showLocatedError(e);
        else void vscode.window.showErrorMessage(`Export GitOps manifest: ${message}`);
      }
    }),
  ];
}

async function exportCommand(
  arg: unknown,
  client: LanguageClient,
  output: vscode.LogOutputChannel,
  state: vscode.Memento,
): Promise<void> {
  const target = await targetFor(arg, client);
  if (!target) return;
  const chartDir = target.chartDir;
  let source;
  try {
    source = engine().readChartSource(chartDir);
  } catch {
    void vscode.window.showWarningMessage(
      `No chart at ${chartDir} yet: generate it first (Helm Intent: Generate Chart).`,
    );
    return;
  }
  const chartYamlPath = path.join(chartDir, 'Chart.yaml');
  const chartYaml = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(chartYamlPath))).toString('utf8');
  // Refuse a range before asking anything: it must be fixed in Chart.yaml first.
  const chart = withFile(() => engine().readChartMeta(chartYaml), chartDir);

  const format = await pickFormat();
  if (!format) return;
  const env = await pickEnvironment(
    engine().chartEnvironments(engine().intentOf(source), source.values.keys(), engine().defaultPlatformConfig()),
  );
  if (!env) return;
  const remembered = (state.get<Record<string, StoredSource>>(LAST_SOURCE_KEY) ?? {})[chartDir];
  const chartSource = await pickSource(chartDir, chart.name, chart.version, remembered, output);
  if (!chartSource) return;

  const envFile = env.valuesFiles[0];
  const result = withFile(
    () =>
      engine().exportGitOps({
        format,
        chartYaml,
        values: {
          base: source.values.get('values.yaml'),
          ...(envFile ? { environment: source.values.get(envFile) } : {}),
        },
        environment: { name: env.name, namespace: env.namespace, ...(envFile ? { valuesFile: envFile } : {}) },
        source: chartSource,
      }),
    chartDir,
  );
  await state.update(LAST_SOURCE_KEY, {
    ...(state.get<Record<string, StoredSource>>(LAST_SOURCE_KEY) ?? {}),
    [chartDir]: storedSource(chartSource),
  });

  const folder =
    vscode.workspace.getWorkspaceFolder(vscode.Uri.file(chartDir))?.uri ?? vscode.Uri.file(path.dirname(chartDir));
  const file = vscode.Uri.joinPath(folder, 'gitops', result.fileName);
  output.info(`Export GitOps manifest: ${result.summary} → ${file.fsPath}`);
  for (const w of result.warnings) output.warn(`  ${w}`);

  const existing = await readIfExists(file);
  if (existing === result.yaml) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(file)} is up to date.`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = {
    needsConfirmation: true,
    label: `${existing === undefined ? 'Create' : 'Update'} ${vscode.workspace.asRelativePath(file)}`,
    description: `${engine().GITOPS_FORMATS[format].label}, ${env.name} → ${env.namespace}`,
  };
  if (existing === undefined)
    edit.createFile(
      file,
      { overwrite: false, ignoreIfExists: false, contents: Buffer.from(result.yaml, 'utf8') },
      metadata,
    );
  else edit.replace(file, new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0), result.yaml, metadata);
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (!applied) {
    output.info('Export GitOps manifest: the preview was cancelled; nothing was written.');
    return;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (doc?.isDirty) await doc.save();
  await vscode.window.showTextDocument(file, { preview: false });
  output.info(`Export GitOps manifest: wrote ${file.fsPath}.`);
  if (result.warnings.length) void vscode.window.showWarningMessage(`${result.fileName}: ${result.warnings.join(' ')}`);
}

/** Runs `f`; a GitOpsExportError about a chart file (`Chart.yaml`, `values-prod.yaml`) gets the file's absolute path. */
function withFile<T>(f: () => T, chartDir: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof engine().GitOpsExportError && /\.ya?ml$/.test(e.at))
      throw new (engine().GitOpsExportError)(e.reason, path.join(chartDir, e.at), e.line);
    throw e;
  }
}

async function showLocatedError(e: GitOpsExportError): Promise<void> {
  const inFile = path.isAbsolute(e.at);
  const choice = await vscode.window.showErrorMessage(
    `Export GitOps manifest: ${inFile ? `${path.basename(e.at)}${e.line ? `:${e.line}` : ''}: ${e.reason}` : e.message}`,
    ...(inFile ? ['Open'] : []),
  );
  if (choice === 'Open') {
    const line = Math.max(0, (e.line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(e.at), { selection: new vscode.Range(line, 0, line, 0) });
  }
}

async function pickFormat(): Promise<Step<GitOpsFormat>> {
  const items = (
    Object.entries(engine().GITOPS_FORMATS) as Array<[GitOpsFormat, (typeof GITOPS_FORMATS)[GitOpsFormat]]>
  ).map(([id, f]) => ({
    label: f.label,
    description: f.apiVersion,
    detail:
      id === 'flux'
        ? 'HelmRelease + source in flux-system: remediation retries, rollback on failed upgrade, timeout'
        : 'Application in argocd: automated sync (prune, self-heal), retry with backoff, CreateNamespace',
    id,
  }));
  return (
    await vscode.window.showQuickPick(items, {
      title: 'Export GitOps manifest (1/3): format',
      placeHolder: 'What the GitOps controller should read',
    })
  )?.id;
}

async function pickEnvironment(envs: PlannedEnvironment[]): Promise<Step<PlannedEnvironment>> {
  const items = envs.map((e) => ({
    label: e.name,
    description: `namespace ${e.namespace}`,
    detail: e.valuesFiles.length ? `values.yaml + ${e.valuesFiles.join(' + ')}` : 'values.yaml alone',
    env: e,
  }));
  return (
    await vscode.window.showQuickPick(items, {
      title: 'Export GitOps manifest (2/3): environment',
      placeHolder: 'Its values and namespace go into the manifest',
    })
  )?.env;
}

type StoredSource =
  { type: 'helm-repository' | 'oci'; url: string } | { type: 'git'; url: string; refKind: GitRefKind; ref: string };

function storedSource(s: ChartSourceSpec): StoredSource {
  return s.type === 'git'
    ? { type: 'git', url: s.url, refKind: s.ref.kind, ref: s.ref.value }
    : { type: s.type, url: s.url };
}

async function pickSource(
  chartDir: string,
  chartName: string,
  version: string,
  last: StoredSource | undefined,
  output: vscode.LogOutputChannel,
): Promise<Step<ChartSourceSpec>> {
  const kinds = [
    {
      label: 'Helm repository',
      description: 'https://…',
      detail: `The chart ${chartName} ${version} as published to a Helm repository (index.yaml)`,
      source: 'helm-repository' as const,
    },
    {
      label: 'OCI registry',
      description: 'oci://…',
      detail: `The chart pushed with helm push (tag ${version})`,
      source: 'oci' as const,
    },
    {
      label: 'Git repository',
      description: 'this chart in Git',
      detail: 'The chart directory of this repository at a pinned commit, tag or branch; values files read from it',
      source: 'git' as const,
    },
  ];
  // Last time's choice first.
  kinds.sort((a, b) => Number(b.source === last?.type) - Number(a.source === last?.type));
  const kind = (
    await vscode.window.showQuickPick(kinds, {
      title: 'Export GitOps manifest (3/3): chart source',
      placeHolder: 'Where the controller fetches the chart from',
    })
  )?.source;
  if (!kind) return undefined;
  if (kind !== 'git') {
    const scheme = kind === 'oci' ? 'oci://' : 'https://';
    const url = await vscode.window.showInputBox({
      title: kind === 'oci' ? 'OCI repository of the chart' : 'Helm repository URL',
      prompt:
        kind === 'oci'
          ? `e.g. oci://ghcr.io/acme/charts (the chart name ${chartName} is appended unless it is already last)`
          : 'e.g. https://charts.example.com (the URL that serves index.yaml)',
      value: last && last.type === kind ? last.url : scheme,
      valueSelection: last && last.type === kind ? undefined : [scheme.length, scheme.length],
      ignoreFocusOut: true,
      validateInput: (v) => problem(() => engine().parseRepositoryUrl(v, chartName)),
    });
    return url === undefined ? undefined : engine().parseRepositoryUrl(url, chartName);
  }
  // Git runs only in a trusted workspace (UntrustedWorkspaceError otherwise: a repository's config can run programs).
  const repo = await engine().gitInfo(chartDir, { trusted: vscode.workspace.isTrusted });
  if (!repo) {
    void vscode.window.showWarningMessage(
      `${chartDir} is not in a Git repository: choose a Helm or OCI repository, or commit the chart to Git first.`,
    );
    return undefined;
  }
  if (repo.dirty)
    output.warn(`Export GitOps manifest: the chart has uncommitted changes; the pinned Git ref does not contain them.`);
  const url = await vscode.window.showInputBox({
    title: 'Git repository URL the controller clones',
    prompt: `The chart is at ${repo.chartPath} in it`,
    value: last?.type === 'git' ? last.url : (repo.remote ?? 'https://'),
    ignoreFocusOut: true,
    validateInput: (v) =>
      problem(() => engine().parseGitSource({ url: v, path: repo.chartPath, ref: { kind: 'branch', value: 'main' } })),
  });
  if (url === undefined) return undefined;
  const refs: Array<vscode.QuickPickItem & { refKind: GitRefKind; value?: string }> = [
    ...(repo.head
      ? [
          {
            label: `$(git-commit) Commit ${repo.head.slice(0, 12)}`,
            description: 'HEAD, pinned (recommended)',
            detail: repo.dirty ? 'Uncommitted changes of the chart are not in it: commit them first' : undefined,
            refKind: 'commit' as const,
            value: repo.head,
          },
        ]
      : []),
    { label: '$(tag) Tag…', description: `e.g. ${chartName}-${version}`, refKind: 'tag' as const },
    ...(repo.branch
      ? [
          {
            label: `$(git-branch) Branch ${repo.branch}`,
            description: 'follows the branch: not pinned',
            refKind: 'branch' as const,
            value: repo.branch,
          },
        ]
      : []),
  ];
  const ref = await vscode.window.showQuickPick(refs, {
    title: 'Git ref to deploy',
    placeHolder: 'Production pins a commit or a tag',
  });
  if (!ref) return undefined;
  let value = ref.value;
  if (!value) {
    value = await vscode.window.showInputBox({
      title: 'Git tag',
      value: last?.type === 'git' && last.refKind === 'tag' ? last.ref : `${chartName}-${version}`,
      ignoreFocusOut: true,
      validateInput: (v) =>
        problem(() => engine().parseGitSource({ url, path: repo.chartPath, ref: { kind: 'tag', value: v } })),
    });
    if (value === undefined) return undefined;
  }
  return engine().parseGitSource({ url, path: repo.chartPath, ref: { kind: ref.refKind, value } });
}

/** The message of a GitOpsExportError `f` throws (for input validation), without its "source: " prefix. */
function problem(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof engine().GitOpsExportError ? e.reason : String(e);
  }
}

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}
