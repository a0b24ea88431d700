import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateObjects, type KubeSchemaFinding } from '../../server/kube-schema';
import { allGoodInputs, fixtureObject, renderedInputs } from './support';

const K8S = { kubernetesVersion: '1.34' };

/** code + path of each finding: what the source mapper will use. */
const located = (findings: KubeSchemaFinding[]) => findings.map((f) => [f.code, f.path]);

async function check(object: unknown, kubernetesVersion = '1.34'): Promise<KubeSchemaFinding[]> {
  return validateObjects([{ object }], { kubernetesVersion });
}

describe('valid rendered objects', () => {
  test('generated charts (Rollout, Deployment, HPA, Service, Ingress, NetworkPolicy, PDB, Job, Pod, ExternalSecret) pass', async () => {
    const inputs = [...renderedInputs('rendered-my-service.yaml'), ...renderedInputs('rendered-ai-agent.yaml')];
    const kinds = new Set(inputs.map((i) => (i.object as { kind: string }).kind));
    for (const kind of [
      'Rollout',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Service',
      'Ingress',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Job',
      'ExternalSecret',
    ])
      assert.ok(kinds.has(kind), kind);
    assert.deepEqual(await validateObjects(inputs, K8S), []);
  });

  test('AnalysisTemplate, ServiceMonitor, ExternalSecret v1, HelmRelease, Application, StatefulSet, CronJob, RBAC pass', async () => {
    assert.deepEqual(await validateObjects(renderedInputs('gitops-and-crds.yaml'), K8S), []);
  });
});

