// Chart Review webview benchmark: the real bundle in headless Chromium (playwright-core,
// /usr/bin/chromium) and the pure environment diff in Node.
//   - initial render of 1,000 manifests (message validated, cards built, laid out and painted): target ≤ 500 ms
//   - environment diff of two 1,000-object renders: target ≤ 100 ms
//   - plus: refresh patch with one object changed, diff tab render, validation alone
// Usage: node --import tsx bench/webview-bench.ts [--runs n]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { renderedObjects } from '../server/review/webview-objects';
import {
  hostMessage,
  parseMessage,
  type EnvironmentRender,
  type ReviewData,
} from '../server/protocol/webview-protocol';
import { parseRenderedManifests } from '../server/tools/helm';
import { ensureBundle, launch, openReview, send, startServer } from '../test/webview/support/harness';
import { diffEnvironments } from '../webview/env-diff';
import { summarize, type Summary } from './lib/stats';

const OBJECTS = 1000;
const TARGET_RENDER_MS = 500;
const TARGET_DIFF_MS = 100;

/** helm-template-like output: 250 services × (Deployment, Service, ConfigMap, HPA); prod scales up and adds PDBs. */
function helmOutput(env: 'staging' | 'prod'): string {
  const docs: string[] = [];
  const prod = env === 'prod';
  for (let i = 0; docs.length < OBJECTS; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const labels = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': 'bench',
      'app.kubernetes.io/version': '1.2.3',
      'platform.example.com/tier': prod ? 'production' : 'staging',
      team: `team-${i % 7}`,
    };
    const push = (template: string, obj: unknown) =>
      docs.push(`# Source: bench/templates/${template}\n${stringify(obj)}`);
    push('deployment.yaml', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: prod ? 3 : 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels, annotations: { 'checksum/config': `${env}-${i}`.padEnd(64, '0') } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: `registry.example.com/${name}:1.2.3`,
                ports: [{ name: 'http', containerPort: 8080 }],
                resources: {
                  requests: { cpu: prod ? '500m' : '250m', memory: prod ? '1Gi' : '512Mi' },
                  limits: { cpu: prod ? '1' : '500m', memory: prod ? '2Gi' : '1Gi' },
                },
                livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
                readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                env: [
                  { name: 'LOG_LEVEL', value: prod ? 'info' : 'debug' },
                  { name: 'ENV', value: env },
                ],
              },
            ],
          },
        },
      },
    });
    if (docs.length < OBJECTS)
      push('service.yaml', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, labels },
        spec: {
          type: 'ClusterIP',
          ports: [{ name: 'http', port: 80, targetPort: 'http' }],
          selector: { 'app.kubernetes.io/name': name },
        },
      });
    if (docs.length < OBJECTS)
      push('configmap.yaml', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, labels },
        data: { LOG_LEVEL: prod ? 'info' : 'debug', FEATURE_X: String(i % 2 === 0), TIMEOUT: '30s' },
      });
    if (docs.length < OBJECTS) {
      if (prod && i % 5 === 0)
        push('pdb.yaml', {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name, labels },
          spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } },
        });
      else
        push('hpa.yaml', {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name, labels },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
            minReplicas: prod ? 3 : 1,
            maxReplicas: 10,
          },
        });
    }
  }
  return docs.map((d) => `---\n${d}`).join('');
}

function environment(env: 'staging' | 'prod'): EnvironmentRender {
  const objects = renderedObjects(parseRenderedManifests(helmOutput(env)), { dir: '/bench/chart', templates: [] });
  // Every tenth Deployment has a finding, as a reviewed chart would.
  objects.forEach((o, i) => {
    if (o.kind === 'Deployment' && i % 40 === 0) {
      o.findings.push({
        severity: 'warning',
        ruleId: 'helm-baseline/require-resource-limits',
        policy: 'helm-baseline',
        message: 'All containers must define CPU and memory limits',
        environments: [env],
        locations: [{ file: '/bench/chart/templates/deployment.yaml', line: 3, role: 'template' }],
      });
    }
  });
  return {
    name: env,
    namespace: `bench-${env}`,
    valuesFiles: [`/bench/chart/values-${env}.yaml`],
    ok: true,
    objects,
    findings: [],
  };
}

const fmt = (s: Summary) =>
  `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, min ${s.min.toFixed(1)} ms (n=${s.n})`;
