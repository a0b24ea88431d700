// The engine end to end: namespaces as admission sees them, failure actions, autogen, Rollouts,
// messages and paths, and features reported as skipped rather than silently passed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rulesWithAutogen } from '../../server/policy/autogen/autogen';
import { evaluatePolicies } from '../../server/policy/engine/engine';
import { loadPolicies } from '../../server/policy/loader/load-policies';
import { loadResources } from '../../server/policy/loader/load-resources';
import type { KyvernoPolicy, PolicyResult } from '../../server/policy/types';

function policies(yaml: string) {
  const set = loadPolicies(yaml, 'policy.yaml');
  assert.deepEqual(set.errors, []);
  return set.policies;
}
function resources(yaml: string) {
  const set = loadResources(yaml, 'resources.yaml');
  assert.deepEqual(set.errors, []);
  return set.resources;
}
const only = (results: PolicyResult[], rule: string, name?: string) => {
  const r = results.filter((x) => x.rule === rule && (!name || x.resource.name === name));
  assert.equal(r.length, 1, `expected one result for ${rule}/${name}, got ${r.length}`);
  return r[0];
};

const NS_POLICY = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: ns-policy}
spec:
  validationFailureAction: Enforce
  rules:
    - name: only-production
      match:
        any:
          - resources: {kinds: [Deployment], namespaces: [production]}
      validate:
        message: "namespace is {{ request.namespace }}"
        pattern:
          metadata:
            namespace: production
            labels: {team: "?*"}
`;
const DEPLOY = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {template: {spec: {containers: [{name: a, image: 'nginx:1'}]}}}
`;

describe('namespaces', () => {
  test('rendered objects without a namespace are seen in the deploy namespace, which each result reports', () => {
    const r = only(
      evaluatePolicies(policies(NS_POLICY), resources(DEPLOY), { namespace: 'production' }),
      'only-production',
    );
    assert.equal(r.result, 'fail');
    assert.equal(r.resource.namespace, 'production');
    assert.equal(
      r.message,
      'validation error: namespace is production. rule only-production failed at path /metadata/labels/',
    );
    assert.deepEqual(r.paths, ['metadata.labels.team']);
  });
  test('another deploy namespace does not match', () => {
    assert.deepEqual(evaluatePolicies(policies(NS_POLICY), resources(DEPLOY), { namespace: 'staging' }), []);
  });
  test('an explicit metadata.namespace wins', () => {
    const res = resources(DEPLOY.replace('{name: web}', '{name: web, namespace: production}'));
    assert.equal(evaluatePolicies(policies(NS_POLICY), res, { namespace: 'staging' }).length, 1);
  });
  test('a namespaced Policy applies only in its namespace and is named ns/name', () => {
    const p = policies(
      NS_POLICY.replace('kind: ClusterPolicy', 'kind: Policy').replace(
        '{name: ns-policy}',
        '{name: local, namespace: production}',
      ),
    );
    assert.equal(evaluatePolicies(p, resources(DEPLOY), { namespace: 'staging' }).length, 0);
    assert.equal(evaluatePolicies(p, resources(DEPLOY), { namespace: 'production' })[0].policy, 'production/local');
  });
});

const ACTIONS = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: actions}
spec:
  validationFailureAction: Audit
  validationFailureActionOverrides:
    - {action: Enforce, namespaces: [prod-*]}
  rules:
    - name: labels
      match: {any: [{resources: {kinds: [Deployment]}}]}
      validate: {pattern: {metadata: {labels: {team: "?*"}}}}
    - name: rule-level-enforce
      match: {any: [{resources: {kinds: [Deployment]}}]}
      validate: {failureAction: enforce, pattern: {metadata: {labels: {owner: "?*"}}}}
`;

describe('failure actions', () => {
  test('Audit still fails but only warns at admission; overrides and rule-level actions apply', () => {
    const staging = evaluatePolicies(policies(ACTIONS), resources(DEPLOY), { namespace: 'staging' });
    assert.deepEqual(
      [only(staging, 'labels').result, only(staging, 'labels').failureAction, only(staging, 'labels').admission],
      ['fail', 'Audit', 'warn'],
    );
    assert.equal(only(staging, 'rule-level-enforce').admission, 'deny');
    const prod = evaluatePolicies(policies(ACTIONS), resources(DEPLOY), { namespace: 'prod-eu' });
    assert.equal(only(prod, 'labels').admission, 'deny');
  });
  test('without a message Kyverno words the failure with the rule name', () => {
    assert.equal(
      only(evaluatePolicies(policies(ACTIONS), resources(DEPLOY)), 'labels').message,
      'validation error: rule labels failed at path /metadata/labels/',
    );
  });
});

const POD_RULE = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: pod-rule}
spec:
  rules:
    - name: non-root
      match: {any: [{resources: {kinds: [Pod]}}]}
      preconditions:
        all:
          - {key: "{{ request.object.metadata.labels.skip || 'no' }}", operator: NotEquals, value: 'yes'}
      validate:
        message: "runAsNonRoot required"
        pattern:
          spec:
            containers:
              - securityContext: {runAsNonRoot: true}
`;

