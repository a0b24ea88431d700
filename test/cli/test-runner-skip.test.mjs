// `npm test`'s unit runner without chromium: the browser-driven files are left out with one loud
// SKIP line naming them and the install command; the other files still run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('without chromium, browser test files are skipped loudly and the rest runs', () => {
  // Without the parent runner's NODE_TEST_CONTEXT, so the child's runner prints its own report.
  const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
  const r = spawnSync(
    process.execPath,
    ['scripts/run-tests.mjs', 'test/webview/filter.test.ts', 'test/webview/live-status.test.ts'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...env, HELM_INTENT_CHROMIUM: '/nonexistent/chromium' },
    },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const skipLines = r.stdout.split('\n').filter((l) => l.includes('SKIPPED'));
  assert.deepEqual(skipLines, [
    '*** SKIPPED 1 browser test file(s) (test/webview/live-status.test.ts): /nonexistent/chromium is missing — install: apt-get install -y chromium ***',
  ]);
  assert.match(r.stdout, /# pass [1-9]/);
  assert.doesNotMatch(r.stdout, /live status/i, 'a skipped file ran');
});
