import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  apiVersionProblem,
  kubeVersionProblem,
  namespaceProblem,
  pathArgProblem,
  releaseNameProblem,
  setKeyProblem,
} from './helm-args';
import { explainHelmError } from './helm-errors';
import { locateHelm } from './helm-location';
import { withHelmSlot } from './helm-pool';
import { parseLintOutput, parseRenderedManifests, type LintMessage, type RenderedManifest } from './helm-output';

export { parseLintOutput, parseRenderedManifests, type LintMessage, type RenderedManifest } from './helm-output';
export { explainHelmError } from './helm-errors';

export { HELM_PATH_ENV, locateHelm, HELM_RESOLUTION_HELP, type HelmLocation } from './helm-location';

export interface HelmRunOptions {
  /** Path of the helm binary; else the one rule of helm-location.ts (flag, env, setting, PATH, installation). */
  helmPath?: string;
  cwd?: string;
  /** Default 60 s. */
  timeoutMs?: number;
  /**
   * Run with HELM_CACHE_HOME, HELM_CONFIG_HOME and HELM_DATA_HOME in a fresh temp dir (removed
   * afterwards), and without the caller's other HELM_* variables: no user repositories, plugins
   * or registry logins leak into a lint/template run.
   */
  isolate?: boolean;
  env?: Record<string, string>;
  signal?: AbortSignal;
}

export interface HelmResult {
  /** The helm binary and arguments, for messages. */
  command: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  ok: boolean;
}

/** The helm binary cannot be run: never a crash, always this message. */
export class HelmNotFoundError extends Error {
  constructor(
    readonly helmPath: string,
    detail?: string,
  ) {
    super(
      `helm not found at ${helmPath}${detail ? ` (${detail})` : ''}: install helm v3.8+ (or run \`node scripts/install-tools.mjs\` in Helm Intent's folder), or name it with --helm, HELM_INTENT_HELM or the helmIntent.helmPath setting`,
    );
    this.name = 'HelmNotFoundError';
  }
}

/** The helm to run for the `helmIntent.helmPath` setting `configured` (see helm-location.ts for the whole rule). */
export function resolveHelmPath(configured?: string, env: NodeJS.ProcessEnv = process.env): string {
  return locateHelm({ setting: configured, env }).path;
}

/**
 * Runs `helm <args>` in the process-wide helm pool; a non-zero exit is a result (ok: false), a
 * missing binary is HelmNotFoundError. Callers build argv with values from files only after the
 * checks in helm-args.ts, and put positionals after `--`.
 */
export async function runHelm(args: string[], options: HelmRunOptions = {}): Promise<HelmResult> {
  return withHelmSlot(() => runHelmNow(args, options), options.signal);
}

