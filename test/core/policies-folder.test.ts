// The CLI and the editor find the policies folder through one function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policiesFolder } from '../../server/core/policies-folder';
import { VERSION } from '../../server/core/version';
import { readFileSync } from 'node:fs';

test('policiesDir is relative to the config file; --policies to the working directory; built-in config has none', () => {
  assert.equal(policiesFolder({ source: '/ws/.helm-intent.yml', policiesDir: 'policies' }), '/ws/policies');
  assert.equal(policiesFolder({ source: '/ws/team/.helm-intent.yaml', policiesDir: '../shared' }), '/ws/shared');
  assert.equal(
    policiesFolder({ source: '/ws/.helm-intent.yaml', policiesDir: 'policies' }, { dir: 'mine', cwd: '/home/u' }),
    '/home/u/mine',
  );
  assert.equal(policiesFolder({ source: 'built-in defaults', policiesDir: 'policies' }), undefined);
  assert.equal(
    policiesFolder({ source: 'built-in defaults (/ws/.helm-intent.yaml has errors)', policiesDir: 'policies' }),
    undefined,
  );
});

test('the version is package.json’s', () => {
  assert.equal(VERSION, JSON.parse(readFileSync('package.json', 'utf8')).version);
});
