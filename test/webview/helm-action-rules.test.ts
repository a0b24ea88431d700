// The host side of the Chart Review's helm actions, without VS Code: the messages are validated,
// refused read-only/untrusted, mapped to the release and namespace the Live status shows, and
// planned by the status engine into exactly the command that then runs.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { helmActionPlan, refusal } from '../../client/review-panel/guards';
import { KubeStatusSource } from '../../server/host/kube-status-source';
import { ActionRefusedError } from '../../server/kube/actions';
import {
  changesCluster,
  parseMessage,
  webviewMessage,
  type ReviewData,
  type WebviewMessage,
} from '../../server/protocol/webview-protocol';
import { tempDir } from '../support/temp';
import { pausedCanaryStatus } from './support/fixtures';

const data: ReviewData = {
  chart: { name: 'my-service', dir: '/w/chart' },
  environments: [
    {
      name: 'dev',
      namespace: 'shop-dev',
      valuesFiles: ['/w/chart/values-dev.yaml'],
      ok: true,
      objects: [],
      findings: [],
    },
    {
      name: 'prod',
      namespace: 'shop',
      valuesFiles: ['/w/chart/values-prod.yaml'],
      ok: true,
      objects: [],
      findings: [],
    },
    {
      name: 'broken',
      namespace: 'shop',
      valuesFiles: [],
      ok: false,
      error: 'template: x: nil pointer\nmore',
      objects: [],
      findings: [],
    },
  ],
  generatedAt: '2024-05-01T10:00:00Z',
  producer: 'test',
};
const ctx = { status: pausedCanaryStatus(), data, chartDir: '/w/chart' };
const upgrade: WebviewMessage = {
  type: 'helm-action',
  action: 'upgrade',
  environment: 'prod',
  release: 'my-service',
  namespace: 'shop',
};
const dryRun: WebviewMessage = {
  type: 'helm-action',
  action: 'dry-run-upgrade',
  environment: 'prod',
  release: 'my-service',
  namespace: 'shop',
};
const rollback: WebviewMessage = { type: 'helm-rollback', revision: 2, release: 'my-service', namespace: 'shop' };

describe('helm action messages', () => {
  test('validated: known actions, a positive revision, names present', () => {
    for (const m of [upgrade, dryRun, rollback]) assert.ok(parseMessage(webviewMessage, m).ok, m.type);
    assert.match(
      (parseMessage(webviewMessage, { ...upgrade, action: 'uninstall' }) as { error: string }).error,
      /message\.action: expected one of "dry-run-install", "dry-run-upgrade", "install", "upgrade"/,
    );
    assert.match(
      (parseMessage(webviewMessage, { ...rollback, revision: 0 }) as { error: string }).error,
      /message\.revision: expected an integer in 1\.\.1000000, got 0/,
    );
    assert.match(
      (
        parseMessage(webviewMessage, { type: 'helm-action', action: 'upgrade', release: 'r', namespace: 'n' }) as {
          error: string;
        }
      ).error,
      /message\.environment: expected a string, got undefined/,
    );
    assert.deepEqual(
      [upgrade, dryRun, rollback].map((m) => changesCluster(m)),
      [true, true, true],
    );
  });

  test('refused untrusted or read-only, dry-runs included (they are guarded actions too)', () => {
    for (const m of [upgrade, dryRun, rollback]) {
      assert.match(refusal(m, { trusted: false, readOnly: false })!, /not trusted/);
      assert.match(refusal(m, { trusted: true, readOnly: true })!, /helmIntent\.readOnly is on: helm actions/);
      assert.equal(refusal(m, { trusted: true, readOnly: false }), undefined);
    }
  });
});

