// Rules HI-K8S-031…039 on object shapes taken from public charts: controllers' ClusterRoles, bitnami-style
// security contexts, cert-manager-style webhooks. Each must fail where it should, at the path, and pass the fix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBaseline } from '../../server/policy/baseline/pack';
import { loadResources } from '../../server/policy/loader/load-resources';
import type { PolicyResult } from '../../server/policy/types';

const load = (yaml: string) => {
  const set = loadResources(yaml, 'fixture.yaml');
  assert.deepEqual(set.errors, []);
  return set.resources;
};
const fails = (results: PolicyResult[], id: string) => results.filter((r) => r.ruleId === id && r.result === 'fail');
/** The paths of every failure of rule `id`, in order. */
const failedPaths = (results: PolicyResult[], id: string) => fails(results, id).flatMap((r) => r.paths);
const run = (yaml: string, namespace = 'apps') => runBaseline(load(yaml), { namespace }).results;

const ROLE = (rules: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: controller}\nrules:\n${rules}`;

describe('RBAC', () => {
  test('HI-K8S-031 reading every Secret; a rule limited by resourceNames passes', () => {
    const bad = run(ROLE(`- apiGroups: [""]\n  resources: [configmaps, secrets]\n  verbs: [get, list, watch]\n`));
    assert.deepEqual(failedPaths(bad, 'HI-K8S-031'), ['rules[0].resources']);
    const named = run(
      ROLE(`- apiGroups: [""]\n  resources: [secrets]\n  resourceNames: [webhook-tls]\n  verbs: [get, update]\n`),
    );
    assert.equal(fails(named, 'HI-K8S-031').length, 0);
    const otherGroup = run(ROLE(`- apiGroups: [bitnami.com]\n  resources: [secrets]\n  verbs: [get]\n`));
    assert.equal(
      fails(otherGroup, 'HI-K8S-031').length,
      0,
      'SealedSecret-like CRDs named secrets are not core Secrets',
    );
  });

  test('HI-K8S-032 wildcards in verbs, resources or apiGroups, one path per rule', () => {
    const r = run(
      ROLE(
        `- apiGroups: [argoproj.io]\n  resources: [rollouts]\n  verbs: ["*"]\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: [list]\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get]\n`,
      ),
    );
    assert.deepEqual(failedPaths(r, 'HI-K8S-032'), ['rules[0].verbs', 'rules[1].resources']);
  });

  test('HI-K8S-033 escalate, bind and impersonate', () => {
    const r = run(
      ROLE(
        `- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  verbs: [bind, escalate]\n- apiGroups: [""]\n  resources: [users, serviceaccounts]\n  verbs: [impersonate]\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n`,
      ),
    );
    assert.deepEqual(failedPaths(r, 'HI-K8S-033'), ['rules[0].verbs', 'rules[1].verbs']);
  });

  test('HI-K8S-034 writing admission webhooks; read-only or resourceNames-limited passes', () => {
    const write = run(
      ROLE(
        `- apiGroups: [admissionregistration.k8s.io]\n  resources: [mutatingwebhookconfigurations, validatingwebhookconfigurations]\n  verbs: [get, list, watch, update]\n`,
      ),
    );
    assert.deepEqual(failedPaths(write, 'HI-K8S-034'), ['rules[0].resources']);
    const read = run(
      ROLE(
        `- apiGroups: [admissionregistration.k8s.io]\n  resources: [validatingwebhookconfigurations]\n  verbs: [get, list, watch]\n`,
      ),
    );
    const own = run(
      ROLE(
        `- apiGroups: [admissionregistration.k8s.io]\n  resources: [validatingwebhookconfigurations]\n  resourceNames: [cert-manager-webhook]\n  verbs: [update]\n`,
      ),
    );
    assert.equal(fails(read, 'HI-K8S-034').length + fails(own, 'HI-K8S-034').length, 0);
  });
});

const DEPLOY = (spec: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${spec}${extra}`;

