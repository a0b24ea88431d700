// Evaluates the built-in baseline pack on 1,000 rendered objects and prints median / p95 times.
// Usage: node --import tsx bench/policy-bench.ts [objects=1000] [runs=30]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBaseline } from '../server/policy/baseline/pack';
import { findTestFiles, runTestFile } from '../server/policy/test-runner/run-tests';
import { loadResources } from '../server/policy/loader/load-resources';
import type { Resource } from '../server/policy/types';

const objects = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 30);
const fixtures = ['good-chart.yaml', 'bad-chart.yaml'].flatMap(
  (f) => loadResources(readFileSync(path.join(__dirname, '../test/policy/fixtures', f), 'utf8'), f).resources,
);

/** Copies of realistic chart objects with unique names, as a large release would render. */
function corpus(n: number): Resource[] {
  const out: Resource[] = [];
  for (let i = 0; out.length < n; i++) {
    for (const r of fixtures) {
      if (out.length >= n) break;
      const copy = structuredClone(r);
      copy.metadata = { ...copy.metadata, name: `${copy.metadata?.name}-${i}` };
      out.push(copy);
    }
  }
  return out;
}

const resources = corpus(objects);
const options = {
  namespace: 'production',
  tier: 'production' as const,
  allowedRegistries: ['*.dkr.ecr.*.amazonaws.com'],
};
let results = 0;
for (let i = 0; i < 3; i++) results = runBaseline(structuredClone(resources), options).results.length; // warm-up (JIT)
const times: number[] = [];
const cpu: number[] = [];
const peer: number[] = [];
for (let i = 0; i < runs; i++) {
  // A fresh render each time: nothing cached on the objects carries over between runs.
  const fresh = structuredClone(resources);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  runBaseline(fresh, options);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  // Peer in the same process and moment: one JSON round trip of the same objects (a full walk).
  const p0 = performance.now();
  JSON.parse(JSON.stringify(fresh));
  peer.push(performance.now() - p0);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
peer.sort((a, b) => a - b);
const pct = (p: number, list = times) => list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)];
const kinds = new Set(resources.map((r) => r.kind)).size;
console.log(`baseline pack on ${resources.length} objects (${kinds} kinds), ${results} results per run, ${runs} runs`);
console.log(
  `wall: median ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, min ${times[0].toFixed(1)} ms (target: median ≤ 50 ms)`,
);
// CPU time includes GC threads; on a busy machine it is the steadier number.
console.log(`cpu:  median ${pct(50, cpu).toFixed(1)} ms, p95 ${pct(95, cpu).toFixed(1)} ms`);
// The ratio is steadier than either number on a shared machine.
console.log(
  `peer (JSON round trip of the same objects): median ${pct(50, peer).toFixed(1)} ms; pack / peer = ${(pct(50) / pct(50, peer)).toFixed(1)}x`,
);

// The project's kyverno-test suites, evaluated in-process: what `policy test` spends beyond start-up.
const suiteDir = path.join(__dirname, '../test/policy/suites/passing');
const suiteFiles = findTestFiles(suiteDir);
const suiteTimes: number[] = [];
let rows = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  rows = suiteFiles.map((f) => runTestFile(f).rows.length).reduce((a, b) => a + b, 0);
  suiteTimes.push(performance.now() - t0);
}
suiteTimes.sort((a, b) => a - b);
console.log(
  `policy test on ${suiteFiles.length} suites (${rows} rows): median ${suiteTimes[2].toFixed(1)} ms after the first run (${suiteTimes[4].toFixed(1)} ms worst)`,
);