describe('autogen', () => {
  const rules = rulesWithAutogen(policies(POD_RULE)[0] as KyvernoPolicy);
  test('a Pod rule yields autogen-<rule> for pod controllers and autogen-cronjob-<rule>', () => {
    assert.deepEqual(
      rules.map((r) => r.name),
      ['non-root', 'autogen-non-root', 'autogen-cronjob-non-root'],
    );
    assert.deepEqual(rules[1].match?.any?.[0].resources?.kinds, [
      'DaemonSet',
      'Deployment',
      'Job',
      'ReplicaSet',
      'ReplicationController',
      'StatefulSet',
    ]);
    assert.deepEqual(rules[1].validate?.pattern, {
      spec: { template: { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } } },
    });
    assert.deepEqual(rules[2].validate?.pattern, {
      spec: {
        jobTemplate: { spec: { template: { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } } } },
      },
    });
  });
  test('variable paths move into the pod template', () => {
    assert.equal(
      JSON.stringify(rules[1].preconditions).includes('request.object.spec.template.metadata.labels.skip'),
      true,
    );
  });
  test('the generated rule reports with precise paths and preconditions still apply', () => {
    const res = resources(
      `${DEPLOY}---\n${DEPLOY.replace('{name: web}', '{name: skip-me}').replace('{template: {spec:', '{template: {metadata: {labels: {skip: "yes"}}, spec:')}`,
    );
    const results = evaluatePolicies(policies(POD_RULE), res);
    const web = only(results, 'autogen-non-root', 'web');
    assert.equal(web.result, 'fail');
    assert.equal(web.autogen, true);
    assert.deepEqual(web.paths, ['spec.template.spec.containers[0].securityContext.runAsNonRoot']);
    assert.equal(only(results, 'autogen-non-root', 'skip-me').result, 'skip');
  });
  test('autogen can be turned off', () =>
    assert.equal(evaluatePolicies(policies(POD_RULE), resources(DEPLOY), { autogen: false }).length, 0));
});

const ROLLOUT = `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: canary}
spec:
  template:
    spec:
      containers: [{name: a, image: 'nginx:1', securityContext: {runAsNonRoot: true}}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: by-ref}
spec:
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
`;

describe('Argo Rollouts option', () => {
  test('off: Rollouts are not evaluated against Deployment rules (as Kyverno)', () => {
    assert.deepEqual(evaluatePolicies(policies(POD_RULE), resources(ROLLOUT)), []);
  });
  test('on: evaluated, reported as kind Rollout; workloadRef Rollouts are skipped with the reason', () => {
    const results = evaluatePolicies(policies(POD_RULE), resources(ROLLOUT), { rollouts: true });
    const canary = only(results, 'autogen-non-root', 'canary');
    assert.deepEqual([canary.resource.kind, canary.result], ['Rollout', 'pass']);
    const byRef = only(results, 'autogen-non-root', 'by-ref');
    assert.equal(byRef.result, 'skip');
    assert.match(byRef.message, /workloadRef Deployment\/web/);
  });
});

