/** The status model as terminal text (`helm-intent status --format text`). */
import type { StatusModel, WorkloadStatus } from '../protocol/status-protocol';

const MAX_PODS = 20;

export function renderStatusText(m: StatusModel): string {
  const out: string[] = [];
  const c = m.cluster;
  const where = [c.cluster ? `cluster ${c.cluster}` : '', `namespace ${c.namespace}`].filter(Boolean).join(', ');
  out.push(`Context   ${c.context ?? '(none)'} (${where})${c.server ? ` ${c.server}` : ''}`);
  if (c.state !== 'ok') {
    out.push(`State     ${c.state}: ${c.message ?? ''}`);
    if (c.nextStep) out.push(`Next      ${c.nextStep}`);
  }
  // Reconnect progress only while retrying a lost connection; other states are already explained above.
  if (
    m.watch &&
    !m.watch.connected &&
    m.watch.retryInMs !== undefined &&
    (c.state === 'ok' || c.state === 'unreachable')
  )
    out.push(
      `Watch     disconnected (attempt ${m.watch.attempt}${m.watch.retryInMs ? `, retry in ${Math.round(m.watch.retryInMs / 100) / 10}s` : ''}): ${m.watch.lastError}`,
    );
  if (m.overall.phase === 'unavailable') return out.join('\n') + '\n';

  const r = m.release;
  if (r?.found && r.current) {
    const cur = r.current;
    out.push(
      `Release   ${r.name}: revision ${cur.revision} ${cur.status} — chart ${cur.chartName}-${cur.chartVersion}${cur.appVersion ? `, app ${cur.appVersion}` : ''}${cur.updated ? `, ${cur.updated}` : ''}${cur.description ? ` — ${cur.description}` : ''}`,
    );
    if (r.history.length > 1)
      out.push(
        `History   ${r.history
          .slice(0, 5)
          .map((h) => `${h.revision} ${h.status} ${h.chartVersion}${h.description ? ` "${h.description}"` : ''}`)
          .join(' · ')}`,
      );
  } else if (m.releaseName) {
    out.push(`Release   ${m.releaseName}: not found in namespace ${c.namespace}`);
  }
  if (r?.error) out.push(`          (${r.error})`);
  const g = m.gitops;
  if (g) {
    const state =
      g.kind === 'Application'
        ? `${g.sync ?? 'Unknown'}/${g.health ?? 'Unknown'}`
        : g.ready
          ? 'Ready'
          : g.progressing
            ? 'Reconciling'
            : 'Not ready';
    out.push(
      `GitOps    ${g.kind} ${g.namespace}/${g.name}: ${state}${g.revision ? ` (${g.revision})` : ''} — ${g.message}`,
    );
  }

  if (m.workloads.length) {
    out.push('', 'Workloads');
    for (const w of m.workloads) out.push(...workloadLines(w));
  }
  if (m.hpas.length) {
    out.push('', 'Autoscalers');
    for (const h of m.hpas) {
      const metrics = h.metrics.map((x) => `${x.name} ${x.current ?? '?'}/${x.target ?? '?'}`).join(', ');
      out.push(
        `  ${h.name} → ${h.target.kind}/${h.target.name}  ${h.currentReplicas} current / ${h.desiredReplicas} desired (min ${h.minReplicas ?? 1}, max ${h.maxReplicas})${metrics ? `  ${metrics}` : ''}${h.problem ? `  ! ${h.problem}` : ''}`,
      );
    }
  }
  if (m.pods.length) {
    const ready = m.pods.filter((p) => p.ready).length;
    out.push('', `Pods      ${m.pods.length} (${ready} ready)`);
    const ordered = [...m.pods].sort(
      (a, b) => Number(a.ready) - Number(b.ready) || b.problems.length - a.problems.length,
    );
    for (const p of ordered.slice(0, MAX_PODS)) {
      const problem = p.problems.map((x) => `${x.reason}${x.state === 'terminated' ? ' (last)' : ''}`).join(', ');
      out.push(
        `  ${p.name}  ${p.phase}  ${p.readyContainers}/${p.totalContainers}  restarts ${p.restarts}${p.role ? `  ${p.role}` : ''}${problem ? `  ${problem}` : ''}`,
      );
    }
    if (ordered.length > MAX_PODS) out.push(`  … ${ordered.length - MAX_PODS} more`);
  }
  if (m.warnings.length) {
    out.push('', 'Warnings');
    for (const e of m.warnings.slice(0, 10))
      out.push(`  ${e.object}  ${e.reason}${e.count > 1 ? ` (x${e.count})` : ''}: ${e.message}`);
  }
  if (m.hints.length) {
    out.push('', 'Hints');
    for (const h of m.hints) {
      out.push(
        `  ${h.severity === 'error' ? '✗' : h.severity === 'warning' ? '!' : 'i'} ${h.message}`,
        `    → ${h.suggestion}`,
      );
      for (const line of h.logTail ?? []) out.push(`    | ${line}`);
    }
  }
  out.push('', `Status    ${m.overall.phase}: ${m.overall.message}`);
  return out.join('\n') + '\n';
}

function workloadLines(w: WorkloadStatus): string[] {
  const rep = w.replicas;
  const lines = [
    `  ${w.kind}/${w.name}  ${w.message}  (ready ${rep.ready}/${rep.desired}, updated ${rep.updated}, available ${rep.available})`,
  ];
  const r = w.rollout;
  if (r) {
    if (r.steps.length) {
      const idx = r.currentStepIndex ?? 0;
      lines.push(
        `    step ${Math.min(idx + (idx < r.steps.length ? 1 : 0), r.steps.length)}/${r.steps.length}${r.setWeight !== undefined ? `  weight ${r.setWeight}%` : ''}${r.actualWeight !== undefined ? ` (actual ${r.actualWeight}%)` : ''}${r.aborted ? '  ABORTED' : ''}${r.paused ? '  manually paused' : ''}`,
      );
      lines.push(
        `    steps ${r.steps.map((s) => `${s.state === 'done' ? '✓' : s.state === 'current' ? '▶' : '·'} ${s.label}`).join('  ')}`,
      );
    }
    for (const a of r.analysisRuns.slice(0, 3))
      lines.push(`    analysis ${a.name} ${a.phase}${a.message ? `: ${a.message}` : ''}`);
  }
  return lines;
}

/** One line per workload whose message changed since `previous`, for `--watch` (as kubectl prints progress). */
export function progressLines(previous: StatusModel | undefined, next: StatusModel): string[] {
  const before = new Map((previous?.workloads ?? []).map((w) => [`${w.kind}/${w.name}`, w.message]));
  const lines: string[] = [];
  if (
    next.cluster.state !== (previous?.cluster.state ?? 'ok') ||
    (next.cluster.state !== 'ok' && next.cluster.message !== previous?.cluster.message)
  ) {
    lines.push(
      next.cluster.state === 'ok'
        ? `connected to ${next.cluster.context}`
        : `${next.cluster.state}: ${next.cluster.message ?? ''}`,
    );
  }
  for (const w of next.workloads)
    if (before.get(`${w.kind}/${w.name}`) !== w.message) lines.push(`${w.kind}/${w.name}: ${w.message}`);
  const hintsBefore = new Set((previous?.hints ?? []).map((h) => h.message));
  for (const h of next.hints) if (!hintsBefore.has(h.message)) lines.push(`hint: ${h.message} → ${h.suggestion}`);
  return lines;
}
