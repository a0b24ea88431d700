// CEL: validate.cel rules, ValidatingAdmissionPolicy (+bindings) and Kyverno ValidatingPolicy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateCel } from '../../server/policy/cel/cel-env';
import { evaluatePolicies } from '../../server/policy/engine/engine';
import { loadPolicies } from '../../server/policy/loader/load-policies';
import type { Resource } from '../../server/policy/types';

const deploy = (
  name: string,
  replicas: number,
  labels: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Resource => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels },
  spec: {
    replicas,
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25', ...extra }] },
    },
  },
});

function load(yaml: string) {
  const set = loadPolicies(yaml, 'p.yaml');
  assert.deepEqual(set.errors, []);
  return set;
}

const VAP = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replicas}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
    objectSelector:
      matchExpressions: [{key: exempt, operator: DoesNotExist}]
  variables:
    - {name: max, expression: "object.metadata.?labels.?tier.orValue('') == 'production' ? 10 : 3"}
  validations:
    - expression: "object.spec.replicas <= variables.max"
      messageExpression: "'replicas must be at most ' + string(variables.max)"
    - expression: "object.metadata.name.size() < 10"
      message: name too long
`;

describe('ValidatingAdmissionPolicy', () => {
  test('variables, messageExpression, first failing validation, and the object path', () => {
    const r = evaluatePolicies(load(VAP).policies, [
      deploy('web', 5),
      deploy('web-prod', 5, { tier: 'production' }),
      deploy('a-very-long-name', 1),
    ]);
    assert.deepEqual(
      r.map((x) => [x.resource.name, x.result, x.message]),
      [
        ['web', 'fail', 'replicas must be at most 3'],
        ['web-prod', 'pass', ''],
        ['a-very-long-name', 'fail', 'name too long'],
      ],
    );
    assert.deepEqual(r[0].paths, ['spec.replicas']);
    assert.equal(r[0].rule, '');
    assert.equal(r[0].failureAction, 'Enforce');
  });
  test('objectSelector and resource rules decide applicability', () => {
    const r = evaluatePolicies(load(VAP).policies, [
      deploy('web', 5, { exempt: 'yes' }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
    ]);
    assert.deepEqual(r, []);
  });
  test('bindings supply the validation actions', () => {
    const set = load(
      `${VAP}---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\nspec: {policyName: replicas, validationActions: [Warn, Audit]}\n`,
    );
    const r = evaluatePolicies(set.policies, [deploy('web', 5)], { bindings: set.bindings });
    assert.deepEqual([r[0].result, r[0].failureAction, r[0].admission], ['fail', 'Audit', 'warn']);
  });
  test('an evaluation error follows failurePolicy', () => {
    const broken = VAP.replace('object.spec.replicas <= variables.max', 'object.spec.missing <= variables.max');
    assert.equal(evaluatePolicies(load(broken).policies, [deploy('web', 1)])[0].result, 'error');
    const ignore = broken.replace('failurePolicy: Fail', 'failurePolicy: Ignore');
    const r = evaluatePolicies(load(ignore).policies, [deploy('web', 1)])[0];
    assert.equal(r.result, 'skip');
    assert.match(r.message, /failurePolicy: Ignore/);
  });
  test('parameters come from the given objects; missing ones are skipped with the reason', () => {
    const PARAMS = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: max-replicas}
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]
  validations:
    - expression: "object.spec.replicas <= int(params.data.max)"
      messageExpression: "'at most ' + params.data.max + ' replicas'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: max-replicas}
spec:
  policyName: max-replicas
  validationActions: [Deny]
  paramRef: {name: replica-limits, parameterNotFoundAction: Deny}
`;
    const set = load(PARAMS);
    const limits: Resource = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'replica-limits' },
      data: { max: '4' },
    };
    const r = evaluatePolicies(set.policies, [deploy('web', 5), deploy('api', 2), limits], { bindings: set.bindings });
    assert.deepEqual(
      r.map((x) => [x.resource.name, x.result, x.message]),
      [
        ['web', 'fail', 'at most 4 replicas'],
        ['api', 'pass', ''],
      ],
    );
    const missing = evaluatePolicies(set.policies, [deploy('web', 5)], { bindings: set.bindings })[0];
    assert.equal(missing.result, 'skip');
    assert.match(missing.message, /ConfigMap replica-limits is not among the given objects/);
    const unbound = evaluatePolicies(set.policies, [deploy('web', 5), limits])[0];
    assert.match(unbound.message, /paramRef needs a binding/);
  });
  test('namespaceSelector needs namespace labels', () => {
    const withNs = VAP.replace(
      '    objectSelector:',
      '    namespaceSelector: {matchLabels: {env: prod}}\n    objectSelector:',
    );
    assert.equal(evaluatePolicies(load(withNs).policies, [deploy('web', 5)])[0].result, 'skip');
    assert.equal(
      evaluatePolicies(load(withNs).policies, [deploy('web', 5)], {
        namespace: 'p',
        namespaceLabels: { p: { env: 'prod' } },
      })[0].result,
      'fail',
    );
    assert.deepEqual(
      evaluatePolicies(load(withNs).policies, [deploy('web', 5)], {
        namespace: 'p',
        namespaceLabels: { p: { env: 'dev' } },
      }),
      [],
    );
  });
});

