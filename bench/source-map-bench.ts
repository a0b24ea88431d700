// What mapping findings from the render costs on top of the helm run it rides on: copying the chart with
// marker lines (instrumentChart), and stripping + tracing helm's output (stripMarkers, traceRender), per
// render, vs that `helm template` itself. The review renders the instrumented copy instead of the chart, so
// the helm run count is unchanged. Prints numbers and ratios; asserts nothing.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readChartSource } from '../server/review/chart-source';
import { instrumentChart, stripMarkers, traceRender } from '../server/review/render-trace';
import { helmPath } from '../test/support/tools';
import { summarize } from './lib/stats';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const helm = helmPath();
const charts = ['alerts', 'dashboards', 'rollouts-operator'].map((c) => path.join(ROOT, 'test/real-charts/charts', c));

async function main() {
  console.log(`source-map bench: ${RUNS} runs each after a warm-up; figures are median / p95 ms`);
  for (const dir of charts) {
    const source = readChartSource(dir);
    const copy: number[] = [];
    const trace: number[] = [];
    const render: number[] = [];
    let lines = 0;
    for (let i = 0; i <= RUNS; i++) {
      let t = performance.now();
      const inst = await instrumentChart(dir, source.templates);
      const a = performance.now() - t;
      t = performance.now();
      const out = execFileSync(helm, ['template', source.name, inst.dir], { encoding: 'utf8' });
      const b = performance.now() - t;
      t = performance.now();
      stripMarkers(out);
      // Worst case: every document gets a finding (traces are built on first use).
      for (const doc of traceRender(out, source.templates).values()) doc.locate(['kind']);
      const c = performance.now() - t;
      inst.cleanup();
      lines = out.split('\n').length;
      if (i > 0) {
        copy.push(a);
        render.push(b);
        trace.push(c);
      }
    }
    const [cp, tr, hr] = [summarize(copy), summarize(trace), summarize(render)];
    console.log(
      `${path.basename(dir).padEnd(18)} instrumented copy ${cp.median.toFixed(1)} / ${cp.p95.toFixed(1)}; strip+trace of ${lines} lines ${tr.median.toFixed(1)} / ${tr.p95.toFixed(1)}; helm template ${hr.median.toFixed(1)} / ${hr.p95.toFixed(1)}; overhead ${(((cp.median + tr.median) / hr.median) * 100).toFixed(1)}% of the render`,
    );
  }
}

void main();
