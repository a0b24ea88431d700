// What the Chart Review host allows (client/review-panel/guards.ts), the page it serves
// (webview-html.ts) and the OOMKilled profile edit (intent-profile-edit.ts) — all without VS Code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { locationAllowed, refusal } from '../../client/review-panel/guards';
import { profileEdit } from '../../server/host/intent-profile-edit';
import { reviewCsp, reviewHtml } from '../../client/review-panel/webview-html';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import type { WebviewMessage } from '../../server/protocol/webview-protocol';
import { REFERENCE_INTENT, REFERENCE_INTENT_PATH, replaceOnce } from '../support/fixtures';

describe('refusal: trust and read-only', () => {
  const rollout: WebviewMessage = { type: 'rollout-action', action: 'promote', namespace: 'shop', name: 'web' };
  const logs: WebviewMessage = { type: 'show-logs', namespace: 'shop', pod: 'web-1' };
  const open: WebviewMessage = { type: 'open-location', file: '/c/a.yaml', line: 1 };

  test('a rollout action needs a trusted workspace and readOnly off', () => {
    assert.match(refusal(rollout, { trusted: false, readOnly: false })!, /not trusted/);
    assert.match(refusal(rollout, { trusted: true, readOnly: true })!, /helmIntent\.readOnly is on/);
    assert.equal(refusal(rollout, { trusted: true, readOnly: false }), undefined);
  });

  test('reading the cluster (logs, context switch) needs trust but not readOnly off', () => {
    assert.match(refusal(logs, { trusted: false, readOnly: false })!, /not trusted/);
    assert.equal(refusal(logs, { trusted: true, readOnly: true }), undefined);
    assert.match(
      refusal({ type: 'select-kube-context', context: 'prod' }, { trusted: false, readOnly: true })!,
      /not trusted/,
    );
  });

  test('opening files and refreshing are always allowed (the location itself is checked separately)', () => {
    assert.equal(refusal(open, { trusted: false, readOnly: true }), undefined);
    assert.equal(refusal({ type: 'refresh' }, { trusted: false, readOnly: true }), undefined);
  });
});

describe('locationAllowed', () => {
  const roots = { chartDir: '/w/charts/web', intentFile: '/elsewhere/web.intent.yaml', workspaceFolders: ['/w'] };
  test('files in the chart, the intent, and the workspace are allowed', () => {
    assert.ok(locationAllowed('/w/charts/web/templates/deployment.yaml', roots));
    assert.ok(locationAllowed('/elsewhere/web.intent.yaml', roots));
    assert.ok(locationAllowed('/w/README.md', { ...roots }));
  });
  test('anything else is refused: escapes, prefixes that only look inside, relative paths, NUL', () => {
    const noWorkspace = { ...roots, workspaceFolders: [] };
    assert.equal(locationAllowed('/w/charts/web/../../../home/u/.kube/config', noWorkspace), false);
    assert.equal(locationAllowed('/w/charts/web-evil/x.yaml', noWorkspace), false);
    assert.equal(locationAllowed('/elsewhere/other.yaml', noWorkspace), false);
    assert.equal(locationAllowed('templates/deployment.yaml', noWorkspace), false);
    assert.equal(locationAllowed('/w/charts/web/a\0.yaml', noWorkspace), false);
    assert.equal(locationAllowed('/w/charts/web', noWorkspace), false, 'the directory itself is not a file to open');
  });
});