describe('the four classic chart bugs give exactly one located finding each', () => {
  test('replicas: "3" (a string where an integer belongs)', async () => {
    const d = fixtureObject('Deployment');
    d.spec.replicas = '3';
    const findings = await check(d);
    assert.deepEqual(located(findings), [['k8s-schema-type', 'spec.replicas']]);
    assert.match(findings[0].message, /spec\.replicas must be an integer, got string "3"/);
    assert.equal(findings[0].severity, 'error');
  });

  test('contianers (a typo) is an unknown field, and containers is then missing', async () => {
    const d = fixtureObject('Deployment');
    d.spec.template.spec.contianers = d.spec.template.spec.containers;
    delete d.spec.template.spec.containers;
    const findings = await check(d);
    assert.deepEqual(located(findings), [
      ['k8s-schema-required', 'spec.template.spec.containers'],
      ['k8s-schema-unknown-field', 'spec.template.spec.contianers'],
    ]);
    assert.match(
      findings[1].message,
      /Unknown field "contianers" in spec\.template\.spec \(did you mean "containers"\?\)/,
    );
  });

  test('resources.limits.cpu as a mapping (a wrong nested type)', async () => {
    const d = fixtureObject('Deployment');
    d.spec.template.spec.containers[0].resources.limits.cpu = { cores: 1 };
    const findings = await check(d);
    assert.deepEqual(located(findings), [['k8s-schema-type', 'spec.template.spec.containers[0].resources.limits.cpu']]);
    assert.match(findings[0].message, /must be a Kubernetes quantity .*got a mapping/);
    assert.deepEqual(findings[0].segments, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']);
  });

  test('containers[0] without name (a missing required field)', async () => {
    const d = fixtureObject('Deployment');
    delete d.spec.template.spec.containers[0].name;
    const findings = await check(d);
    assert.deepEqual(located(findings), [['k8s-schema-required', 'spec.template.spec.containers[0].name']]);
    assert.match(findings[0].message, /containers\[0\] is missing required field "name"/);
  });
});

describe('strict mode, unions and formats', () => {
  test('a typo inside an Argo Rollouts canary step and inside its pod template is caught', async () => {
    const r = fixtureObject('Rollout');
    r.spec.strategy.canary.steps[0] = { setWieght: 20 };
    r.spec.template.spec.containers[0].livenessProbe.httpGet.paht = '/x';
    assert.deepEqual(located(await check(r)), [
      ['k8s-schema-unknown-field', 'spec.strategy.canary.steps[0].setWieght'],
      ['k8s-schema-unknown-field', 'spec.template.spec.containers[0].livenessProbe.httpGet.paht'],
    ]);
  });

  test('free-form fields (Helm values in HelmRelease and Argo CD Application) take any keys', async () => {
    const h = fixtureObject('HelmRelease');
    h.spec.values = { whatever: { the: ['chart', { wants: 1 }] } };
    const a = fixtureObject('Application');
    a.spec.source.helm.valuesObject = { deeply: { nested: true } };
    assert.deepEqual(await validateObjects([{ object: h }, { object: a }], K8S), []);
  });

  test('labels are maps of strings: any key, but a number value is a type error with a quoting hint', async () => {
    const s = fixtureObject('Service');
    s.metadata.labels['example.com/any-key'] = 'ok';
    s.metadata.labels['example.com/port'] = 8080;
    const findings = await check(s);
    assert.deepEqual(located(findings), [['k8s-schema-type', 'metadata.labels["example.com/port"]']]);
    assert.match(findings[0].message, /quote it/);
  });

  test('int-or-string: integers and strings pass, a fraction does not', async () => {
    const d = fixtureObject('Deployment');
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } };
    d.spec.template.spec.containers[0].readinessProbe.httpGet.port = 'http';
    assert.deepEqual(await check(d), []);
    d.spec.strategy.rollingUpdate.maxUnavailable = 1.5;
    const findings = await check(d);
    assert.deepEqual(located(findings), [['k8s-schema-type', 'spec.strategy.rollingUpdate.maxUnavailable']]);
    assert.match(findings[0].message, /an integer or a string \(int-or-string/);
  });

  test("quantities follow Kubernetes' grammar, not every SI prefix", async () => {
    const d = fixtureObject('Deployment');
    const resources = d.spec.template.spec.containers[0].resources;
    for (const good of ['500m', '1', 0.5, 2, '1.5Gi', '1e3', '+1', '.5', '100M', '1Ei']) {
      resources.limits.cpu = good;
      assert.deepEqual(await check(d), [], `accepts ${JSON.stringify(good)}`);
    }
    for (const bad of ['1d', '5h', '2da', '1GB', '500 m', 'one', '']) {
      resources.limits.cpu = bad;
      assert.deepEqual(
        located(await check(d)),
        [['k8s-schema-format', 'spec.template.spec.containers[0].resources.limits.cpu']],
        `rejects ${JSON.stringify(bad)}`,
      );
    }
  });

  test('enum values suggest the right spelling', async () => {
    const d = fixtureObject('Deployment');
    d.spec.template.spec.containers[0].imagePullPolicy = 'always';
    const findings = await check(d);
    assert.deepEqual(located(findings), [['k8s-schema-enum', 'spec.template.spec.containers[0].imagePullPolicy']]);
    assert.match(
      findings[0].message,
      /one of "Always", "IfNotPresent", "Never"; got string "always" \(did you mean "Always"\?\)/,
    );
  });

  test('an env value rendered as a number is a type error (Kubernetes wants a string)', async () => {
    const d = fixtureObject('Deployment');
    d.spec.template.spec.containers[0].env = [{ name: 'PORT', value: 8080 }];
    assert.deepEqual(located(await check(d)), [['k8s-schema-type', 'spec.template.spec.containers[0].env[0].value']]);
  });

  test('a field that has a map key "0" and a list index 0 stay apart in the path', async () => {
    const c = fixtureObject('ConfigMap');
    c.data['0'] = 1;
    assert.deepEqual(
      (await check(c)).map((f) => f.segments),
      [['data', '0']],
    );
  });
});

