/**
 * What GitOps export reads from Git (toplevel, origin, HEAD, branch, dirty). Git runs only in a
 * trusted workspace — a repository's own config (core.fsmonitor, hooks) can run commands — and
 * even then with those features switched off and no prompts.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitInfo {
  /** The chart folder relative to the repository root ('.' at the root). */
  chartPath: string;
  /** origin's URL without credentials. */
  remote?: string;
  head?: string;
  branch?: string;
  dirty: boolean;
}

/** A repository's config must not start programs: fsmonitor hooks, hooks, pagers, credential prompts. */
export const SAFE_GIT_OPTIONS = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.pager=cat',
  '-c',
  'credential.helper=',
  '-c',
  'protocol.allow=never',
  '--no-pager',
];

export class UntrustedWorkspaceError extends Error {
  constructor(what: string) {
    super(
      `${what} was not run: this workspace is not trusted (a repository's Git config can run programs). Trust the workspace to use it.`,
    );
    this.name = 'UntrustedWorkspaceError';
  }
}

export interface GitOptions {
  /** Workspace trust; false → no process starts (UntrustedWorkspaceError). */
  trusted: boolean;
  gitPath?: string;
  timeoutMs?: number;
}

/** Runs `git <args>` in cwd with the safe options; refuses in an untrusted workspace. */
export async function runGit(cwd: string, args: string[], options: GitOptions): Promise<string> {
  if (!options.trusted) throw new UntrustedWorkspaceError(`git ${args[0] ?? ''}`.trim());
  const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };
  const { stdout } = await run(options.gitPath ?? 'git', [...SAFE_GIT_OPTIONS, ...args], {
    cwd,
    timeout: options.timeoutMs ?? 10_000,
    env,
    maxBuffer: 4 * 1024 * 1024,
  });
  return stdout.trim();
}

/** The chart's place in its Git repository, or undefined when it is not in one. Untrusted → UntrustedWorkspaceError. */
export async function gitInfo(chartDir: string, options: GitOptions): Promise<GitInfo | undefined> {
  const git = (...args: string[]) => runGit(chartDir, args, options);
  let root: string;
  try {
    root = await git('rev-parse', '--show-toplevel');
  } catch (e) {
    if (e instanceof UntrustedWorkspaceError) throw e;
    return undefined;
  }
  const optional = async (...args: string[]) => git(...args).catch(() => undefined);
  const [remote, head, branch, status] = await Promise.all([
    optional('remote', 'get-url', 'origin'),
    optional('rev-parse', 'HEAD'),
    optional('rev-parse', '--abbrev-ref', 'HEAD'),
    optional('status', '--porcelain', '--', '.'),
  ]);
  return {
    chartPath: path.relative(root, chartDir).split(path.sep).join('/') || '.',
    // A token in the remote stays on this machine: the manifest gets the URL without it.
    ...(remote ? { remote: remote.replace(/^(https:\/\/)[^@/]+@/, '$1') } : {}),
    ...(head && /^[0-9a-f]{40,64}$/.test(head) ? { head } : {}),
    ...(branch && branch !== 'HEAD' ? { branch } : {}),
    dirty: !!status,
  };
}
