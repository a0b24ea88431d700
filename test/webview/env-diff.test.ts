// The environment diff (webview/env-diff.ts): on a real chart's renders and on cases that pin down
// how lists, subtrees and odd keys are compared.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonValue } from '../../server/protocol/webview-protocol';
import {
  diffEnvironments,
  diffValues,
  formatValue,
  type DiffableObject,
  type FieldChange,
} from '../../webview/env-diff';
import { useRenderedChart } from './support/fixtures';

const obj = (id: string, object: JsonValue): DiffableObject => ({
  id,
  kind: id.split('/')[1] ?? 'X',
  name: id.split('/')[3] ?? id,
  object,
});
const changes = (a: JsonValue, b: JsonValue): FieldChange[] => {
  const out: FieldChange[] = [];
  diffValues(a, b, '', out);
  return out;
};

describe('environment diff of the generated ai-agent chart (real helm renders)', () => {
  const rendered = useRenderedChart();

  const env = (name: string) => {
    const e = rendered.data().environments.find((x) => x.name === name);
    assert.ok(e?.ok, `${name} rendered: ${e?.error}`);
    return e!;
  };

  test('dev → prod: replicas 1 → 3 and requests 100m/256Mi → 500m/1Gi on the Deployment (seed §3)', () => {
    const diff = diffEnvironments(env('dev'), env('prod'));
    const deployment = diff.objects.find((o) => o.kind === 'Deployment');
    assert.equal(deployment?.status, 'changed');
    const byPath = new Map(deployment!.changes.map((c) => [c.path, c]));
    assert.deepEqual(byPath.get('spec.replicas'), { path: 'spec.replicas', type: 'changed', before: 1, after: 3 });
    const container = 'spec.template.spec.containers[name=ai-agent]';
    assert.deepEqual(byPath.get(`${container}.resources.requests.cpu`), {
      path: `${container}.resources.requests.cpu`,
      type: 'changed',
      before: '100m',
      after: '500m',
    });
    assert.deepEqual(byPath.get(`${container}.resources.requests.memory`), {
      path: `${container}.resources.requests.memory`,
      type: 'changed',
      before: '256Mi',
      after: '1Gi',
    });
    assert.equal(byPath.get('metadata.labels["platform.example.com/tier"]')?.after, 'production');
  });

  test('dev disables the PodDisruptionBudget: prod has it as an added object, the reverse diff as removed', () => {
    const forward = diffEnvironments(env('dev'), env('prod'));
    assert.deepEqual(
      forward.objects.filter((o) => o.status !== 'changed').map((o) => [o.status, o.kind]),
      [['added', 'PodDisruptionBudget']],
    );
    const backward = diffEnvironments(env('prod'), env('dev'));
    assert.deepEqual(
      backward.objects.filter((o) => o.status !== 'changed').map((o) => [o.status, o.kind]),
      [['removed', 'PodDisruptionBudget']],
    );
    assert.equal(forward.objects.length, backward.objects.length);
  });

  test('an environment against itself: no differences, every object identical', () => {
    const prod = env('prod');
    const diff = diffEnvironments(prod, prod);
    assert.deepEqual(diff.objects, []);
    assert.equal(diff.unchanged, prod.objects.length);
  });

  test('every changed field holds the values found in the two objects', () => {
    const dev = env('dev');
    const prod = env('prod');
    const diff = diffEnvironments(dev, prod);
    const deploymentChanges = diff.objects.find((o) => o.kind === 'Deployment')!.changes;
    const devDeployment = dev.objects.find((o) => o.kind === 'Deployment')!.object as {
      spec: { template: { spec: { containers: Array<{ resources: { limits: Record<string, string> } }> } } };
    };
    const limit = deploymentChanges.find((c) => c.path.endsWith('resources.limits.memory'));
    assert.equal(limit?.before, devDeployment.spec.template.spec.containers[0].resources.limits.memory);
  });
});