const verdict = (s: Summary, target: number) =>
  s.median <= target ? `✓ ≤ ${target} ms` : `✗ over the ${target} ms target`;

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
  ensureBundle();
  const staging = environment('staging');
  const prod = environment('prod');
  const data: ReviewData = {
    chart: { name: 'bench', dir: '/bench/chart', version: '1.0.0' },
    environments: [staging, prod],
    generatedAt: new Date().toISOString(),
    producer: 'bench',
  };
  const bytes = JSON.stringify(data).length;

  // Node: the pure diff, and validation of the message.
  const diffSamples: number[] = [];
  let diff = diffEnvironments(staging, prod);
  for (let i = 0; i < 3; i++) diff = diffEnvironments(staging, prod); // warm-up: the view diffs more than once too
  for (let i = 0; i < runs * 3; i++) {
    const t = performance.now();
    diff = diffEnvironments(staging, prod);
    diffSamples.push(performance.now() - t);
  }
  const validateSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    if (!parseMessage(hostMessage, { type: 'review-data', data }).ok) throw new Error('bench data does not validate');
    validateSamples.push(performance.now() - t);
  }

  // Chromium: a fresh page per run, data already in the page, the clock around dispatch → painted frame.
  const server = await startServer();
  const browser = await launch();
  const render: number[] = [];
  const patch: number[] = [];
  const diffTab: number[] = [];
  const diffInPage: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const page = await openReview(browser, server, undefined, { width: 1200, height: 900 });
      await send(page, { type: 'settings', readOnly: true, trusted: true, liveStatus: false });
      await page.evaluate(
        (d) => ((window as unknown as { __bench: unknown }).__bench = d),
        data as unknown as Record<string, unknown>,
      );
      // The page's CSP forbids eval, so each step is a named case, not code passed in.
      const timeFrame = (step: 'render' | 'patch' | 'diff-tab') =>
        page.evaluate(
          (which) =>
            new Promise<number>((resolve) => {
              const bench = (
                window as unknown as {
                  __bench: { environments: Array<{ objects: Array<{ kind: string; yaml: string }> }> };
                }
              ).__bench;
              const deliver = (data: unknown) =>
                window.dispatchEvent(new MessageEvent('message', { data: { type: 'review-data', data } }));
              let changed: typeof bench | undefined;
              if (which === 'patch') {
                changed = JSON.parse(JSON.stringify(bench)) as typeof bench;
                changed.environments[0].objects.find((x) => x.kind === 'ConfigMap')!.yaml += '# changed\n';
              }
              const t0 = performance.now();
              if (which === 'render') deliver(bench);
              else if (which === 'patch') deliver(changed);
              else (document.querySelector('[data-tab="diff"]') as HTMLElement).click();
              // rAF runs before the next paint; the timeout after it runs once that frame is painted.
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
            }),
          step,
        );
      render.push(await timeFrame('render'));
      const cards = await page.locator('.obj').count();
      if (cards !== staging.objects.length)
        throw new Error(`rendered ${cards} cards, expected ${staging.objects.length}`);
      // A refresh where one ConfigMap changed: patch, not rebuild.
      patch.push(await timeFrame('patch'));
      diffTab.push(await timeFrame('diff-tab'));
      diffInPage.push(
        await page.evaluate(() => performance.getEntriesByName('helm-intent:env-diff').at(-1)?.duration ?? NaN),
      );
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const results = {
    objects: OBJECTS,
    messageBytes: bytes,
    diffChangedObjects: diff.objects.length,
    render: summarize(render),
    patch: summarize(patch),
    diffNode: summarize(diffSamples),
    diffInPage: summarize(diffInPage),
    diffTab: summarize(diffTab),
    validateNode: summarize(validateSamples),
  };
  console.log(
    `webview: ${OBJECTS} manifests per environment (${(bytes / 1024 / 1024).toFixed(1)} MiB review-data message), Chromium ${browser.version()}`,
  );
  console.log(
    `  initial render, message → painted frame:   ${fmt(results.render)}  ${verdict(results.render, TARGET_RENDER_MS)}`,
  );
  console.log(
    `  env diff staging → prod (Node):            ${fmt(results.diffNode)}  ${verdict(results.diffNode, TARGET_DIFF_MS)}  (${diff.objects.length} objects differ)`,
  );
  console.log(
    `  env diff staging → prod (in Chromium):     ${fmt(results.diffInPage)}  ${verdict(results.diffInPage, TARGET_DIFF_MS)}`,
  );
  console.log(`  diff tab: compute + build + paint:         ${fmt(results.diffTab)}`);
  console.log(`  refresh with one object changed (patch):   ${fmt(results.patch)}`);
  console.log(`  validating the message (Node):             ${fmt(results.validateNode)}`);
  const out = path.join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'webview.json'), JSON.stringify(results, null, 2) + '\n');
  if (
    results.render.median > TARGET_RENDER_MS ||
    results.diffNode.median > TARGET_DIFF_MS ||
    results.diffInPage.median > TARGET_DIFF_MS
  )
    process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