describe('Kyverno ValidatingPolicy', () => {
  const VP = `
apiVersion: policies.kyverno.io/v1alpha1
kind: ValidatingPolicy
metadata: {name: vp}
spec:
  validationActions: [Audit]
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]
  matchConditions:
    - {name: only-web, expression: "object.metadata.name.startsWith('web')"}
  validations:
    - expression: "object.spec.template.spec.containers.all(c, has(c.readinessProbe))"
      message: readiness probes are required
    - expression: "request.namespace == 'production' && request.operation == 'CREATE'"
      message: wrong request
`;
  test('match conditions, the request variable and Audit', () => {
    const r = evaluatePolicies(
      load(VP).policies,
      [deploy('web', 1), deploy('api', 1), deploy('web-ok', 1, {}, { readinessProbe: { tcpSocket: { port: 80 } } })],
      { namespace: 'production' },
    );
    assert.deepEqual(
      r.map((x) => [x.resource.name, x.result, x.admission ?? '']),
      [
        ['web', 'fail', 'warn'],
        ['web-ok', 'pass', ''],
      ],
    );
  });
  test('cluster libraries are unsupported, never a silent pass', () => {
    const r = evaluatePolicies(
      load(
        VP.replace(
          'has(c.readinessProbe))',
          "has(c.readinessProbe)) && resource.Get('v1', 'configmaps', 'x', 'y') != null",
        ),
      ).policies,
      [deploy('web', 1)],
    )[0];
    assert.equal(r.result, 'skip');
    assert.match(r.message, /needs a cluster/);
  });
});

describe('validate.cel in a Kyverno rule', () => {
  const RULE = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: cel-rule}
spec:
  rules:
    - name: limits
      match: {any: [{resources: {kinds: [Deployment]}}]}
      validate:
        message: memory limits up to 1Gi
        cel:
          expressions:
            - expression: "object.spec.template.spec.containers.all(c, quantity(c.resources.limits.memory).compareTo(quantity('1Gi')) <= 0)"
`;
  test('quantity library; an evaluation error fails, as Kyverno runs CEL rules without a failure policy', () => {
    const r = evaluatePolicies(load(RULE).policies, [
      deploy('small', 1, {}, { resources: { limits: { memory: '512Mi' } } }),
      deploy('big', 1, {}, { resources: { limits: { memory: '2Gi' } } }),
      deploy('none', 1),
    ]);
    assert.deepEqual(
      r.map((x) => [x.resource.name, x.result]),
      [
        ['small', 'pass'],
        ['big', 'fail'],
        ['none', 'fail'],
      ],
    );
    assert.equal(r[1].message, 'memory limits up to 1Gi');
    assert.match(r[2].message, /resulted in error/);
  });
});

describe('Kubernetes CEL extension functions (cel-go ext libraries)', () => {
  const yes = (e: string) => assert.equal(evaluateCel(e, {}), true, e);
  test('sets, math, base64, lists namespaces', () => {
    yes('sets.contains([1, 2, 3], [1, 3]) && !sets.contains([1], [2])');
    yes('sets.intersects([1], [1, 2]) && !sets.intersects([1], [2])');
    yes('sets.equivalent([1, 2], [2, 1, 1]) && !sets.equivalent([1], [1, 2])');
    yes('math.greatest(1, 2) == 2 && math.least([3, 1, 2]) == 1');
    yes("base64.encode(b'hi') == 'aGk=' && string(base64.decode('aGk=')) == 'hi'");
    yes('lists.range(3) == [0, 1, 2]');
  });
  test('list and string helpers', () => {
    yes('[3, 1, 2].sort() == [1, 2, 3] && [1, 2, 2].distinct() == [1, 2] && [[1], [2, 3]].flatten() == [1, 2, 3]');
    yes('[1, 2, 3].slice(1, 3) == [2, 3]');
    yes("'abc'.charAt(1) == 'b' && 'abc'.reverse() == 'cba'");
    yes("'%s has %d replicas'.format(['web', 3]) == 'web has 3 replicas'");
    assert.throws(() => evaluateCel('[1].slice(0, 5)', {}));
  });
});
