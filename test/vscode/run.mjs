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

for (const [what, args] of [['build', ['scripts/build.mjs']], ['build the extension-host tests', ['scripts/build-vscode-tests.mjs']]]) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail(`${what} failed`);
}
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const resultsFile = path.join(RESULTS_DIR, 'results.json');
fs.rmSync(resultsFile, { force: true });

const server = await startCodeServer({
  workspaceSource: path.join(ROOT, 'examples'),
  userSettings: { 'helmIntent.helmPath': HELM },
  installVsix: false,
  resultsDir: RESULTS_DIR,
  env: () => ({ HELM_INTENT_VSCODE_RESULTS: resultsFile, ...(process.env.VSCODE_TEST_GREP ? { HELM_INTENT_VSCODE_GREP: process.env.VSCODE_TEST_GREP } : {}) }),
});
let workbench;
let ok = false;
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
  console.log(`# code-server + workbench up in ${((Date.now() - t0) / 1000).toFixed(1)} s; running the extension-host tests`);
  const report = await waitForResults(resultsFile, TIMEOUT_MS);
  for (const r of report.results) {
    console.log(`${r.state === 'passed' ? '✔' : '✖'} ${r.title} (${r.durationMs} ms)`);
    if (r.error) console.log(r.error.split('\n').map((l) => `    ${l}`).join('\n'));
  }
  const passed = report.results.filter((r) => r.state === 'passed').length;
  const failed = report.results.length - passed;
  if (report.fatal) console.log(`✖ the runner failed: ${report.fatal}`);
  console.log(`# extension host (code-server ${'4.100.3'}): ${passed} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  ok = failed === 0 && !report.fatal && passed > 0;
} catch (e) {
  console.error(`test:vscode: ${e instanceof Error ? e.message : e}`);
} finally {
  if (!ok) {
    console.error(`\n===== test:vscode failed: logs of ${server.dirs.run} (kept) =====\n${dumpLogs(server.dirs, 60)}`);
    if (workbench?.pageErrors.length) console.error(`===== browser page errors =====\n${workbench.pageErrors.join('\n')}`);
  }
  await workbench?.context.close().catch(() => {});
  await server.stop();
  if (ok && !process.env.E2E_KEEP) fs.rmSync(server.dirs.run, { recursive: true, force: true, maxRetries: 5 });
}
process.exit(ok ? 0 : 1);

async function waitForResults(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (last.done) return last;
    } catch { /* not written yet, or mid-write */ }
    if (Date.now() > deadline) {
      const seen = last ? `${last.results.length} test(s) reported so far: ${last.results.map((r) => `${r.state} ${r.title}`).join('; ')}` : 'no result was reported (did the runner load?)';
      throw new Error(`the extension-host tests did not finish within ${timeoutMs / 1000} s; ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function fail(message) {
  console.error(`test:vscode: ${message}`);
  process.exit(1);
}
