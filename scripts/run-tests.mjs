// Runs every test file under test/ (except the real-VS-Code suite) with Node's built-in runner.
// Usage: node scripts/run-tests.mjs [folder-or-file…]  (default: all of test/ but test/e2e)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function collect(p, out) {
  if (statSync(p).isDirectory()) {
    if (path.basename(p) === 'e2e' && p !== process.argv[2]) return out;
    for (const name of readdirSync(p).sort()) collect(path.join(p, name), out);
  } else if (/\.test\.(ts|mjs)$/.test(p)) out.push(p);
  return out;
}

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const files = roots.flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
