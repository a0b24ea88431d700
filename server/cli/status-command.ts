/**
 * `helm-intent status` — the live rollout status of a release (the same model as the status
 * panel), exiting like `kubectl rollout status`.
 */
import { parseArgs } from 'node:util';
import type { OverallPhase, StatusModel } from '../protocol/status-protocol';
import { durationMs } from '../core/duration';
import { progressLines, renderStatusText } from '../kube/status-text';
import { statusSnapshot, StatusWatcher, type StatusWatcherOptions } from '../kube/status-watcher';
import { locateHelm } from '../tools/helm-location';
import { UsageError, type CliCommand, type CliIO } from './cli-command';

/** Exit codes, documented in the usage text. */
export const STATUS_EXIT = { complete: 0, degraded: 1, usage: 2, progressing: 3, unavailable: 4 } as const;

const USAGE = `helm-intent status [<release>] [--release <name>] [--namespace <ns>] [--context <ctx>] [--kubeconfig <file>] [--format text|json] [--watch=false] [--timeout <duration>] [--helm]

  Like \`kubectl rollout status\`: watches until the rollout completes, fails or --timeout passes.
  Reads the kubeconfig like kubectl (KUBECONFIG, current context and its namespace).
  --release       helm release name (default: every workload of the namespace)
  --watch=false   print the status once and exit, do not wait (also --no-watch); json: one model
                  (watching, json prints one model per line)
  --timeout       how long to watch, e.g. 6s, 5m, 1h30m (default: no limit; 0 = no limit)
  --helm          read the release with \`helm status/history\` instead of its Secrets; the helm binary
                  is $HELM_INTENT_HELM, else helm on PATH, else .tools/bin/helm of this installation

  Exit codes: 0 complete and healthy; 1 degraded, aborted or release failed; 2 usage error;
  3 still progressing or paused (snapshot, or --timeout passed); 4 no cluster / unreachable /
  unauthorized / forbidden / release not found.`;

export function exitCodeFor(phase: OverallPhase): number {
  switch (phase) {
    case 'complete':
      return STATUS_EXIT.complete;
    case 'degraded':
    case 'aborted':
      return STATUS_EXIT.degraded;
    case 'progressing':
    case 'paused':
      return STATUS_EXIT.progressing;
    default:
      return STATUS_EXIT.unavailable;
  }
}

/** Phases where waiting longer cannot change the answer. */
function final(m: StatusModel): boolean {
  if (m.overall.phase === 'unavailable')
    return ['no-cluster-configured', 'config-error', 'unauthorized', 'forbidden'].includes(m.cluster.state);
  return (
    m.overall.phase === 'complete' ||
    m.overall.phase === 'degraded' ||
    m.overall.phase === 'aborted' ||
    m.overall.phase === 'not-found'
  );
}

/** kubectl's boolean spelling: `--watch=false` / `--watch=true` (node's parseArgs takes `--no-watch` / `--watch`). */
export function normaliseWatchFlag(args: string[]): string[] {
  return args.map((a) => {
    const m = /^(--watch|-w)=(.*)$/.exec(a);
    if (!m) return a;
    if (m[2] === 'false') return '--no-watch';
    if (m[2] === 'true') return '--watch';
    throw new UsageError(`--watch takes true or false, not '${m[2]}'`);
  });
}

async function run(rawArgs: string[], io: CliIO): Promise<number> {
  const args = normaliseWatchFlag(rawArgs);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    allowNegative: true,
    options: {
      release: { type: 'string', short: 'r' },
      namespace: { type: 'string', short: 'n' },
      context: { type: 'string' },
      kubeconfig: { type: 'string' },
      format: { type: 'string', short: 'o' },
      watch: { type: 'boolean', short: 'w', default: true },
      timeout: { type: 'string' },
      helm: { type: 'boolean' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const release = values.release ?? positionals[0];
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = durationMs(values.timeout);
    if (timeoutMs === undefined)
      throw new UsageError(`--timeout '${values.timeout}' is not a duration (e.g. 90s, 5m, 1h30m)`);
    if (!values.watch) throw new UsageError('--timeout limits the watch: drop it, or drop --watch=false');
    if (timeoutMs === 0) timeoutMs = undefined; // kubectl: 0 means wait without limit
  }
  if (values.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(values.namespace))
    throw new UsageError(`--namespace '${values.namespace}' is not a valid namespace name`);

  const options: StatusWatcherOptions = {
    env: io.env,
    ...(release ? { release } : {}),
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(values.context ? { context: values.context } : {}),
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
    ...(values.helm ? { helm: { helmPath: locateHelm({ env: io.env }).path } } : {}),
  };
  const print = (m: StatusModel) => io.out(format === 'json' ? `${JSON.stringify(m)}\n` : renderStatusText(m));

  if (!values.watch) {
    const model = await statusSnapshot(options);
    print(model);
    return exitCodeFor(model.overall.phase);
  }

  const watcher = new StatusWatcher(options);
  let previous: StatusModel | undefined;
  return new Promise<number>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const end = (m: StatusModel, code: number, note?: string) => {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      watcher.stop();
      if (format === 'text') {
        io.out(renderStatusText(m));
        if (note) io.err(`${note}\n`);
      } else {
        print(m);
        if (note) io.err(`${note}\n`);
      }
      resolve(code);
    };
    const onModel = (m: StatusModel) => {
      if (ended) return;
      if (format === 'text') for (const line of progressLines(previous, m)) io.out(`${line}\n`);
      else if (!final(m)) print(m);
      previous = m;
      if (final(m)) end(m, exitCodeFor(m.overall.phase));
    };
    watcher.onModel(onModel);
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const m = watcher.model ?? previous;
        if (!m) {
          // Not even a first answer within --timeout (a slow or silent API server): still a timeout, never a hang.
          ended = true;
          watcher.stop();
          io.err(`helm-intent status: timed out after ${values.timeout} before the cluster answered\n`);
          resolve(STATUS_EXIT.unavailable);
          return;
        }
        // kubectl: "timed out waiting for the condition" — still progressing (or paused, or unreachable).
        const code = m.overall.phase === 'unavailable' ? STATUS_EXIT.unavailable : STATUS_EXIT.progressing;
        end(
          m,
          code,
          `helm-intent status: timed out after ${values.timeout} waiting for the rollout (${m.overall.phase}: ${m.overall.message})`,
        );
      }, timeoutMs);
    }
    watcher.start().catch((e) => {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      watcher.stop();
      io.err(`helm-intent status: ${(e as Error).message}\n`);
      resolve(STATUS_EXIT.usage);
    });
  });
}

export const statusCommand: CliCommand = {
  summary: 'Live rollout status of a release in the current kube context (exits like kubectl rollout status)',
  usage: USAGE,
  run,
};
