// The one rule for which helm runs (CLI, language server, editor): --helm, $HELM_INTENT_HELM,
// the helmIntent.helmPath setting, PATH, then this installation's .tools/bin/helm.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { locateHelm } from '../../server/tools/helm-location';
import { HelmNotFoundError, resolveHelmPath, runHelm } from '../../server/tools/helm';
import { tempDir } from '../support/temp';

function fakeHelm(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'helm');
  writeFileSync(file, '#!/bin/sh\necho fake\n');
  chmodSync(file, 0o755);
  return file;
}

describe('helm resolution', () => {
  const root = tempDir('helm-intent-locate-');
  const onPath = path.dirname(fakeHelm(path.join(root, 'path-bin')));
  const install = path.join(root, 'install');
  const installed = fakeHelm(path.join(install, '.tools', 'bin'));

  test('first match wins: --helm, then HELM_INTENT_HELM, then the setting, then PATH, then the installation', () => {
    const env = { HELM_INTENT_HELM: '/env/helm', PATH: onPath };
    assert.deepEqual(locateHelm({ flag: '/flag/helm', setting: '/setting/helm', env, installRoot: install }), {
      path: '/flag/helm',
      source: 'flag',
    });
    assert.deepEqual(locateHelm({ setting: '/setting/helm', env, installRoot: install }), {
      path: '/env/helm',
      source: 'env',
    });
    assert.deepEqual(locateHelm({ setting: '/setting/helm', env: { PATH: onPath }, installRoot: install }), {
      path: '/setting/helm',
      source: 'setting',
    });
    assert.deepEqual(locateHelm({ env: { PATH: onPath }, installRoot: install }), { path: 'helm', source: 'path' });
    assert.deepEqual(locateHelm({ env: { PATH: path.join(root, 'empty') }, installRoot: install }), {
      path: installed,
      source: 'installation',
    });
  });

  test("the setting's default `helm` means PATH, then the installation's helm", () => {
    assert.deepEqual(locateHelm({ setting: 'helm', env: { PATH: '' }, installRoot: install }), {
      path: installed,
      source: 'installation',
    });
    assert.equal(resolveHelmPath('helm', { PATH: onPath }), 'helm');
  });

  test('nothing found: `helm`, and running it fails with a message naming every way to set it', async () => {
    const none = locateHelm({ env: { PATH: '' }, installRoot: path.join(root, 'no-install') });
    assert.deepEqual(none, { path: 'helm', source: 'none' });
    await assert.rejects(runHelm(['version'], { helmPath: path.join(root, 'missing', 'helm') }), (e: unknown) => {
      assert.ok(e instanceof HelmNotFoundError);
      for (const way of ['--helm', 'HELM_INTENT_HELM', 'helmIntent.helmPath', 'node scripts/install-tools.mjs'])
        assert.ok((e as Error).message.includes(way), `message lacks ${way}: ${(e as Error).message}`);
      return true;
    });
  });

  test("this checkout's .tools/bin/helm is found from the module's own folder, never from the current folder", () => {
    const found = locateHelm({ env: { PATH: '' } });
    assert.equal(
      found.source,
      'installation',
      'run `node scripts/install-tools.mjs` first: .tools/bin/helm is missing',
    );
    assert.equal(found.path, path.resolve(__dirname, '..', '..', '.tools', 'bin', 'helm'));
  });
});
