import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { LspClient } from '../../test/support/lsp-client';
import { startServer } from './bench-client';
import { analyse, type Hotspot } from './cpu-profile';
import type { BenchDoc } from './documents';
import { ours, ROOT } from './servers';
import { measureChange, measureOpen, measureRequests, type Plan } from './sessions';

type Workload = (client: LspClient, docs: BenchDoc[], plan: Plan) => Promise<unknown>;

/** One server process per workload, so each profile shows the cost of one thing a user does. */
const WORKLOADS: Record<string, Workload> = {
  startup: async () => undefined,
  'open-small': (c, [small], plan) => measureOpen(c, ours, small, plan),
  'change-small': (c, [small], plan) => measureChange(c, ours, small, plan),
  'change-large': (c, [, large], plan) => measureChange(c, ours, large, plan),
  'requests-small': (c, [small], plan) => measureRequests(c, ours, small, plan),
  'requests-large': (c, [, large], plan) => measureRequests(c, ours, large, plan),
};

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
const print = (title: string, spots: Hotspot[]) => {
  console.log(`  ${title}`);
  for (const s of spots) console.log(`    self ${ms(s.selfMs)}  total ${ms(s.totalMs)}  ${s.fn}  ${s.location}`);
};

/** Runs each workload against `node --cpu-prof dist/server.js --stdio` and prints its hotspots. */
export async function profileOurServer(docs: BenchDoc[], plan: Plan, dir: string, only = Object.keys(WORKLOADS)): Promise<void> {
  for (const name of only) {
    const out = path.join(dir, name);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const server = await startServer(ours, { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${out}`] });
    try {
      await WORKLOADS[name](server.client, docs, plan);
    } finally {
      await server.client.stop(); // a clean exit writes the profile
    }
    const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      console.log(`${name}: no profile written (server did not exit cleanly)`);
      continue;
    }
    const { totalMs, functions } = analyse(path.join(out, file), ROOT);
    const busy = functions.filter((f) => f.location !== '(native)' || f.fn !== '(anonymous)');
    console.log(`\n${name}: ${path.relative(ROOT, path.join(out, file))} (${(totalMs / 1000).toFixed(1)} s wall)`);
    print('top self time', [...busy].sort((a, b) => b.selfMs - a.selfMs).slice(0, 12));
    print('our code, inclusive', busy.filter((f) => f.location.startsWith('server/')).sort((a, b) => b.totalMs - a.totalMs).slice(0, 12));
  }
}
