// The Chart Review webview bundle in headless Debian Chromium: a real generated chart rendered by
// the real helm, fed as VS Code would feed it, under the page's real CSP.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { reviewCsp } from '../../client/review-panel/webview-html';
import type { ReviewData } from '../../server/protocol/webview-protocol';
import { diffEnvironments } from '../../webview/env-diff';
// Brings every source of the bundle into the project's type check (`npx tsc -p .`).
import type {} from '../../webview/main';
import { filterItems } from '../../webview/filter';
import { compareKinds } from '../../webview/kinds';
import {
  generateChart,
  HOSTILE_ANNOTATION,
  HOSTILE_NAME,
  hostileData,
  pausedCanaryStatus,
  renderChart,
  withFindings,
  type GeneratedChart,
} from './support/fixtures';
import {
  clearPosted,
  NONCE,
  posted,
  savedState,
  SCREENSHOT_DIR,
  send,
  useBrowser,
  violations,
} from './support/harness';

let chart: GeneratedChart;
let data: ReviewData;

const session = useBrowser();
const open = session.open;

before(async () => {
  chart = generateChart();
  data = withFindings(await renderChart(chart), chart);
});

after(() => chart?.cleanup());

/** The view on the ai-agent chart; on `dev` unless a saved state says otherwise (the data lists the base render first). */
async function openWithData(
  options: { state?: unknown; size?: { width: number; height: number }; readOnly?: boolean } = {},
): Promise<Page> {
  const page = await open(
    options.state ?? { tab: 'manifests', env: 'dev', query: '', onlyFindings: false, expanded: [], scroll: {} },
    options.size,
  );
  await send(page, { type: 'settings', readOnly: options.readOnly ?? true, trusted: true, liveStatus: true });
  await send(page, { type: 'review-data', data });
  return page;
}

const env = (name: string) => data.environments.find((e) => e.name === name)!;
const card = (page: Page, kind: string, name = 'ai-agent') =>
  page.locator(`.group[data-kind="${kind}"] .obj:has(.obj-name:text-is("${name}"))`);
const last = async (page: Page) => (await posted(page)).at(-1);

