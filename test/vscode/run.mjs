// `npm run test:vscode`: the extension-host suite (test/vscode/*.test.ts, written against the
// `vscode` API) inside code-server's extension host — the same files @vscode/test-cli runs in a
// desktop VS Code (.vscode-test.mjs) where one can be downloaded. code-server takes no
// --extensionDevelopmentPath flag, but its web workbench reads extensionDevelopmentPath and
// extensionTestsPath from the `payload` URL parameter, like VS Code's own web test runner; headless
// chromium opens that URL. The runner module (test/vscode/index.ts) writes results to a JSON file
// this script polls; it prints one line per test and "N passed, N failed", and exits 1 on any failure.
// Env: VSCODE_TEST_GREP (mocha grep on test titles), VSCODE_TEST_TIMEOUT_MS (whole run, default 300000), E2E_KEEP=1 keeps the run dir.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dumpLogs, ROOT, startCodeServer } from '../e2e/harness/code-server.mjs';
import { openWorkbench } from '../e2e/harness/workbench.mjs';

const RESULTS_DIR = path.join(ROOT, 'test-results', 'vscode');
const HELM = process.env.E2E_HELM || path.join(ROOT, '.tools/bin/helm');
const TIMEOUT_MS = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 300_000);
const t0 = Date.now();

for (const [what, args] of [
  ['build', ['scripts/build.mjs']],
  ['build the extension-host tests', ['scripts/build-vscode-tests.mjs']],
]) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail(`${what} failed`);
}
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const sessions = [
  { name: 'trusted workspace', suite: 'main', workspaceTrust: false },
  // Restricted mode: the same extension, a workspace VS Code does not trust (test/vscode/untrusted/).
  { name: 'untrusted workspace', suite: 'untrusted', workspaceTrust: true },
];
let passed = 0;
let failed = 0;
let ok = true;
for (const session of sessions) {
  const r = await runSession(session);
  passed += r.passed;
  failed += r.failed;
  ok &&= r.ok;
}
console.log(
  `# extension host (code-server 4.100.3): ${passed} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
process.exit(ok ? 0 : 1);

/**
 * One code-server with the unpackaged extension and the test runner, on a fresh copy of examples/
 * (plus charts/my-service with privileged: true for the untrusted session). helm is a wrapper that
 * records each run in `marker` before running the real one, so a test can tell whether helm ran.
 */
async function runSession({ name, suite, workspaceTrust }) {
  const resultsFile = path.join(RESULTS_DIR, `results-${suite}.json`);
  fs.rmSync(resultsFile, { force: true });
  let marker = '';
  let wrapper = '';
  const server = await startCodeServer({
    workspaceSource: path.join(ROOT, 'examples'),
    installVsix: false,
    resultsDir: RESULTS_DIR,
    workspaceTrust,
    prepareWorkspace: ({ workspace, run }) => {
      marker = path.join(run, 'helm-was-run');
      wrapper = path.join(run, 'helm');
      fs.writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${marker}'\nexec '${HELM}' "$@"\n`, { mode: 0o755 });
      if (suite === 'untrusted') prepareUntrustedChart(workspace);
    },
    env: () => ({
      HELM_INTENT_VSCODE_RESULTS: resultsFile,
      HELM_INTENT_VSCODE_SUITE: suite,
      HELM_INTENT_VSCODE_HELM_MARKER: marker,
      HELM_INTENT_HELM: wrapper, // the rule's second place, above the helmIntent.helmPath setting
      ...(process.env.VSCODE_TEST_GREP ? { HELM_INTENT_VSCODE_GREP: process.env.VSCODE_TEST_GREP } : {}),
    }),
  });
  let workbench;
  const result = { ok: false, passed: 0, failed: 0 };
  try {
    const remote = `vscode-remote://${new URL(server.url).host}`;
    workbench = await openWorkbench({
      url: server.url,
      workspace: server.dirs.workspace,
      browserProfile: server.dirs.browserProfile,
      payload: [
        ['extensionDevelopmentPath', `${remote}${ROOT}`],
        ['extensionTestsPath', `${remote}${path.join(ROOT, 'dist/vscode-test/index.js')}`],
      ],
    });
    console.log(
      `# ${name}: code-server + workbench up after ${((Date.now() - t0) / 1000).toFixed(1)} s; running the extension-host tests`,
    );
    const report = await waitForResults(resultsFile, TIMEOUT_MS);
    for (const r of report.results) {
      console.log(`${r.state === 'passed' ? '✔' : '✖'} ${name} › ${r.title} (${r.durationMs} ms)`);
      if (r.error)
        console.log(
          r.error
            .split('\n')
            .map((l) => `    ${l}`)
            .join('\n'),
        );
    }
    result.passed = report.results.filter((r) => r.state === 'passed').length;
    result.failed = report.results.length - result.passed;
    if (report.fatal) console.log(`✖ ${name}: the runner failed: ${report.fatal}`);
    result.ok = result.failed === 0 && !report.fatal && result.passed > 0;
  } catch (e) {
    console.error(`test:vscode (${name}): ${e instanceof Error ? e.message : e}`);
    result.failed += 1;
  } finally {
    if (!result.ok) {
      console.error(
        `\n===== test:vscode (${name}) failed: logs of ${server.dirs.run} (kept) =====\n${dumpLogs(server.dirs, 60)}`,
      );
      if (workbench?.pageErrors.length)
        console.error(`===== browser page errors =====\n${workbench.pageErrors.join('\n')}`);
    }
    await workbench?.context.close().catch(() => {});
    await server.stop();
    if (result.ok && !process.env.E2E_KEEP) fs.rmSync(server.dirs.run, { recursive: true, force: true, maxRetries: 5 });
  }
  return result;
}

/** charts/my-service generated by the CLI, with values that a review would fail (privileged: true). */
function prepareUntrustedChart(workspace) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'generate', 'reference/intent/my-service.yaml', '--yes'],
    { cwd: workspace, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`dist/cli.js generate failed:\n${r.stdout}${r.stderr}`);
  const values = path.join(workspace, 'charts/my-service/values.yaml');
  fs.writeFileSync(values, fs.readFileSync(values, 'utf8').replace(/^( {2}privileged:) false$/m, '$1 true'));
}

async function waitForResults(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (last.done) return last;
    } catch {
      /* not written yet, or mid-write */
    }
    if (Date.now() > deadline) {
      const seen = last
        ? `${last.results.length} test(s) reported so far: ${last.results.map((r) => `${r.state} ${r.title}`).join('; ')}`
        : 'no result was reported (did the runner load?)';
      throw new Error(`the extension-host tests did not finish within ${timeoutMs / 1000} s; ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function fail(message) {
  console.error(`test:vscode: ${message}`);
  process.exit(1);
}