describe('foreach and deny paths', () => {
  const FOREACH = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: fe, annotations: {pod-policies.kyverno.io/autogen-controllers: none}}
spec:
  rules:
    - name: ports
      match: {any: [{resources: {kinds: [Service]}}]}
      validate:
        message: "port {{ element.port }} is reserved"
        foreach:
          - list: request.object.spec.ports
            deny:
              conditions:
                any: [{key: "{{ element.port }}", operator: LessThan, value: 1024}]
    - name: replicas
      match: {any: [{resources: {kinds: [Service]}}]}
      validate:
        message: "needs the tier label"
        deny:
          conditions:
            any: [{key: "{{ request.object.metadata.labels.tier || '' }}", operator: Equals, value: ''}]
`;
  const SVC = `
apiVersion: v1
kind: Service
metadata: {name: svc, labels: {app: x}}
spec: {ports: [{port: 8080}, {port: 443}]}
`;
  test('a foreach failure points at the element', () => {
    const r = only(evaluatePolicies(policies(FOREACH), resources(SVC)), 'ports');
    assert.deepEqual(
      [r.result, r.message, r.paths],
      ['fail', 'validation failure: port 443 is reserved', ['spec.ports[1].port']],
    );
  });
  test('a deny failure points at the field its condition reads', () => {
    const r = only(evaluatePolicies(policies(FOREACH), resources(SVC)), 'replicas');
    assert.deepEqual([r.result, r.paths], ['fail', ['metadata.labels.tier']]);
  });
});

describe('unsupported features are skipped with the reason', () => {
  const UNSUPPORTED = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: u, annotations: {pod-policies.kyverno.io/autogen-controllers: none}}
spec:
  rules:
    - name: verify
      match: {any: [{resources: {kinds: [Pod]}}]}
      verifyImages: [{imageReferences: ["*"]}]
    - name: generate
      match: {any: [{resources: {kinds: [Pod]}}]}
      generate: {kind: ConfigMap, name: x}
    - name: registry-context
      match: {any: [{resources: {kinds: [Pod]}}]}
      context: [{name: img, imageRegistry: {reference: "nginx"}}]
      validate: {deny: {conditions: {any: [{key: "{{ img }}", operator: Equals, value: x}]}}}
`;
  const POD = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: 'nginx:1'}]}\n`;
  test('verifyImages, generate and registry context', () => {
    const results = evaluatePolicies(policies(UNSUPPORTED), resources(POD));
    assert.deepEqual(
      results.map((r) => [r.rule, r.result]),
      [
        ['verify', 'skip'],
        ['generate', 'skip'],
        ['registry-context', 'skip'],
      ],
    );
    assert.match(only(results, 'registry-context').message, /imageRegistry, which needs a cluster/);
    assert.match(only(results, 'verify').message, /verifyImages rules are not evaluated/);
  });
  test('values can stand in for a cluster context entry', () => {
    const results = evaluatePolicies(policies(UNSUPPORTED), resources(POD), { values: { globalValues: { img: 'x' } } });
    assert.equal(only(results, 'registry-context').result, 'fail');
  });
});

describe('loading', () => {
  test('malformed policies are reported with their location', () => {
    const set = loadPolicies(
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: bad}\nspec:\n  rules:\n    - name: r\n      validate: {deny: {conditions: {any: [{key: a, operator: Contains, value: a}]}}}\n',
      'bad.yaml',
    );
    assert.deepEqual(
      set.errors.map((e) => `${e.file}:${e.line}: ${e.message}`),
      [
        'bad.yaml:1: ClusterPolicy bad: spec.rules[0] (r): match is required',
        "bad.yaml:1: ClusterPolicy bad: spec.rules[0] (r): unknown condition operator 'Contains'",
      ],
    );
  });
  test('malformed rule shapes are load errors, never crashes', () => {
    const shapes: Array<[string, RegExp]> = [
      ['validate: {foreach: "nope"}', /validate\.foreach must be a list/],
      ['validate: {foreach: [{list: 42}]}', /foreach\[0\]\.list must be a JMESPath expression/],
      ['validate: {deny: {conditions: {any: "x"}}}', /deny\.conditions\.any must be a list/],
      ['validate: {deny: {conditions: {some: []}}}', /only 'any' and 'all' are allowed/],
      ['validate: {cel: {expressions: "x"}}', /cel\.expressions must be a list/],
      ['validate: {pattern: {a: 1}, deny: {}}', /only one of pattern, deny/],
      ['context: {name: x}', /context must be a list of entries with a name/],
    ];
    for (const [rule, message] of shapes) {
      const set = loadPolicies(
        `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: m}\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      ${rule}\n`,
        'm.yaml',
      );
      assert.equal(set.policies.length, 0, rule);
      assert.match(set.errors.map((e) => e.message).join('\n'), message, rule);
    }
  });
  test('objects with malformed metadata are located errors', () => {
    const set = loadResources(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {replicas: 3}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q, labels: [a]}\n',
      'm.yaml',
    );
    assert.deepEqual(
      set.errors.map((e) => `${e.line}: ${e.message}`),
      [
        '1: Pod: metadata.labels.replicas must be a string (quote it in YAML)',
        '5: Pod: metadata.labels must be a mapping',
      ],
    );
  });
  test('YAML errors carry line and column', () => {
    const set = loadResources('apiVersion: v1\nkind: Pod\nmetadata: {name: [\n', 'broken.yaml');
    assert.equal(set.errors.length > 0, true);
    assert.equal(set.errors[0].file, 'broken.yaml');
    assert.equal(set.errors[0].line >= 3, true);
  });
  test('a string pattern on an object field is flagged (it never matches in Kyverno)', () => {
    const set = loadPolicies(
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: probes}\nspec:\n  rules:\n    - name: live\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      validate: {pattern: {spec: {containers: [{livenessProbe: "?*", readinessProbe: "*"}]}}}\n',
      'p.yaml',
    );
    assert.deepEqual(
      set.warnings.map((w) => w.message),
      [
        'probes/live: the string pattern at spec.containers.livenessProbe never matches: Kubernetes gives this field an object. Use "*" to require it to be present',
      ],
    );
  });
  test('deprecated operators produce a warning; other kinds are listed as ignored', () => {
    const set = loadPolicies(
      `${POD_RULE.replace('NotEquals', 'NotIn')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`,
      'p.yaml',
    );
    assert.deepEqual(
      set.warnings.map((w) => w.message),
      [
        'pod-rule/non-root: operator NotIn is deprecated; use AllNotIn or AnyNotIn',
        'ignored ConfigMap c (v1): not a validating policy this engine evaluates',
      ],
    );
  });
});
