import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntentLanguageService } from '../../server/language/language-service';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { ChunkCache } from '../../server/yaml/yaml-file';
import { REFERENCE_INTENT } from '../support/fixtures';

// RSS figures are in bench/lsp-hostile-bench.ts; these check the mechanism that keeps memory flat.

test('a closed document leaves no parse tree behind', () => {
  const service = new IntentLanguageService(() => defaultPlatformConfig());
  for (let i = 0; i < 50; i++) {
    const text = `${REFERENCE_INTENT.replace('name: my-service', `name: svc-${i}`)}---\n${REFERENCE_INTENT}`;
    const uri = `file:///w/intent/doc-${i}.yaml`;
    service.diagnostics(uri, text);
    service.symbols(uri, text);
    service.hover(uri, text, { line: 8, character: 3 });
    assert.ok(service.cache.size > 0);
    service.release(text);
    assert.equal(service.cache.size, 0, `document ${i} still cached after close`);
  }
});

test('the chunk cache is bounded by text size, keeping the newest chunk', () => {
  const cache = new ChunkCache(4000, 100_000);
  const big = (k: number) => `k: ${'x'.repeat(60_000)}${k}\n`;
  cache.get(big(1));
  cache.get(big(2));
  assert.equal(cache.size, 1, 'two 60 KB chunks do not fit in 100 KB');
  const huge = `k: ${'y'.repeat(150_000)}\n`;
  assert.equal(cache.get(huge).text, huge);
  assert.equal(cache.size, 1, 'the newest chunk stays even when larger than the bound');
  for (let i = 0; i < 100; i++) cache.get(`a: ${i}\n`);
  assert.equal(cache.size, 100);
});

test('the language service keeps only the newest of several large documents parsed', () => {
  const service = new IntentLanguageService(() => defaultPlatformConfig());
  const uri = 'file:///w/intent/big.intent.yaml';
  for (let k = 0; k < 4; k++) {
    const env = Array.from({ length: 4000 }, (_, i) => `    - name: V${i}\n      value: "x${i}-${k}"\n`).join('');
    const text = `${REFERENCE_INTENT}  env:\n${env}`;
    assert.ok(text.length > 150_000);
    service.diagnostics(uri, text);
    assert.equal(service.cache.size, 1, `edit ${k}: earlier ~160 KB parse trees still cached`);
  }
});
