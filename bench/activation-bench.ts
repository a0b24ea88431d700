/**
 * Extension activation benchmark: fresh Node processes load dist/extension.js under a `vscode`
 * stand-in (bench/lib/vscode-shell.cjs) and run activate(), which starts the real language server
 * and completes the LSP handshake. "thin" is the extension as shipped (engine and Chart Review
 * panel load on first use); the peer, "eager", also loads those bundles at activation, as the
 * single 950 KB extension.js did before. Also reports the bundle sizes (target: extension.js ≤ 400 KB).
 *
 *   npm run build && node --import tsx bench/activation-bench.ts [--runs 10]
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { summarize } from './lib/stats';

const ROOT = path.join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
const TARGET_BYTES = 400 * 1024;

function once(eager: boolean): { loadMs: number; activateMs: number } {
  const out = execFileSync(
    process.execPath,
    [path.join(__dirname, 'lib', 'activate-once.cjs'), ...(eager ? ['--eager'] : [])],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const size = (f: string) => statSync(path.join(ROOT, 'dist', f)).size;
const thin: Array<{ loadMs: number; activateMs: number }> = [];
const eager: typeof thin = [];
once(false); // warm the disk cache
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so machine load falls on both alike.
  thin.push(once(false));
  eager.push(once(true));
}
const fmt = (n: number) => n.toFixed(1).padStart(8);
const report = (metric: string, pick: (r: { loadMs: number; activateMs: number }) => number) => {
  const o = summarize(thin.map(pick));
  const t = summarize(eager.map(pick));
  console.log(
    `${metric.padEnd(34)} thin median ${fmt(o.median)} ms  p95 ${fmt(o.p95)}   eager median ${fmt(t.median)} ms  p95 ${fmt(t.p95)}   ratio ${(o.median / t.median).toFixed(2)}`,
  );
};
console.log(`extension activation, ${RUNS} cold processes each`);
report('load bundle(s)', (r) => r.loadMs);
report('load + activate (server handshake)', (r) => r.activateMs);
const ext = size('extension.js');
console.log(
  `dist/extension.js ${ext} bytes (target ≤ ${TARGET_BYTES}: ${ext <= TARGET_BYTES ? 'met' : 'NOT met'}); loaded on first use: host-engine.js ${size('host-engine.js')}, review-panel.js ${size('review-panel.js')}`,
);
if (ext > TARGET_BYTES) process.exitCode = 1;