describe('manifests', () => {
  test('the page runs under the nonce CSP, violates none of it, and the CSP blocks injected inline script', async () => {
    const page = await openWithData();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(csp, reviewCsp(session.server().origin, NONCE));
    assert.match(csp!, /default-src 'none'/);
    await card(page, 'Deployment').locator('.obj-head').click();
    assert.deepEqual(await violations(page), [], 'the bundle itself needs nothing the CSP forbids');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.appendChild(s);
    });
    assert.equal(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline), undefined);
    assert.ok(
      (await violations(page)).some((v) => v.startsWith('script-src')),
      'the blocked inline script was reported',
    );
    await page.close();
  });

  test('the chosen environment’s objects, grouped by kind in install order, counted', async () => {
    const page = await openWithData();
    const dev = env('dev');
    const expectedKinds = [...new Set(dev.objects.map((o) => o.kind))].sort(compareKinds);
    assert.deepEqual(
      await page.locator('.group').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind)),
      expectedKinds,
    );
    assert.ok(expectedKinds.indexOf('ServiceAccount') < expectedKinds.indexOf('Deployment'));
    for (const kind of expectedKinds) {
      const names = dev.objects
        .filter((o) => o.kind === kind)
        .map((o) => o.name)
        .sort();
      assert.deepEqual(await page.locator(`.group[data-kind="${kind}"] .obj-name`).allTextContents(), names, kind);
      assert.equal(await page.locator(`.group[data-kind="${kind}"] .group-count`).textContent(), String(names.length));
    }
    assert.equal(await page.locator('.tab.active .tab-badge').textContent(), String(dev.objects.length));
    assert.deepEqual(
      await page.locator('.env-select option').allTextContents(),
      data.environments.map((e) => e.name),
    );

    await page.selectOption('.env-select', 'prod');
    assert.equal(await page.locator('.env-ns').textContent(), 'namespace ai-agent');
    assert.equal(
      await page.locator('.group[data-kind="PodDisruptionBudget"] .obj').count(),
      1,
      'prod has the PDB dev disables',
    );
    assert.equal(await page.locator('.obj').count(), env('prod').objects.length);
    await page.close();
  });

  test('an object unfolds into its highlighted YAML, line for line', async () => {
    const page = await openWithData();
    const deployment = card(page, 'Deployment');
    assert.equal(await deployment.locator('pre.yaml').count(), 0, 'folded at first');
    await deployment.locator('.obj-head').click();
    const yaml = env('dev').objects.find((o) => o.kind === 'Deployment')!.yaml;
    assert.equal(await deployment.locator('pre.yaml .line').count(), yaml.trimEnd().split('\n').length);
    assert.equal(await deployment.locator('pre.yaml').textContent(), yaml.endsWith('\n') ? yaml : `${yaml}\n`);
    const replicasLine = deployment.locator('pre.yaml .line', { hasText: /^\s*replicas: / });
    assert.equal(await replicasLine.locator('.tok-key').textContent(), 'replicas');
    assert.equal(await replicasLine.locator('.tok-number').textContent(), '1');
    assert.equal(
      await deployment.locator('.tok-comment').first().textContent(),
      '# Source: ai-agent/templates/deployment.yaml',
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'manifests.png') });
    await deployment.locator('.obj-head').click();
    assert.equal(await deployment.locator('pre.yaml').count(), 0, 'folds again');
    await page.close();
  });

  test('search filters by kind, name and label; "with findings" keeps objects that have some', async () => {
    const page = await openWithData();
    const dev = env('dev');
    const shown = async () => (await page.locator('.obj .obj-name').allTextContents()).length;
    for (const query of ['kind:Service', 'name:migrate', 'app.kubernetes.io/component=app', 'test-connection']) {
      await page.fill('.query', query);
      const expected = filterItems(dev.objects, query);
      await page.waitForFunction(
        (n) => document.querySelector('.shown')?.textContent?.startsWith(`${n} of`),
        expected.length,
      );
      assert.equal(await shown(), expected.length, query);
      assert.ok(expected.length > 0 && expected.length < dev.objects.length, `${query} is a real filter`);
    }
    await page.fill('.query', '');
    await page.waitForFunction(
      (n) => document.querySelector('.shown')?.textContent?.startsWith(`${n} of`),
      dev.objects.length,
    );
    await page.check('input[data-change="only-findings"]');
    assert.deepEqual(
      (await page.locator('.obj').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))).sort(),
      dev.objects
        .filter((o) => o.findings.length)
        .map((o) => o.id)
        .sort(),
    );
    await page.close();
  });

  test('findings show inline; clicking one opens its template line with the values key and intent field beside', async () => {
    const page = await openWithData();
    const finding = card(page, 'Deployment').locator('.finding');
    assert.equal(await finding.count(), 1);
    assert.equal(await finding.locator('.sev-label').textContent(), 'warning');
    assert.equal(await finding.locator('.rule').textContent(), 'helm-baseline/require-resource-limits');
    assert.equal(await finding.locator('.msg').textContent(), 'All containers must define CPU and memory limits');
    assert.match((await finding.textContent())!, /also default, staging, prod/);
    await clearPosted(page);
    await finding.click();
    const f = env('dev').objects.find((o) => o.kind === 'Deployment')!.findings[0];
    const [template, ...related] = f.locations;
    assert.deepEqual(await last(page), {
      type: 'open-location',
      file: path.join(chart.dir, 'templates', '_pod.tpl'),
      line: template.line,
      character: 6,
      related,
    });
    assert.deepEqual(
      related.map((r) => r.role),
      ['values', 'intent'],
    );
    assert.equal(related[1].file, chart.intentFile);

    await card(page, 'Service').locator('.source-link').click();
    const service = env('dev').objects.find((o) => o.kind === 'Service')!;
    assert.deepEqual(await last(page), {
      type: 'open-location',
      file: path.join(chart.dir, 'templates', 'service.yaml'),
      line: service.source!.line,
    });
    assert.equal(await card(page, 'Service').getAttribute('class'), 'obj selected', 'the clicked object is selected');
    await page.close();
  });

  test('a refresh patches the view: scroll position, selection and unchanged cards stay', async () => {
    const page = await openWithData({ size: { width: 1100, height: 520 } });
    await page.click('[data-action="expand-all"]');
    await card(page, 'Service').locator('.finding').click(); // selects the Service
    const panel = page.locator('main[data-tab="manifests"]');
    const anchorId = 'apps/Deployment//ai-agent';
    await page.evaluate((id) => {
      const p = document.querySelector('main[data-tab="manifests"]') as HTMLElement;
      const el = p.querySelector(`[data-id="${id}"]`) as HTMLElement;
      p.scrollTop += el.getBoundingClientRect().top - p.getBoundingClientRect().top + 40;
      (window as unknown as { __kept: Record<string, Element> }).__kept = Object.fromEntries(
        Array.from(p.querySelectorAll('.obj')).map((c) => [(c as HTMLElement).dataset.id!, c]),
      );
    }, anchorId);
    const offsetOf = (id: string) =>
      page.evaluate((i) => {
        const p = document.querySelector('main[data-tab="manifests"]') as HTMLElement;
        return (
          (p.querySelector(`[data-id="${i}"]`) as HTMLElement).getBoundingClientRect().top -
          p.getBoundingClientRect().top
        );
      }, id);
    const before = { offset: await offsetOf(anchorId) };
    assert.ok((await panel.evaluate((p) => p.scrollTop)) > 200, 'scrolled down');

    // The host renders again: the ConfigMap changed, a new ServiceAccount appears above the viewport.
    const dev = env('dev');
    const changed: ReviewData = {
      ...data,
      environments: [
        {
          ...dev,
          objects: [
            {
              ...dev.objects.find((o) => o.kind === 'ServiceAccount')!,
              id: '/ServiceAccount//aaa-extra',
              name: 'aaa-extra',
              yaml: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aaa-extra\n',
              findings: [],
            },
            ...dev.objects.map((o) =>
              o.kind === 'ConfigMap' ? { ...o, yaml: `${o.yaml}# edited: LOG_LEVEL trace\n` } : o,
            ),
          ],
        },
        ...data.environments.slice(1),
      ],
    };
    await send(page, { type: 'review-data', data: changed });

    const after = { offset: await offsetOf(anchorId) };
    assert.ok(
      Math.abs(after.offset - before.offset) <= 1,
      `the Deployment stays put on screen (${before.offset} → ${after.offset})`,
    );
    assert.ok(
      (await offsetOf('/ServiceAccount//aaa-extra')) < after.offset,
      'the new object was inserted above the viewport',
    );
    const identity = await page.evaluate(() => {
      const kept = (window as unknown as { __kept: Record<string, Element> }).__kept;
      return Object.fromEntries(
        Object.entries(kept).map(([id, el]) => [id, el === document.querySelector(`[data-id="${CSS.escape(id)}"]`)]),
      );
    });
    assert.equal(identity['apps/Deployment//ai-agent'], true, 'unchanged card is the same DOM node');
    assert.equal(identity['/Service//ai-agent'], true);
    assert.equal(identity['/ConfigMap//ai-agent'], false, 'changed card was rebuilt');
    assert.match(
      (await card(page, 'ConfigMap').locator('pre.yaml').textContent())!,
      /# edited: LOG_LEVEL trace/,
      'and still unfolded',
    );
    assert.equal(await card(page, 'ServiceAccount', 'aaa-extra').count(), 1);
    assert.equal(await page.locator('.obj.selected').getAttribute('data-id'), '/Service//ai-agent', 'selection kept');
    await page.close();
  });

  test('a reopened view (retainContextWhenHidden off) restores tab, environment, filter, folds, selection', async () => {
    const first = await openWithData();
    await first.selectOption('.env-select', 'prod');
    await first.fill('.query', 'name:ai-agent');
    await first.waitForFunction(() => document.querySelector('.shown')?.textContent?.includes(' of '));
    await card(first, 'Deployment').locator('.obj-head').click();
    await first.click('[data-tab="diff"]');
    const state = await savedState(first);
    await first.close();

    const page = await openWithData({ state });
    assert.equal(await page.locator('.tab.active').getAttribute('data-tab'), 'diff');
    await page.click('[data-tab="manifests"]');
    assert.equal(await page.inputValue('.env-select'), 'prod');
    assert.equal(await page.inputValue('.query'), 'name:ai-agent');
    assert.equal(await card(page, 'Deployment').locator('pre.yaml').count(), 1, 'still unfolded');
    assert.equal(await page.locator('.obj.selected').getAttribute('data-id'), 'apps/Deployment//ai-agent');
    await page.close();
  });
});

