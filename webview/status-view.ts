/**
 * The Live status panel: the status model (server/protocol/status-protocol.ts) as the cluster
 * sees the release now. Buttons only post typed messages; the host confirms and runs them.
 */
import type {
  ArgoRolloutStatus,
  GitOpsStatus,
  HealthHint,
  PodStatus,
  StatusModel,
  WorkloadStatus,
} from '../server/protocol/status-protocol';
import { button, h, option, type Child } from './dom';

const UNTRUSTED = 'This workspace is not trusted: Helm Intent does not contact clusters from it.';

export interface StatusContext {
  readOnly: boolean;
  trusted: boolean;
  liveStatus: boolean;
  /** Why there is no model (no status source, not trusted…). */
  message?: string;
  now: number;
  /** The chart's rendered environments, for helm install/upgrade with one environment's values. */
  environments?: Array<{ name: string; namespace?: string; ok: boolean }>;
  /** The environment the helm actions use (picked in the Release section, else the manifests tab's). */
  helmEnvironment?: string;
}

export function buildStatus(model: StatusModel | null, ctx: StatusContext): HTMLElement {
  if (!model) {
    return h(
      'div',
      { class: 'status' },
      callout(
        'info',
        'Live status is not available',
        ctx.message ??
          (ctx.trusted
            ? 'Waiting for the cluster status…'
            : 'This workspace is not trusted: Helm Intent does not contact clusters here.'),
      ),
    );
  }
  const sections: Child[] = [clusterBar(model, ctx)];
  if (model.cluster.state !== 'ok') {
    sections.push(
      callout(
        'error',
        clusterTitle(model.cluster.state),
        model.cluster.message ?? '',
        model.cluster.nextStep ? h('p', { class: 'next-step' }, model.cluster.nextStep) : null,
        model.cluster.deniedRequest ? h('p', { class: 'meta' }, `Refused: ${model.cluster.deniedRequest}`) : null,
        model.cluster.kubeconfigFiles.length
          ? h('p', { class: 'meta' }, `kubeconfig: ${model.cluster.kubeconfigFiles.join(', ')}`)
          : null,
      ),
    );
    return h('div', { class: 'status' }, ...sections);
  }
  sections.push(
    h(
      'div',
      { class: `overall phase-${model.overall.phase}` },
      h('span', { class: 'badge' }, model.overall.phase),
      h('span', null, model.overall.message),
    ),
  );
  if (model.hints.length)
    sections.push(
      section('Health hints', h('div', { class: 'hints' }, ...model.hints.map((hint) => buildHint(hint, model, ctx)))),
    );
  sections.push(section('Release', buildRelease(model, ctx)));
  if (model.gitops) sections.push(section('GitOps', buildGitOps(model.gitops)));
  if (model.workloads.length)
    sections.push(
      section('Workloads', h('div', { class: 'workloads' }, ...model.workloads.map((w) => buildWorkload(w, ctx)))),
    );
  if (model.hpas.length) sections.push(section('Autoscaling', buildHpas(model)));
  sections.push(
    section(
      `Pods (${model.pods.length})`,
      model.pods.length ? buildPods(model.pods, ctx) : h('p', { class: 'empty' }, 'No pods of this release.'),
    ),
  );
  if (model.warnings.length) sections.push(section('Warning events', buildWarnings(model, ctx)));
  const missingApis = (model.apis ?? []).filter((a) => !a.served);
  if (missingApis.length) {
    sections.push(
      section(
        'APIs the cluster does not serve',
        h(
          'ul',
          { class: 'plain' },
          ...missingApis.map((a) =>
            h('li', null, h('code', null, `${a.apiVersion} ${a.kind}`), a.note ? ` — ${a.note}` : ''),
          ),
        ),
      ),
    );
  }
  return h('div', { class: 'status' }, ...sections);
}

function clusterTitle(state: StatusModel['cluster']['state']): string {
  switch (state) {
    case 'no-cluster-configured':
      return 'No cluster configured';
    case 'config-error':
      return 'The kubeconfig cannot be used';
    case 'unreachable':
      return 'The cluster is unreachable';
    case 'unauthorized':
      return 'The cluster refused the credentials';
    case 'forbidden':
      return 'Not allowed to read the release';
    default:
      return 'Cluster';
  }
}

