/**
 * Kubernetes schema validation benchmark: 1,000 rendered objects (the fixtures of
 * test/kube-schema — generated charts plus GitOps/CRD kinds — repeated with varied names, one in
 * ten carrying a typical chart bug) validated in one call, as the review pipeline does.
 * Also measures what the schemas add to an esbuild bundle built like scripts/build.mjs, and how
 * long a fresh Node process takes to load that bundle (the language server's start-up cost).
 *
 *   node --import tsx bench/kube-schema-bench.ts [--runs 30]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { validateObjects, type KubeSchemaInput } from '../server/kube-schema';
import { allGoodInputs } from '../test/kube-schema/support';
import { summarize, type Summary } from './lib/stats';

const OBJECTS = 1000;
const ROOT = path.join(__dirname, '..');

/** Chart bugs the validator must find, applied to every tenth object. */
const BUGS: Array<(o: Record<string, any>) => void> = [
  (o) => o.spec && (o.spec.replicas = '3'),
  (o) => o.spec && (o.spec.revisionHistoryLimt = 5),
  (o) => o.metadata && (o.metadata.labels = { ...o.metadata.labels, 'example.com/port': 8080 }),
];

function thousandObjects(): KubeSchemaInput[] {
  const base = allGoodInputs();
  return Array.from({ length: OBJECTS }, (_, i) => {
    const object = structuredClone(base[i % base.length].object) as Record<string, any>;
    object.metadata = { ...object.metadata, name: `${object.metadata?.name ?? 'obj'}-${i}` };
    if (i % 10 === 9) BUGS[i % BUGS.length](object);
    return { object, source: base[i % base.length].source, index: i };
  });
}

async function timeCall(inputs: KubeSchemaInput[]): Promise<{ ms: number; findings: number }> {
  const start = performance.now();
  const findings = await validateObjects(inputs, { kubernetesVersion: '1.34' });
  return { ms: performance.now() - start, findings: findings.length };
}

/**
 * Bytes the module adds to a bundle built with scripts/build.mjs's options; in fresh processes:
 * the time to load that bundle (start-up cost) and its first validation of the fixtures (schema
 * modules evaluated on first use).
 */
async function bundleCost(
  inputs: KubeSchemaInput[],
): Promise<{ bytes: number; loadMs: Summary; baselineMs: Summary; firstCallMs: Summary }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-schema-bundle-'));
  try {
    const common = {
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      write: false,
      logLevel: 'error',
      loader: { '.json': 'json' },
    } as const;
    const entry = `import { validateObjects } from ${JSON.stringify(path.join(ROOT, 'server/kube-schema'))}; globalThis.validateObjects = validateObjects;`;
    const out = await build({ ...common, stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' } });
    const bundle = path.join(dir, 'kube-schema.js');
    writeFileSync(bundle, out.outputFiles[0].contents);
    const empty = path.join(dir, 'empty.js');
    writeFileSync(empty, 'globalThis.validateObjects = async () => [];');
    const objects = path.join(dir, 'objects.json');
    writeFileSync(objects, JSON.stringify(inputs));
    const run = (file: string) => {
      const script = `const t0 = performance.now(); require(${JSON.stringify(file)}); const t1 = performance.now();
        const inputs = JSON.parse(require('fs').readFileSync(${JSON.stringify(objects)}, 'utf8'));
        globalThis.validateObjects(inputs, { kubernetesVersion: '1.34' }).then(() => process.stdout.write(JSON.stringify([t1 - t0, performance.now() - t1])));`;
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as [number, number];
    };
    const samples = Array.from({ length: 7 }, () => run(bundle));
    const baseline = Array.from({ length: 7 }, () => run(empty));
    return {
      bytes: out.outputFiles[0].contents.byteLength,
      loadMs: summarize(samples.map((s) => s[0])),
      firstCallMs: summarize(samples.map((s) => s[1])),
      baselineMs: summarize(baseline.map((s) => s[0])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (s: Summary) => `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (n=${s.n})`;

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
  const inputs = thousandObjects();
  const kinds = new Set(inputs.map((i) => `${(i.object as any).apiVersion}/${(i.object as any).kind}`));

  const cold = await timeCall(inputs);
  const warm: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timeCall(inputs);
    warm.push(r.ms);
    findings = r.findings;
  }
  const w = summarize(warm);
  const bundle = await bundleCost(inputs);

  console.log(`kube-schema: ${OBJECTS} rendered objects, ${kinds.size} kinds, ${findings} findings per run`);
  console.log(`  first call under tsx (loads ${kinds.size} validators): ${cold.ms.toFixed(1)} ms`);
  console.log(
    `  warm, 1,000 objects per call:       ${fmt(w)}  → ${((w.median / OBJECTS) * 1000).toFixed(0)} µs/object`,
  );
  console.log(`  bundle (build.mjs options, minified): +${(bundle.bytes / 1024).toFixed(0)} KiB`);
  console.log(
    `  bundle load in a fresh process:      ${fmt(bundle.loadMs)}  (empty bundle: ${fmt(bundle.baselineMs)})`,
  );
  console.log(
    `  bundled, first 1,000-object call:    ${fmt(bundle.firstCallMs)}  (evaluates the ${kinds.size} kinds' schemas)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
