/**
 * The kube context and namespace Helm Intent uses, in the status bar. The kubeconfig is read as
 * kubectl reads it (server/kube/kubeconfig.ts: KUBECONFIG list, first-file-wins merge, context
 * namespace or "default"); the item follows changes to those files. Clicking it picks another
 * context/namespace for Helm Intent only: the choice lives in the workspace state and the
 * kubeconfig (and so kubectl's current-context) is never written.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LoadedKubeConfig } from '../server/kube/kubeconfig';
import { engine } from './engine';

export const SELECT_KUBE_CONTEXT = 'helmIntent.selectKubeContext';
const STATE_KEY = 'helmIntent.kubeSelection';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Helm Intent's own pick; what is not set comes from the kubeconfig (as kubectl's --context/--namespace). */
export interface KubeSelection {
  context?: string;
  namespace?: string;
}

const changed = new vscode.EventEmitter<KubeSelection>();
let memento: vscode.Memento | undefined;

/** Fires with the new selection whenever it changes (status bar, Chart Review panels). */
export const onDidChangeKubeSelection: vscode.Event<KubeSelection> = changed.event;

export function kubeSelection(): KubeSelection {
  const raw = memento?.get<unknown>(STATE_KEY);
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    ...(typeof s.context === 'string' && s.context ? { context: s.context } : {}),
    ...(typeof s.namespace === 'string' && s.namespace ? { namespace: s.namespace } : {}),
  };
}

export async function setKubeSelection(selection: KubeSelection): Promise<void> {
  const clean: KubeSelection = {
    ...(selection.context ? { context: selection.context } : {}),
    ...(selection.namespace ? { namespace: selection.namespace } : {}),
  };
  await memento?.update(STATE_KEY, clean.context || clean.namespace ? clean : undefined);
  changed.fire(clean);
}

/** The files kubectl would read, whether they exist yet or not (to notice them appear). */
export function kubeconfigCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.KUBECONFIG)
    return [
      ...new Set(
        env.KUBECONFIG.split(path.delimiter)
          .filter(Boolean)
          .map((f) => path.resolve(f)),
      ),
    ];
  return [path.join(env.HOME || env.USERPROFILE || os.homedir(), '.kube', 'config')];
}

/** Status-bar text and tooltip for what engine().loadKubeConfig found. */
export function describeKubeContext(
  chosen: LoadedKubeConfig['info'],
  kubeconfigCurrent: string | undefined,
  selection: KubeSelection,
): { text: string; tooltip: string; warning: boolean } {
  const files = chosen.kubeconfigFiles.length
    ? `kubeconfig: ${chosen.kubeconfigFiles.join(', ')}`
    : 'no kubeconfig file';
  const footer = 'Click to choose the context and namespace Helm Intent uses (the kubeconfig is not changed).';
  if (chosen.state === 'no-cluster-configured')
    return {
      text: '$(cloud) no kube context',
      tooltip: [chosen.message, chosen.nextStep, files, footer].filter(Boolean).join('\n'),
      warning: false,
    };
  if (chosen.state !== 'ok' || !chosen.context)
    return {
      text: `$(warning) ${selection.context ?? 'kube context'}`,
      tooltip: [chosen.message, chosen.nextStep, files, footer].filter(Boolean).join('\n'),
      warning: true,
    };
  const picked = selection.context || selection.namespace;
  return {
    text: `$(cloud) ${chosen.context} · ${chosen.namespace}${picked ? ' $(pin)' : ''}`,
    tooltip: [
      `Helm Intent uses context "${chosen.context}"${chosen.cluster ? ` (cluster ${chosen.cluster}${chosen.server ? `, ${chosen.server}` : ''})` : ''}, namespace "${chosen.namespace}".`,
      picked
        ? `Chosen in Helm Intent; the kubeconfig's current-context is "${kubeconfigCurrent ?? '(none)'}".`
        : "From the kubeconfig's current-context.",
      files,
      footer,
    ].join('\n'),
    warning: false,
  };
}

class KubeContextStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'helmIntent.kubeContext',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly watchers = new Map<string, FSWatcher>();
  private timer?: ReturnType<typeof setTimeout>;
  private generation = 0;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.item.name = 'Helm Intent: Kube Context';
    this.item.command = SELECT_KUBE_CONTEXT;
    this.subscription = onDidChangeKubeSelection(() => void this.refresh());
  }

  /** Reads the kubeconfig again; the latest call wins when reads overlap. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.watchFiles();
    const selection = kubeSelection();
    const base = await engine().loadKubeConfig({ env: this.env });
    const chosen =
      selection.context || selection.namespace ? await engine().loadKubeConfig({ ...selection, env: this.env }) : base;
    if (generation !== this.generation) return;
    const view = describeKubeContext(chosen.info, base.info.context, selection);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** Watches the folders of the kubeconfig files (editors and kubectl replace files by rename). */
  private watchFiles(): void {
    const files = kubeconfigCandidates(this.env);
    const names = new Map<string, Set<string>>();
    for (const f of files) {
      const dir = path.dirname(f);
      if (!names.has(dir)) names.set(dir, new Set());
      names.get(dir)!.add(path.basename(f));
    }
    for (const [dir, w] of this.watchers) {
      if (!names.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const [dir, wanted] of names) {
      if (this.watchers.has(dir) || !existsSync(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          if (!name || wanted.has(name.toString())) this.scheduleRefresh();
        });
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch (e) {
        this.output.warn(`Kube context: cannot watch ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 200);
  }

  /** Context, then namespace; stored for Helm Intent only. */
  async pick(): Promise<void> {
    const base = await engine().loadKubeConfig({ env: this.env });
    const contexts = base.info.contexts;
    if (!contexts.length) {
      void vscode.window.showWarningMessage(
        `Helm Intent: no kube context to choose. ${base.info.message ?? ''} ${base.info.nextStep ?? ''}`.trim(),
      );
      return;
    }
    const selection = kubeSelection();
    const inUse = selection.context ?? base.info.context;
    type ContextItem = vscode.QuickPickItem & { context?: string };
    const items: ContextItem[] = [
      {
        label: "$(discard) The kubeconfig's current context",
        description: base.info.context ?? '(none set)',
        detail: 'Follow the kubeconfig (what kubectl uses).',
      },
      ...contexts.map((c) => ({
        label: c.name,
        description: [c.cluster, c.namespace ? `namespace ${c.namespace}` : ''].filter(Boolean).join(' · '),
        ...(c.name === inUse ? { detail: '$(check) used by Helm Intent now' } : {}),
        context: c.name,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Helm Intent: kube context',
      placeHolder: 'Context for Helm Intent (the kubeconfig is not changed)',
      matchOnDescription: true,
    });
    if (!picked) return;
    const contextName = picked.context ?? base.info.context;
    const contextDefault = contexts.find((c) => c.name === contextName)?.namespace ?? 'default';
    const namespace = await this.pickNamespace(
      picked.context,
      contextDefault,
      picked.context === selection.context ? selection.namespace : undefined,
    );
    if (namespace === undefined) return;
    const next: KubeSelection = {
      ...(picked.context ? { context: picked.context } : {}),
      ...(namespace !== contextDefault ? { namespace } : {}),
    };
    await setKubeSelection(next);
    this.output.info(
      `Kube context for Helm Intent: ${next.context ?? `kubeconfig current-context (${base.info.context ?? 'none'})`}, namespace ${namespace}. The kubeconfig was not changed.`,
    );
  }

  /** The namespace: typed, or one the cluster lists (when the workspace is trusted and listing is allowed). */
  private pickNamespace(
    context: string | undefined,
    contextDefault: string,
    current: string | undefined,
  ): Promise<string | undefined> {
    type NsItem = vscode.QuickPickItem & { namespace: string };
    const qp = vscode.window.createQuickPick<NsItem>();
    qp.title = `Helm Intent: namespace in ${context ?? 'the current context'}`;
    qp.placeholder = `Type a namespace or pick one (the context's is ${contextDefault})`;
    qp.items = [{ label: contextDefault, description: "the context's namespace", namespace: contextDefault }];
    if (current && current !== contextDefault) qp.value = current;
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: string | undefined) => {
        if (done) return;
        done = true;
        resolve(v);
        qp.dispose();
      };
      qp.onDidAccept(() => {
        const value = qp.selectedItems[0]?.namespace ?? qp.value.trim();
        if (!DNS_LABEL.test(value) || value.length > 63) {
          qp.placeholder = `"${value}" is not a namespace name (lowercase letters, digits and "-")`;
          return;
        }
        finish(value);
      });
      qp.onDidHide(() => finish(undefined));
      qp.show();
      if (vscode.workspace.isTrusted) void this.listNamespaces(context, qp, contextDefault);
    });
  }

  private async listNamespaces(
    context: string | undefined,
    qp: vscode.QuickPick<vscode.QuickPickItem & { namespace: string }>,
    contextDefault: string,
  ): Promise<void> {
    qp.busy = true;
    try {
      const loaded = await engine().loadKubeConfig({ ...(context ? { context } : {}), env: this.env });
      if (!loaded.kc || loaded.info.state !== 'ok') return;
      const list = await new (engine().KubeClient)(loaded.kc).get('/api/v1/namespaces', {
        timeoutMs: 5000,
        describe: 'list namespaces',
      });
      const names: string[] = (Array.isArray(list?.items) ? list.items : [])
        .map((n: { metadata?: { name?: unknown } } | null) => String(n?.metadata?.name ?? ''))
        .filter((n: string) => n && n !== contextDefault);
      qp.items = [...qp.items, ...names.sort().map((n) => ({ label: n, namespace: n }))];
    } catch (e) {
      // Listing namespaces is often not allowed: typing one is the way then.
      qp.placeholder = `Type a namespace (could not list them: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
    } finally {
      qp.busy = false;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation++;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.subscription.dispose();
    this.item.dispose();
  }
}

/** The status-bar item and its picker command; the selection is kept in the workspace state. */
export function registerKubeContextStatus(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  env: NodeJS.ProcessEnv = process.env,
): vscode.Disposable[] {
  memento = context.workspaceState;
  const status = new KubeContextStatus(output, env);
  void status.refresh();
  return [
    status,
    vscode.commands.registerCommand(SELECT_KUBE_CONTEXT, async () => {
      try {
        await status.pick();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        output.error(`Select Kube Context: ${message}`);
        void vscode.window.showErrorMessage(`Helm Intent: ${message}`);
      }
    }),
  ];
}
