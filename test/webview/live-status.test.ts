// The Live status panel end to end: the status engine watching a canary on the local HTTPS
// Kubernetes API (test/kube/support), through the panel's status source, into the webview bundle
// in headless Chromium — the models the real engine emits must pass the view's validator and draw
// the current step, live.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { KubeStatusSource } from '../../server/host/kube-status-source';
import type { StatusModel } from '../../server/protocol/status-protocol';
import { FakeKubeApi } from '../kube/support/fake-kube-api';
import { applyPausedCanary, NS, pausedCanary, RELEASE, rollout, writeKubeconfig } from '../kube/support/objects';
import { ensureBundle, launch, openReview, posted, send, startServer, type HarnessServer } from './support/harness';
import { tempDir } from '../support/temp';

let api: FakeKubeApi;
let kubeconfig: string;
let browser: Browser;
let server: HarnessServer;

before(async () => {
  ensureBundle();
  api = new FakeKubeApi();
  await api.start();
  kubeconfig = writeKubeconfig(api, [
    { name: 'dev', namespace: NS },
    { name: 'other', namespace: 'elsewhere' },
  ]);
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await api?.stop();
});

function env(): NodeJS.ProcessEnv {
  const dir = tempDir('helm-intent-wv-kube-');
  const e: NodeJS.ProcessEnv = { ...process.env, HOME: dir, KUBECACHEDIR: path.join(dir, 'cache') };
  delete e.KUBECONFIG;
  return e;
}

/** Forwards every model into the page as the host does, and waits for one that matches. */
function relay(page: Page) {
  const models: StatusModel[] = [];
  let waiter: { predicate: (m: StatusModel) => boolean; resolve: (m: StatusModel) => void } | undefined;
  return {
    models,
    onModel: (m: StatusModel) => {
      models.push(m);
      void send(page, { type: 'status', status: m });
      if (waiter?.predicate(m)) waiter.resolve(m);
    },
    next: (predicate: (m: StatusModel) => boolean, ms = 8000) =>
      new Promise<StatusModel>((resolve, reject) => {
        const hit = models.find(predicate);
        if (hit) return resolve(hit);
        const timer = setTimeout(
          () => reject(new Error(`no matching model in ${ms} ms; last: ${JSON.stringify(models.at(-1)?.overall)}`)),
          ms,
        );
        waiter = { predicate, resolve: (m) => (clearTimeout(timer), resolve(m)) };
      }),
  };
}

test('a canary on the local API server: paused at step 2, then step 4, drawn live; context switch; stops when disposed', async () => {
  applyPausedCanary(api);

  const page = await openReview(browser, server);
  await send(page, { type: 'settings', readOnly: true, trusted: true, liveStatus: true });
  await page.click('[data-tab="status"]');
  const r = relay(page);
  const sub = new KubeStatusSource({ kubeconfig, env: env() }).watch(
    { chartDir: '/unused', releaseName: RELEASE, apis: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }] },
    r.onModel,
  );
  try {
    // The first model waits for @kubernetes/client-node to load (seconds on a busy machine).
    await r.next((m) => m.overall.phase === 'paused', 45_000);
    await page.waitForSelector('.steps .step[aria-current="step"]');
    assert.equal(await page.locator('.steps .step[aria-current="step"]').textContent(), '2pause: 2m');
    assert.equal(await page.locator('.weight-text').textContent(), '20% (set 20%)');
    assert.equal(await page.locator('.conn').textContent(), 'connected');
    assert.equal(
      (await posted(page)).filter((m) => m.type === 'webview-error').length,
      0,
      'the engine’s models pass the view’s validator',
    );

    // The controller moves on: the watch delivers it, the panel follows.
    api.apply(
      rollout(RELEASE, {
        stepIndex: 3,
        stableHash: 'h1',
        currentHash: 'h2',
        phase: 'Paused',
        message: 'CanaryPauseStep',
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2024-05-01T12:05:00Z' }],
        updated: 3,
        generation: 3,
      }),
    );
    const moved = (await r.next((m) => m.workloads[0]?.rollout?.currentStepIndex === 3)).workloads[0].rollout!;
    assert.equal(moved.setWeight, 50);
    await page.waitForFunction(
      () => document.querySelector('.steps .step[aria-current="step"]')?.textContent === '4pause: 2m',
    );
    assert.equal(await page.locator('.steps .step-done').count(), 3);
    assert.equal(
      await page.locator('.weight-text').textContent(),
      `${moved.actualWeight}% (set 50%)`,
      'observed weight (1 canary pod of 5) and the step’s weight',
    );

    // The context picker: the other context's namespace has no release.
    sub.select('other');
    await r.next((m) => m.cluster.context === 'other' && m.cluster.state === 'ok');
    await page.waitForFunction(
      () => (document.querySelector('.context-select') as HTMLSelectElement | null)?.value === 'other',
    );
    assert.equal(await page.inputValue('.namespace-input'), 'elsewhere');
  } finally {
    sub.dispose();
  }
  const count = r.models.length;
  api.apply(rollout(RELEASE, { stepIndex: 4, stableHash: 'h1', currentHash: 'h2' }));
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(r.models.length, count, 'no models after dispose');
  assert.equal((await posted(page)).filter((m) => m.type === 'webview-error').length, 0);
  await page.close();
});

test('Promote from the panel: the exact PATCH previewed, refused read-only, run otherwise, and the watch shows it', async () => {
  api.apply(pausedCanary());
  const source = new KubeStatusSource({ kubeconfig, env: env() });
  const models: StatusModel[] = [];
  const sub = source.watch({ chartDir: '/unused', releaseName: RELEASE, apis: [] }, (m) => models.push(m));
  try {
    const readOnly = await source.planRolloutAction('promote', { namespace: NS, name: RELEASE }, { readOnly: true });
    assert.deepEqual(readOnly.preview.commands, [
      `PATCH /apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts/${RELEASE}/status (application/merge-patch+json) {"status":{"pauseConditions":null}}`,
    ]);
    assert.equal(readOnly.preview.mutating, true);
    assert.equal(readOnly.preview.namespace, NS);
    await assert.rejects(readOnly.run(), /read-only/);
    assert.ok(!api.requests.some((r) => r.method === 'PATCH'), 'nothing was sent');

    const planned = await source.planRolloutAction(
      'promote',
      { namespace: NS, name: RELEASE, context: 'dev' },
      { readOnly: false },
    );
    const result = await planned.run();
    assert.ok(result.ok, result.error);
    const end = Date.now() + 45_000;
    while (!models.some((m) => m.workloads[0]?.rollout && m.workloads[0].rollout.pauseConditions.length === 0)) {
      if (Date.now() > end)
        throw new Error(`the watch did not show the promotion; last: ${JSON.stringify(models.at(-1)?.overall)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    sub.dispose();
  }
});