describe('environment diff', () => {
  test('dev → prod: replicas 1 → 3, requests 100m → 500m, the PDB only in prod; swapping reverses it', async () => {
    const page = await openWithData();
    await page.click('[data-tab="diff"]');
    await page.selectOption('[data-change="diff-from"]', 'dev');
    await page.selectOption('[data-change="diff-to"]', 'prod');
    const expected = diffEnvironments(env('dev'), env('prod'));
    assert.equal(await page.locator('.diff-obj').count(), expected.objects.length);
    const deployment = page.locator('.diff-obj[data-id="apps/Deployment//ai-agent"]');
    const row = (p: string) => deployment.locator('tr', { has: page.locator(`td.path code:text-is('${p}')`) });
    assert.deepEqual(await row('spec.replicas').locator('td.before, td.after').allTextContents(), ['1', '3']);
    assert.deepEqual(
      await row('spec.template.spec.containers[name=ai-agent].resources.requests.cpu')
        .locator('td.before, td.after')
        .allTextContents(),
      ['100m', '500m'],
    );
    assert.equal(
      await deployment.locator('tbody tr').count(),
      expected.objects.find((o) => o.id === 'apps/Deployment//ai-agent')!.changes.length,
    );
    const pdb = page.locator('.diff-obj[data-id="policy/PodDisruptionBudget//ai-agent"]');
    assert.equal(await pdb.locator('.badge').textContent(), 'only in prod');
    assert.equal(await pdb.getAttribute('class'), 'diff-obj diff-added');
    assert.ok(
      await page.evaluate(() => performance.getEntriesByName('helm-intent:env-diff').length > 0),
      'the diff was timed',
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'diff.png') });

    await page.click('[data-action="swap-diff"]');
    assert.equal(await page.inputValue('[data-change="diff-from"]'), 'prod');
    assert.equal(await pdb.getAttribute('class'), 'diff-obj diff-removed');
    assert.deepEqual(await row('spec.replicas').locator('td.before, td.after').allTextContents(), ['3', '1']);
    await page.close();
  });
});

