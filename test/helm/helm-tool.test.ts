// server/tools/helm.ts against the real helm, plus fakes for the failure modes.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  explainHelmError,
  helmLint,
  helmVersion,
  HelmNotFoundError,
  parseLintOutput,
  parseRenderedManifests,
  resolveHelmPath,
  runHelm,
} from '../../server/tools/helm';
import { helmPath } from '../support/tools';

const scratch = mkdtempSync(path.join(tmpdir(), 'helm-intent-tool-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function fakeHelm(name: string, script: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('locating helm', () => {
  test('a missing binary is a clear HelmNotFoundError, never a crash', async () => {
    await assert.rejects(runHelm(['version'], { helmPath: '/nonexistent/bin/helm' }), (e: unknown) => {
      assert.ok(e instanceof HelmNotFoundError);
      assert.equal(
        (e as Error).message,
        "helm not found at /nonexistent/bin/helm (ENOENT): install helm v3.8+ (or run `node scripts/install-tools.mjs` in Helm Intent's folder), or name it with --helm, HELM_INTENT_HELM or the helmIntent.helmPath setting",
      );
      return true;
    });
    const notExecutable = path.join(scratch, 'helm-no-x');
    writeFileSync(notExecutable, '#!/bin/sh\n');
    await assert.rejects(runHelm(['version'], { helmPath: notExecutable }), HelmNotFoundError);
  });

  test('HELM_INTENT_HELM wins over the configured path, which wins over PATH and the installed helm', () => {
    assert.equal(resolveHelmPath('/opt/helm', { HELM_INTENT_HELM: '/tools/helm' }), '/tools/helm');
    assert.equal(resolveHelmPath('/opt/helm', {}), '/opt/helm');
    // No PATH: this checkout's .tools/bin/helm (the whole order: test/cli/helm-location.test.ts)
    assert.equal(resolveHelmPath(undefined, {}), helmPath());
  });

  test('helm version of the extracted binary (v3.8+)', async () => {
    const v = await helmVersion({ helmPath: helmPath() });
    assert.ok(v.major > 3 || (v.major === 3 && v.minor >= 8), v.version);
    assert.match(v.version, /^v\d+\.\d+\.\d+$/);
  });

  test('an old helm is refused with the same advice', async () => {
    const old = fakeHelm('helm-old', 'echo v3.7.2');
    await assert.rejects(
      helmVersion({ helmPath: old }),
      /helm v3\.7\.2 .* is too old: install helm v3\.8\+ or set helmIntent\.helmPath/,
    );
  });
});

describe('running helm', () => {
  test('isolate: HELM_*_HOME point into a temp dir that is removed afterwards; other HELM_* vars do not leak', async () => {
    process.env.HELM_REPOSITORY_CONFIG = '/home/someone/.config/helm/repositories.yaml';
    try {
      const result = await runHelm(['env'], { helmPath: helmPath(), isolate: true });
      assert.ok(result.ok, result.stderr);
      const env = Object.fromEntries(
        result.stdout
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), JSON.parse(l.slice(l.indexOf('=') + 1))]),
      );
      const home = path.dirname(env.HELM_CACHE_HOME);
      assert.ok(home.startsWith(tmpdir()), env.HELM_CACHE_HOME);
      assert.equal(env.HELM_CONFIG_HOME, path.join(home, 'config'));
      assert.equal(env.HELM_DATA_HOME, path.join(home, 'data'));
      assert.notEqual(env.HELM_REPOSITORY_CONFIG, '/home/someone/.config/helm/repositories.yaml');
      assert.equal(existsSync(home), false, 'temp home removed');
    } finally {
      delete process.env.HELM_REPOSITORY_CONFIG;
    }
  });

  test('a hanging helm times out as a result, not an exception', async () => {
    const slow = fakeHelm('helm-slow', 'sleep 5');
    const result = await runHelm(['template', 'x'], { helmPath: slow, timeoutMs: 300 });
    assert.equal(result.ok, false);
    assert.equal(result.timedOut, true);
    assert.match(result.stderr, /timed out after 300 ms/);
    assert.ok(result.durationMs < 3000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cancelled = await runHelm(['template', 'x'], { helmPath: slow, signal: controller.signal });
    assert.equal(cancelled.ok, false);
    assert.match(cancelled.stderr, /was cancelled/);
    assert.ok(cancelled.durationMs < 3000);
  });

  test('a failing command returns exit code and stderr', async () => {
    const result = await runHelm(['template', path.join(scratch, 'no-such-chart')], {
      helmPath: helmPath(),
      isolate: true,
    });
    assert.equal(result.ok, false);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /no-such-chart/);
  });

  test('helmLint parses messages; a broken chart fails with an explained error', async () => {
    const chart = path.join(scratch, 'broken');
    rmSync(chart, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 0.1.0\n');
    writeFileSync(path.join(chart, 'values.yaml'), 'a: 1\n');
    writeFileSync(
      path.join(chart, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.a | quote }\n',
    );
    const result = await helmLint(chart, {}, { helmPath: helmPath(), isolate: true });
    assert.equal(result.ok, false);
    const error = result.messages.find((m) => m.severity === 'ERROR');
    assert.ok(error, JSON.stringify(result.messages));
    assert.match(error!.message, /cm\.yaml/);
    assert.ok(result.messages.some((m) => m.severity === 'INFO' && m.path === 'Chart.yaml'));
  });
});

describe('parsing helm output', () => {
  test('parseRenderedManifests: sources, indexes, empty documents dropped, bad YAML reported per document', () => {
    const out = [
      '---',
      '# Source: app/templates/a.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: one}',
      '---',
      '# Source: app/templates/a.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: two}',
      '---',
      '# Source: app/templates/empty.yaml',
      '# only a comment',
      '---',
      '# Source: app/templates/bad.yaml',
      'a: [unclosed',
      '',
    ].join('\n');
    const m = parseRenderedManifests(out);
    assert.deepEqual(
      m.map((x) => [x.source, x.index, (x.object?.metadata as { name?: string })?.name]),
      [
        ['app/templates/a.yaml', 0, 'one'],
        ['app/templates/a.yaml', 1, 'two'],
        ['app/templates/bad.yaml', 0, undefined],
      ],
    );
    assert.ok(m[2].parseError);
  });

  test('parseLintOutput joins continuation lines', () => {
    const msgs = parseLintOutput(
      '==> Linting x\n[INFO] Chart.yaml: icon is recommended\n[ERROR] templates/: parse error\nsecond line\n\nError: 1 chart(s) linted, 1 chart(s) failed\n',
    );
    assert.deepEqual(msgs, [
      { severity: 'INFO', path: 'Chart.yaml', message: 'icon is recommended' },
      { severity: 'ERROR', path: 'templates/', message: 'parse error\nsecond line' },
    ]);
  });

  test('explainHelmError: missing dependencies, template errors, unknown text passes through', () => {
    assert.match(
      explainHelmError(
        'Error: An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: postgresql, redis',
        '/c/app',
      ),
      /^Chart dependencies not downloaded: postgresql, redis\. Run `helm dependency build \/c\/app`/,
    );
    assert.equal(
      explainHelmError('Error: parse error at (app/templates/x.yaml:3): unexpected "}" in operand'),
      'Template syntax error in app/templates/x.yaml:3: unexpected "}" in operand',
    );
    assert.equal(explainHelmError('Error: something new'), 'something new');
  });
});