function clusterBar(model: StatusModel, ctx: StatusContext): HTMLElement {
  const c = model.cluster;
  const select = h(
    'select',
    { class: 'context-select', title: 'kube context', data: { change: 'context' } },
    ...c.contexts.map((x) => option(x.name, x.name, x.name === c.context)),
  );
  if (!c.contexts.length) select.appendChild(option('', c.context ?? '(none)', true));
  const ns = h('input', {
    class: 'namespace-input',
    title: 'namespace',
    attrs: { type: 'text', spellcheck: 'false', 'aria-label': 'namespace' },
  });
  ns.value = c.namespace;
  const watch = model.watch;
  const watchText = !watch
    ? ''
    : watch.connected
      ? 'live'
      : watch.retryInMs !== undefined
        ? `reconnecting in ${Math.ceil(watch.retryInMs / 1000)}s (attempt ${watch.attempt})`
        : 'disconnected';
  return h(
    'div',
    { class: 'cluster-bar' },
    h(
      'span',
      { class: `conn conn-${c.state}`, title: c.message ?? c.state },
      h('span', { class: 'conn-dot' }),
      c.state === 'ok' ? 'connected' : c.state,
    ),
    h('label', null, 'Context ', select),
    h('label', null, 'Namespace ', ns),
    button('Apply', 'apply-context', { class: 'secondary' }, ctx.trusted ? undefined : UNTRUSTED),
    c.server ? h('span', { class: 'meta', title: 'API server' }, c.server) : null,
    h('span', { class: 'spacer' }),
    watch
      ? h(
          'span',
          {
            class: `watch ${watch.connected ? 'on' : 'off'}`,
            title: watch.lastError ?? `${watch.reconnects} reconnects, ${watch.relists} relists`,
          },
          watchText,
        )
      : null,
    h('span', { class: 'meta', title: model.generatedAt }, `updated ${age(model.generatedAt, ctx.now)} ago`),
  );
}

function buildHint(hint: HealthHint, model: StatusModel, ctx: StatusContext): HTMLElement {
  const actions: Child[] = [];
  const podName = hint.object.startsWith('Pod/') ? hint.object.slice(4) : undefined;
  const pod = podName ? model.pods.find((p) => p.name === podName) : undefined;
  const container = typeof hint.data?.container === 'string' ? hint.data.container : undefined;
  if (hint.kind === 'oom-killed') {
    const profile = typeof hint.data?.suggestedProfile === 'string' ? hint.data.suggestedProfile : undefined;
    actions.push(
      button(profile ? `Use profile ${profile}…` : 'Use a larger profile…', 'edit-intent-profile', {
        data: {
          object: hint.object,
          ...(container ? { container } : {}),
          ...(hint.intentField ? { field: hint.intentField } : {}),
          ...(profile ? { profile } : {}),
        },
      }),
    );
  }
  if (hint.kind === 'crash-loop' && podName) {
    actions.push(
      button(
        'Show logs',
        'show-logs',
        {
          class: 'secondary',
          data: {
            namespace: pod?.namespace ?? model.cluster.namespace,
            pod: podName,
            ...(container ? { container } : {}),
          },
        },
        ctx.trusted ? undefined : UNTRUSTED,
      ),
    );
  }
  if (hint.kind === 'rollout-aborted' && hint.object.startsWith('Rollout/')) {
    const name = hint.object.slice(8);
    const w = model.workloads.find((x) => x.kind === 'Rollout' && x.name === name);
    actions.push(rolloutButton('Retry', 'retry', w?.namespace ?? model.cluster.namespace, name, ctx));
  }
  if (hint.intentField)
    actions.push(
      button(`Go to ${hint.intentField}`, 'open-intent-field', {
        class: 'secondary',
        data: { field: hint.intentField },
      }),
    );
  return h(
    'div',
    { class: `hint sev-${hint.severity}`, data: { kind: hint.kind } },
    h(
      'div',
      { class: 'hint-head' },
      h('span', { class: 'sev-dot' }),
      h('strong', null, hint.object),
      h('span', { class: 'msg' }, hint.message),
    ),
    h('p', { class: 'suggestion' }, hint.suggestion),
    hint.logTail?.length ? h('pre', { class: 'log-tail' }, hint.logTail.join('\n')) : null,
    actions.length ? h('div', { class: 'actions' }, ...actions) : null,
  );
}