describe('hostile content and bad messages', () => {
  test('script-looking chart content is shown as text and runs nothing', async () => {
    const page = await open();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await send(page, { type: 'settings', readOnly: true, trusted: true, liveStatus: false });
    await send(page, { type: 'review-data', data: hostileData(data) });
    const evil = page.locator('.group[data-kind="ConfigMap"] .obj', { hasText: 'evil' });
    await evil.locator('.obj-head').click();
    await page.fill('.query', '');
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, [], 'no alert ran');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img, svg, b, iframe, object, embed').count(), 0, 'no element came from data');
    assert.equal(await page.locator('script').count(), 1, 'only the bundle');
    assert.equal(await evil.locator('.obj-name').textContent(), HOSTILE_NAME);
    assert.match(
      (await evil.locator('pre.yaml').textContent())!,
      new RegExp(HOSTILE_ANNOTATION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
    assert.equal(await evil.locator('.finding .rule').textContent(), '<svg onload=alert(3)>');
    assert.equal(await page.locator('.chart-name').textContent(), `chart${HOSTILE_NAME}`);
    assert.ok(!session.server().requests.includes('/x'), 'the <img src=x> was never requested');
    assert.deepEqual(await violations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'hostile.png') });
    await page.close();
  });

  test('invalid host messages are reported to the host and change nothing', async () => {
    const page = await openWithData();
    const before = await page.locator('.obj').count();
    await clearPosted(page);
    await send(page, { type: 'review-data', data: { chart: 1 } });
    await send(page, { type: 'eval', code: 'alert(1)' });
    await send(page, { type: 'status', status: { version: 1 } });
    const errors = (await posted(page))
      .filter((m) => m.type === 'webview-error')
      .map((m) => (m as { message: string }).message);
    assert.deepEqual(errors, [
      'rejected a host message: message.data.chart: expected an object, got number',
      'rejected a host message: message.type: expected one of review-data, review-loading, review-unavailable, settings, status, action-result, got "eval"',
      'rejected a host message: message.status.generatedAt: expected a string, got undefined',
    ]);
    assert.equal(await page.locator('.obj').count(), before);
    await page.close();
  });

  test('an untrusted workspace shows why nothing renders', async () => {
    const page = await open();
    await send(page, {
      type: 'review-unavailable',
      reason: 'untrusted',
      message: 'This workspace is not trusted, so Helm Intent runs no helm here.',
    });
    assert.equal(
      await page.locator('main[data-tab="manifests"] .callout-warning strong').textContent(),
      'Nothing is rendered in an untrusted workspace',
    );
    assert.equal(await page.locator('.obj').count(), 0);
    await page.close();
  });
});

