/**
 * The Chart Review WebviewPanel: one per chart. It renders the chart (through a ReviewDataSource),
 * re-renders when the chart's files or its intent are saved, forwards the live status while
 * visible, and carries out what the view asks — after validating the message, checking trust and
 * read-only, and confirming anything that changes a cluster in a modal dialog.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { StatusModel } from '../../server/protocol/status-protocol';
import type { KubeSelection } from '../kube-context-status';
import {
  parseMessage,
  webviewMessage,
  type HostMessage,
  type ReviewData,
  type WebviewMessage,
} from '../../server/protocol/webview-protocol';
import { helmActionPlan, locationAllowed, refusal, type Capabilities } from './guards';
import { editIntentProfile, openIntentField } from './intent-actions';
import type { LiveStatusSource, PlannedAction, StatusSubscription } from '../../server/host/live-status';
import type { ReviewDataSource } from './lsp-review-source';
import type { PanelTarget } from '../chart-target';
import { readSettings } from '../settings';
import { engine } from '../engine';
import { reviewHtml } from './webview-html';

export const VIEW_TYPE = 'helmIntent.chartReview';

/** What every panel works with, handed over by activate(): no module-level client or setters. */
export interface ReviewPanelContext {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  /** The chart's rendered objects and findings (the language server's review). */
  dataSource: ReviewDataSource;
  /** The cluster side; absent, the panel says live status is not connected. */
  liveStatus?: LiveStatusSource;
  /** Helm Intent's context/namespace pick, shared with the status bar (client/kube-context-status.ts). */
  kube: {
    selection(): KubeSelection;
    select(selection: KubeSelection): Promise<void>;
    onDidChange: vscode.Event<KubeSelection>;
  };
  /** Sees every message the panel posts to its webview (the extension's exports relay it to the extension-host tests). */
  onPost?: (message: HostMessage) => void;
}

const RENDER_DEBOUNCE_MS = 300;

export class ChartReviewPanel {
  private static readonly open = new Map<string, ChartReviewPanel>();