describe('helmActionPlan', () => {
  test('upgrade: the chart with the environment values, in the namespace and context the status shows', () => {
    assert.deepEqual(helmActionPlan(upgrade, ctx), {
      ok: true,
      kind: 'helm-upgrade',
      params: {
        release: 'my-service',
        namespace: 'shop',
        context: 'kind-dev',
        chart: '/w/chart',
        valuesFiles: ['/w/chart/values-prod.yaml'],
      },
      notes: ['Environment: prod (values.yaml + values-prod.yaml)'],
    });
    const dev = helmActionPlan({ ...upgrade, action: 'dry-run-upgrade', environment: 'dev' }, ctx);
    assert.ok(dev.ok);
    assert.equal(dev.kind, 'helm-dry-run-upgrade');
    assert.match(dev.notes[1], /dev deploys to namespace shop-dev; this acts on namespace shop/);
  });

  test('rollback: a revision of the history other than the current one', () => {
    const plan = helmActionPlan(rollback, ctx);
    assert.ok(plan.ok);
    assert.deepEqual(plan.params, { release: 'my-service', namespace: 'shop', context: 'kind-dev', revision: 2 });
    assert.match(plan.notes[0], /^Back to revision 2: my-service-0\.1\.0 \(app v2\.3\.0\), superseded/);
    assert.deepEqual(helmActionPlan({ ...rollback, revision: 3 }, ctx), {
      ok: false,
      error: 'Revision 3 is the current revision of my-service: choose an earlier one.',
    });
    assert.deepEqual(helmActionPlan({ ...rollback, revision: 9 }, ctx), {
      ok: false,
      error: 'Revision 9 is not in the history of my-service in namespace shop.',
    });
  });

  test('refused with the reason: status moved on, unknown or broken environment, install over a release, no cluster', () => {
    const error = (m: WebviewMessage, c = ctx) => {
      const p = helmActionPlan(m as Extract<WebviewMessage, { type: 'helm-action' | 'helm-rollback' }>, c);
      return p.ok ? 'ok' : p.error;
    };
    assert.match(
      error({ ...upgrade, namespace: 'shop-2' }),
      /now shows release my-service in namespace shop, not my-service in shop-2/,
    );
    assert.match(error({ ...upgrade, environment: 'qa' }), /"qa" is not one of the chart's \(dev, prod, broken\)/);
    assert.equal(
      error({ ...upgrade, environment: 'broken' }),
      'Environment broken does not render (template: x: nil pointer): fix the chart before running helm with it.',
    );
    assert.match(error({ ...upgrade, action: 'install' }), /already exists in namespace shop: upgrade it instead/);
    const fresh = {
      ...ctx,
      status: {
        ...pausedCanaryStatus(),
        release: { name: 'my-service', namespace: 'shop', found: false, source: 'secrets' as const, history: [] },
      },
    };
    assert.match(error(upgrade, fresh), /does not exist in namespace shop: install it first/);
    const install = helmActionPlan({ ...upgrade, action: 'install' }, fresh);
    assert.ok(install.ok && install.params.createNamespace === true && install.kind === 'helm-install');
    const offline = {
      ...ctx,
      status: { ...pausedCanaryStatus(), cluster: { ...pausedCanaryStatus().cluster, state: 'unreachable' as const } },
    };
    assert.match(error(upgrade, offline), /cluster status is not available/);
  });
});

/** A helm stand-in: answers `version` like helm 4, records every other argv (NUL-separated). */
function recordingHelm(): { helm: string; calls: () => string[][] } {
  const dir = tempDir('helm-intent-helm-rules-');
  const log = path.join(dir, 'calls');
  const helm = path.join(dir, 'helm');
  writeFileSync(
    helm,
    `#!/bin/sh\nif [ "$1" = version ]; then printf 'v4.1.4'; exit 0; fi\nfor a in "$@"; do printf '%s\\036' "$a" >> '${log}'; done\nprintf '\\n' >> '${log}'\necho "Release \\"$2\\" has been upgraded. Happy Helming!"\n`,
  );
  chmodSync(helm, 0o755);
  return {
    helm,
    calls: () =>
      readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split('\x1e').slice(0, -1)),
  };
}

test('the planned command is the preview, and exactly that runs; read-only refuses the upgrade at run time', async () => {
  const { helm, calls } = recordingHelm();
  const plan = helmActionPlan(upgrade, ctx);
  assert.ok(plan.ok);
  const source = new KubeStatusSource();
  const planned = await source.planHelmAction(plan.kind, plan.params, { readOnly: false, helmPath: helm });
  const expected = [
    'upgrade',
    'my-service',
    '/w/chart',
    '--values',
    '/w/chart/values-prod.yaml',
    '--namespace',
    'shop',
    '--kube-context',
    'kind-dev',
    '--rollback-on-failure',
    '--wait=watcher',
    '--timeout',
    '5m0s',
  ];
  assert.deepEqual(planned.preview.commands, [[helm, ...expected].join(' ')]);
  assert.equal(planned.preview.mutating, true);
  const result = await planned.run();
  assert.equal(result.ok, true);
  assert.deepEqual(calls(), [expected]);

  const guarded = await source.planHelmAction(plan.kind, plan.params, { readOnly: true, helmPath: helm });
  await assert.rejects(guarded.run(), ActionRefusedError);
  assert.equal(calls().length, 1, 'nothing ran');

  const rb = helmActionPlan(rollback, ctx);
  assert.ok(rb.ok);
  const planRb = await source.planHelmAction(rb.kind, rb.params, { readOnly: false, helmPath: helm });
  assert.deepEqual(planRb.preview.commands, [
    `${helm} rollback my-service 2 --namespace shop --kube-context kind-dev --wait=watcher --timeout 5m0s`,
  ]);
});