async function runHelmNow(args: string[], options: HelmRunOptions): Promise<HelmResult> {
  const helm = options.helmPath ?? resolveHelmPath();
  if (options.signal?.aborted)
    return {
      command: [helm, ...args],
      exitCode: -1,
      stdout: '',
      stderr: `helm ${args[0] ?? ''} was cancelled`,
      timedOut: false,
      durationMs: 0,
      ok: false,
    };
  const isolatedHome = options.isolate ? await mkdtemp(path.join(tmpdir(), 'helm-intent-helm-')) : undefined;
  try {
    const { execa } = await import('execa');
    const started = performance.now();
    const timeoutMs = options.timeoutMs ?? 60_000;
    // Own process group, so a timeout or cancel also ends helm's children (plugins,
    // post-renderers) that would otherwise keep the output pipes open.
    const subprocess = execa(helm, args, {
      cwd: options.cwd,
      reject: false,
      stdin: 'ignore',
      detached: true,
      env: { ...helmEnv(isolatedHome), ...options.env },
      extendEnv: !isolatedHome,
      stripFinalNewline: false,
      maxBuffer: 256 * 1024 * 1024,
    });
    let timedOut = false;
    const stop = () => killGroup(subprocess.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    options.signal?.addEventListener('abort', stop);
    process.once('exit', stop);
    let result;
    try {
      result = await subprocess;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      process.removeListener('exit', stop);
    }
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') throw new HelmNotFoundError(helm, code);
    const aborted = !!options.signal?.aborted;
    return {
      command: [helm, ...args],
      exitCode: result.exitCode ?? -1,
      stdout: String(result.stdout ?? ''),
      stderr: timedOut
        ? `helm ${args[0] ?? ''} timed out after ${timeoutMs} ms`
        : aborted
          ? `helm ${args[0] ?? ''} was cancelled`
          : String(result.stderr ?? ''),
      timedOut,
      durationMs: Math.round(performance.now() - started),
      ok: result.exitCode === 0 && !timedOut && !aborted,
    };
  } finally {
    if (isolatedHome) await rm(isolatedHome, { recursive: true, force: true });
  }
}

/** SIGKILL to helm's whole process group; nothing to do when it already ended. */
function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Variables an isolated run drops: helm's own, kubeconfig, in-cluster service account discovery. */
const ISOLATED_OUT = /^(HELM_|KUBECONFIG$|KUBERNETES_SERVICE_|XDG_(CACHE|CONFIG|DATA)_HOME$)/;

function helmEnv(isolatedHome: string | undefined): Record<string, string> {
  if (!isolatedHome) return {};
  const keep: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !ISOLATED_OUT.test(k)) keep[k] = v;
  return {
    ...keep,
    HELM_CACHE_HOME: path.join(isolatedHome, 'cache'),
    HELM_CONFIG_HOME: path.join(isolatedHome, 'config'),
    HELM_DATA_HOME: path.join(isolatedHome, 'data'),
    // No cluster is needed for lint/template; never pick up the user's current context.
    KUBECONFIG: path.join(isolatedHome, 'no-kubeconfig'),
    HELM_PLUGINS: path.join(isolatedHome, 'plugins'),
    HELM_REGISTRY_CONFIG: path.join(isolatedHome, 'registry.json'),
    HELM_REPOSITORY_CONFIG: path.join(isolatedHome, 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: path.join(isolatedHome, 'repository'),
  };
}

export interface HelmVersion {
  version: string;
  major: number;
  minor: number;
  patch: number;
}

/** `helm version`, parsed. Helm older than v3.8 is refused (no OCI registries, old lint). */
export async function helmVersion(options: HelmRunOptions = {}): Promise<HelmVersion> {
  const result = await runHelm(['version', '--template', '{{.Version}}'], {
    ...options,
    timeoutMs: options.timeoutMs ?? 15_000,
  });
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(result.stdout);
  if (!result.ok || !match)
    throw new Error(
      `could not read the helm version from ${result.command[0]}: ${(result.stderr || result.stdout).trim() || 'no output'}`,
    );
  const [major, minor, patch] = match.slice(1).map(Number);
  if (major < 3 || (major === 3 && minor < 8))
    throw new Error(
      `helm ${match[0]} at ${result.command[0]} is too old: install helm v3.8+ or set helmIntent.helmPath`,
    );
  return { version: match[0].startsWith('v') ? match[0] : `v${match[0]}`, major, minor, patch };
}

export interface TemplateOptions {
  releaseName?: string;
  namespace?: string;
  valuesFiles?: string[];
  /** `--set key=value` pairs. */
  set?: Record<string, string | number | boolean>;
  kubeVersion?: string;
  apiVersions?: string[];
}

export interface TemplateResult {
  ok: boolean;
  manifests: RenderedManifest[];
  /** Actionable message when helm failed (missing dependencies, schema, template error). */
  error?: string;
  /** An argument from a file was refused: helm did not run (`result` is empty). */
  refused?: string;
  result: HelmResult;
}

/**
 * `helm template`, split into objects with the template file each came from. Always isolated (no
 * user repositories, plugins or kube context) and never given a value it could read as a flag:
 * options are attached (`--namespace=x`), positionals come after `--`.
 */
export async function helmTemplate(
  chartDir: string,
  template: TemplateOptions = {},
  options: HelmRunOptions = {},
): Promise<TemplateResult> {
  const releaseName = template.releaseName ?? 'release';
  const refused = firstProblem([
    releaseNameProblem(releaseName),
    pathArgProblem(chartDir),
    ...namespaceAndValuesProblems(template),
    ...Object.keys(template.set ?? {}).map(setKeyProblem),
    template.kubeVersion === undefined ? undefined : kubeVersionProblem(template.kubeVersion),
    ...(template.apiVersions ?? []).map(apiVersionProblem),
  ]);
  if (refused) return { ok: false, manifests: [], ...refusal('template', refused, options) };
  const args = ['template', ...namespaceAndValuesFlags(template)];
  for (const [k, v] of Object.entries(template.set ?? {})) args.push(`--set=${k}=${v}`);
  // helm wants a full version: `1.34` (the platform config's form) means 1.34.0.
  if (template.kubeVersion)
    args.push(
      `--kube-version=${/^v?\d+\.\d+$/.test(template.kubeVersion) ? `${template.kubeVersion}.0` : template.kubeVersion}`,
    );
  for (const a of template.apiVersions ?? []) args.push(`--api-versions=${a}`);
  args.push('--', releaseName, chartDir);
  const result = await runHelm(args, { ...options, isolate: true });
  if (!result.ok) return { ok: false, manifests: [], error: explainHelmError(result.stderr, chartDir), result };
  return { ok: true, manifests: parseRenderedManifests(result.stdout), result };
}

export interface LintResult {
  ok: boolean;
  messages: LintMessage[];
  error?: string;
  /** An argument from a file was refused: helm did not run. */
  refused?: string;
  result: HelmResult;
}

/** `helm lint` (strict by default: warnings fail); isolated, positionals after `--` like helmTemplate. */
export async function helmLint(
  chartDir: string,
  lint: { strict?: boolean; valuesFiles?: string[]; namespace?: string } = {},
  options: HelmRunOptions = {},
): Promise<LintResult> {
  const refused = firstProblem([pathArgProblem(chartDir), ...namespaceAndValuesProblems(lint)]);
  if (refused) return { ok: false, messages: [], ...refusal('lint', refused, options) };
  const args = ['lint'];
  if (lint.strict ?? true) args.push('--strict');
  args.push(...namespaceAndValuesFlags(lint));
  args.push('--', chartDir);
  const result = await runHelm(args, { ...options, isolate: true });
  const messages = parseLintOutput(result.stdout + '\n' + result.stderr);
  return {
    ok: result.ok,
    messages,
    ...(result.ok ? {} : { error: explainHelmError(result.stderr || result.stdout, chartDir) }),
    result,
  };
}

function firstProblem(problems: Array<string | undefined>): string | undefined {
  return problems.find((p) => p !== undefined);
}

/** The options template and lint both take from files: a namespace and values files. */
interface NamespaceAndValues {
  namespace?: string;
  valuesFiles?: string[];
}

/** The checks of helm-args.ts for a namespace and values files, in argv order. */
function namespaceAndValuesProblems(o: NamespaceAndValues): Array<string | undefined> {
  return [
    o.namespace === undefined ? undefined : namespaceProblem(o.namespace),
    ...(o.valuesFiles ?? []).map(pathArgProblem),
  ];
}

/** `--namespace=x --values=f…`, attached so that no value can be read as a flag. */
function namespaceAndValuesFlags(o: NamespaceAndValues): string[] {
  const flags = o.namespace ? [`--namespace=${o.namespace}`] : [];
  for (const f of o.valuesFiles ?? []) flags.push(`--values=${f}`);
  return flags;
}

/** What template and lint report when a checked argument refused the run: helm did not start. */
function refusal(
  command: 'template' | 'lint',
  refused: string,
  options: HelmRunOptions,
): { error: string; refused: string; result: HelmResult } {
  return { error: `helm ${command} not run: ${refused}`, refused, result: notRun(options, [command]) };
}

/** The result of a run that was refused before starting helm. */
function notRun(options: HelmRunOptions, args: string[]): HelmResult {
  return {
    command: [options.helmPath ?? resolveHelmPath(), ...args],
    exitCode: -1,
    stdout: '',
    stderr: '',
    timedOut: false,
    durationMs: 0,
    ok: false,
  };
}
