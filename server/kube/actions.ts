/**
 * Guarded actions. Each is planned first: the plan carries the exact preview (the helm command
 * line, or the PATCH requests with their bodies) for the confirmation dialog, and run() executes
 * exactly that. Mutating actions refuse to run when the caller says the workspace is read-only.
 *
 * Helm: dry-run install/upgrade with --dry-run=server; install/upgrade that roll back on failure
 * and wait (helm 3: --atomic --wait; helm 4 deprecates --atomic for --rollback-on-failure, which
 * needs a wait strategy: --wait=watcher); rollback to a revision with --wait.
 * Argo Rollouts: promote / promote --full / abort / retry as the kubectl-argo-rollouts plugin does
 * (pkg/kubectl-argo-rollouts/cmd/{promote,abort,retry}): merge patches on the status subresource,
 * falling back to the main resource when the status subresource is not found (Rollouts v0.9).
 */
import type { ActionPreview, ActionResult, GuardedActionKind } from '../protocol/status-protocol';
import { namespaceProblem, releaseNameProblem } from '../tools/helm-args';
import { helmVersion, resolveHelmPath, runHelm, type HelmRunOptions } from '../tools/helm';
import { currentStepIndex, canarySteps } from './argo-rollout';
import { durationMs } from '../core/duration';
import { KubeApiError, KubeClient } from './kube-client';
import { loadKubeConfig, type KubeConfigOptions } from './kubeconfig';
import { helmTargetFlags } from './release-helm';

export interface PlannedAction {
  preview: ActionPreview;
  /** Runs exactly the previewed commands. */
  run(): Promise<ActionResult>;
}

export interface ActionGuard {
  /** helmIntent.readOnly, or an untrusted workspace: mutating actions refuse to run. */
  readOnly?: boolean;
}

export class ActionRefusedError extends Error {}

export type HelmActionKind = Extract<GuardedActionKind, `helm-${string}`>;

export interface HelmActionParams {
  release: string;
  namespace: string;
  context?: string;
  kubeconfig?: string;
  /** Chart directory or reference (install/upgrade). */
  chart?: string;
  /** Pinned chart version for repository/OCI charts. */
  version?: string;
  valuesFiles?: string[];
  /** Revision to roll back to. */
  revision?: number;
  /** Go duration for --timeout (default 5m0s). */
  timeout?: string;
  createNamespace?: boolean;
}

/** helm's arguments for the action; `helmMajor` picks the flags (helm 4 renamed --atomic). */
export function helmActionArgs(kind: HelmActionKind, p: HelmActionParams, helmMajor: number): string[] {
  const timeout = p.timeout ?? '5m0s';
  if (durationMs(timeout) === undefined) throw new Error(`timeout '${timeout}' is not a duration (e.g. 5m0s)`);
  // Values from charts and the webview never reach argv as options (issue #8).
  const refused = [
    releaseNameProblem(p.release),
    namespaceProblem(p.namespace),
    ...[p.chart, p.version, p.context, p.kubeconfig, ...(p.valuesFiles ?? [])].map(optionLike),
  ].find(Boolean);
  if (refused) throw new Error(`refused: ${refused}`);
  const target = helmTargetFlags(p);
  const chartArgs = () => {
    if (!p.chart) throw new Error(`${kind} needs a chart`);
    return [
      p.chart,
      ...(p.version ? ['--version', p.version] : []),
      ...(p.valuesFiles ?? []).flatMap((f) => ['--values', f]),
    ];
  };
  const safe = helmMajor >= 4 ? ['--rollback-on-failure', '--wait=watcher'] : ['--atomic', '--wait'];
  switch (kind) {
    case 'helm-dry-run-install':
      return ['install', p.release, ...chartArgs(), ...target, '--dry-run=server'];
    case 'helm-dry-run-upgrade':
      return ['upgrade', p.release, ...chartArgs(), ...target, '--dry-run=server'];
    case 'helm-install':
      return [
        'install',
        p.release,
        ...chartArgs(),
        ...target,
        ...(p.createNamespace ? ['--create-namespace'] : []),
        ...safe,
        '--timeout',
        timeout,
      ];
    case 'helm-upgrade':
      return ['upgrade', p.release, ...chartArgs(), ...target, ...safe, '--timeout', timeout];
    case 'helm-rollback':
      if (!p.revision || !Number.isInteger(p.revision) || p.revision < 1)
        throw new Error('helm-rollback needs a revision (a positive integer)');
      return [
        'rollback',
        p.release,
        String(p.revision),
        ...target,
        helmMajor >= 4 ? '--wait=watcher' : '--wait',
        '--timeout',
        timeout,
      ];
  }
}

