// Helm guarded actions and the GitOps section of the Live status, in the real webview bundle
// (headless Chromium): the buttons post typed helm messages, and are disabled read-only/untrusted.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { StatusModel } from '../../server/protocol/status-protocol';
import type { ReviewData } from '../../server/protocol/webview-protocol';
import { HOSTILE_ANNOTATION, pausedCanaryStatus } from './support/fixtures';
import { clearPosted, posted, SCREENSHOT_DIR, send, useBrowser } from './support/harness';

const session = useBrowser();

/** Three environments: dev and prod render (prod deploys to the namespace the status shows), broken does not. */
function reviewData(): ReviewData {
  const env = (name: string, namespace: string, ok = true) => ({
    name,
    namespace,
    valuesFiles: [`/w/chart/values-${name}.yaml`],
    ok,
    ...(ok ? {} : { error: 'template: deployment.yaml:3: nil pointer' }),
    objects: [],
    findings: [],
  });
  return {
    chart: { name: 'my-service', dir: '/w/chart', version: '0.1.0' },
    environments: [env('dev', 'shop-dev'), env('prod', 'shop'), env('broken', 'shop', false)],
    generatedAt: new Date().toISOString(),
    producer: 'test',
  };
}

async function openStatus(
  settings: { readOnly: boolean; trusted?: boolean },
  status: StatusModel = pausedCanaryStatus(),
  state?: unknown,
): Promise<Page> {
  const page = await session.open(state);
  await send(page, {
    type: 'settings',
    readOnly: settings.readOnly,
    trusted: settings.trusted ?? true,
    liveStatus: true,
  });
  await send(page, { type: 'review-data', data: reviewData() });
  await send(page, { type: 'status', status });
  await page.click('[data-tab="status"]');
  return page;
}

const dryRun = (page: Page, op = 'dry-run-upgrade') =>
  page.locator(`button[data-action="helm-action"][data-op="${op}"]`);
const rollbackTo = (page: Page, revision: number) =>
  page.locator(`tr[data-revision="${revision}"] button[data-action="helm-rollback"]`);
const last = async (page: Page) => (await posted(page)).at(-1);
// The messages a click must post: the release and namespace always come from the status (my-service in shop).
const TARGET = { release: 'my-service', namespace: 'shop' };
const helmAction = (action: string, environment: string) => ({ type: 'helm-action', action, environment, ...TARGET });
const helmRollback = (revision: number) => ({ type: 'helm-rollback', revision, ...TARGET });

describe('helm actions', () => {
  test('read-only: dry-run, upgrade and rollback are disabled with the reason, and post nothing', async () => {
    const page = await openStatus({ readOnly: true });
    for (const b of [dryRun(page), dryRun(page, 'upgrade'), rollbackTo(page, 2)]) {
      assert.equal(await b.isDisabled(), true);
      assert.match((await b.getAttribute('title'))!, /helmIntent\.readOnly is on/);
    }
    await clearPosted(page);
    await dryRun(page).click({ force: true });
    await rollbackTo(page, 1).click({ force: true });
    assert.deepEqual(await posted(page), []);
    await page.close();
  });

  test('untrusted: disabled as not trusted', async () => {
    const page = await openStatus({ readOnly: false, trusted: false });
    assert.equal(await dryRun(page, 'upgrade').isDisabled(), true);
    assert.match((await dryRun(page, 'upgrade').getAttribute('title'))!, /not trusted/);
    await page.close();
  });

  test('each button posts its typed message with the picked environment, release and namespace', async () => {
    const page = await openStatus({ readOnly: false }, pausedCanaryStatus(), { tab: 'status', env: 'dev' });
    // The manifests tab's environment is the default; dev deploys elsewhere, which the bar says.
    assert.equal(await page.inputValue('.helm-env'), 'dev');
    assert.equal(
      await page.locator('.helm-actions .warn').textContent(),
      'dev deploys to namespace shop-dev; this acts on shop',
    );
    await dryRun(page).click();
    assert.deepEqual(await last(page), helmAction('dry-run-upgrade', 'dev'));

    await page.selectOption('.helm-env', 'prod');
    // A status update redraws the panel: the picked environment stays.
    await send(page, { type: 'status', status: pausedCanaryStatus() });
    assert.equal(await page.inputValue('.helm-env'), 'prod');
    await dryRun(page, 'upgrade').click();
    assert.deepEqual(await last(page), helmAction('upgrade', 'prod'));

    assert.equal(await page.locator('tr[data-revision="3"] button').count(), 0, 'no rollback to the current revision');
    await rollbackTo(page, 2).click();
    assert.deepEqual(await last(page), helmRollback(2));
    await rollbackTo(page, 1).click();
    assert.deepEqual(await last(page), helmRollback(1));

    await page.selectOption('.helm-env', 'broken');
    await send(page, { type: 'status', status: pausedCanaryStatus() });
    assert.equal(await dryRun(page).isDisabled(), true);
    assert.match((await dryRun(page).getAttribute('title'))!, /Environment broken does not render/);
    await page.close();
  });

  test('no release yet: dry-run install and install instead', async () => {
    const status = pausedCanaryStatus();
    status.release = { name: 'my-service', namespace: 'shop', found: false, source: 'secrets', history: [] };
    const page = await openStatus({ readOnly: false }, status);
    assert.equal(await dryRun(page).count(), 0);
    await dryRun(page, 'dry-run-install').click();
    assert.deepEqual(await last(page), helmAction('dry-run-install', 'dev'));
    await dryRun(page, 'install').click();
    assert.deepEqual(await last(page), helmAction('install', 'dev'));
    await page.close();
  });
});

describe('GitOps section', () => {
  test('a Flux HelmRelease and an Argo CD Application show their state; cluster text stays text', async () => {
    const status = pausedCanaryStatus();
    status.gitops = {
      kind: 'HelmRelease',
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      name: 'my-service-prod',
      namespace: 'flux-system',
      ready: false,
      reason: 'UpgradeFailed',
      message: `Helm upgrade failed: ${HOSTILE_ANNOTATION}`,
      revision: '0.1.0',
    };
    const page = await openStatus({ readOnly: true }, status);
    const section = page.locator('.gitops');
    assert.equal(await section.getAttribute('data-kind'), 'HelmRelease');
    assert.equal(await section.locator('strong').textContent(), 'flux-system/my-service-prod');
    assert.equal(await section.locator('.gitops-state').textContent(), 'Not ready');
    assert.equal(await section.locator('.gitops-msg').textContent(), `Helm upgrade failed: ${HOSTILE_ANNOTATION}`);
    assert.equal(await page.locator('.gitops img').count(), 0, 'the message is text, not markup');
    await page
      .locator('.status-section:has(.gitops)')
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'status-gitops.png') });
    await page
      .locator('.status-section:has(.helm-actions)')
      .screenshot({ path: path.join(SCREENSHOT_DIR, 'status-helm-actions.png') });

    status.gitops = {
      kind: 'Application',
      apiVersion: 'argoproj.io/v1alpha1',
      name: 'my-service-prod',
      namespace: 'argocd',
      ready: true,
      message: 'Synced, Healthy',
      sync: 'Synced',
      health: 'Healthy',
      revision: '0.1.0',
    };
    await send(page, { type: 'status', status });
    assert.equal(await page.locator('.gitops .gitops-state').textContent(), 'Synced · Healthy');
    delete status.gitops;
    await send(page, { type: 'status', status });
    assert.equal(await page.locator('.gitops').count(), 0);
    await page.close();
  });
});
