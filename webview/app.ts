/**
 * The Chart Review view: receives validated host messages, keeps the view state, and renders the
 * three tabs (manifests, environment diff, live status). Every user action is one typed message to
 * the host; nothing here opens files or talks to a cluster.
 */
import type { StatusModel } from '../server/protocol/status-protocol';
import {
  helmActions,
  hostMessage,
  parseMessage,
  type EnvironmentRender,
  type HostMessage,
  type ReviewData,
  type SourceLocation,
  type WebviewMessage,
} from '../server/protocol/webview-protocol';
import { buildDiff } from './diff-view';
import { button, h, option, replaceChildren } from './dom';
import { diffEnvironments, type EnvironmentDiff } from './env-diff';
import { filterItems } from './filter';
import { ManifestList } from './manifest-list';
import { buildFindings } from './object-card';
import { keepScrollAnchor } from './scroll-anchor';
import { buildStatus, callout } from './status-view';
import { restoreState, type Tab, type ViewState, type VsCodeApi } from './view-state';

interface Settings {
  readOnly: boolean;
  trusted: boolean;
  liveStatus: boolean;
}

export class ReviewApp {
  private state: ViewState;
  private data: ReviewData | null = null;
  private unavailable: { reason: string; message: string } | null = null;
  private settings: Settings = { readOnly: true, trusted: false, liveStatus: false };
  private status: StatusModel | null = null;
  private statusMessage: string | undefined;
  /** The environment picked for helm actions in the Release section (else the manifests tab's). */
  private helmEnv: string | undefined;
  private diffCache: { key: string; diff: EnvironmentDiff } | null = null;
  private restoredScroll = new Set<Tab>();
  /** Tabs whose content is out of date; hidden tabs are rendered when shown, not on every update. */
  private stale = new Set<Tab>();