const HELM_TITLES: Record<HelmActionKind, (p: HelmActionParams) => string> = {
  'helm-dry-run-install': (p) => `Dry-run install of ${p.release} (server-side)`,
  'helm-dry-run-upgrade': (p) => `Dry-run upgrade of ${p.release} (server-side)`,
  'helm-install': (p) => `Install ${p.release} into ${p.namespace}`,
  'helm-upgrade': (p) => `Upgrade ${p.release} in ${p.namespace}`,
  'helm-rollback': (p) => `Roll back ${p.release} to revision ${p.revision}`,
};

function optionLike(v: string | undefined): string | undefined {
  return v !== undefined && (v.startsWith('-') || /[\0\r\n]/.test(v))
    ? `'${v.slice(0, 60)}' looks like a command-line option`
    : undefined;
}

/** POSIX shell quoting, for a preview that can be pasted into a terminal. */
export function shellQuote(args: string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export async function planHelmAction(
  kind: HelmActionKind,
  params: HelmActionParams,
  options: HelmRunOptions & ActionGuard = {},
): Promise<PlannedAction> {
  const helm = options.helmPath ?? resolveHelmPath();
  const { major } = await helmVersion({ ...options, helmPath: helm });
  const args = helmActionArgs(kind, params, major);
  const mutating = !kind.startsWith('helm-dry-run');
  const preview: ActionPreview = {
    kind,
    title: HELM_TITLES[kind](params),
    commands: [shellQuote([helm, ...args])],
    mutating,
    ...(params.context ? { context: params.context } : {}),
    namespace: params.namespace,
  };
  return {
    preview,
    run: async () => {
      if (mutating && options.readOnly)
        throw new ActionRefusedError(
          `${preview.title}: refused, the workspace is read-only (helmIntent.readOnly or untrusted)`,
        );
      const timeoutMs = (durationMs(params.timeout ?? '5m0s') ?? 300_000) + 60_000;
      const result = await runHelm(args, { ...options, helmPath: helm, timeoutMs });
      const output = [result.stdout.trim(), result.stderr.trim()].filter(Boolean).join('\n');
      return {
        ok: result.ok,
        preview,
        output,
        ...(result.ok
          ? {}
          : { error: result.stderr.trim().split('\n').at(-1) || `helm exited with ${result.exitCode}` }),
        durationMs: result.durationMs,
      };
    },
  };
}

export type RolloutActionKind = Extract<GuardedActionKind, `rollout-${string}`>;

interface Patch {
  subresource: 'status' | '';
  body: unknown;
  /** When the status subresource is not found: the patch for the main resource instead. */
  fallback?: unknown;
}

/** The plugin's getPatches / abort / retry, on the rollout as read now. */
export function rolloutPatches(kind: RolloutActionKind, ro: any): { patches: Patch[]; note?: string } {
  const status = ro?.status ?? {};
  switch (kind) {
    case 'rollout-abort':
      return {
        patches: [{ subresource: 'status', body: { status: { abort: true } }, fallback: { status: { abort: true } } }],
      };
    case 'rollout-retry':
      return {
        patches: [
          { subresource: 'status', body: { status: { abort: false } }, fallback: { status: { abort: false } } },
        ],
      };
    case 'rollout-promote-full':
      if (status.currentPodHash === status.stableRS)
        return { patches: [], note: 'already fully promoted: nothing to do' };
      return { patches: [{ subresource: 'status', body: { status: { promoteFull: true } } }] };
    case 'rollout-promote': {
      let unified: any = { spec: { paused: false }, status: { pauseConditions: null } };
      let statusPatch: any;
      const specPatch = ro?.spec?.paused ? { spec: { paused: false } } : undefined;
      if (Array.isArray(status.pauseConditions) && status.pauseConditions.length > 0) {
        statusPatch = { status: { pauseConditions: null } };
      } else if (ro?.spec?.strategy?.canary) {
        // Only clear pause conditions or move to the next step, never both (the plugin's rule).
        let index = currentStepIndex(ro);
        if (index !== undefined) {
          if (index < canarySteps(ro).length) index++;
          statusPatch = { status: { pauseConditions: null, currentStepIndex: index } };
          unified = { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: index } };
        }
      }
      const patches: Patch[] = [];
      if (statusPatch) patches.push({ subresource: 'status', body: statusPatch, fallback: unified });
      if (specPatch) patches.push({ subresource: '', body: specPatch });
      return patches.length
        ? { patches }
        : { patches, note: 'nothing to promote: the rollout is neither paused nor at a canary step' };
    }
  }
}