describe('live status', () => {
  test('canary steps with the current one highlighted, weight, pods, hints, release history', async () => {
    const page = await openWithData({ size: { width: 1200, height: 1500 } });
    await send(page, { type: 'status', status: pausedCanaryStatus() });
    await page.click('[data-tab="status"]');
    const steps = page.locator('.steps .step');
    assert.equal(await steps.count(), 5);
    const current = page.locator('.steps .step[aria-current="step"]');
    assert.equal(await current.count(), 1);
    assert.equal(await current.textContent(), '2pause: 2m');
    assert.equal(await current.getAttribute('class'), 'step step-current kind-pause');
    assert.equal(await page.locator('.steps .step-done').count(), 1);
    assert.equal(await page.locator('.weight-text').textContent(), '20% (set 20%)');
    assert.equal(await page.locator('.weight-fill').evaluate((e) => (e as HTMLElement).style.width), '20%');
    assert.ok((await page.locator('.flags').textContent())!.includes('CanaryPauseStep'));
    assert.equal(await page.locator('.tab.active .tab-badge').textContent(), 'paused');
    assert.equal(await page.locator('table.pods tbody tr').count(), 3);
    assert.deepEqual(await page.locator('table.pods .badge.reason').allTextContents(), [
      'OOMKilled',
      'CrashLoopBackOff',
    ]);
    assert.equal(await page.locator('table.history tbody tr').count(), 3);
    assert.equal(await page.locator('table.history tr.current td.num').textContent(), '3');
    assert.deepEqual(
      await page.locator('.hint').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind)),
      ['oom-killed', 'crash-loop'],
    );
    assert.match(
      (await page.locator('.hint[data-kind="crash-loop"] .log-tail').textContent())!,
      /panic: cannot connect to db/,
    );
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'status.png') });
    await page.close();
  });

  test('cluster actions are disabled read-only or untrusted; otherwise each button posts its typed message', async () => {
    const page = await openWithData();
    await send(page, { type: 'status', status: pausedCanaryStatus() });
    await page.click('[data-tab="status"]');
    const promote = page.locator('button[data-action="rollout-action"][data-op="promote"]');
    assert.equal(await promote.isDisabled(), true);
    assert.match((await promote.getAttribute('title'))!, /helmIntent\.readOnly is on/);
    await clearPosted(page);
    await promote.click({ force: true });
    assert.deepEqual(await posted(page), [], 'a disabled button posts nothing');

    await send(page, { type: 'settings', readOnly: false, trusted: true, liveStatus: true });
    assert.equal(await promote.isDisabled(), false);
    await promote.click();
    assert.deepEqual(await last(page), {
      type: 'rollout-action',
      action: 'promote',
      namespace: 'shop',
      name: 'my-service',
    });
    // Each button and the message it posts.
    const buttons: Array<[string, unknown]> = [
      [
        'button[data-action="rollout-action"][data-op="abort"]',
        { type: 'rollout-action', action: 'abort', namespace: 'shop', name: 'my-service' },
      ],
      [
        '.hint[data-kind="oom-killed"] button[data-action="edit-intent-profile"]',
        {
          type: 'edit-intent-profile',
          object: 'Pod/my-service-7f9c5d-abcde',
          container: 'my-service',
          intentField: 'spec.resources',
        },
      ],
      [
        '.hint[data-kind="crash-loop"] button[data-action="show-logs"]',
        { type: 'show-logs', namespace: 'shop', pod: 'my-service-6d4b8c-klmno', container: 'my-service' },
      ],
      [
        '.hint[data-kind="oom-killed"] button[data-action="open-intent-field"]',
        { type: 'open-intent-field', field: 'spec.resources' },
      ],
    ];
    for (const [selector, message] of buttons) {
      await page.click(selector);
      assert.deepEqual(await last(page), message, selector);
    }
    await page.selectOption('.context-select', 'kind-dev');
    assert.equal(
      await page.inputValue('.namespace-input'),
      '',
      'a context without a namespace: the kubeconfig decides',
    );
    await page.click('button[data-action="apply-context"]');
    assert.deepEqual(await last(page), { type: 'select-kube-context', context: 'kind-dev' });
    await page.selectOption('.context-select', 'prod-eu');
    assert.equal(await page.inputValue('.namespace-input'), 'shop', 'the context’s namespace');
    await page.fill('.namespace-input', 'shop-2');
    await page.click('button[data-action="apply-context"]');
    assert.deepEqual(await last(page), { type: 'select-kube-context', context: 'prod-eu', namespace: 'shop-2' });

    await send(page, { type: 'settings', readOnly: false, trusted: false, liveStatus: true });
    assert.equal(await promote.isDisabled(), true);
    assert.match((await promote.getAttribute('title'))!, /not trusted/);
    await page.close();
  });

  test('no cluster, or no status source: one clear state with what to do', async () => {
    const page = await openWithData();
    await page.click('[data-tab="status"]');
    const unreachable = pausedCanaryStatus();
    unreachable.cluster = {
      ...unreachable.cluster,
      state: 'unreachable',
      message: 'connect ECONNREFUSED 127.0.0.1:6443',
      nextStep: 'Start the cluster or pick another context.',
    };
    unreachable.overall = { phase: 'unavailable', message: 'The cluster is unreachable.' };
    await send(page, { type: 'status', status: unreachable });
    assert.equal(await page.locator('.callout-error strong').textContent(), 'The cluster is unreachable');
    assert.equal(await page.locator('.next-step').textContent(), 'Start the cluster or pick another context.');
    assert.equal(await page.locator('.workload').count(), 0, 'no stale workloads next to the error');
    await send(page, {
      type: 'status',
      status: null,
      message: 'Live status is not connected in this build of Helm Intent.',
    });
    assert.equal(
      await page.locator('main[data-tab="status"] .callout p').textContent(),
      'Live status is not connected in this build of Helm Intent.',
    );
    await page.close();
  });
});
