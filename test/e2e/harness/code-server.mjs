// Starts one isolated code-server for the e2e suite: fresh user-data, extensions and workspace dirs,
// the .vsix installed into them, listening on 127.0.0.1 only, killed by process group at the end.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'e2e');
const CS_BIN = process.env.E2E_CODE_SERVER || path.join(ROOT, '.tools/code-server/node_modules/.bin/code-server');
const VSIX = process.env.E2E_VSIX || path.join(ROOT, 'dist/helm-intent.vsix');
const EXTENSION_ID = 'helm-intent.helm-intent';

/** User settings that keep the workbench quiet and deterministic (no welcome page, no network chatter). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'files.autoSave': 'off',
  // Typed text must stay exactly what the test typed: no suggestion popping up and being accepted.
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  // Language defaults (VS Code's own yaml extension turns them on for YAML) beat the global value.
  '[intent-yaml]': { 'editor.quickSuggestions': { other: false, comments: false, strings: false } },
  '[yaml]': { 'editor.quickSuggestions': { other: false, comments: false, strings: false } },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function run(args, what) {
  const r = spawnSync(CS_BIN, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${what}: cannot run ${CS_BIN}: ${r.error.message} (did test/e2e/setup.sh run?)`);
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

/**
 * Creates the run dir (under test-results/e2e/), copies `workspaceSource` into its workspace,
 * installs the .vsix, lets `prepareWorkspace` add files (before VS Code sees the folder; it gets the
 * installed extension's dir, e.g. to run its dist/cli.js) and starts code-server. `userSettings` are
 * merged over the quiet defaults; `env()` adds variables to code-server's environment, awaited just
 * before the start (e.g. the KUBECONFIG of a server it starts: node:test runs root `before` hooks
 * concurrently, so another hook could not be relied on). Returns what the tests need plus `stop()`.
 * `installVsix: false` installs nothing: the caller loads the unpackaged extension through the
 * workbench's `payload` URL parameter (extensionDevelopmentPath, see test/vscode/run.mjs).
 * `workspaceTrust: true` keeps VS Code's workspace trust on: the folder opens untrusted (restricted mode, no prompt).
 * @param {{ workspaceSource: string, userSettings?: Record<string, unknown>, prepareWorkspace?: (dirs: { workspace: string, extension: string, run: string }) => void, env?: () => Record<string, string> | Promise<Record<string, string>>, installVsix?: boolean, resultsDir?: string, workspaceTrust?: boolean }} options
 */
export async function startCodeServer({
  workspaceSource,
  userSettings = {},
  prepareWorkspace,
  env,
  installVsix = true,
  resultsDir = RESULTS_DIR,
  workspaceTrust = false,
}) {
  if (installVsix && !fs.existsSync(VSIX))
    throw new Error(`no extension package at ${VSIX}: run \`npm run package\` first`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(resultsDir, 'run-'));
  const dirs = {
    run: runDir,
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    workspace: path.join(runDir, 'workspace'),
    browserProfile: path.join(runDir, 'chromium-profile'),
    log: path.join(runDir, 'code-server.log'),
  };
  for (const d of [dirs.extensions, dirs.browserProfile, path.join(dirs.userData, 'User')])
    fs.mkdirSync(d, { recursive: true });
  fs.cpSync(workspaceSource, dirs.workspace, { recursive: true });
  const trustSettings = workspaceTrust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.emptyWindow': false,
      }
    : {};
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...trustSettings, ...userSettings }, null, 2),
  );

  const common = [
    '--config',
    path.join(runDir, 'config.yaml'),
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];
  if (installVsix) {
    run([...common, '--install-extension', VSIX], `code-server --install-extension ${VSIX}`);
    const listed = run([...common, '--list-extensions'], 'code-server --list-extensions');
    if (!listed.split('\n').includes(EXTENSION_ID))
      throw new Error(
        `${EXTENSION_ID} is not installed after --install-extension; --list-extensions printed:\n${listed}`,
      );
  }
  const extension = installVsix
    ? fs
        .readdirSync(dirs.extensions)
        .filter((d) => d.startsWith(`${EXTENSION_ID}-`))
        .map((d) => path.join(dirs.extensions, d))[0]
    : ROOT;
  prepareWorkspace?.({ workspace: dirs.workspace, extension, run: dirs.run });

  const extraEnv = await env?.();
  const port = await freePort();
  const logFd = fs.openSync(dirs.log, 'w');
  const child = spawn(
    CS_BIN,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      dirs.workspace,
    ],
    { stdio: ['ignore', logFd, logFd], detached: true, env: { ...process.env, ...extraEnv } },
  ); // own process group: extension host, pty host and watcher die with it
  fs.closeSync(logFd);
  const group = -(/** @type {number} */ (child.pid));
  const signal = (sig) => {
    try {
      process.kill(group, sig);
      return true;
    } catch {
      return false; /* group is empty */
    }
  };
  process.once('exit', () => signal('SIGKILL')); // last resort if the suite dies without `stop()`
  /** SIGTERM the whole process group, wait until it is empty (SIGKILL after 10 s). */
  const stop = async () => {
    signal('SIGTERM');
    for (const end = Date.now() + 10_000; Date.now() < end;) {
      if (!signal(0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    signal('SIGKILL');
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `code-server exited with ${child.exitCode} before answering /healthz:\n${readTail(dirs.log, 60)}`,
      );
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${readTail(dirs.log, 60)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid, dirs, stop };
}

export function readTail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch (e) {
    return `(cannot read ${file}: ${/** @type {Error} */ (e).message})`;
  }
}

/** code-server's own log plus the VS Code server logs (extension host, our output channel, ...). */
export function dumpLogs(dirs, linesPerFile = 80) {
  const files = [dirs.log];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) files.push(p);
    }
  };
  walk(path.join(dirs.userData, 'logs'));
  return files
    .map((f) => `----- ${path.relative(dirs.run, f)} (last ${linesPerFile} lines) -----\n${readTail(f, linesPerFile)}`)
    .join('\n');
}

function findLogs(dir, name) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === name)
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** Waits until the extension host log says our extension was activated; throws with the reason if activation failed. */
export async function waitForActivation(dirs, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = findLogs(path.join(dirs.userData, 'logs'), 'remoteexthost.log')
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const failed = log.split('\n').findIndex((l) => l.includes(`Activating extension ${EXTENSION_ID} failed`));
    if (failed >= 0)
      throw new Error(
        `extension activation failed:\n${log
          .split('\n')
          .slice(failed, failed + 15)
          .join('\n')}`,
      );
    if (log.includes(`_doActivateExtension ${EXTENSION_ID},`)) return;
    if (Date.now() > deadline)
      throw new Error(`the extension host did not activate ${EXTENSION_ID} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