describe('the Chart Review page', () => {
  const html = reviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://x/main.js?a=1&b="2"',
    styleUri: 'https://x/main.css',
    nonce: 'abc123',
  });

  test('a strict CSP: nothing by default, scripts only with the nonce, styles from the extension or with the nonce', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.equal(csp, reviewCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123'));
    const directives = new Map(csp!.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.equal(directives.get('default-src'), "'none'");
    assert.equal(directives.get('script-src'), "'nonce-abc123'");
    assert.equal(directives.get('style-src'), "https://file+.vscode-resource.vscode-cdn.net 'nonce-abc123'");
    assert.ok(!csp!.includes('unsafe-inline') && !csp!.includes('unsafe-eval'));
  });

  test('one script, external and nonce’d; no inline script, no inline handler, URIs attribute-escaped', () => {
    assert.deepEqual(html.match(/<script[^>]*>/g), [
      '<script nonce="abc123" src="https://x/main.js?a=1&amp;b=&quot;2&quot;">',
    ]);
    assert.ok(!/<script[^>]*>[^<]/.test(html), 'no inline script body');
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline handler');
    assert.match(html, /<link rel="stylesheet" nonce="abc123" href="https:\/\/x\/main.css">/);
  });

  test('a nonce is fresh each time and never something that could break out', () => {
    const a = /nonce-([A-Za-z0-9]+)/.exec(reviewHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c' }))?.[1];
    const b = /nonce-([A-Za-z0-9]+)/.exec(reviewHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c' }))?.[1];
    assert.ok(a && b && a !== b && a.length >= 20);
    assert.throws(
      () => reviewHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c', nonce: `a' 'unsafe-inline` }),
      /alphanumeric/,
    );
  });
});

describe('profileEdit (OOMKilled quick action)', () => {
  const profiles = defaultPlatformConfig().profiles;

  test('the reference intent goes from medium to the next larger profile, as a minimal edit', () => {
    const planned = profileEdit(REFERENCE_INTENT, profiles);
    assert.ok(planned.ok);
    assert.equal(planned.from, 'medium');
    assert.equal(planned.to, 'large');
    const lines = REFERENCE_INTENT.split('\n');
    const at = planned.edit.range.start;
    const edited =
      lines.slice(0, at.line).join('\n') +
      '\n' +
      lines[at.line].slice(0, at.character) +
      planned.edit.newText +
      lines[planned.edit.range.end.line].slice(planned.edit.range.end.character) +
      '\n' +
      lines.slice(planned.edit.range.end.line + 1).join('\n');
    assert.equal(parse(edited).spec.resources.profile, 'large');
    assert.equal(
      edited,
      replaceOnce(REFERENCE_INTENT, 'profile: medium', 'profile: large'),
      'only the profile changed, comment kept',
    );
    assert.match(planned.detail, /limits 2\/2Gi/);
  });

  test('the hint’s suggestion wins when the platform knows it', () => {
    const planned = profileEdit(REFERENCE_INTENT, profiles, 'large');
    assert.ok(planned.ok && planned.to === 'large');
    const unknown = profileEdit(REFERENCE_INTENT, profiles, 'gigantic');
    assert.ok(unknown.ok && unknown.to === 'large', 'unknown suggestion → next larger');
  });

  test('already the largest, no profile set, or not a DeploymentIntent: a clear refusal', () => {
    const largest = profileEdit(replaceOnce(REFERENCE_INTENT, 'profile: medium', 'profile: large'), profiles);
    assert.deepEqual(largest, {
      ok: false,
      message: 'Profile large is already the largest: raise spec.resources.limits.memory in the intent instead.',
    });
    const none = profileEdit(
      replaceOnce(REFERENCE_INTENT, '    profile: medium # CPU: 500m/1000m, Memory: 512Mi/1Gi\n', ''),
      profiles,
    );
    assert.ok(!none.ok && /sets no spec\.resources\.profile/.test(none.message));
    const service = profileEdit(
      readFileSync(
        REFERENCE_INTENT_PATH.replace('reference/intent/my-service.yaml', 'service-intent/user-auth.intent.yaml'),
        'utf8',
      ),
      profiles,
    );
    assert.ok(!service.ok && /Only a DeploymentIntent/.test(service.message));
  });

  test('an explicit memory limit is called out: it still overrides the profile', () => {
    const text = replaceOnce(
      REFERENCE_INTENT,
      '    profile: medium # CPU: 500m/1000m, Memory: 512Mi/1Gi\n',
      '    profile: small\n    limits:\n      memory: 300Mi\n',
    );
    const planned = profileEdit(text, profiles);
    assert.ok(planned.ok);
    assert.equal(planned.to, 'medium');
    assert.match(planned.detail, /limits\.memory \(300Mi\) is set explicitly/);
  });
});
