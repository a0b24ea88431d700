// The Chart Review's data as the language server serves it (review pipeline → toReviewData) on charts
// the CLI generates, rendered by the real helm: environments, namespaces, objects, locations, failures.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { documentStartLine } from '../../server/review/webview-objects';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { reviewChart } from '../../server/review/pipeline';
import { HelmNotFoundError } from '../../server/tools/helm';
import { generateChart, reviewData, useRenderedChart, type GeneratedChart } from './support/fixtures';

describe('ai-agent chart (dev, staging, prod)', () => {
  const rendered = useRenderedChart();

  test('values.yaml alone, then one render per values-<env>.yaml in the namespace the intent gives it', () => {
    assert.deepEqual(
      rendered
        .data()
        .environments.map((e) => [
          e.name,
          e.namespace,
          e.valuesFiles.map((f) => path.relative(rendered.chart().dir, f)),
          e.ok,
        ]),
      [
        ['default', 'default', [], true],
        ['dev', 'ai-agent-dev', ['values-dev.yaml'], true],
        ['staging', 'ai-agent-staging', ['values-staging.yaml'], true],
        ['prod', 'ai-agent', ['values-prod.yaml'], true],
      ],
    );
    assert.equal(rendered.data().chart.name, 'ai-agent');
    assert.equal(rendered.data().chart.version, '0.1.0');
    assert.equal(rendered.data().chart.intentFile, rendered.chart().intentFile, 'from .helm-intent/generated.json');
  });

  test('replicas per environment are what the values files say (seed §3: 1, 2, 3)', () => {
    const replicas = Object.fromEntries(
      rendered
        .data()
        .environments.map((e) => [
          e.name,
          (e.objects.find((o) => o.kind === 'Deployment')?.object.spec as { replicas?: number })?.replicas,
        ]),
    );
    assert.deepEqual(
      { dev: replicas.dev, staging: replicas.staging, prod: replicas.prod },
      { dev: 1, staging: 2, prod: 3 },
    );
  });

  test('each object: stable id, labels, the YAML helm printed, and the template line it starts at', () => {
    const dev = rendered.data().environments.find((e) => e.name === 'dev')!;
    const deployment = dev.objects.find((o) => o.kind === 'Deployment')!;
    assert.equal(deployment.id, 'apps/Deployment//ai-agent');
    assert.equal(deployment.labels['app.kubernetes.io/name'], 'ai-agent');
    assert.match(deployment.yaml, /^# Source: ai-agent\/templates\/deployment\.yaml\n/);
    assert.equal(deployment.source?.file, path.join(rendered.chart().dir, 'templates', 'deployment.yaml'));
    const templateLines = readFileSync(deployment.source!.file, 'utf8').split('\n');
    assert.match(templateLines[deployment.source!.line], /^apiVersion: /);
    const ids = dev.objects.map((o) => o.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique within a render');
  });

  test('hooks and tests carry their helm.sh/hook annotation', () => {
    const dev = rendered.data().environments.find((e) => e.name === 'dev')!;
    assert.equal(dev.objects.find((o) => o.kind === 'Job')?.hook, 'pre-install,pre-upgrade');
    assert.equal(dev.objects.find((o) => o.kind === 'Pod')?.hook, 'test');
    assert.equal(dev.objects.find((o) => o.kind === 'Deployment')?.hook, undefined);
  });

  test('dependencies that are not downloaded render with stand-ins, and the data says so', () => {
    assert.equal(rendered.data().notes?.length, 1);
    assert.match(rendered.data().notes![0], /postgresql, redis/);
  });
});

describe('failures', () => {
  let chart: GeneratedChart;
  before(() => {
    chart = generateChart('examples/minimal/hello.intent.yaml');
  });
  after(() => chart.cleanup());

  test('a broken template fails its environments with a finding on the broken line, not an exception', async () => {
    const file = path.join(chart.dir, 'templates', 'service.yaml');
    const original = readFileSync(file, 'utf8');
    appendFileSync(file, '\n{{ .Values.nope.deeper }}\n');
    try {
      const data = await reviewData(chart.dir);
      assert.ok(data.environments.length >= 1);
      for (const env of data.environments) {
        assert.equal(env.ok, false);
        assert.deepEqual(env.objects, []);
        assert.match(env.error!, /\.Values\.nope\.deeper/);
        const located = env.findings.find((f) => f.severity === 'error' && f.locations.some((l) => l.file === file));
        assert.ok(located, 'a finding placed on the template');
        assert.match(
          readFileSync(file, 'utf8').split('\n')[located.locations.find((l) => l.file === file)!.line],
          /\.Values\.nope\.deeper/,
          'on the broken line',
        );
      }
    } finally {
      writeFileSync(file, original);
    }
  });

  test('a missing helm is HelmNotFoundError naming the setting', async () => {
    await assert.rejects(
      reviewChart(chart.dir, { helmPath: '/nonexistent/helm', config: defaultPlatformConfig(), cache: false }),
      (e: unknown) => e instanceof HelmNotFoundError && /helmIntent\.helmPath/.test((e as Error).message),
    );
  });

  test('every helm command is logged', async () => {
    const lines: string[] = [];
    await reviewData(chart.dir, (l) => lines.push(l));
    assert.ok(
      lines.some((l) => l.startsWith('helm template ')) &&
        lines.every((l) => /^helm (template|lint) /.test(l) && l.includes('--namespace')),
    );
  });
});

test('documentStartLine skips blank, comment and template-only lines of the n-th document', () => {
  const text = [
    '{{- if .Values.a }}',
    'apiVersion: v1',
    'kind: A',
    '---',
    '# second',
    '',
    '{{ with .Values.b }}',
    'apiVersion: v1',
    'kind: B',
  ].join('\n');
  assert.equal(documentStartLine(text, 0), 1);
  assert.equal(documentStartLine(text, 1), 7);
  assert.equal(documentStartLine(text, 5), 7, 'more documents than separators: the last one');
});
