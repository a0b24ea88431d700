// Evaluates the built-in baseline pack on 1,000 rendered objects and prints median / p95 times.
// Usage: node --import tsx bench/policy-bench.ts [objects=1000] [runs=30]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBaseline } from '../server/policy/baseline/pack';
import { loadResources } from '../server/policy/loader/load-resources';
import type { Resource } from '../server/policy/types';

const objects = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 30);
const fixtures = ['good-chart.yaml', 'bad-chart.yaml'].flatMap((f) => loadResources(readFileSync(path.join(__dirname, '../test/policy/fixtures', f), 'utf8'), f).resources);

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
const options = { namespace: 'production', tier: 'production' as const, allowedRegistries: ['*.dkr.ecr.*.amazonaws.com'] };
let results = 0;
for (let i = 0; i < 3; i++) results = runBaseline(structuredClone(resources), options).results.length; // warm-up (JIT)
const times: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  // A fresh render each time: nothing cached on the objects carries over between runs.
  const fresh = structuredClone(resources);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  runBaseline(fresh, options);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const pct = (p: number, list = times) => list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)];
const kinds = new Set(resources.map((r) => r.kind)).size;
console.log(`baseline pack on ${resources.length} objects (${kinds} kinds), ${results} results per run, ${runs} runs`);
console.log(`wall: median ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, min ${times[0].toFixed(1)} ms (target: median ≤ 50 ms)`);
// CPU time includes GC threads; on a busy machine it is the steadier number.
console.log(`cpu:  median ${pct(50, cpu).toFixed(1)} ms, p95 ${pct(95, cpu).toFixed(1)} ms`);
