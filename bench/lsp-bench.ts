/**
 * Language-server benchmark: our server (dist/server.js) against Red Hat's yaml-language-server
 * configured with the same intent schema, over real JSON-RPC on stdio. Prints a table with the
 * targets of our performance budget (met/missed, never asserted) and writes bench/results/lsp.json.
 *
 *   npm run bench                 (builds first; runs every bench/*-bench.ts)
 *   node --import tsx bench/lsp-bench.ts [--quick]
 *   node --import tsx bench/lsp-bench.ts --profile[=startup,change-large,…]
 *       CPU profiles of our server (node --cpu-prof), one process per workload, with the hotspots
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { largeDoc, smallDoc } from './lib/documents';
import { floorServer } from './lib/floor';
import { profileOurServer } from './lib/profile';
import { row, table, type Row } from './lib/report';
import { coldStartSamples, idleMemory, latencySession, memorySession, type Plan } from './lib/sessions';
import { summarize } from './lib/stats';
import { ours, ROOT, theirs } from './lib/servers';

const FULL: Plan = {
  warmUp: 5,
  spawn: 30,
  coldOpen: 15,
  open: 40,
  change: 40,
  request: 50,
  openCloseCycles: 1000,
  cycleBatch: 20,
};
const QUICK: Plan = {
  warmUp: 2,
  spawn: 5,
  coldOpen: 3,
  open: 8,
  change: 8,
  request: 10,
  openCloseCycles: 100,
  cycleBatch: 20,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const plan = args.includes('--quick') ? QUICK : FULL;
  const docs = [smallDoc(), largeDoc()];
  const resultsDir = path.join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });

  const profile = args.find((a) => a === '--profile' || a.startsWith('--profile='));
  if (profile) {
    const only = profile.includes('=') ? profile.slice('--profile='.length).split(',') : undefined;
    await profileOurServer(docs, plan, path.join(resultsDir, 'profiles'), only);
    return;
  }

  const started = performance.now();
  const log = (what: string) =>
    console.error(`[lsp-bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${what}`);
  log(`documents: small ${docs[0].lines} lines, large ${docs[1].lines} lines`);
  const loadBefore = os.loadavg();
  const floor = await floorServer(resultsDir);
  log('spawn → initialize, first opens in fresh servers');
  const cold = await coldStartSamples(
    [
      { spec: ours, open: true },
      { spec: theirs, open: true },
      { spec: floor, open: false },
    ],
    docs,
    plan,
  );
  const floorIdle = await idleMemory(floor);
  const latency: Record<string, Awaited<ReturnType<typeof latencySession>>> = {};
  const memory: Record<string, Awaited<ReturnType<typeof memorySession>>> = {};
  for (const spec of [ours, theirs]) {
    log(`${spec.name}: open, change, completion, hover`);
    latency[spec.name] = await latencySession(spec, docs, plan);
    log(`${spec.name}: memory`);
    memory[spec.name] = await memorySession(spec, docs[0], docs[1], plan);
  }

  const o = latency[ours.name].samples;
  const t = latency[theirs.name].samples;
  const co = cold[ours.name];
  const ct = cold[theirs.name];
  const rows: Row[] = [row('spawn→initialize', 'ms', co.initialize, ct.initialize)];
  for (const d of docs)
    rows.push(
      row(
        `first open→diagnostics, fresh server (${d.label})`,
        'ms',
        co[`firstOpen.${d.label}`],
        ct[`firstOpen.${d.label}`],
      ),
    );
  for (const d of docs)
    rows.push(row(`open→diagnostics, warm server (${d.label})`, 'ms', o[`open.${d.label}`], t[`open.${d.label}`]));
  for (const d of docs)
    rows.push(row(`change→diagnostics (${d.label})`, 'ms', o[`change.${d.label}`], t[`change.${d.label}`]));
  for (const kind of ['completion', 'hover'])
    for (const d of docs)
      rows.push(row(`${kind} (${d.label})`, 'ms', o[`${kind}.${d.label}`], t[`${kind}.${d.label}`]));
  const mo = memory[ours.name];
  const mt = memory[theirs.name];
  rows.push(row('RSS idle after initialize', 'MB', [mo.idleMb], [mt.idleMb]));
  rows.push(row('RSS after opening large', 'MB', [mo.afterLargeMb], [mt.afterLargeMb]));
  rows.push(row('  of which private (RssAnon)', 'MB', [mo.afterLargeAnonMb], [mt.afterLargeAnonMb]));
  rows.push(row('RSS after open/close cycles', 'MB', [mo.afterCyclesMb], [mt.afterCyclesMb]));
  rows.push(row('RSS growth over open/close', 'MB', [mo.growthMb], [mt.growthMb]));
  rows.push(row('RSS growth, distinct small files', 'MB', [mo.distinctGrowthMb], [mt.distinctGrowthMb]));

  console.log(
    `\nLanguage servers on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ours = ${ours.name}, theirs = ${theirs.name} (same intent schema)`,
  );
  console.log(
    `small = reference intent (${docs[0].lines} lines), large = ${docs[1].lines}-line multi-document intent file; ${plan.openCloseCycles} open/close cycles of the small file (new URI each), then ${plan.openCloseCycles} more with distinct content\n`,
  );
  console.log(table(rows));
  console.log(
    [
      "notes: times are end to end at the client (request sent → answer or publishDiagnostics received); theirs include yaml-language-server's 200 ms validation debounce.",
      '  change: one incremental edit of a maxReplicas value, valid and out-of-range in turn, never the same text twice (repeating two texts would only time our parse cache).',
      '  warm open: a new URI and new content each time; fresh server: the first opens after initialize, small then large.',
    ].join('\n'),
  );
  const fs = summarize(cold[floor.name].initialize);
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  console.log(
    `floor (${floor.name}, bundled like ours): spawn→initialize ${fs.median.toFixed(0)} / ${fs.p95.toFixed(0)} ms, idle RSS ${floorIdle.rss.toFixed(1)} MB (${floorIdle.anon.toFixed(1)} MB private)`,
  );
  console.log(`load average before/after: ${load(loadBefore)} / ${load(os.loadavg())} on ${os.cpus().length} cores`);
  for (const spec of [ours, theirs]) {
    const b = latency[spec.name].baseline;
    console.log(
      `${spec.name}: flags 'tier: prodution' ✓; large file baseline ${b.largeDiagnostics.errors} error(s), ${b.largeDiagnostics.warnings} warning(s); completion items small/large ${b.completionItems.small}/${b.completionItems.large}`,
    );
  }
  const missed = rows.filter((r) => r.target && !r.target.met).map((r) => r.metric);
  console.log(missed.length ? `\nTargets missed by ours: ${missed.join('; ')}` : '\nAll targets met by ours.');

  const out = path.join(resultsDir, 'lsp.json');
  const json = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    plan,
    documents: Object.fromEntries(docs.map((d) => [d.label, { lines: d.lines, bytes: Buffer.byteLength(d.text) }])),
    servers: { ours: ours.name, theirs: theirs.name, floor: floor.name },
    loadAverage: { before: loadBefore, after: os.loadavg() },
    floor: { spawn: summarize(cold[floor.name].initialize), idle: floorIdle },
    baseline: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, v.baseline])),
    memory,
    rows,
    samples: { cold, ...Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, v.samples])) },
  };
  writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  log(`wrote ${path.relative(ROOT, out)}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
