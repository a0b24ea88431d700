// Chart generation and review, measured against plain helm in the same process run:
// - compile time of each example intent (target ≤ 20 ms each);
// - full review of each example chart (helm lint --strict + helm template for every environment,
//   schemas, policies) vs the same helm invocations run back to back by a shell (target ≤ 1.5×);
// - generate + review vs `helm template` alone on the same chart (target ≤ 1.5×, issue 3's figure);
// - re-review of an unchanged chart (cache hit, target ≤ 5 ms).
// Prints numbers and ratios; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { compileChart } from '../server/compiler/index';
import { applyChartWrite } from '../server/compiler/output/apply-plan';
import { planChartWrite } from '../server/compiler/output/write-plan';
import type { AnyIntent } from '../server/model/effective-intent';
import { defaultPlatformConfig } from '../server/model/platform-config';
import { kubeSchemaValidator } from '../server/review/kube-schema-validator';
import { reviewChart } from '../server/review/pipeline';
import { helmPath } from '../test/support/tools';
import { summarize, type Summary } from './lib/stats';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const config = defaultPlatformConfig();
const helm = helmPath();
const examples = [
  'examples/reference/intent/my-service.yaml',
  'examples/minimal/hello.intent.yaml',
  'examples/service-intent/user-auth.intent.yaml',
  'examples/ai-agent/ai-agent.intent.yaml',
];
const fmt = (s: Summary) => `${s.median.toFixed(1).padStart(7)} / ${s.p95.toFixed(1).padStart(7)}`;
const rows: string[] = [];

async function main() {
  console.log(
    `review bench: ${RUNS} runs each after a warm-up; helm ${execFileSync(helm, ['version', '--short'], { encoding: 'utf8' }).trim()}; figures are median / p95 ms`,
  );
  for (const rel of examples) {
    const intent = parse(readFileSync(path.join(ROOT, rel), 'utf8')) as AnyIntent;
    const compileSamples: number[] = [];
    for (let i = 0; i < RUNS * 20 + 5; i++) {
      const t = performance.now();
      compileChart(intent, config);
      if (i >= 5) compileSamples.push(performance.now() - t);
    }
    const root = mkdtempSync(path.join(tmpdir(), 'hi-bench-'));
    const dir = path.join(root, intent.metadata.name);
    applyChartWrite(planChartWrite(dir, compileChart(intent, config)), {
      intentPath: path.relative(dir, path.join(ROOT, rel)),
    });
    const first = await reviewChart(dir, {
      helmPath: helm,
      config,
      objectValidator: kubeSchemaValidator,
      cache: false,
    });
    // The shell peer: exactly the helm commands the review runs (lint + template per environment), one after another.
    const script = first.renders
      .map((e) => {
        const values = e.valuesFiles.map((f) => ` --values '${path.join(dir, f)}'`).join('');
        return `'${helm}' lint --strict '${dir}'${values} --namespace ${e.namespace} >/dev/null; '${helm}' template ${intent.metadata.name} '${dir}'${values} --namespace ${e.namespace} --kube-version ${config.kubernetesVersion}.0 >/dev/null`;
      })
      .join('; ');
    const ours: number[] = [];
    const shell: number[] = [];
    const templateOnly: number[] = [];
    const genReview: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      let t = performance.now();
      await reviewChart(dir, { helmPath: helm, config, objectValidator: kubeSchemaValidator, cache: false });
      const a = performance.now() - t;
      t = performance.now();
      spawnSync('sh', ['-c', script], { stdio: 'ignore' });
      const b = performance.now() - t;
      t = performance.now();
      spawnSync(helm, ['template', intent.metadata.name, dir], { stdio: 'ignore' });
      const c = performance.now() - t;
      t = performance.now();
      const files = compileChart(intent, config);
      applyChartWrite(planChartWrite(dir, files), { intentPath: path.relative(dir, path.join(ROOT, rel)) });
      await reviewChart(dir, { helmPath: helm, config, objectValidator: kubeSchemaValidator, cache: false });
      const d = performance.now() - t;
      if (i > 0) {
        ours.push(a);
        shell.push(b);
        templateOnly.push(c);
        genReview.push(d);
      }
    }
    const hits: number[] = [];
    await reviewChart(dir, { helmPath: helm, config, objectValidator: kubeSchemaValidator });
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await reviewChart(dir, { helmPath: helm, config, objectValidator: kubeSchemaValidator });
      hits.push(performance.now() - t);
    }
    const ratio = (x: number[], y: number[]) => summarize(x.map((v, i) => v / y[i])).median;
    const name = intent.metadata.name.padEnd(18);
    const compile = summarize(compileSamples);
    const full = summarize(ours);
    const peer = summarize(shell);
    const hit = summarize(hits);
    rows.push(`${name} compile ${fmt(compile)}  (target ≤ 20 ms: ${compile.median <= 20 ? 'met' : 'missed'})`);
    rows.push(
      `${name} review (${first.renders.length} env, ${first.renders.length * 2} helm runs) ${fmt(full)}  vs shell helm back to back ${fmt(peer)}  ratio ${ratio(ours, shell).toFixed(2)}× (target ≤ 1.5×: ${ratio(ours, shell) <= 1.5 ? 'met' : 'missed'})`,
    );
    rows.push(
      `${name} generate+review ${fmt(summarize(genReview))}  vs helm template alone ${fmt(summarize(templateOnly))}  ratio ${ratio(genReview, templateOnly).toFixed(2)}× (target ≤ 1.5×: ${ratio(genReview, templateOnly) <= 1.5 ? 'met' : 'missed'})`,
    );
    rows.push(
      `${name} re-review unchanged (cache hit) ${hit.median.toFixed(2)} / ${hit.p95.toFixed(2)}  (target ≤ 5 ms: ${hit.median <= 5 ? 'met' : 'missed'})`,
    );
    rmSync(root, { recursive: true, force: true });
  }
  console.log(rows.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