describe('diffValues', () => {
  test('named list items are matched by name, not position', () => {
    const a = {
      containers: [
        { name: 'app', image: 'a:1' },
        { name: 'sidecar', image: 's:1' },
      ],
    };
    const b = {
      containers: [
        { name: 'sidecar', image: 's:1' },
        { name: 'app', image: 'a:2' },
      ],
    };
    assert.deepEqual(changes(a, b), [
      { path: 'containers[name=app].image', type: 'changed', before: 'a:1', after: 'a:2' },
    ]);
  });

  test('a named item on one side only is one added/removed change', () => {
    const a = { env: [{ name: 'A', value: '1' }] };
    const b = {
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    };
    assert.deepEqual(changes(a, b), [{ path: 'env[name=B]', type: 'added', after: { name: 'B', value: '2' } }]);
    assert.deepEqual(changes(b, a), [{ path: 'env[name=B]', type: 'removed', before: { name: 'B', value: '2' } }]);
  });

  test('lists without unique names are compared by position (canary steps)', () => {
    const a: JsonValue = { steps: [{ setWeight: 20 }, { pause: { duration: '2m' } }] };
    const b: JsonValue = { steps: [{ setWeight: 50 }, { pause: { duration: '2m' } }, { setWeight: 100 }] };
    assert.deepEqual(changes(a, b), [
      { path: 'steps[0].setWeight', type: 'changed', before: 20, after: 50 },
      { path: 'steps[2]', type: 'added', after: { setWeight: 100 } },
    ]);
  });

  test('duplicate names fall back to positions', () => {
    const a = {
      ports: [
        { name: 'x', port: 1 },
        { name: 'x', port: 2 },
      ],
    };
    const b = {
      ports: [
        { name: 'x', port: 1 },
        { name: 'x', port: 3 },
      ],
    };
    assert.deepEqual(changes(a, b), [{ path: 'ports[1].port', type: 'changed', before: 2, after: 3 }]);
  });

  test('a whole subtree on one side is a single change at its root', () => {
    const affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100 }] } };
    assert.deepEqual(changes({ spec: {} }, { spec: { affinity } }), [
      { path: 'spec.affinity', type: 'added', after: affinity },
    ]);
  });

  test('a type change (scalar ↔ map) is a change of the value, null included', () => {
    assert.deepEqual(changes({ a: 'x' }, { a: { b: 1 } }), [
      { path: 'a', type: 'changed', before: 'x', after: { b: 1 } },
    ]);
    assert.deepEqual(changes({ a: null }, { a: 0 }), [{ path: 'a', type: 'changed', before: null, after: 0 }]);
    assert.deepEqual(changes({ a: 1 }, { a: '1' }), [{ path: 'a', type: 'changed', before: 1, after: '1' }]);
  });

  test('keys a dot would make ambiguous are quoted in brackets', () => {
    assert.deepEqual(
      changes({ labels: { 'app.kubernetes.io/version': '1' } }, { labels: { 'app.kubernetes.io/version': '2' } }).map(
        (c) => c.path,
      ),
      ['labels["app.kubernetes.io/version"]'],
    );
  });

  test('a "__proto__" key from JSON is compared as data', () => {
    const a = JSON.parse('{"__proto__": {"x": 1}}') as JsonValue;
    const b = JSON.parse('{"__proto__": {"x": 2}}') as JsonValue;
    assert.deepEqual(changes(a, b), [{ path: '__proto__.x', type: 'changed', before: 1, after: 2 }]);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});

describe('diffEnvironments', () => {
  test('objects are matched by id; removed ones listed after the others', () => {
    const diff = diffEnvironments(
      {
        name: 'a',
        objects: [
          obj('apps/Deployment//web', { spec: { replicas: 1 } }),
          obj('/Service//web', { spec: {} }),
          obj('/ConfigMap//old', {}),
        ],
      },
      {
        name: 'b',
        objects: [
          obj('apps/Deployment//web', { spec: { replicas: 2 } }),
          obj('/Service//web', { spec: {} }),
          obj('policy/PodDisruptionBudget//web', {}),
        ],
      },
    );
    assert.deepEqual(
      diff.objects.map((o) => [o.status, o.id]),
      [
        ['changed', 'apps/Deployment//web'],
        ['added', 'policy/PodDisruptionBudget//web'],
        ['removed', '/ConfigMap//old'],
      ],
    );
    assert.equal(diff.unchanged, 1);
  });
});

describe('formatValue', () => {
  test('scalars as YAML shows them, strings that would read as other types quoted', () => {
    assert.equal(formatValue('500m'), '500m');
    assert.equal(formatValue('1'), '"1"');
    assert.equal(formatValue('true'), '"true"');
    assert.equal(formatValue(''), '""');
    assert.equal(formatValue(3), '3');
    assert.equal(formatValue(null), 'null');
    assert.equal(formatValue(undefined), '');
  });

  test('collections in flow style, long ones cut with an ellipsis', () => {
    assert.equal(formatValue({ cpu: '100m', memory: '256Mi' }), '{cpu: 100m, memory: 256Mi}');
    assert.equal(formatValue(['a', 1]), '[a, 1]');
    const long = formatValue({ k: 'x'.repeat(500) }, 40);
    assert.equal(long.length, 40);
    assert.ok(long.endsWith('…'));
  });
});