  private readonly list = new ManifestList();
  private readonly el = {
    title: h('div', { class: 'title' }),
    progress: h('div', { class: 'progress', attrs: { 'aria-hidden': 'true' } }),
    tabs: h('nav', { class: 'tabs', attrs: { role: 'tablist' } }),
    envSelect: h('select', { class: 'env-select', data: { change: 'env' }, attrs: { 'aria-label': 'environment' } }),
    envNamespace: h('span', { class: 'meta env-ns' }),
    query: h('input', {
      class: 'query',
      attrs: {
        type: 'search',
        placeholder: 'Filter: web  kind:Service  name:api  app=web',
        spellcheck: 'false',
        'aria-label': 'filter objects',
      },
    }),
    onlyFindings: h('input', { attrs: { type: 'checkbox' }, data: { change: 'only-findings' } }),
    shown: h('span', { class: 'meta shown' }),
    diffFrom: h('select', { data: { change: 'diff-from' }, attrs: { 'aria-label': 'from environment' } }),
    diffTo: h('select', { data: { change: 'diff-to' }, attrs: { 'aria-label': 'to environment' } }),
    controls: h('div', { class: 'controls' }),
    panels: {
      manifests: h('main', { class: 'panel', data: { tab: 'manifests' }, attrs: { role: 'tabpanel' } }),
      diff: h('main', { class: 'panel', data: { tab: 'diff' }, attrs: { role: 'tabpanel' } }),
      status: h('main', { class: 'panel', data: { tab: 'status' }, attrs: { role: 'tabpanel' } }),
    } as Record<Tab, HTMLElement>,
    manifestNotice: h('div', { class: 'notices' }),
    envFindings: h('div', { class: 'env-findings' }),
    toast: h('div', { class: 'toast', attrs: { role: 'status', 'aria-live': 'polite' } }),
  };
  private readonly controlSets: Record<Tab, HTMLElement>;
  private queryTimer: ReturnType<typeof setTimeout> | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.state = restoreState(vscode.getState());
    this.el.query.value = this.state.query;
    this.el.onlyFindings.checked = this.state.onlyFindings;
    this.controlSets = {
      manifests: h(
        'div',
        { class: 'control-set' },
        h('label', null, 'Environment ', this.el.envSelect),
        this.el.envNamespace,
        this.el.query,
        h('label', { class: 'check' }, this.el.onlyFindings, ' with findings'),
        button('Expand all', 'expand-all', { class: 'secondary small' }),
        button('Collapse all', 'collapse-all', { class: 'secondary small' }),
        this.el.shown,
      ),
      diff: h(
        'div',
        { class: 'control-set' },
        h('label', null, 'From ', this.el.diffFrom),
        button('⇄', 'swap-diff', {
          class: 'secondary small',
          title: 'swap',
          attrs: { 'aria-label': 'swap environments' },
        }),
        h('label', null, 'To ', this.el.diffTo),
      ),
      status: h('div', { class: 'control-set' }),
    };
    this.el.panels.manifests.append(this.el.manifestNotice, this.el.envFindings, this.list.root);
    this.root.append(
      h(
        'header',
        { class: 'toolbar' },
        h(
          'div',
          { class: 'title-row' },
          this.el.title,
          h('span', { class: 'spacer' }),
          button('Refresh', 'refresh', { class: 'secondary small', title: 'Render the chart again' }),
        ),
        this.el.tabs,
        this.el.controls,
      ),
      this.el.progress,
      this.el.panels.manifests,
      this.el.panels.diff,
      this.el.panels.status,
      this.el.toast,
    );
    this.root.addEventListener('click', (e) => this.onClick(e));
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.root.addEventListener('change', (e) => this.onChange(e));
    this.el.query.addEventListener('input', () => {
      clearTimeout(this.queryTimer);
      this.queryTimer = setTimeout(() => this.setQuery(this.el.query.value), 120);
    });
    for (const [tab, panel] of Object.entries(this.el.panels) as Array<[Tab, HTMLElement]>) {
      panel.addEventListener(
        'scroll',
        () => {
          if (panel.hidden) return;
          this.state.scroll[tab] = Math.round(panel.scrollTop);
          this.save(250);
        },
        { passive: true },
      );
    }
    this.renderTabs();
    this.renderAll();
  }

  /** Entry point for every message event: validated, then applied; a bad one is reported, not shown. */
  receive(raw: unknown): void {
    const parsed = parseMessage(hostMessage, raw);
    if (!parsed.ok) {
      this.post({ type: 'webview-error', message: `rejected a host message: ${parsed.error}` });
      return;
    }
    try {
      this.apply(parsed.message);
    } catch (e) {
      this.post({
        type: 'webview-error',
        message: `failed to show ${parsed.message.type}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      });
    }
  }

  /** A review answer (the data, or why there is none): drops the cached diff and redraws every panel. */
  private showReview(data: ReviewData | null, unavailable: { reason: string; message: string } | null): void {
    this.data = data;
    this.unavailable = unavailable;
    this.diffCache = null;
    this.setLoading(false);
    this.renderAll();
  }

  private apply(m: HostMessage): void {
    switch (m.type) {
      case 'review-data':
        this.showReview(m.data, null);
        break;
      case 'review-loading':
        this.setLoading(true, m.message);
        break;
      case 'review-unavailable':
        this.showReview(null, { reason: m.reason, message: m.message });
        break;
      case 'settings':
        this.settings = { readOnly: m.readOnly, trusted: m.trusted, liveStatus: m.liveStatus };
        this.refresh('status');
        break;
      case 'status':
        this.status = m.status;
        this.statusMessage = m.message;
        this.stale.add('status');
        this.renderTabs();
        break;
      case 'action-result':
        this.showToast(m.message, m.ok);
        break;
    }
  }

  private post(message: WebviewMessage): void {
    this.vscode.postMessage(message);
  }

  private save(delayMs = 0): void {
    clearTimeout(this.saveTimer);
    if (delayMs) this.saveTimer = setTimeout(() => this.vscode.setState(this.state), delayMs);
    else this.vscode.setState(this.state);
  }

  // --- rendering ---------------------------------------------------------------------------

  private renderAll(): void {
    this.renderTitle();
    this.renderControls();
    for (const tab of ['manifests', 'diff', 'status'] as const) this.stale.add(tab);
    this.renderTabs();
  }

  /** Renders `tabs` now if shown, else when they are next shown. */
  private refresh(...tabs: Tab[]): void {
    for (const tab of tabs) this.stale.add(tab);
    this.renderStale();
  }

  private renderStale(): void {
    const tab = this.state.tab;
    if (!this.stale.has(tab)) return;
    this.stale.delete(tab);
    if (tab === 'manifests') this.renderManifests();
    else if (tab === 'diff') this.renderDiff();
    else this.renderStatus();
  }

  private renderTitle(): void {
    const d = this.data;
    if (!d) {
      replaceChildren(this.el.title, h('strong', null, 'Chart Review'));
      return;
    }
    replaceChildren(
      this.el.title,
      h('strong', { class: 'chart-name' }, d.chart.name),
      d.chart.version ? h('span', { class: 'meta' }, ` ${d.chart.version}`) : null,
      h(
        'span',
        { class: 'meta', title: d.chart.dir },
        ` · ${d.environments.length} environment${d.environments.length === 1 ? '' : 's'} · ${d.producer} · ${timeOf(d.generatedAt)}`,
      ),
    );
  }

  private renderTabs(): void {
    const count = this.currentEnv()?.objects.length;
    const phase =
      this.status?.cluster.state === 'ok'
        ? this.status.overall.phase
        : this.status
          ? this.status.cluster.state
          : undefined;
    const tabs: Array<[Tab, string, string | undefined]> = [
      ['manifests', 'Manifests', count !== undefined ? String(count) : undefined],
      ['diff', 'Environment diff', undefined],
      ['status', 'Live status', phase],
    ];
    replaceChildren(
      this.el.tabs,
      ...tabs.map(([tab, label, badge]) =>
        h(
          'button',
          {
            class: `tab${this.state.tab === tab ? ' active' : ''}`,
            data: { action: 'tab', tab },
            attrs: { type: 'button', role: 'tab', 'aria-selected': String(this.state.tab === tab) },
          },
          label,
          badge ? h('span', { class: `tab-badge${tab === 'status' ? ` phase-${badge}` : ''}` }, badge) : null,
        ),
      ),
    );
    const shown = this.el.panels[this.state.tab];
    const wasHidden = shown.hidden;
    for (const [tab, panel] of Object.entries(this.el.panels) as Array<[Tab, HTMLElement]>)
      panel.hidden = tab !== this.state.tab;
    replaceChildren(this.el.controls, this.controlSets[this.state.tab]);
    this.renderStale();
    // A hidden panel loses its scroll offset: back to where the user left it.
    const top = this.state.scroll[this.state.tab];
    if (wasHidden && top !== undefined) shown.scrollTop = top;
  }

  private renderControls(): void {
    const envs = this.data?.environments ?? [];
    const env = this.currentEnv();
    replaceChildren(this.el.envSelect, ...envs.map((e) => option(e.name, e.name, e.name === env?.name)));
    this.el.envSelect.disabled = envs.length < 2;
    this.el.envNamespace.textContent = env?.namespace ? `namespace ${env.namespace}` : '';
    const [from, to] = this.diffPair();
    replaceChildren(this.el.diffFrom, ...envs.map((e) => option(e.name, e.name, e.name === from)));
    replaceChildren(this.el.diffTo, ...envs.map((e) => option(e.name, e.name, e.name === to)));
  }

  private currentEnv(): EnvironmentRender | undefined {
    const envs = this.data?.environments ?? [];
    return envs.find((e) => e.name === this.state.env) ?? envs[0];
  }

  private diffPair(): [string | undefined, string | undefined] {
    const names = (this.data?.environments ?? []).map((e) => e.name);
    const from = this.state.diffFrom && names.includes(this.state.diffFrom) ? this.state.diffFrom : names[0];
    const to = this.state.diffTo && names.includes(this.state.diffTo) ? this.state.diffTo : names[names.length - 1];
    return [from, to];
  }

  private renderManifests(): void {
    const panel = this.el.panels.manifests;
    keepScrollAnchor(panel, () => {
      const env = this.currentEnv();
      const notices = [];
      if (this.unavailable) notices.push(unavailableCallout(this.unavailable.reason, this.unavailable.message));
      else if (!this.data) notices.push(h('p', { class: 'empty' }, 'Rendering the chart…'));
      for (const note of this.data?.notes ?? []) notices.push(callout('info', 'Note', note));
      if (env && !env.ok)
        notices.push(
          callout(
            'error',
            `helm template failed for ${env.name}`,
            '',
            h('pre', { class: 'error-text' }, env.error ?? 'no message'),
          ),
        );
      replaceChildren(this.el.manifestNotice, ...notices);
      replaceChildren(
        this.el.envFindings,
        ...(env?.findings.length
          ? [h('h2', { class: 'group-title' }, 'Chart findings'), buildFindings(env.findings, env.name)]
          : []),
      );
      const all = env?.objects ?? [];
      let shown = filterItems(all, this.state.query);
      if (this.state.onlyFindings) shown = shown.filter((o) => o.findings.length > 0);
      this.el.shown.textContent = all.length ? `${shown.length} of ${all.length} objects` : '';
      this.list.update(shown, {
        chartDir: this.data?.chart.dir ?? '',
        env: env?.name ?? '',
        expanded: new Set(this.state.expanded),
        selected: this.state.selected,
      });
      if (all.length && !shown.length)
        this.el.manifestNotice.appendChild(h('p', { class: 'empty' }, 'No object matches the filter.'));
    });
    this.restoreScroll('manifests');
  }

  private renderDiff(): void {
    const panel = this.el.panels.diff;
    keepScrollAnchor(panel, () => {
      const envs = this.data?.environments ?? [];
      if (this.unavailable)
        return replaceChildren(panel, unavailableCallout(this.unavailable.reason, this.unavailable.message));
      if (envs.length < 2)
        return replaceChildren(
          panel,
          h(
            'p',
            { class: 'empty' },
            this.data
              ? 'The chart has one environment: add values-<env>.yaml files to compare environments.'
              : 'Rendering the chart…',
          ),
        );
      const diff = this.currentDiff();
      if (!diff) return replaceChildren(panel, h('p', { class: 'empty' }, 'Choose two environments.'));
      const ids = new Set(filterItems([...envs.flatMap((e) => e.objects)], this.state.query).map((o) => o.id));
      const shown = this.state.query ? { ...diff, objects: diff.objects.filter((o) => ids.has(o.id)) } : diff;
      const failed = envs.filter((e) => (e.name === diff.from || e.name === diff.to) && !e.ok);
      replaceChildren(
        panel,
        ...failed.map((e) => callout('error', `${e.name} did not render`, e.error ?? '')),
        buildDiff(shown, panel),
      );
    });
    this.restoreScroll('diff');
  }

  private currentDiff(): EnvironmentDiff | undefined {
    const [fromName, toName] = this.diffPair();
    const envs = this.data?.environments ?? [];
    const from = envs.find((e) => e.name === fromName);
    const to = envs.find((e) => e.name === toName);
    if (!from || !to) return undefined;
    const key = `${from.name}\u0000${to.name}`;
    if (this.diffCache?.key !== key) {
      const started = performance.now();
      this.diffCache = { key, diff: diffEnvironments(from, to) };
      performance.measure?.('helm-intent:env-diff', { start: started, end: performance.now() });
    }
    return this.diffCache.diff;
  }

  private renderStatus(): void {
    const panel = this.el.panels.status;
    const focused = document.activeElement;
    const typing = focused instanceof HTMLInputElement && panel.contains(focused) ? focused.value : undefined;
    keepScrollAnchor(panel, () => {
      const environments = (this.data?.environments ?? []).map((e) => ({
        name: e.name,
        ...(e.namespace ? { namespace: e.namespace } : {}),
        ok: e.ok,
      }));
      const helmEnvironment = this.helmEnv ?? this.state.env;
      replaceChildren(
        panel,
        buildStatus(this.status, {
          ...this.settings,
          message: this.statusMessage,
          now: Date.now(),
          environments,
          ...(helmEnvironment ? { helmEnvironment } : {}),
        }),
      );
    });
    if (typing !== undefined) {
      const input = panel.querySelector<HTMLInputElement>('.namespace-input');
      if (input) {
        input.value = typing;
        input.focus();
      }
    }
    this.restoreScroll('status');
  }

  /** After the view was reloaded, the first render of a tab returns to where the user was. */
  private restoreScroll(tab: Tab): void {
    if (this.restoredScroll.has(tab) || !this.data) return;
    const top = this.state.scroll[tab];
    if (top !== undefined) this.el.panels[tab].scrollTop = top;
    this.restoredScroll.add(tab);
  }

  private setLoading(on: boolean, message?: string): void {
    this.el.progress.classList.toggle('active', on);
    this.el.progress.title = on ? (message ?? '') : '';
  }

  private showToast(message: string, ok: boolean): void {
    this.el.toast.textContent = message;
    this.el.toast.className = `toast show ${ok ? 'ok' : 'failed'}`;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.el.toast.className = 'toast'), 6000);
  }

  // --- user input --------------------------------------------------------------------------

  private setQuery(query: string): void {
    if (query === this.state.query) return;
    this.state.query = query;
    this.save();
    this.refresh('manifests', 'diff');
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const target = e.target as HTMLElement;
    if (target.getAttribute('role') !== 'button' || !target.dataset.action) return;
    e.preventDefault();
    this.act(target);
  }

  private onClick(e: MouseEvent): void {
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-action]');
    if (!target || !this.root.contains(target) || (target as HTMLButtonElement).disabled) return;
    this.act(target);
  }

  private act(target: HTMLElement): void {
    const d = target.dataset;
    const cardId = target.closest<HTMLElement>('.obj')?.dataset.id;
    switch (d.action) {
      case 'tab':
        this.state.tab = d.tab as Tab;
        this.save();
        this.renderTabs();
        return;
      case 'toggle':
        if (cardId) this.toggle(cardId);
        return;
      case 'open-object': {
        const o = cardId ? this.list.object(cardId) : undefined;
        if (cardId) this.select(cardId);
        if (o?.source) this.openLocation(o.source, []);
        return;
      }
      case 'open-finding': {
        const index = Number(d.index);
        const findings = cardId ? this.list.object(cardId)?.findings : this.currentEnv()?.findings;
        const f = findings?.[index];
        if (cardId) this.select(cardId);
        const o = cardId ? this.list.object(cardId) : undefined;
        const [first, ...rest] = f?.locations.length ? f.locations : o?.source ? [o.source] : [];
        if (first) this.openLocation(first, rest);
        return;
      }
      case 'expand-all':
      case 'collapse-all': {
        const env = this.currentEnv();
        const visible = filterItems(env?.objects ?? [], this.state.query).map((o) => o.id);
        const set = new Set(this.state.expanded);
        for (const id of visible) {
          if (d.action === 'expand-all') set.add(id);
          else set.delete(id);
          this.list.setExpanded(id, d.action === 'expand-all');
        }
        this.state.expanded = [...set];
        this.save();
        return;
      }
      case 'refresh':
        this.post({ type: 'refresh' });
        return;
      case 'swap-diff': {
        const [from, to] = this.diffPair();
        this.state.diffFrom = to;
        this.state.diffTo = from;
        this.save();
        this.renderControls();
        this.refresh('diff');
        return;
      }
      case 'rollout-action':
        if (d.op === 'promote' || d.op === 'promote-full' || d.op === 'abort' || d.op === 'retry')
          this.post({ type: 'rollout-action', action: d.op, namespace: d.namespace ?? '', name: d.name ?? '' });
        return;
      case 'helm-action': {
        const environment = this.el.panels.status.querySelector<HTMLSelectElement>('.helm-env')?.value ?? '';
        const action = helmActions.find((a) => a === d.op);
        if (action)
          this.post({
            type: 'helm-action',
            action,
            environment,
            ...releaseOf(d),
          });
        return;
      }
      case 'helm-rollback':
        this.post({
          type: 'helm-rollback',
          revision: Number(d.revision),
          ...releaseOf(d),
        });
        return;
      case 'edit-intent-profile':
        this.post({
          type: 'edit-intent-profile',
          object: d.object ?? '',
          ...(d.container ? { container: d.container } : {}),
          ...(d.field ? { intentField: d.field } : {}),
          ...(d.profile ? { profile: d.profile } : {}),
        });
        return;
      case 'show-logs':
        this.post({
          type: 'show-logs',
          namespace: d.namespace ?? '',
          pod: d.pod ?? '',
          ...(d.container ? { container: d.container } : {}),
        });
        return;
      case 'open-intent-field':
        this.post({ type: 'open-intent-field', field: d.field ?? '' });
        return;
      case 'apply-context': {
        const context = this.el.panels.status.querySelector<HTMLSelectElement>('.context-select')?.value;
        const namespace = this.el.panels.status.querySelector<HTMLInputElement>('.namespace-input')?.value.trim();
        this.post({
          type: 'select-kube-context',
          ...(context ? { context } : {}),
          ...(namespace ? { namespace } : {}),
        });
        return;
      }
    }
  }

  private onChange(e: Event): void {
    const target = e.target as HTMLSelectElement | HTMLInputElement;
    switch (target.dataset.change) {
      case 'env':
        this.state.env = target.value;
        this.save();
        this.renderControls();
        this.stale.add('manifests');
        this.renderTabs();
        return;
      case 'helm-env':
        this.helmEnv = target.value;
        return;
      case 'only-findings':
        this.state.onlyFindings = (target as HTMLInputElement).checked;
        this.save();
        this.refresh('manifests');
        return;
      case 'context': {
        // A context brings its own namespace (kubectl's default), until the user types another.
        const ctx = this.status?.cluster.contexts.find((c) => c.name === target.value);
        const input = this.el.panels.status.querySelector<HTMLInputElement>('.namespace-input');
        if (input) input.value = ctx?.namespace ?? '';
        return;
      }
      case 'diff-from':
      case 'diff-to':
        if (target.dataset.change === 'diff-from') this.state.diffFrom = target.value;
        else this.state.diffTo = target.value;
        this.save();
        this.refresh('diff');
        return;
    }
  }

  private toggle(id: string): void {
    const set = new Set(this.state.expanded);
    const expand = !set.has(id);
    if (expand) set.add(id);
    else set.delete(id);
    this.state.expanded = [...set];
    this.list.setExpanded(id, expand);
    this.select(id);
  }

  private select(id: string): void {
    this.state.selected = id;
    this.list.setSelected(id);
    this.save();
  }

  private openLocation(loc: SourceLocation, related: SourceLocation[]): void {
    this.post({
      type: 'open-location',
      file: loc.file,
      line: loc.line,
      ...(loc.character !== undefined ? { character: loc.character } : {}),
      ...(related.length ? { related } : {}),
    });
  }
}

function unavailableCallout(reason: string, message: string): HTMLElement {
  const title =
    reason === 'untrusted'
      ? 'Nothing is rendered in an untrusted workspace'
      : reason === 'helm-missing'
        ? 'helm is not available'
        : reason === 'no-chart'
          ? 'No chart to review'
          : 'The chart could not be rendered';
  return callout(reason === 'untrusted' ? 'warning' : 'error', title, message);
}

function timeOf(iso: string): string {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : t.toLocaleTimeString();
}

/** The Helm release a button's data-release/data-namespace names ('' when absent; the host validates). */
function releaseOf(d: DOMStringMap): { release: string; namespace: string } {
  return { release: d.release ?? '', namespace: d.namespace ?? '' };
}