describe('pods', () => {
  test('HI-K8S-035 token automount through a dedicated ServiceAccount; false on the pod or the account passes', () => {
    const spec = '      serviceAccountName: web\n      containers: [{name: web, image: "nginx:1.27"}]\n';
    assert.deepEqual(failedPaths(run(DEPLOY(spec)), 'HI-K8S-035'), ['spec.template.spec.serviceAccountName']);
    assert.equal(
      fails(
        run(
          DEPLOY(
            spec,
            '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\nautomountServiceAccountToken: false\n',
          ),
        ),
        'HI-K8S-035',
      ).length,
      0,
    );
    assert.equal(fails(run(DEPLOY(`      automountServiceAccountToken: false\n${spec}`)), 'HI-K8S-035').length, 0);
    const onDefault = run(DEPLOY('      containers: [{name: web, image: "nginx:1.27"}]\n'));
    assert.equal(fails(onDefault, 'HI-K8S-035').length, 0, 'the default account is HI-K8S-021');
    assert.equal(fails(onDefault, 'HI-K8S-021').length, 1);
  });

  test('HI-K8S-036 UIDs below 10000 on the pod or a container (bitnami 1001), not 0 (HI-K8S-006) or 65534', () => {
    const r = run(
      DEPLOY(
        '      securityContext: {runAsUser: 1001}\n      containers:\n      - {name: a, image: "x:1", securityContext: {runAsUser: 65534}}\n      - {name: b, image: "x:1", securityContext: {runAsUser: 999}}\n',
      ),
    );
    assert.deepEqual(failedPaths(r, 'HI-K8S-036'), [
      'spec.template.spec.securityContext.runAsUser',
      'spec.template.spec.containers[1].securityContext.runAsUser',
    ]);
    assert.equal(
      fails(run(DEPLOY('      containers: [{name: a, image: "x:1", securityContext: {runAsUser: 0}}]\n')), 'HI-K8S-036')
        .length,
      0,
    );
  });

  test('HI-K8S-037 digests (advice), HI-K8S-038 secrets as env vars (advice)', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const r = run(
      DEPLOY(
        `      containers:\n      - name: a\n        image: "ghcr.io/acme/a:1.0@${digest}"\n        envFrom: [{secretRef: {name: creds}}]\n      - name: b\n        image: "ghcr.io/acme/b:1.0"\n        env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}, {name: MODE, value: prod}]\n`,
      ),
    );
    assert.deepEqual(failedPaths(r, 'HI-K8S-037'), ['spec.template.spec.containers[1].image']);
    assert.equal(fails(r, 'HI-K8S-037')[0].severity, 'info');
    assert.deepEqual(failedPaths(r, 'HI-K8S-038'), [
      'spec.template.spec.containers[0].envFrom[0].secretRef',
      'spec.template.spec.containers[1].env[0].valueFrom.secretKeyRef',
    ]);
  });

  test('HI-K8S-039 an object that names the default namespace; the release namespace passes', () => {
    const r = run(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\ndata: {x: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: "1"}\n',
      'default',
    );
    assert.deepEqual(
      fails(r, 'HI-K8S-039').map((x) => [x.resource.name, x.paths]),
      [['a', ['metadata.namespace']]],
    );
  });

  test('HI-K8S-019 leaves switches and references alone (bitnami ALLOW_EMPTY_PASSWORD: "no")', () => {
    const env = (name: string, value: string) =>
      run(DEPLOY(`      containers: [{name: a, image: "x:1", env: [{name: ${name}, value: "${value}"}]}]\n`));
    for (const [name, value] of [
      ['ALLOW_EMPTY_PASSWORD', 'no'],
      ['REDIS_TLS_AUTH_CLIENTS', 'yes'],
      ['DISABLE_TOKEN_CHECK', 'false'],
      ['PASSWORD_MIN_LENGTH', '12'],
      ['DB_PASSWORD', '$(SHARED_DB_PASSWORD)'],
      ['AUTH_TOKEN_ENABLED', 'true'],
    ]) {
      assert.equal(fails(env(name, value), 'HI-K8S-019').length, 0, `${name}=${value}`);
    }
    for (const [name, value] of [
      ['SMTP_PASSWORD', 'hunter2'],
      ['API_TOKEN', 'ghp_abc123'],
      ['REDIS_PASSWORD', 'no-really-secret'],
    ]) {
      assert.equal(fails(env(name, value), 'HI-K8S-019').length, 1, `${name}=${value}`);
    }
  });
});
