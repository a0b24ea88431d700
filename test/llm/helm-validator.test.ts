// The helm-backed validator on real helm: lint --strict + template per environment and namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileChart } from '../../server/compiler';
import { BASE_ENVIRONMENT, validationEnvironments } from '../../server/llm';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { exampleIntent, realValidator, referenceIntent } from './support/setup';

const config = defaultPlatformConfig();
const agent = exampleIntent('examples/ai-agent/ai-agent.intent.yaml');
const agentChart = compileChart(agent, config);
const agentEnvs = validationEnvironments(agent, config);

test('environments: values.yaml alone, then each values-<env>.yaml with its namespace', () => {
  assert.deepEqual(agentEnvs, [
    { name: BASE_ENVIRONMENT, namespace: 'default' },
    { name: 'dev', namespace: 'ai-agent-dev', valuesFile: 'values-dev.yaml' },
    { name: 'staging', namespace: 'ai-agent-staging', valuesFile: 'values-staging.yaml' },
    { name: 'prod', namespace: 'ai-agent', valuesFile: 'values-prod.yaml' },
  ]);
  assert.deepEqual(validationEnvironments(referenceIntent(), config), [
    { name: BASE_ENVIRONMENT, namespace: 'default' },
  ]);
});

test('the compiler charts pass; missing dependencies are stubbed and said so', async () => {
  const reference = await realValidator().validate(
    compileChart(referenceIntent(), config),
    validationEnvironments(referenceIntent(), config),
  );
  assert.deepEqual(reference, { problems: [], notes: [] });
  const started = performance.now();
  const outcome = await realValidator().validate(agentChart, agentEnvs);
  const ms = performance.now() - started;
  assert.deepEqual(outcome.problems, []);
  assert.deepEqual(outcome.notes, [
    'Dependencies postgresql, redis are not in charts/; they were validated as empty stubs (their own templates were not checked).',
  ]);
  assert.ok(ms < 15_000, `4 environments took ${ms} ms`);
});

test('a fault in one environment is reported for that environment only (values file and namespace are used)', async () => {
  const probe = {
    path: 'templates/probe.yaml',
    content: [
      '{{- if eq .Release.Namespace "ai-agent" }}{{ fail "prod namespace reached the template" }}{{- end }}',
      '{{- if eq .Values.tier "development" }}',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: probe',
      'data:',
      '  x: {{ .Values.nope.deeper | quote }}',
      '{{- end }}',
      '',
    ].join('\n'),
  };
  const outcome = await realValidator().validate([...agentChart, probe], agentEnvs);
  const byEnv = outcome.problems.map((p) => [p.source, p.file, (p.environments ?? []).join(',')]);
  assert.deepEqual(
    byEnv,
    [
      ['helm lint', 'templates/probe.yaml', 'dev'],
      // helm lint does not render with the namespace; helm template --namespace does.
      ['helm template', 'templates/probe.yaml', 'prod'],
    ],
    JSON.stringify(outcome.problems, null, 1),
  );
  assert.match(outcome.problems[0].message, /nil pointer evaluating interface \{\}\.deeper/);
  assert.match(outcome.problems[1].message, /prod namespace reached the template/);
  for (const p of outcome.problems)
    assert.doesNotMatch(p.message, /helm-intent-ai-|\/tmp\//, 'chart-relative paths only');
});

test('a missing environment values file and a broken Chart.yaml are problems, not crashes', async () => {
  const withoutProd = agentChart.filter((f) => f.path !== 'values-prod.yaml');
  const missing = await realValidator().validate(withoutProd, agentEnvs);
  assert.deepEqual(
    missing.problems.map((p) => p.message),
    ['values-prod.yaml is missing: environment prod has no values file.'],
  );

  const broken = compileChart(referenceIntent(), config).map((f) =>
    f.path === 'Chart.yaml' ? { ...f, content: 'apiVersion: v2\nname: [\n' } : f,
  );
  const outcome = await realValidator().validate(broken, [{ name: BASE_ENVIRONMENT }]);
  assert.ok(outcome.problems.length > 0);
  assert.ok(
    outcome.problems.some((p) => /Chart\.yaml|yaml/i.test(p.message)),
    JSON.stringify(outcome.problems),
  );
});
