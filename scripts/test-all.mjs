// `npm test`: installs what the tests need first (scripts/test-prereqs.mjs), then runs every suite in
// order — build, lint, types, unit/protocol/webview, extension host (test/vscode), real VS Code
// (test/e2e) — and ends with one summary: each step passed, FAILED, or SKIPPED with the missing piece
// and its install command. Exits non-zero when any step failed (a skip alone does not fail the run).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestPrerequisites } from './test-prereqs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const prereqs = ensureTestPrerequisites();
const browserMissing = prereqs.chromium;
const codeServerMissing = prereqs.chromium ?? prereqs.codeServer;

/** @type {{ name: string, args: string[], skip?: string, env?: Record<string, string> }[]} */
const steps = [
  { name: 'build', args: ['run', 'build'] },
  { name: 'lint', args: ['run', 'lint'] },
  { name: 'lint:types', args: ['run', 'lint:types'] },
  // run-tests.mjs leaves out the browser-driven webview files (with a SKIP line) when chromium is missing
  { name: 'test:unit', args: ['run', 'test:unit'] },
  { name: 'test:vscode', args: ['run', 'test:vscode'], skip: codeServerMissing },
  { name: 'test:e2e', args: ['run', 'test:e2e'], skip: codeServerMissing },
];

const results = prereqs.failures.map((f) => ({ name: 'install', status: 'FAILED', detail: f }));
// Without helm the review tests in test:unit fail; say why up front and in the summary.
if (prereqs.helm) {
  console.log(`\n[npm test] *** ${prereqs.helm}: the chart review tests will fail ***\n`);
  results.push({ name: 'helm', status: 'MISSING', detail: prereqs.helm });
}
for (const step of steps) {
  if (step.skip) {
    console.log(`\n[npm test] SKIPPED ${step.name}: ${step.skip}\n`);
    results.push({ name: step.name, status: 'SKIPPED', detail: step.skip });
    continue;
  }
  console.log(`\n[npm test] ── npm ${step.args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(npm, step.args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...step.env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push({
    name: step.name,
    status: r.status === 0 ? 'passed' : 'FAILED',
    detail: r.status === 0 ? `${secs} s` : `exit ${r.status ?? r.signal} after ${secs} s (see its output above)`,
  });
}
if (browserMissing) results.push({ name: 'test:unit (browser files)', status: 'SKIPPED', detail: browserMissing });

console.log(`\n[npm test] summary (${((Date.now() - started) / 1000).toFixed(0)} s):`);
for (const r of results) console.log(`[npm test]   ${r.status.padEnd(7)} ${r.name.padEnd(26)} ${r.detail}`);
const failed = results.filter((r) => r.status === 'FAILED');
const skipped = results.filter((r) => r.status === 'SKIPPED');
if (skipped.length)
  console.log(
    `[npm test] ${skipped.length} step(s) SKIPPED — not tested here: ${skipped.map((r) => r.name).join(', ')}`,
  );
console.log(
  failed.length
    ? `[npm test] FAILED: ${failed.map((r) => r.name).join(', ')}`
    : `[npm test] all run steps passed${skipped.length ? ` — NOT a full run: ${skipped.length} SKIPPED` : ''}`,
);
process.exit(failed.length ? 1 : 0);