function rolloutButton(
  label: string,
  op: string,
  namespace: string,
  name: string,
  ctx: StatusContext,
  secondary = false,
): HTMLButtonElement {
  const reason = !ctx.trusted
    ? UNTRUSTED
    : ctx.readOnly
      ? 'helmIntent.readOnly is on: actions that change the cluster are disabled'
      : undefined;
  return button(
    label,
    'rollout-action',
    { class: secondary ? 'secondary' : '', data: { op, namespace, name } },
    reason,
  );
}

function buildRelease(model: StatusModel, ctx: StatusContext): HTMLElement {
  const r = model.release;
  if (!r)
    return h(
      'p',
      { class: 'empty' },
      model.releaseName ? `Release ${model.releaseName}: not read.` : 'No release name.',
    );
  if (!r.found)
    return h(
      'div',
      null,
      h(
        'p',
        { class: 'empty' },
        `No helm release ${r.name} in namespace ${r.namespace}.`,
        r.error ? ` ${r.error}` : '',
      ),
      helmActionBar(r.name, r.namespace, false, ctx),
    );
  const cur = r.current;
  const head = h(
    'p',
    { class: 'release-head' },
    h('strong', null, r.name),
    h('span', { class: 'meta' }, ` in ${r.namespace}`),
    cur ? h('span', { class: `badge rel-${cur.status}` }, cur.status) : null,
    cur
      ? h(
          'span',
          null,
          ` revision ${cur.revision} · ${cur.chartName}-${cur.chartVersion}${cur.appVersion ? ` · app ${cur.appVersion}` : ''}`,
        )
      : null,
    cur?.updated ? h('span', { class: 'meta', title: cur.updated }, ` · ${age(cur.updated, ctx.now)} ago`) : null,
  );
  const blocked = actionBlocked(ctx);
  const rows = r.history.map((x) =>
    h(
      'tr',
      { class: x.revision === cur?.revision ? 'current' : '', data: { revision: String(x.revision) } },
      h('td', { class: 'num' }, String(x.revision)),
      h('td', { title: x.updated ?? '' }, x.updated ? shortTime(x.updated) : ''),
      h('td', null, h('span', { class: `badge rel-${x.status}` }, x.status)),
      h('td', null, `${x.chartName}-${x.chartVersion}`),
      h('td', null, x.appVersion ?? ''),
      h('td', { class: 'desc' }, x.description ?? ''),
      h(
        'td',
        null,
        x.revision === cur?.revision
          ? null
          : button(
              'Roll back…',
              'helm-rollback',
              {
                class: 'secondary small',
                title: `helm rollback ${r.name} ${x.revision}`,
                data: { revision: String(x.revision), release: r.name, namespace: r.namespace },
              },
              blocked,
            ),
      ),
    ),
  );
  return h(
    'div',
    null,
    head,
    r.error ? h('p', { class: 'meta' }, r.error) : null,
    grid('grid history', ['rev#', 'updated', 'status', 'chart', 'app version', 'description', ''], rows),
    helmActionBar(r.name, r.namespace, true, ctx),
  );
}

/** Why cluster actions are disabled, or undefined when they may be asked for (the host confirms and decides). */
function actionBlocked(ctx: StatusContext): string | undefined {
  return !ctx.trusted
    ? UNTRUSTED
    : ctx.readOnly
      ? 'helmIntent.readOnly is on: actions that change the cluster are disabled'
      : undefined;
}

