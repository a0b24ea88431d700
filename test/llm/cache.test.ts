import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheKey, canonicalJson } from '../../server/llm/cache';
import { generateChartWithAI } from '../../server/llm';
import { resolveLlmSettings } from '../../server/llm/settings';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { filesAnswer } from './support/fake-openai';
import { GOOD_TEMPLATE, TEST_KEY, fakeOpenAI, referenceIntent, request } from './support/setup';

test('cache hit: the same input gives the same chart without a second HTTP request; the cache holds no key', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ answer: filesAnswer([GOOD_TEMPLATE]) }));
  const deps = { ...h.deps, cacheDir: path.join(h.tempDir, 'ai-cache') };
  const first = await generateChartWithAI(request(server.baseURL), deps);
  assert.equal(first.status, 'converged');
  assert.equal(server.requests.length, 1);

  const second = await generateChartWithAI(request(server.baseURL), deps);
  assert.equal(second.status, 'converged');
  if (second.status !== 'converged' || first.status !== 'converged') return;
  assert.equal(second.fromCache, true);
  assert.equal(second.modelCalls, 0);
  assert.equal(server.requests.length, 1, 'no new request');
  assert.deepEqual(second.files, first.files);
  assert.deepEqual(second.changedPaths, first.changedPaths);
  assert.equal(second.cacheKey, first.cacheKey);
  // The cache is workspace content: the hit was reviewed and validated again before use.
  assert.ok(h.progress.some((p) => /^Re-validating the cached chart/.test(p.message)));
  assert.match(h.progress[h.progress.length - 1].message, /^Using the cached chart/);
  assert.equal(h.progress[h.progress.length - 1].phase, 'cache');

  const entries = readdirSync(deps.cacheDir);
  assert.deepEqual(entries, [`${first.cacheKey}.json`]);
  assert.ok(!readFileSync(path.join(deps.cacheDir, entries[0]), 'utf8').includes(TEST_KEY));

  // Another instruction is another input: a new call.
  const third = await generateChartWithAI(request(server.baseURL, { instruction: 'Also add a PodMonitor' }), deps);
  assert.equal(third.status, 'converged');
  assert.equal(server.requests.length, 2);
});

test('a tampered cache entry (hostile path) is ignored and the model is asked again', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ answer: filesAnswer([GOOD_TEMPLATE]) }));
  const deps = { ...h.deps, cacheDir: h.tempDir };
  const first = await generateChartWithAI(request(server.baseURL), deps);
  const file = path.join(h.tempDir, `${first.cacheKey}.json`);
  const entry = JSON.parse(readFileSync(file, 'utf8'));
  entry.files.push({ path: '../../evil', content: 'x' });
  writeFileSync(file, JSON.stringify(entry));
  const second = await generateChartWithAI(request(server.baseURL), deps);
  assert.equal(second.status, 'converged');
  if (second.status === 'converged') assert.equal(second.fromCache, false);
  assert.equal(server.requests.length, 2);
});

test('cache key: stable for equal input, different for each ingredient', () => {
  const config = defaultPlatformConfig();
  const base = [{ path: 'Chart.yaml', content: 'name: a\n' }];
  const settings = resolveLlmSettings(config);
  const key = (over: Partial<Parameters<typeof cacheKey>[0]> = {}) =>
    cacheKey({ intent: referenceIntent(), config, settings, base, ...over });
  assert.equal(key(), key());
  assert.equal(
    key({ config: { ...config, source: '/elsewhere/.helm-intent.yaml' } }),
    key(),
    'where the config came from does not matter',
  );
  const intent = referenceIntent();
  intent.spec.tier = 'staging';
  const variants = [
    key({ intent }),
    key({ config: { ...config, kubernetesVersion: '1.33' } }),
    key({ settings: { ...settings, model: 'other' } }),
    key({ settings: { ...settings, temperature: 0.2 } }),
    key({ instruction: 'more replicas' }),
    key({ base: [{ path: 'Chart.yaml', content: 'name: b\n' }] }),
  ];
  assert.equal(new Set([key(), ...variants]).size, variants.length + 1);
  assert.match(key(), /^[0-9a-f]{64}$/);
});

test('canonicalJson sorts keys at every level', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } }),
    '{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}',
  );
});