describe('kinds, API versions and bad input', () => {
  test('a kind without a bundled schema is reported once for all its objects, as info', async () => {
    const cert = (name: string) => ({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name },
      spec: { anything: true },
    });
    const findings = await validateObjects(
      [
        { object: cert('a'), source: 'c/templates/cert.yaml', index: 3 },
        { object: cert('b') },
        { object: fixtureObject('Service') },
        { object: cert('c') },
      ],
      K8S,
    );
    assert.equal(findings.length, 1);
    assert.deepEqual(
      {
        code: findings[0].code,
        severity: findings[0].severity,
        count: findings[0].count,
        name: findings[0].name,
        source: findings[0].source,
        index: findings[0].index,
      },
      { code: 'k8s-unknown-kind', severity: 'info', count: 3, name: 'a', source: 'c/templates/cert.yaml', index: 3 },
    );
    assert.match(findings[0].message, /cert-manager\.io\/v1 Certificate; 3 objects not validated/);
  });

  test('a misspelt built-in kind is a warning with a suggestion, never an error', async () => {
    const findings = await check({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } });
    assert.deepEqual(located(findings), [['k8s-unknown-kind', 'kind']]);
    assert.equal(findings[0].severity, 'warning');
    assert.match(findings[0].message, /did you mean "Deployment"/);
    // A real built-in kind without a bundled schema is not taken for a typo (Node is close to Pod).
    const node = await check({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } });
    assert.deepEqual(
      node.map((f) => [f.code, f.severity]),
      [['k8s-unknown-kind', 'info']],
    );
  });

  test('removed APIs are errors from their removal release on, deprecated ones warnings before it', async () => {
    const pdb = {
      apiVersion: 'policy/v1beta1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'p' },
      spec: { minAvailable: 1, selector: { matchLabels: { a: 'b' } } },
    };
    const removed = await check(pdb, '1.25');
    assert.deepEqual(located(removed), [['k8s-api-removed', 'apiVersion']]);
    assert.match(removed[0].message, /removed in Kubernetes 1\.25 \(target 1\.25\); use policy\/v1/);
    assert.deepEqual(located(await check(pdb, '1.24')), [['k8s-api-deprecated', 'apiVersion']]);
    assert.deepEqual(await check(pdb, '1.20'), []);
    // Before its removal the old API is still schema-checked.
    assert.deepEqual(located(await check({ ...pdb, spec: { ...pdb.spec, minAvailble: 1 } }, '1.20')), [
      ['k8s-schema-unknown-field', 'spec.minAvailble'],
    ]);

    const hpa = {
      apiVersion: 'autoscaling/v2beta2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3 },
    };
    assert.deepEqual(located(await check(hpa, 'v1.26.3')), [['k8s-api-removed', 'apiVersion']]);
    assert.deepEqual(located(await check(hpa, '1.25')), [['k8s-api-deprecated', 'apiVersion']]);
  });

  test('an API newer than the target release is reported as unavailable', async () => {
    const findings = await check(fixtureObject('HorizontalPodAutoscaler'), '1.22');
    assert.deepEqual(located(findings), [['k8s-api-unavailable', 'apiVersion']]);
    assert.match(findings[0].message, /autoscaling\/v2 HorizontalPodAutoscaler is served from Kubernetes 1\.23/);
  });

  test('a bad kubernetesVersion is one clear finding; schemas are still checked', async () => {
    const d = fixtureObject('Deployment');
    d.spec.replicas = '2';
    assert.deepEqual(located(await check(d, 'latest')), [
      ['k8s-version-invalid', ''],
      ['k8s-schema-type', 'spec.replicas'],
    ]);
  });

  test('documents that are not objects, or lack apiVersion/kind, are located errors; empty ones are skipped', async () => {
    const findings = await validateObjects(
      [
        { object: null },
        { object: 'text', index: 1 },
        { object: [1] },
        { object: { kind: 'Service' } },
        { object: { apiVersion: 'v1', kind: 7 } },
      ],
      K8S,
    );
    assert.deepEqual(
      findings.map((f) => [f.code, f.path, f.index]),
      [
        ['k8s-not-an-object', '', 1],
        ['k8s-not-an-object', '', undefined],
        ['k8s-schema-required', 'apiVersion', undefined],
        ['k8s-schema-type', 'kind', undefined],
      ],
    );
  });

  test('an object the validator cannot walk (a YAML alias cycle) is a warning, not a crash', async () => {
    const schema: Record<string, any> = { type: 'object', properties: {} };
    schema.properties.self = schema;
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    };
    const findings = await validateObjects([{ object: crd }, { object: fixtureObject('Service') }], K8S);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.kind]),
      [['k8s-schema-unavailable', 'warning', 'CustomResourceDefinition']],
    );
    assert.match(findings[0].message, /could not be validated \(.*(alias cycle|Maximum call stack size exceeded)/);
  });

  test('every finding names the object and passes its source and index through', async () => {
    const inputs = renderedInputs('rendered-my-service.yaml');
    const rollout = inputs.find((i) => (i.object as { kind: string }).kind === 'Rollout')!;
    (rollout.object as any).spec.replicas = 'two';
    const [finding, ...rest] = await validateObjects(inputs, K8S);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      {
        apiVersion: finding.apiVersion,
        kind: finding.kind,
        name: finding.name,
        source: finding.source,
        index: finding.index,
        path: finding.path,
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        name: 'rel-my-service',
        source: 'my-service/templates/rollout.yaml',
        index: rollout.index,
        path: 'spec.replicas',
      },
    );
  });

  test('the input objects are not modified', async () => {
    const inputs = allGoodInputs();
    const before = JSON.stringify(inputs);
    await validateObjects(inputs, K8S);
    assert.equal(JSON.stringify(inputs), before);
  });
});