/** Dry-run and install/upgrade of the chart with one environment's values, into the namespace shown. */
function helmActionBar(release: string, namespace: string, installed: boolean, ctx: StatusContext): HTMLElement {
  const envs = ctx.environments ?? [];
  const picked = envs.find((e) => e.name === ctx.helmEnvironment) ?? envs[0];
  const select = h(
    'select',
    {
      class: 'helm-env',
      title: 'values of this environment',
      data: { change: 'helm-env' },
      attrs: { 'aria-label': 'environment for helm actions' },
    },
    ...envs.map((e) => option(e.name, e.namespace ? `${e.name} (${e.namespace})` : e.name, e === picked)),
  );
  const blocked =
    actionBlocked(ctx) ??
    (!picked
      ? 'The chart has not rendered yet'
      : !picked.ok
        ? `Environment ${picked.name} does not render: fix the chart first`
        : undefined);
  const data = { release, namespace };
  const [dryRun, apply] = installed
    ? (['dry-run-upgrade', 'upgrade'] as const)
    : (['dry-run-install', 'install'] as const);
  const elsewhere =
    picked?.namespace && picked.namespace !== namespace
      ? h(
          'span',
          { class: 'meta warn' },
          `${picked.name} deploys to namespace ${picked.namespace}; this acts on ${namespace}`,
        )
      : null;
  return h(
    'div',
    { class: 'actions helm-actions' },
    h('label', null, 'Values ', select),
    button(
      installed ? 'Dry-run upgrade' : 'Dry-run install',
      'helm-action',
      {
        class: 'secondary',
        title: `helm ${installed ? 'upgrade' : 'install'} --dry-run=server`,
        data: { ...data, op: dryRun },
      },
      blocked,
    ),
    button(
      installed ? 'Upgrade…' : 'Install…',
      'helm-action',
      {
        title: `helm ${installed ? 'upgrade' : 'install'} ${release} with rollback on failure, wait and timeout`,
        data: { ...data, op: apply },
      },
      blocked,
    ),
    elsewhere,
  );
}

function buildGitOps(g: GitOpsStatus): HTMLElement {
  const state =
    g.kind === 'Application'
      ? `${g.sync ?? 'Unknown'} · ${g.health ?? 'Unknown'}`
      : g.ready
        ? 'Ready'
        : g.suspended
          ? 'Suspended'
          : g.progressing
            ? 'Reconciling'
            : 'Not ready';
  return h(
    'div',
    {
      class: `gitops ${g.ready ? 'gitops-ready' : g.progressing ? 'gitops-progressing' : 'gitops-failing'}`,
      data: { kind: g.kind },
    },
    h(
      'p',
      { class: 'release-head' },
      h('span', { class: 'diff-kind' }, g.kind),
      h('strong', null, `${g.namespace}/${g.name}`),
      h(
        'span',
        {
          class: `badge gitops-state ${g.ready ? 'health-healthy' : g.progressing ? 'health-progressing' : 'health-degraded'}`,
        },
        state,
      ),
      g.reason ? h('span', { class: 'meta' }, ` ${g.reason}`) : null,
      g.revision ? h('span', { class: 'meta' }, ` · ${g.revision}`) : null,
    ),
    h('p', { class: 'gitops-msg' }, g.message),
  );
}

function buildWorkload(w: WorkloadStatus, ctx: StatusContext): HTMLElement {
  const r = w.replicas;
  const desired = Math.max(r.desired, 1);
  const bar = h('div', {
    class: 'replica-bar',
    title: `${r.updated} updated, ${r.ready} ready, ${r.available} available of ${r.desired}`,
  });
  for (const [cls, n] of [
    ['updated', r.updated],
    ['ready', r.ready],
    ['available', r.available],
  ] as const) {
    const seg = h('div', { class: `seg ${cls}` });
    seg.style.width = `${Math.min(100, (n / desired) * 100)}%`;
    bar.appendChild(seg);
  }
  return h(
    'article',
    { class: `workload health-${w.health}`, data: { kind: w.kind, name: w.name } },
    h(
      'div',
      { class: 'workload-head' },
      h('span', { class: 'diff-kind' }, w.kind),
      h('strong', { class: 'obj-name' }, w.name),
      h('span', { class: `badge health health-${w.health}` }, w.health),
      h('span', { class: 'spacer' }),
      h('span', { class: 'meta' }, `gen ${w.observedGeneration ?? '?'}/${w.generation ?? '?'}`),
    ),
    h('p', { class: 'workload-msg' }, w.message),
    h(
      'div',
      { class: 'replicas' },
      bar,
      h(
        'span',
        { class: 'replica-text' },
        `${r.ready}/${r.desired} ready · ${r.updated} updated · ${r.available} available`,
      ),
    ),
    w.images.length ? h('p', { class: 'meta images' }, w.images.join(', ')) : null,
    w.rollout ? buildRollout(w, w.rollout, ctx) : null,
  );
}

