// The review renders an instrumented copy of the chart (render-trace.ts): its objects must be exactly
// what a plain `helm template` gives — including checksum annotations and b64enc'd data built from
// instrumented templates — for every chart of the corpus and every example chart.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { compileChart } from '../../server/compiler/index';
import { applyChartWrite } from '../../server/compiler/output/apply-plan';
import { planChartWrite } from '../../server/compiler/output/write-plan';
import type { AnyIntent } from '../../server/model/effective-intent';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { reviewChart } from '../../server/review/pipeline';
import { parseRenderedManifests } from '../../server/tools/helm';
import { ROOT } from '../support/fixtures';
import { helmPath } from '../support/tools';
import { readFileSync } from 'node:fs';

const root = mkdtempSync(path.join(tmpdir(), 'hi-equivalence-'));
after(() => rmSync(root, { recursive: true, force: true }));

function charts(): string[] {
  const out = ['alerts', 'dashboards', 'rollouts-operator'].map((c) => path.join(__dirname, 'charts', c));
  for (const rel of ['examples/reference/intent/my-service.yaml', 'examples/minimal/hello.intent.yaml']) {
    const intent = parse(readFileSync(path.join(ROOT, rel), 'utf8')) as AnyIntent;
    const dir = path.join(root, intent.metadata.name);
    applyChartWrite(planChartWrite(dir, compileChart(intent, defaultPlatformConfig())), {});
    out.push(dir);
  }
  return out;
}

test('objects of the traced render equal plain helm template output', { timeout: 240_000 }, async () => {
  for (const dir of charts()) {
    const r = await reviewChart(dir, { helmPath: helmPath(), config: defaultPlatformConfig(), cache: false });
    for (const env of r.renders) {
      assert.ok(env.ok, `${dir} ${env.name}`);
      const args = ['template', r.chart.name, dir, '--namespace', env.namespace, '--kube-version', '1.34.0', ...env.valuesFiles.flatMap((f) => ['--values', path.join(dir, f)])];
      const plain = parseRenderedManifests(execFileSync(helmPath(), args, { encoding: 'utf8' }));
      // The helm test pod's name has a random part (randAlphaNum 5) in both renders.
      const same = (ms: typeof plain) => ms.map((m) => [m.source, m.index, JSON.parse(JSON.stringify(m.object).replace(/-test-[a-z0-9]{5}"/g, '-test-*"'))]);
      assert.deepEqual(same(env.manifests), same(plain), `${path.basename(dir)} ${env.name}`);
      assert.ok(env.manifests.every((m) => !m.text.includes('#@hi:')), 'no marker left in the text shown to the user');
    }
  }
});
