// The message validators of server/protocol/webview-protocol.ts: what each side accepts, the
// located reason for what it refuses, and that hostile shapes stay plain data.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  changesCluster,
  hostMessage,
  objectId,
  parseMessage,
  statusModel,
  webviewMessage,
  type ReviewData,
} from '../../server/protocol/webview-protocol';
import { pausedCanaryStatus } from './support/fixtures';

const reviewData = (): ReviewData => ({
  chart: { name: 'web', dir: '/w/chart' },
  environments: [
    {
      name: 'dev',
      namespace: 'web-dev',
      valuesFiles: ['/w/chart/values-dev.yaml'],
      ok: true,
      objects: [
        {
          id: 'apps/Deployment//web',
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          labels: { app: 'web' },
          yaml: 'kind: Deployment\n',
          object: { kind: 'Deployment', spec: { replicas: 1 } },
          findings: [],
        },
        {
          id: '/Service//web',
          apiVersion: 'v1',
          kind: 'Service',
          name: 'web',
          labels: {},
          yaml: 'kind: Service\n',
          object: { kind: 'Service' },
          findings: [
            {
              severity: 'warning',
              ruleId: 'r1',
              message: 'm',
              environments: ['dev'],
              locations: [{ file: '/w/chart/templates/service.yaml', line: 3, role: 'template' }],
            },
          ],
        },
      ],
      findings: [],
    },
  ],
  generatedAt: '2026-01-01T00:00:00Z',
  producer: 'helm template',
});