function buildRollout(w: WorkloadStatus, ro: ArgoRolloutStatus, ctx: StatusContext): HTMLElement {
  const steps = h(
    'ol',
    { class: 'steps', attrs: { 'aria-label': 'canary steps' } },
    ...ro.steps.map((s) =>
      h(
        'li',
        {
          class: `step step-${s.state} kind-${s.kind}`,
          title: `step ${s.index + 1}: ${s.label}`,
          attrs: s.state === 'current' ? { 'aria-current': 'step' } : {},
        },
        h('span', { class: 'step-index' }, String(s.index + 1)),
        h('span', { class: 'step-label' }, s.label),
      ),
    ),
  );
  const weight = h('div', { class: 'weight' });
  const gauge = h('div', { class: 'weight-gauge' });
  const fill = h('div', { class: 'weight-fill' });
  fill.style.width = `${clampPct(ro.actualWeight ?? 0)}%`;
  gauge.appendChild(fill);
  if (ro.setWeight !== undefined) {
    const mark = h('div', { class: 'weight-mark', title: `set weight ${ro.setWeight}%` });
    mark.style.left = `${clampPct(ro.setWeight)}%`;
    gauge.appendChild(mark);
  }
  weight.append(
    h('span', null, 'canary weight'),
    gauge,
    h(
      'span',
      { class: 'weight-text' },
      `${ro.actualWeight ?? 0}%${ro.setWeight !== undefined ? ` (set ${ro.setWeight}%)` : ''}`,
    ),
  );
  const flags: Child[] = [
    h('span', { class: 'badge' }, `${ro.strategy} · ${ro.phase}`),
    ro.paused ? h('span', { class: 'badge flag-paused' }, 'paused') : null,
    ro.aborted ? h('span', { class: 'badge flag-aborted' }, 'aborted') : null,
    ...ro.pauseConditions.map((p) => h('span', { class: 'badge flag-paused', title: p.startTime ?? '' }, p.reason)),
    ro.currentStepIndex !== undefined
      ? h('span', { class: 'meta' }, `step ${Math.min(ro.currentStepIndex + 1, ro.steps.length)} of ${ro.steps.length}`)
      : null,
  ];
  const actions: Child[] = [];
  if (ro.paused || ro.pauseConditions.length)
    actions.push(rolloutButton('Promote', 'promote', w.namespace, w.name, ctx));
  if (!ro.aborted && !w.done)
    actions.push(
      rolloutButton('Promote full', 'promote-full', w.namespace, w.name, ctx, true),
      rolloutButton('Abort', 'abort', w.namespace, w.name, ctx, true),
    );
  if (ro.aborted) actions.push(rolloutButton('Retry', 'retry', w.namespace, w.name, ctx));
  return h(
    'div',
    { class: 'rollout' },
    h('div', { class: 'flags' }, ...flags),
    ro.phaseMessage ? h('p', { class: 'meta' }, ro.phaseMessage) : null,
    ro.steps.length ? steps : null,
    weight,
    ro.analysisRuns.length
      ? h(
          'ul',
          { class: 'plain analysis' },
          ...ro.analysisRuns.map((a) =>
            h(
              'li',
              null,
              h('span', { class: `badge an-${a.phase.toLowerCase()}` }, a.phase),
              ` ${a.name}`,
              a.role ? h('span', { class: 'meta' }, ` (${a.role})`) : null,
              a.message ? h('span', { class: 'meta' }, ` — ${a.message}`) : null,
            ),
          ),
        )
      : null,
    actions.length ? h('div', { class: 'actions' }, ...actions) : null,
  );
}

