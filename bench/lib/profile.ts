import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { LspClient } from '../../test/support/lsp-client';
import { startServer } from './bench-client';
import { analyse, monotonicUs, type Hotspot, type Window } from './cpu-profile';
import type { BenchDoc } from './documents';
import { ours, ROOT } from './servers';
import { measureChange, measureOpen, measureRequests, type Plan } from './sessions';

/** `ready` marks where the profiled window starts (after the workload's own untimed setup). */
type Workload = (client: LspClient, docs: BenchDoc[], plan: Plan, ready: () => void) => Promise<unknown>;

/**
 * One server process per workload, so each profile shows the cost of one thing a user does.
 * Except for `startup`, only the samples taken while the workload runs are counted; all but
 * `first-open` first prime the server (documents opened, one completion and hover) so start-up and
 * first checks stay out.
 */
const WORKLOADS: Record<string, Workload> = {
  startup: async () => undefined,
  'first-open': async (c, docs) => {
    for (const doc of docs) await c.open(`file:///bench/first-${doc.label}.intent.yaml`, doc.text, ours.languageId);
  },
  'open-small': (c, [small], plan) => measureOpen(c, ours, small, plan),
  'open-large': (c, [, large], plan) => measureOpen(c, ours, large, plan),
  'change-small': (c, [small], plan, ready) => measureChange(c, ours, small, plan, ready),
  'change-large': (c, [, large], plan, ready) => measureChange(c, ours, large, plan, ready),
  'requests-small': (c, [small], plan, ready) => measureRequests(c, ours, small, plan, ready),
  'requests-large': (c, [, large], plan, ready) => measureRequests(c, ours, large, plan, ready),
};

async function prime(client: LspClient, docs: BenchDoc[]): Promise<void> {
  for (const doc of docs) {
    const uri = `file:///bench/prime-${doc.label}.intent.yaml`;
    await client.open(uri, doc.text, ours.languageId);
    await client.request('textDocument/completion', { textDocument: { uri }, position: doc.completion });
    await client.request('textDocument/hover', { textDocument: { uri }, position: doc.hover });
    client.close(uri);
  }
}

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
const print = (title: string, spots: Hotspot[]) => {
  console.log(`  ${title}`);
  for (const s of spots) console.log(`    self ${ms(s.selfMs)}  total ${ms(s.totalMs)}  ${s.fn}  ${s.location}`);
};

/** Runs each workload against `node --cpu-prof dist/server.js --stdio` and prints its hotspots. */
export async function profileOurServer(
  docs: BenchDoc[],
  plan: Plan,
  dir: string,
  only = Object.keys(WORKLOADS),
): Promise<void> {
  const unknown = only.filter((n) => !WORKLOADS[n]);
  if (unknown.length)
    throw new Error(`unknown workload(s) ${unknown.join(', ')}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  for (const name of only) {
    const out = path.join(dir, name);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const server = await startServer(ours, { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${out}`] });
    let window: Window | undefined;
    try {
      if (name !== 'startup' && name !== 'first-open') await prime(server.client, docs);
      let fromUs = monotonicUs();
      await WORKLOADS[name](server.client, docs, plan, () => (fromUs = monotonicUs()));
      if (name !== 'startup') window = { fromUs, toUs: monotonicUs() };
    } finally {
      await server.client.stop(); // a clean exit writes the profile
    }
    const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      console.log(`${name}: no profile written (server did not exit cleanly)`);
      continue;
    }
    const { totalMs, functions, windowed } = analyse(path.join(out, file), ROOT, window);
    const busy = functions.filter((f) => f.location !== '(native)' || f.fn !== '(anonymous)');
    const scope = windowed
      ? 'workload only'
      : window
        ? 'whole process: the profile clock did not match ours'
        : 'whole process';
    console.log(
      `\n${name}: ${path.relative(ROOT, path.join(out, file))} (${(totalMs / 1000).toFixed(2)} s sampled, ${scope})`,
    );
    print('top self time', [...busy].sort((a, b) => b.selfMs - a.selfMs).slice(0, 12));
    print(
      'our code, inclusive',
      busy
        .filter((f) => f.location.startsWith('server/'))
        .sort((a, b) => b.totalMs - a.totalMs)
        .slice(0, 12),
    );
  }
}
