/**
 * What the host allows a webview message to do. Pure (no vscode), so the rules are unit-tested:
 * the webview disables buttons too, but the host decides — a message is only a request.
 */
import path from 'node:path';
import type { HelmActionKind, HelmActionParams } from '../../server/kube/actions';
import type { StatusModel } from '../../server/protocol/status-protocol';
import type { HelmAction, ReviewData, WebviewMessage } from '../../server/protocol/webview-protocol';

export interface Capabilities {
  /** vscode.workspace.isTrusted */
  trusted: boolean;
  /** setting helmIntent.readOnly */
  readOnly: boolean;
}

/** Why the host refuses the message, or undefined when it may go ahead (after any confirmation). */
export function refusal(message: WebviewMessage, caps: Capabilities): string | undefined {
  switch (message.type) {
    case 'rollout-action':
      if (!caps.trusted) return 'This workspace is not trusted: Helm Intent does not change clusters from it.';
      if (caps.readOnly)
        return 'helmIntent.readOnly is on: actions that change a cluster are disabled. Turn the setting off to promote, abort or retry rollouts.';
      return undefined;
    case 'helm-action':
    case 'helm-rollback':
      if (!caps.trusted)
        return 'This workspace is not trusted: Helm Intent does not run helm against clusters from it.';
      if (caps.readOnly)
        return 'helmIntent.readOnly is on: helm actions (dry-run, install, upgrade, rollback) are disabled. Turn the setting off to run them.';
      return undefined;
    case 'show-logs':
    case 'select-kube-context':
      return caps.trusted ? undefined : 'This workspace is not trusted: Helm Intent does not contact clusters from it.';
    default:
      return undefined;
  }
}

/**
 * Whether the webview may open `file`: only inside the chart, the intent file itself, or a
 * workspace folder. A compromised view cannot make the editor open ~/.kube/config.
 */
export function locationAllowed(
  file: string,
  roots: { chartDir: string; intentFile?: string; workspaceFolders: string[] },
): boolean {
  if (!path.isAbsolute(file) || file.includes('\0')) return false;
  const resolved = path.resolve(file);
  if (roots.intentFile && resolved === path.resolve(roots.intentFile)) return true;
  return [roots.chartDir, ...roots.workspaceFolders].some((root) => {
    const rel = path.relative(path.resolve(root), resolved);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

export type HelmActionPlan =
  { ok: true; kind: HelmActionKind; params: HelmActionParams; notes: string[] } | { ok: false; error: string };

const HELM_KINDS: Record<HelmAction, HelmActionKind> = {
  'dry-run-install': 'helm-dry-run-install',
  'dry-run-upgrade': 'helm-dry-run-upgrade',
  install: 'helm-install',
  upgrade: 'helm-upgrade',
};

/**
 * What a helm action of the view means on the host: the release and namespace the Live status
 * shows now (the view's copy must match), the chart with the environment's values files, or a
 * revision of the release's history. Refuses what helm would refuse, with the reason.
 */
export function helmActionPlan(
  message: Extract<WebviewMessage, { type: 'helm-action' | 'helm-rollback' }>,
  ctx: { status: StatusModel | null; data?: ReviewData; chartDir: string },
): HelmActionPlan {
  const error = (text: string): HelmActionPlan => ({ ok: false, error: text });
  const status = ctx.status;
  if (!status || status.cluster.state !== 'ok')
    return error(
      'The cluster status is not available: helm actions run against the context and namespace the Live status shows.',
    );
  const release = status.releaseName;
  if (!release) return error('The Live status has no release name to act on.');
  const namespace = status.cluster.namespace;
  if (message.release !== release || message.namespace !== namespace) {
    return error(
      `The Live status now shows release ${release} in namespace ${namespace}, not ${message.release} in ${message.namespace}: check it and try again.`,
    );
  }
  const target = { release, namespace, ...(status.cluster.context ? { context: status.cluster.context } : {}) };
  const installed = !!status.release?.found;
  if (message.type === 'helm-rollback') {
    const revision = status.release?.history.find((r) => r.revision === message.revision);
    if (!installed || !revision)
      return error(`Revision ${message.revision} is not in the history of ${release} in namespace ${namespace}.`);
    if (revision.revision === status.release?.current?.revision)
      return error(`Revision ${message.revision} is the current revision of ${release}: choose an earlier one.`);
    return {
      ok: true,
      kind: 'helm-rollback',
      params: { ...target, revision: revision.revision },
      notes: [
        `Back to revision ${revision.revision}: ${revision.chartName}-${revision.chartVersion}${revision.appVersion ? ` (app ${revision.appVersion})` : ''}, ${revision.status}${revision.description ? ` — ${revision.description}` : ''}`,
      ],
    };
  }
  const envs = ctx.data?.environments ?? [];
  const env = envs.find((e) => e.name === message.environment);
  if (!env)
    return error(
      `Environment "${message.environment}" is not one of the chart's (${envs.map((e) => e.name).join(', ') || 'none rendered yet'}).`,
    );
  if (!env.ok)
    return error(
      `Environment ${env.name} does not render${env.error ? ` (${env.error.split('\n')[0]})` : ''}: fix the chart before running helm with it.`,
    );
  const install = message.action === 'install' || message.action === 'dry-run-install';
  if (install && installed)
    return error(`Release ${release} already exists in namespace ${namespace}: upgrade it instead.`);
  if (!install && !installed)
    return error(`Release ${release} does not exist in namespace ${namespace}: install it first.`);
  const notes = [
    `Environment: ${env.name} (values.yaml${env.valuesFiles.map((f) => ` + ${path.basename(f)}`).join('')})`,
  ];
  if (env.namespace && env.namespace !== namespace)
    notes.push(
      `Note: ${env.name} deploys to namespace ${env.namespace}; this acts on namespace ${namespace}, the one the Live status shows.`,
    );
  return {
    ok: true,
    kind: HELM_KINDS[message.action],
    params: {
      ...target,
      chart: ctx.chartDir,
      valuesFiles: env.valuesFiles,
      ...(message.action === 'install' ? { createNamespace: true } : {}),
    },
    notes,
  };
}