function buildHpas(model: StatusModel): HTMLElement {
  return grid(
    'grid',
    ['name', 'target', 'min–max#', 'current → desired#', 'metrics', 'problem'],
    model.hpas.map((x) =>
      h(
        'tr',
        null,
        h('td', null, x.name),
        h('td', null, `${x.target.kind}/${x.target.name}`),
        h('td', { class: 'num' }, `${x.minReplicas ?? 1}–${x.maxReplicas}`),
        h('td', { class: 'num' }, `${x.currentReplicas} → ${x.desiredReplicas}`),
        h('td', null, x.metrics.map((m) => `${m.name} ${m.current ?? '?'}/${m.target ?? '?'}`).join(', ')),
        h('td', { class: x.problem ? 'problem' : '' }, x.problem ?? ''),
      ),
    ),
  );
}

function buildPods(pods: PodStatus[], ctx: StatusContext): HTMLElement {
  const rows = pods.map((p) => {
    const crash = p.problems.some((x) => x.reason === 'CrashLoopBackOff' || x.reason === 'Error');
    return h(
      'tr',
      { class: p.ready ? '' : 'not-ready', data: { pod: p.name } },
      h('td', null, p.name, p.role ? h('span', { class: `badge role-${p.role}` }, p.role) : null),
      h('td', null, p.phase),
      h('td', { class: 'num' }, `${p.readyContainers}/${p.totalContainers}`),
      h('td', { class: `num${p.restarts ? ' problem' : ''}` }, String(p.restarts)),
      h(
        'td',
        null,
        ...p.problems.map((x) =>
          h(
            'span',
            {
              class: `badge reason reason-${x.state}`,
              title: [x.container, x.message, x.exitCode !== undefined ? `exit ${x.exitCode}` : '', x.finishedAt ?? '']
                .filter(Boolean)
                .join(' · '),
            },
            x.reason,
          ),
        ),
        p.unschedulable
          ? h('span', { class: 'badge reason reason-waiting', title: p.unschedulable }, 'Unschedulable')
          : null,
      ),
      h('td', { class: 'meta' }, p.owner ?? ''),
      h(
        'td',
        null,
        crash || p.logTail
          ? button(
              'Logs',
              'show-logs',
              {
                class: 'secondary small',
                data: {
                  namespace: p.namespace,
                  pod: p.name,
                  ...(p.problems[0] ? { container: p.problems[0].container } : {}),
                },
              },
              ctx.trusted ? undefined : UNTRUSTED,
            )
          : null,
      ),
    );
  });
  return grid('grid pods', ['pod', 'phase', 'ready#', 'restarts#', 'reasons', 'owner', ''], rows);
}

function buildWarnings(model: StatusModel, ctx: StatusContext): HTMLElement {
  return grid(
    'grid warnings',
    ['object', 'reason', 'message', 'count#', 'last seen'],
    model.warnings.map((w) =>
      h(
        'tr',
        null,
        h('td', null, w.object),
        h('td', null, h('span', { class: 'badge reason reason-waiting' }, w.reason)),
        h('td', { class: 'desc' }, w.message),
        h('td', { class: 'num' }, String(w.count)),
        h('td', { title: w.lastSeen ?? '' }, w.lastSeen ? `${age(w.lastSeen, ctx.now)} ago` : ''),
      ),
    ),
  );
}

/** A table with a header row (a label ending in # heads a numeric, right-aligned column) and `rows`. */
function grid(cls: string, labels: string[], rows: HTMLElement[]): HTMLElement {
  return h(
    'table',
    { class: cls },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...labels.map((l) => (l.endsWith('#') ? h('th', { class: 'num' }, l.slice(0, -1)) : h('th', null, l))),
      ),
    ),
    h('tbody', null, ...rows),
  );
}

function section(title: string, body: Child): HTMLElement {
  return h('section', { class: 'status-section' }, h('h2', { class: 'group-title' }, title), body);
}

export function callout(
  kind: 'info' | 'warning' | 'error',
  title: string,
  message: string,
  ...extra: Child[]
): HTMLElement {
  return h(
    'div',
    { class: `callout callout-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    h('strong', null, title),
    message ? h('p', null, message) : null,
    ...extra,
  );
}

const clampPct = (n: number) => Math.max(0, Math.min(100, n));

/** "5s", "3m", "2h", "4d" since an ISO time (empty when it does not parse). */
export function age(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '?';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function shortTime(iso: string): string {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : t.toISOString().slice(0, 16).replace('T', ' ');
}