describe('host → webview', () => {
  test('valid review data passes and comes back as an equal copy', () => {
    const data = reviewData();
    const r = parseMessage(hostMessage, { type: 'review-data', data });
    assert.ok(r.ok);
    assert.deepEqual(r.message, { type: 'review-data', data });
    assert.notEqual((r.message as { data: ReviewData }).data, data, 'a copy, not the same object');
  });

  test('unknown keys are dropped, not passed on', () => {
    const data = reviewData() as ReviewData & { extra?: string };
    data.extra = 'x';
    const r = parseMessage(hostMessage, { type: 'review-data', data, also: 1 });
    assert.ok(r.ok);
    assert.equal('extra' in (r.message as { data: object }).data, false);
    assert.equal('also' in r.message, false);
  });

  test('a bad field is refused with its path', () => {
    const data = reviewData() as unknown as { environments: Array<{ objects: Array<Record<string, unknown>> }> };
    data.environments[0].objects[1].kind = 42;
    const r = parseMessage(hostMessage, { type: 'review-data', data });
    assert.deepEqual(r, {
      ok: false,
      error: 'message.data.environments[0].objects[1].kind: expected a string, got number',
    });
  });

  test('a negative line, a missing severity and an unknown message type are refused', () => {
    const neg = reviewData();
    neg.environments[0].objects[1].findings[0].locations[0].line = -1;
    assert.match(
      (parseMessage(hostMessage, { type: 'review-data', data: neg }) as { error: string }).error,
      /locations\[0\]\.line: expected an integer in 0\.\./,
    );
    const noSeverity = reviewData() as unknown as {
      environments: Array<{ objects: Array<{ findings: Array<Record<string, unknown>> }> }>;
    };
    delete noSeverity.environments[0].objects[1].findings[0].severity;
    assert.match(
      (parseMessage(hostMessage, { type: 'review-data', data: noSeverity }) as { error: string }).error,
      /findings\[0\]\.severity: expected one of "error", "warning", "info", "hint"/,
    );
    assert.match(
      (parseMessage(hostMessage, { type: 'run-script', code: 'x' }) as { error: string }).error,
      /^message\.type: expected one of review-data, /,
    );
    assert.equal(parseMessage(hostMessage, null).ok, false);
    assert.equal(parseMessage(hostMessage, 'review-data').ok, false);
  });

  test('a "__proto__" label stays an own data key and pollutes nothing', () => {
    const data = reviewData();
    (data.environments[0].objects[0] as { labels: unknown }).labels = JSON.parse(
      '{"__proto__": "x", "constructor": "y"}',
    );
    const r = parseMessage(hostMessage, { type: 'review-data', data });
    assert.ok(r.ok);
    const labels = (r.message as { data: ReviewData }).data.environments[0].objects[0].labels;
    assert.deepEqual(Object.keys(labels), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value, 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  test('object trees must be JSON: no functions, no infinities, bounded depth', () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 150; i++) cur = cur.a = {};
    for (const bad of [{ f: () => 1 }, { n: Infinity }, { d: new Date(0) }, { m: new Map() }, deep]) {
      const data = reviewData() as unknown as { environments: Array<{ objects: Array<{ object: unknown }> }> };
      data.environments[0].objects[0].object = bad;
      assert.equal(
        parseMessage(hostMessage, { type: 'review-data', data }).ok,
        false,
        JSON.stringify(bad).slice(0, 40),
      );
    }
  });

  test('the status model of the kube side passes whole', () => {
    const model = pausedCanaryStatus();
    const r = parseMessage(hostMessage, { type: 'status', status: model });
    assert.ok(r.ok);
    assert.deepEqual((r.message as { status: unknown }).status, model);
    assert.ok(parseMessage(hostMessage, { type: 'status', status: null, message: 'not connected' }).ok);
  });

  test('status members a newer kube side adds are ignored, not fatal', () => {
    const model = pausedCanaryStatus() as unknown as Record<string, any>;
    model.workloads[0].health = 'hibernating';
    model.workloads[0].rollout.steps[0].kind = 'teleport';
    model.hints.push({ kind: 'quantum-flux', severity: 'error', object: 'Pod/x', message: 'm', suggestion: 's' });
    model.pods[0].newField = 1;
    const r = statusModel(model, 'status');
    assert.equal(r.workloads[0].health, 'unknown');
    assert.equal(r.workloads[0].rollout?.steps[0].kind, 'unknown');
    assert.deepEqual(
      r.hints.map((h) => h.kind),
      ['oom-killed', 'crash-loop'],
    );
    assert.equal('newField' in r.pods[0], false);
  });

  test('a status model missing what the panel needs is refused', () => {
    const model = pausedCanaryStatus() as unknown as Record<string, any>;
    delete model.cluster.namespace;
    assert.deepEqual(parseMessage(hostMessage, { type: 'status', status: model }), {
      ok: false,
      error: 'message.status.cluster.namespace: expected a string, got undefined',
    });
  });
});

describe('webview → host', () => {
  test('open-location needs an absolute-looking file and a line ≥ 0; related places are validated too', () => {
    const message = {
      type: 'open-location',
      file: '/c/templates/a.yaml',
      line: 4,
      related: [{ file: '/c/intent.yaml', line: 2, role: 'intent' }],
    };
    // A copy goes in, so a parser that altered its input could not make the expectation match.
    assert.deepEqual(parseMessage(webviewMessage, structuredClone(message)), { ok: true, message });
    assert.equal(parseMessage(webviewMessage, { type: 'open-location', file: '/c/a.yaml', line: 1.5 }).ok, false);
    assert.equal(parseMessage(webviewMessage, { type: 'open-location', line: 1 }).ok, false);
    assert.equal(
      parseMessage(webviewMessage, {
        type: 'open-location',
        file: '/a',
        line: 1,
        related: [{ file: '/b', line: 1, role: 'shell' }],
      }).ok,
      false,
    );
  });

  test('rollout actions are limited to promote, promote-full, abort and retry', () => {
    for (const action of ['promote', 'promote-full', 'abort', 'retry'])
      assert.ok(parseMessage(webviewMessage, { type: 'rollout-action', action, namespace: 'n', name: 'r' }).ok, action);
    assert.match(
      (
        parseMessage(webviewMessage, { type: 'rollout-action', action: 'delete', namespace: 'n', name: 'r' }) as {
          error: string;
        }
      ).error,
      /message\.action: expected one of "promote"/,
    );
  });

  test('only rollout actions change a cluster', () => {
    const all = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'open-location', file: '/a', line: 0 },
      { type: 'open-intent-field', field: 'spec.image' },
      { type: 'edit-intent-profile', object: 'Pod/x' },
      { type: 'show-logs', namespace: 'n', pod: 'p' },
      { type: 'select-kube-context', context: 'c' },
      { type: 'webview-error', message: 'x' },
      { type: 'rollout-action', action: 'abort', namespace: 'n', name: 'r' },
    ];
    const parsed = all.map((m) => {
      const r = parseMessage(webviewMessage, m);
      assert.ok(r.ok, m.type);
      return r.message;
    });
    assert.deepEqual(
      parsed.filter(changesCluster).map((m) => m.type),
      ['rollout-action'],
    );
  });
});

test('objectId leaves the API version out and keeps group, kind, namespace and name', () => {
  assert.equal(
    objectId('autoscaling/v2', 'HorizontalPodAutoscaler', 'web'),
    objectId('autoscaling/v1', 'HorizontalPodAutoscaler', 'web'),
  );
  assert.equal(objectId('v1', 'Service', 'web', 'shop'), '/Service/shop/web');
  assert.equal(objectId('argoproj.io/v1alpha1', 'Rollout', 'web'), 'argoproj.io/Rollout//web');
});
