// The built-in baseline pack on a compliant and a misconfigured production chart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { CATALOG } from '../../server/policy/baseline/catalog';
import { BaselineConfigError, buildBaseline, runBaseline, seedPolicy } from '../../server/policy/baseline/pack';
import { SEED_POLICY_YAML } from '../../server/policy/baseline/seed-policy';
import { loadResources } from '../../server/policy/loader/load-resources';
import type { PolicyResult } from '../../server/policy/types';

const fixture = (name: string) => {
  const set = loadResources(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'), name);
  assert.deepEqual(set.errors, []);
  return set.resources;
};
const good = fixture('good-chart.yaml');
const bad = fixture('bad-chart.yaml');
// The seed organisation's policy is opt-in (its platform config's policiesDir); these tests run it on purpose.
const options = {
  namespace: 'production',
  tier: 'production' as const,
  allowedRegistries: ['*.dkr.ecr.*.amazonaws.com', 'ghcr.io/acme'],
  seedPolicy: true,
};
const failing = (results: PolicyResult[]) =>
  results.filter((r) => r.result === 'fail' || r.result === 'warn' || r.result === 'error');

describe('baseline pack', () => {
  test('the catalogue has at least 25 rules with stable IDs, docs and remediation', () => {
    assert.equal(CATALOG.length >= 25, true);
    CATALOG.forEach((c, i) => {
      assert.equal(c.id, `HI-K8S-${String(i + 1).padStart(3, '0')}`);
      assert.ok(c.doc.length > 20 && c.remediation.length > 10, c.id);
    });
  });

  // The suite copy is the seed facts' §2 text, checked in: the test needs nothing outside the repo.
  test('the seed helm-baseline policy is included verbatim (same text as the kyverno-test suite copy)', () => {
    assert.equal(
      SEED_POLICY_YAML,
      readFileSync(path.join(__dirname, 'suites/passing/seed/helm-baseline.yaml'), 'utf8'),
    );
    assert.deepEqual(
      seedPolicy().spec.rules!.map((r) => r.name),
      [
        'require-security-context',
        'require-resource-limits',
        'require-mandatory-labels',
        'require-liveness-probe',
        'disallow-privileged-containers',
      ],
    );
  });

  test('the default pack is neutral: no seed organisation policy unless asked for; the examples ship it as their platform policy', () => {
    const { seedPolicy: _, ...neutral } = options;
    const results = runBaseline(bad, neutral).results;
    assert.equal(
      results.some((r) => r.policy === 'helm-baseline'),
      false,
    );
    assert.equal(
      failing(results).some((r) => /platform\.example\.com\/tier/.test(r.message)),
      false,
    );
    assert.ok(failing(results).length > 10, 'the HI-K8S rules still find the bad chart');
    assert.equal(
      readFileSync(path.join(__dirname, '../../examples/policies/helm-baseline.yaml'), 'utf8'),
      SEED_POLICY_YAML,
    );
    assert.match(
      readFileSync(path.join(__dirname, '../../examples/.helm-intent.yaml'), 'utf8'),
      /^policiesDir: policies$/m,
    );
  });

  test('a compliant production chart passes every rule (except the seed probe pattern, see below)', () => {
    const { results } = runBaseline(good, options);
    // Advice (severity info: digest pinning, secrets as files) is not a failure of a compliant chart.
    assert.deepEqual(
      failing(results)
        .filter((r) => r.severity !== 'info')
        .map((r) => `${r.ruleId ?? r.policy}/${r.rule} ${r.resource.kind}/${r.resource.name}`),
      ['helm-baseline/require-liveness-probe Rollout/my-service'],
    );
    // The Rollout is held to the pod-controller rules and reported as a Rollout, in the deploy namespace.
    const rolloutChecks = results.filter((r) => r.resource.kind === 'Rollout');
    assert.equal(rolloutChecks.length > 20, true);
    assert.equal(
      rolloutChecks.every((r) => r.resource.namespace === 'production'),
      true,
    );
    assert.deepEqual(
      [...new Set(results.filter((r) => r.result === 'pass' && r.ruleId).map((r) => r.ruleId))].length >= 25,
      true,
    );
  });

  test('Kyverno semantics: the seed `livenessProbe: "?*"` is a string pattern an object probe never satisfies', () => {
    const r = runBaseline(good, options).results.find(
      (x) => x.rule === 'require-liveness-probe' && x.policy === 'helm-baseline',
    )!;
    assert.equal(r.result, 'fail');
    assert.deepEqual(r.paths, ['spec.template.spec.containers[0].livenessProbe']);
    assert.match(r.remediation ?? '', /string pattern/);
  });

  test('a misconfigured chart fails every applicable rule, each at a precise path', () => {
    const { results } = runBaseline(bad, options);
    const ids = [
      ...new Set(
        failing(results)
          .map((r) => r.ruleId)
          .filter(Boolean),
      ),
    ].sort();
    // Rules 031+ (RBAC, token automount, UIDs, digests, secret env, default namespace) have their own fixtures: baseline-more-rules.test.ts.
    const first30 = (list: Array<string | undefined>) => list.filter((id) => Number(id?.slice('HI-K8S-'.length)) <= 30);
    assert.deepEqual(
      first30(ids),
      first30(CATALOG.map((c) => c.id)).filter((id) => id !== 'HI-K8S-025'),
    );
    const at = (id: string) =>
      failing(results)
        .filter((r) => r.ruleId === id)
        .flatMap((r) => r.paths ?? []);
    assert.deepEqual(at('HI-K8S-001'), ['spec.template.spec.initContainers[0].securityContext.privileged']);
    assert.deepEqual(at('HI-K8S-019'), ['spec.template.spec.containers[0].env[0].value']);
    assert.deepEqual(at('HI-K8S-012'), ['spec.template.spec.containers[0].ports[0].hostPort']);
    assert.deepEqual(at('HI-K8S-018'), [
      'spec.template.spec.initContainers[0].image',
      'spec.template.spec.containers[0].image',
    ]);
    assert.deepEqual(at('HI-K8S-029'), ['spec.selector']);
    assert.deepEqual(at('HI-K8S-027'), ['spec.minReplicas']);
    assert.deepEqual(at('HI-K8S-022'), ['spec.template.metadata.labels']);
    const dup = failing(results).find((r) => r.ruleId === 'HI-K8S-028')!;
    assert.equal(dup.message, 'Duplicate environment variables: api (LOG_LEVEL, LOG_LEVEL)');
    const removed = failing(results).find((r) => r.ruleId === 'HI-K8S-024')!;
    assert.equal(
      removed.message,
      'Ingress extensions/v1beta1 was removed in Kubernetes 1.22 (target 1.34); use networking.k8s.io/v1.',
    );
    for (const r of failing(results).filter((x) => x.ruleId)) assert.ok(r.remediation, `${r.ruleId} has a remediation`);
  });

  test('an older target Kubernetes version reports deprecation instead of removal', () => {
    const pdb = loadResources(
      'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nspec: {minAvailable: 1}\n',
      'x.yaml',
    ).resources;
    const ids = (v: string) =>
      failing(runBaseline(pdb, { ...options, kubernetesVersion: v }).results).map((r) => r.ruleId);
    assert.deepEqual(ids('1.24'), ['HI-K8S-025']);
    assert.deepEqual(ids('1.25'), ['HI-K8S-024']);
    assert.deepEqual(ids('1.20'), []);
  });

  test('production-only checks stay quiet outside production', () => {
    const ids = failing(runBaseline(bad, { ...options, namespace: 'dev', tier: 'development' }).results).map(
      (r) => r.ruleId,
    );
    assert.equal(ids.includes('HI-K8S-022'), false);
    assert.equal(ids.includes('HI-K8S-026'), false);
    // Without a tier, a prod* namespace counts as production.
    const inferred = failing(
      runBaseline(bad, { namespace: 'prod-eu', allowedRegistries: options.allowedRegistries }).results,
    ).map((r) => r.ruleId);
    assert.equal(inferred.includes('HI-K8S-026'), true);
  });

  test('rules can be disabled per chart, with a reason', () => {
    const report = runBaseline(bad, {
      ...options,
      disabled: [
        { rule: 'HI-K8S-009', reason: 'CNI plugin needs the host network' },
        { rule: 'helm-baseline/require-liveness-probe', reason: 'string pattern never matches' },
      ],
    });
    assert.equal(
      report.results.some((r) => r.ruleId === 'HI-K8S-009'),
      false,
    );
    assert.equal(
      report.results.some((r) => r.rule === 'require-liveness-probe' && r.policy === 'helm-baseline'),
      false,
    );
    assert.deepEqual(
      report.disabled.map((d) => [d.rule, d.reason]),
      [
        ['HI-K8S-009', 'CNI plugin needs the host network'],
        ['helm-baseline/require-liveness-probe', 'string pattern never matches'],
      ],
    );
    assert.throws(() => buildBaseline({ disabled: [{ rule: 'HI-K8S-001', reason: ' ' }] }), BaselineConfigError);
    assert.throws(
      () => buildBaseline({ disabled: [{ rule: 'HI-K8S-999', reason: 'x' }] }),
      /unknown baseline rule 'HI-K8S-999'/,
    );
  });

  test('without allowed registries the registry rule is reported as disabled, not passed', () => {
    const report = runBaseline(good, { namespace: 'production' });
    assert.equal(
      report.results.some((r) => r.ruleId === 'HI-K8S-018'),
      false,
    );
    assert.deepEqual(
      report.disabled.map((d) => d.rule),
      ['HI-K8S-018'],
    );
  });

  test('allowed Service types are a parameter', () => {
    const results = runBaseline(bad, { ...options, allowedServiceTypes: ['ClusterIP', 'NodePort'] }).results;
    assert.equal(
      failing(results).some((r) => r.ruleId === 'HI-K8S-023'),
      false,
    );
  });

  test('Rollouts can be left out explicitly', () => {
    const results = runBaseline(good, { ...options, rollouts: false }).results;
    assert.equal(
      results.some((r) => r.resource.kind === 'Rollout' && r.policyKind !== 'Baseline'),
      false,
    );
  });
});

test('probe and NetworkPolicy rules leave Helm hooks, test pods and Jobs alone', () => {
  const hooks = loadResources(
    [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: t, labels: {app: a}, annotations: {helm.sh/hook: test}}\nspec: {containers: [{name: c, image: "busybox:1.36.1"}]}',
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: m, annotations: {helm.sh/hook: pre-upgrade}}\nspec: {template: {metadata: {labels: {app: m}}, spec: {restartPolicy: Never, containers: [{name: c, image: "busybox:1.36.1"}]}}}',
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: plain}\nspec: {template: {metadata: {labels: {app: j}}, spec: {restartPolicy: Never, containers: [{name: c, image: "busybox:1.36.1"}]}}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: bare, labels: {app: b}}\nspec: {containers: [{name: c, image: "busybox:1.36.1"}]}',
    ].join('\n---\n'),
    'hooks.yaml',
  ).resources;
  const failed = failing(runBaseline(hooks, options).results).filter((r) =>
    ['HI-K8S-015', 'HI-K8S-016', 'HI-K8S-026'].includes(r.ruleId ?? ''),
  );
  // Only the bare, non-hook Pod still needs probes and a NetworkPolicy.
  assert.deepEqual(
    [...new Set(failed.map((r) => `${r.ruleId} ${r.resource.kind}/${r.resource.name}`))].sort(),
    ['HI-K8S-015 Pod/bare', 'HI-K8S-016 Pod/bare', 'HI-K8S-026 Pod/bare', 'HI-K8S-026 Job/plain'].sort(),
  );
});
