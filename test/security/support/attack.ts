// Shared pieces of the security suite: the built CLI run in a sandbox folder, a recording
// stand-in for helm (what argv and environment would helm have got?), and a snapshot of every
// path under a folder (did anything appear or disappear outside the place it belongs?).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/tools';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs dist/cli.js in cwd with exactly `env` (plus PATH), never the test's own OPENAI_* or HELM_* variables. */
export function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  pipeInto?: (child: ReturnType<typeof spawn>) => void,
): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TMPDIR: process.env.TMPDIR ?? '/tmp',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  pipeInto?.(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every path under dir (relative, sorted; symlinks not followed). */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs)) {
      const childRel = rel ? `${rel}/${name}` : name;
      out.push(childRel);
      const st = lstatSync(path.join(abs, name));
      if (st.isDirectory()) walk(path.join(abs, name), childRel);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out.sort();
}

/**
 * A shell script standing in for helm: appends one JSON line per call (argv and the HELM_* /
 * KUBE* environment it saw) to `log`, then prints nothing and exits 0.
 */
export function recordingHelm(dir: string): {
  path: string;
  calls: () => Array<{ argv: string[]; env: Record<string, string> }>;
} {
  const log = path.join(dir, 'helm-calls.jsonl');
  const script = path.join(dir, 'helm');
  writeFileSync(
    script,
    `#!/usr/bin/env node\nconst env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(HELM_|KUBE)/.test(k)));\n` +
      `require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), env }) + '\\n');\n`,
  );
  chmodSync(script, 0o755);
  return {
    path: script,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
  };
}

/** A minimal valid chart at dir with the given Chart.yaml text. */
export function writeChart(dir: string, chartYaml: string, extra: Record<string, string> = {}): void {
  const files: Record<string, string> = {
    'Chart.yaml': chartYaml,
    'values.yaml': 'replicaCount: 1\n',
    'templates/configmap.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  a: "1"\n',
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