const ROLLOUT_TITLES: Record<RolloutActionKind, string> = {
  'rollout-promote': 'Promote',
  'rollout-promote-full': 'Fully promote (skip remaining steps, pauses and analysis)',
  'rollout-abort': 'Abort',
  'rollout-retry': 'Retry',
};

export interface RolloutActionParams extends KubeConfigOptions {
  name: string;
}

export async function planRolloutAction(
  kind: RolloutActionKind,
  params: RolloutActionParams,
  guard: ActionGuard = {},
): Promise<PlannedAction> {
  const loaded = await loadKubeConfig(params);
  if (!loaded.kc) throw new Error(loaded.info.message ?? 'no cluster configured');
  const client = new KubeClient(loaded.kc);
  const namespace = loaded.info.namespace;
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/rollouts/${encodeURIComponent(params.name)}`;
  const ro = await client.get(path, { describe: `get rollout ${params.name} in namespace ${namespace}` });
  const { patches, note } = rolloutPatches(kind, ro);
  const line = (p: Patch) =>
    `PATCH ${path}${p.subresource ? `/${p.subresource}` : ''} (application/merge-patch+json) ${JSON.stringify(p.body)}`;
  const commands = patches.map(line);
  if (note) commands.push(`# ${note}`);
  const preview: ActionPreview = {
    kind,
    title: `${ROLLOUT_TITLES[kind]} rollout ${params.name}`,
    commands,
    mutating: patches.length > 0,
    ...(loaded.info.context ? { context: loaded.info.context } : {}),
    namespace,
  };
  return {
    preview,
    run: async () => {
      if (preview.mutating && guard.readOnly)
        throw new ActionRefusedError(
          `${preview.title}: refused, the workspace is read-only (helmIntent.readOnly or untrusted)`,
        );
      const started = performance.now();
      const done: string[] = [];
      try {
        let unifiedApplied = false;
        for (const p of patches) {
          // After the unified fallback, the spec patch is already in (the plugin sends one or the other).
          if (unifiedApplied && !p.subresource) continue;
          try {
            await client.patch(`${path}${p.subresource ? `/${p.subresource}` : ''}`, p.body, {
              describe: `patch rollout ${params.name}${p.subresource ? ' status' : ''}`,
            });
            done.push(line(p));
          } catch (e) {
            // Rollouts v0.9 has no status subresource: the plugin then patches spec and status together.
            if (!(e instanceof KubeApiError && e.status === 404 && p.subresource === 'status' && p.fallback)) throw e;
            await client.patch(path, p.fallback, { describe: `patch rollout ${params.name}` });
            unifiedApplied = true;
            done.push(
              `PATCH ${path} (application/merge-patch+json) ${JSON.stringify(p.fallback)}  (status subresource not found)`,
            );
          }
        }
        return {
          ok: true,
          preview,
          output: done.join('\n') || note || '',
          durationMs: Math.round(performance.now() - started),
        };
      } catch (e) {
        return {
          ok: false,
          preview,
          output: done.join('\n'),
          error: (e as Error).message,
          durationMs: Math.round(performance.now() - started),
        };
      }
    },
  };
}
