// Runs every test file under test/ with Node's built-in runner — except the real-VS-Code suite
// (test/e2e) and the extension-host suite (test/vscode), which have their own runners.
// Files that drive chromium (import test/webview/support/harness) are left out, with one SKIP line,
// when chromium is missing. Usage: node scripts/run-tests.mjs [folder-or-file…]  (default: test/)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const OWN_RUNNER = new Set(['e2e', 'vscode']);
const CHROMIUM = process.env.HELM_INTENT_CHROMIUM ?? '/usr/bin/chromium';

function collect(p, out) {
  if (statSync(p).isDirectory()) {
    if (OWN_RUNNER.has(path.basename(p)) && p !== process.argv[2]) return out;
    for (const name of readdirSync(p).sort()) collect(path.join(p, name), out);
  } else if (/\.test\.(ts|mjs)$/.test(p)) out.push(p);
  return out;
}

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
let files = roots.flatMap((r) => collect(r, []));
if (!existsSync(CHROMIUM)) {
  const browser = files.filter((f) => /from '\.\/support\/harness'/.test(readFileSync(f, 'utf8')));
  if (browser.length) {
    console.log(
      `\n*** SKIPPED ${browser.length} browser test file(s) (${browser.join(', ')}): ${CHROMIUM} is missing — install: apt-get install -y chromium ***\n`,
    );
    files = files.filter((f) => !browser.includes(f));
    if (files.length === 0) process.exit(0); // everything asked for was skipped, loudly, above
  }
}
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