  static show(ctx: ReviewPanelContext, target: PanelTarget): ChartReviewPanel {
    const existing = ChartReviewPanel.open.get(target.chartDir);
    if (existing) {
      existing.panel.reveal();
      if (target.intentFile) existing.target.intentFile = target.intentFile;
      return existing;
    }
    const panel = new ChartReviewPanel(ctx, target);
    ChartReviewPanel.open.set(target.chartDir, panel);
    return panel;
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private lastData?: ReviewData;
  private lastUnavailable?: Extract<HostMessage, { type: 'review-unavailable' }>;
  private lastStatus: StatusModel | null = null;
  private statusMessage?: string;
  private statusSub?: StatusSubscription;
  /** What the watch was started for: a re-render restarts it only when this changes. */
  private statusKey?: string;
  /** Helm Intent's context/namespace pick (status bar or this view), shared by every panel; the kubeconfig is never written. */
  private kubeSelection: KubeSelection;
  private renderAbort?: AbortController;
  private renderTimer?: ReturnType<typeof setTimeout>;
  private renderCount = 0;

  private readonly output: vscode.LogOutputChannel;

  private constructor(
    private readonly ctx: ReviewPanelContext,
    private readonly target: PanelTarget,
  ) {
    const { extensionUri } = ctx;
    this.output = ctx.output;
    this.kubeSelection = ctx.kube.selection();
    const bundleDir = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      `Chart Review: ${path.basename(target.chartDir)}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        enableCommandUris: false,
        enableForms: false,
        // State survives hiding through the view's setState/getState; the host resends data on `ready`.
        retainContextWhenHidden: false,
        enableFindWidget: true,
        localResourceRoots: [bundleDir],
      },
    );
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'intent.svg');
    const webview = this.panel.webview;
    webview.html = reviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundleDir, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundleDir, 'main.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => void this.onMessage(raw)),
      this.panel.onDidChangeViewState(() => this.updateStatusWatch()),
      this.panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.concerns(doc.uri.fsPath)) this.scheduleRender();
      }),
      ctx.kube.onDidChange((selection) => {
        this.kubeSelection = selection;
        this.updateStatusWatch();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.sendSettings();
        this.scheduleRender(0);
        this.updateStatusWatch();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('helmIntent.readOnly')) this.sendSettings();
        if (e.affectsConfiguration('helmIntent.helmPath') || e.affectsConfiguration('helmIntent.kubernetesVersion'))
          this.scheduleRender(0);
      }),
    );
    // Files changed outside the editor (regeneration, git checkout) re-render too.
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(target.chartDir), '**/*'),
    );
    const onFile = (uri: vscode.Uri) => {
      if (!uri.fsPath.split(path.sep).includes('.helm-intent')) this.scheduleRender();
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(onFile),
      watcher.onDidCreate(onFile),
      watcher.onDidDelete(onFile),
    );
    void this.render();
  }

  private capabilities(): Capabilities {
    return { trusted: vscode.workspace.isTrusted, readOnly: readSettings().readOnly };
  }

  private concerns(file: string): boolean {
    const rel = path.relative(this.target.chartDir, file);
    const inChart = !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('.helm-intent');
    return inChart || (!!this.intentFile() && path.resolve(file) === path.resolve(this.intentFile()!));
  }

  private intentFile(): string | undefined {
    return this.target.intentFile ?? this.lastData?.chart.intentFile;
  }

  private post(message: HostMessage): void {
    this.ctx.onPost?.(message);
    void this.panel.webview.postMessage(message);
  }

  private sendSettings(): void {
    const caps = this.capabilities();
    this.post({ type: 'settings', readOnly: caps.readOnly, trusted: caps.trusted, liveStatus: !!this.ctx.liveStatus });
  }

  private scheduleRender(delay = RENDER_DEBOUNCE_MS): void {
    clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => void this.render(), delay);
  }

  /** Renders every environment; a newer render cancels an older one still running. */
  private async render(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.showUnavailable(
        'untrusted',
        'This workspace is not trusted, so Helm Intent runs no helm here and nothing is rendered. Trust the workspace (Workspaces: Manage Workspace Trust) to review the chart.',
      );
      return;
    }
    this.renderAbort?.abort();
    const abort = new AbortController();
    this.renderAbort = abort;
    const n = ++this.renderCount;
    this.post({ type: 'review-loading', message: `Reviewing ${path.basename(this.target.chartDir)}…` });
    const started = performance.now();
    try {
      const data = await this.ctx.dataSource.load({ chartDir: this.target.chartDir }, abort.signal);
      if (abort.signal.aborted || n !== this.renderCount) return;
      this.lastData = data;
      this.lastUnavailable = undefined;
      this.post({ type: 'review-data', data });
      const objects = data.environments.reduce((sum, e) => sum + e.objects.length, 0);
      this.output.info(
        `Chart Review: ${data.chart.name} rendered for ${data.environments.map((e) => (e.ok ? e.name : `${e.name} (failed)`)).join(', ')}: ${objects} objects in ${Math.round(performance.now() - started)} ms.`,
      );
      // Same release and kinds as before: the running watch goes on (a save does not reconnect).
      this.updateStatusWatch();
    } catch (e) {
      if (abort.signal.aborted) return;
      const text = e instanceof Error ? e.message : String(e);
      // The server's HelmNotFoundError names the setting.
      if (/helmIntent\.helmPath/.test(text))
        this.showUnavailable(
          'helm-missing',
          `${text}. Set helmIntent.helmPath (machine setting) or HELM_INTENT_HELM to a helm v3.8+ binary.`,
        );
      else this.showUnavailable('error', text);
    }
  }

  private showUnavailable(reason: 'untrusted' | 'helm-missing' | 'no-chart' | 'error', message: string): void {
    this.lastUnavailable = { type: 'review-unavailable', reason, message };
    this.lastData = undefined;
    this.output.warn(`Chart Review: ${message}`);
    this.post(this.lastUnavailable);
  }

  // --- live status -------------------------------------------------------------------------

  private updateStatusWatch(): void {
    const source = this.ctx.liveStatus;
    const wanted = this.panel.visible && vscode.workspace.isTrusted && !!source && !!this.lastData;
    if (!wanted) {
      // Hidden: stop watching the cluster (the view is gone anyway; `ready` brings it back).
      this.statusSub?.dispose();
      this.statusSub = undefined;
      this.statusKey = undefined;
      if (!source) this.statusMessage = 'Live status is not connected in this build of Helm Intent.';
      else if (!vscode.workspace.isTrusted)
        this.statusMessage = 'This workspace is not trusted: Helm Intent does not contact clusters from it.';
      return;
    }
    const data = this.lastData!;
    const apis = new Map<string, { apiVersion: string; kind: string }>();
    for (const env of data.environments)
      for (const o of env.objects) apis.set(`${o.apiVersion} ${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
    const target = {
      chartDir: this.target.chartDir,
      releaseName: data.chart.name,
      apis: [...apis.values()].sort((a, b) => `${a.apiVersion} ${a.kind}`.localeCompare(`${b.apiVersion} ${b.kind}`)),
      ...this.kubeSelection,
    };
    const key = JSON.stringify(target);
    if (this.statusSub && key === this.statusKey) return;
    this.statusSub?.dispose();
    this.statusKey = key;
    this.statusSub = source!.watch(target, (model) => {
      this.lastStatus = model;
      this.post({ type: 'status', status: model });
    });
  }

  // --- messages from the view --------------------------------------------------------------

  private async onMessage(raw: unknown): Promise<void> {
    const parsed = parseMessage(webviewMessage, raw);
    if (!parsed.ok) {
      this.output.warn(`Chart Review: ignored an invalid message from the view: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    const refused = refusal(message, this.capabilities());
    if (refused) {
      this.output.warn(`Chart Review: refused ${message.type}: ${refused}`);
      this.post({ type: 'action-result', action: message.type, ok: false, message: refused });
      return;
    }
    try {
      await this.handle(message);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.output.error(`Chart Review: ${message.type} failed: ${text}`);
      this.post({ type: 'action-result', action: message.type, ok: false, message: text });
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // The view (re)loaded: everything it shows comes from here, without rendering again.
        this.sendSettings();
        if (this.lastData) this.post({ type: 'review-data', data: this.lastData });
        else if (this.lastUnavailable) this.post(this.lastUnavailable);
        this.updateStatusWatch();
        this.post({
          type: 'status',
          status: this.lastStatus,
          ...(this.statusMessage ? { message: this.statusMessage } : {}),
        });
        return;
      case 'refresh':
        await this.render();
        return;
      case 'open-location':
        await this.openLocation(message.file, message.line, message.character ?? 0, vscode.ViewColumn.One, false);
        for (const r of message.related ?? [])
          await this.openLocation(r.file, r.line, r.character ?? 0, vscode.ViewColumn.Two, true);
        return;
      case 'open-intent-field':
        await openIntentField(this.intentFile(), message.field);
        return;
      case 'edit-intent-profile': {
        const result = await editIntentProfile(this.intentFile(), message, this.output);
        if (result) this.post({ type: 'action-result', action: message.type, ok: result.ok, message: result.message });
        return;
      }
      case 'show-logs':
        await this.showLogs(message.namespace, message.pod, message.container);
        return;
      case 'rollout-action':
        await this.rolloutAction(message);
        return;
      case 'helm-action':
      case 'helm-rollback':
        await this.helmAction(message);
        return;
      case 'select-kube-context':
        // As kubectl's --context/--namespace: what is not given comes from the kubeconfig.
        // Shared with the status bar and the other panels (onDidChangeKubeSelection restarts the watch).
        await this.ctx.kube.select({
          ...(message.context ? { context: message.context } : {}),
          ...(message.namespace ? { namespace: message.namespace } : {}),
        });
        return;
      case 'webview-error':
        this.output.warn(`Chart Review view: ${message.message}`);
        return;
    }
  }

  private async openLocation(
    file: string,
    line: number,
    character: number,
    column: vscode.ViewColumn,
    preserveFocus: boolean,
  ): Promise<void> {
    const roots = {
      chartDir: this.target.chartDir,
      intentFile: this.intentFile(),
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    };
    if (!locationAllowed(file, roots)) {
      this.output.warn(`Chart Review: refused to open ${file}: outside the chart, its intent and the workspace.`);
      return;
    }
    const pos = new vscode.Position(line, character);
    await vscode.window.showTextDocument(vscode.Uri.file(file), {
      viewColumn: column,
      preserveFocus,
      preview: true,
      selection: new vscode.Range(pos, pos),
    });
  }

  private async showLogs(namespace: string, pod: string, container?: string): Promise<void> {
    const source = this.ctx.liveStatus;
    const context = this.lastStatus?.cluster.context;
    let lines = source?.logs ? await source.logs(namespace, pod, container, context) : undefined;
    lines ??= this.lastStatus?.pods.find((p) => p.name === pod && p.namespace === namespace)?.logTail;
    if (!lines?.length) {
      this.post({
        type: 'action-result',
        action: 'show-logs',
        ok: false,
        message: `No log lines of ${pod} are available.`,
      });
      return;
    }
    const header = `# kubectl logs ${pod}${container ? ` -c ${container}` : ''} --namespace ${namespace}${context ? ` --context ${context}` : ''} --previous --tail ${lines.length}\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: header + lines.join('\n') + '\n' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  /** Promote/abort/retry: the exact requests shown in a modal, run only after "Run". */
  private async rolloutAction(message: Extract<WebviewMessage, { type: 'rollout-action' }>): Promise<void> {
    const source = this.ctx.liveStatus;
    if (!source?.planRolloutAction) {
      this.post({
        type: 'action-result',
        action: message.type,
        ok: false,
        message: 'Rollout actions are not available: live status is not connected.',
      });
      return;
    }
    const context = this.lastStatus?.cluster.context;
    const planned = await source.planRolloutAction(
      message.action,
      { namespace: message.namespace, name: message.name, ...(context ? { context } : {}) },
      { readOnly: this.capabilities().readOnly || !this.capabilities().trusted },
    );
    const { preview } = planned;
    const detail = [
      `Context: ${preview.context ?? context ?? '(current)'}`,
      `Namespace: ${preview.namespace}`,
      '',
      preview.mutating ? 'This will run:' : 'Nothing to change:',
      ...preview.commands,
    ];
    await this.confirmAndRun(message.type, planned, detail, preview.mutating);
  }

  /** The modal with exactly what will run, then the run: every step in the Output channel, the result to the view. */
  private async confirmAndRun(
    action: Extract<HostMessage, { type: 'action-result' }>['action'],
    planned: PlannedAction,
    detail: string[],
    runnable: boolean,
  ) {
    const { preview } = planned;
    const choice = await vscode.window.showWarningMessage(
      preview.title,
      { modal: true, detail: detail.join('\n') },
      ...(runnable ? ['Run'] : []),
    );
    if (choice !== 'Run') {
      this.output.info(`Chart Review: "${preview.title}" not run.`);
      return undefined;
    }
    this.output.info(
      `Chart Review: running "${preview.title}" (context ${preview.context ?? '(current)'}, namespace ${preview.namespace}):\n  ${preview.commands.join('\n  ')}`,
    );
    const result = await planned.run();
    this.output[result.ok ? 'info' : 'error'](
      `Chart Review: ${preview.title}: ${result.ok ? 'done' : `failed: ${result.error ?? ''}`} in ${Math.round(result.durationMs)} ms.${result.output ? `\n${result.output}` : ''}`,
    );
    this.post({
      type: 'action-result',
      action,
      ok: result.ok,
      message: result.ok
        ? `${preview.title}: done.`
        : `${preview.title} failed: ${result.error ?? 'see the Output channel'}`,
      result,
    });
    return result;
  }

  /**
   * helm dry-run/install/upgrade/rollback on the release the status shows: the engine's exact
   * command line in a modal, run only after "Run", every step in the Output channel.
   */
  private async helmAction(message: Extract<WebviewMessage, { type: 'helm-action' | 'helm-rollback' }>): Promise<void> {
    const fail = (text: string) => {
      this.output.warn(`Chart Review: ${message.type}: ${text}`);
      this.post({ type: 'action-result', action: message.type, ok: false, message: text });
    };
    const plan = helmActionPlan(message, {
      status: this.lastStatus,
      data: this.lastData,
      chartDir: this.target.chartDir,
    });
    if (!plan.ok) return fail(plan.error);
    const source = this.ctx.liveStatus;
    if (!source?.planHelmAction) return fail('Helm actions are not available: live status is not connected.');
    const caps = this.capabilities();
    const helmPath = engine().resolveHelmPath(readSettings().helmPath);
    const planned = await source.planHelmAction(plan.kind, plan.params, {
      readOnly: caps.readOnly || !caps.trusted,
      helmPath,
    });
    const { preview } = planned;
    const detail = [
      `Context: ${preview.context ?? '(current)'}`,
      `Namespace: ${preview.namespace}`,
      ...plan.notes,
      '',
      preview.mutating ? 'This will run:' : 'This will run (server-side dry-run: nothing changes):',
      ...preview.commands,
    ];
    const result = await this.confirmAndRun(message.type, planned, detail, true);
    if (!result) return;
    // A dry-run's answer is its output (the manifests the server accepted): shown beside the review.
    if (result.ok && !preview.mutating && result.output) {
      const doc = await vscode.workspace.openTextDocument({
        language: 'yaml',
        content: `# ${preview.commands.join(' ')}\n${result.output}\n`,
      });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }

  private dispose(): void {
    ChartReviewPanel.open.delete(this.target.chartDir);
    clearTimeout(this.renderTimer);
    this.renderAbort?.abort();
    this.statusSub?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
