import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CompletionItem, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { locate, REFERENCE_INTENT, replaceOnce } from '../support/fixtures';

// The real server over stdio (dist/server.js: `npm run build` first). Each case used to hang the
// server, crash the check (no diagnostics at all) or take minutes; each must now be answered.

let client: LspClient;
let n = 0;
const freshUri = () => `file:///hostile/intent/doc-${++n}.yaml`;

before(async () => {
  client = await LspClient.start();
});

after(async () => {
  await client.stop();
});

const CYCLE = `${REFERENCE_INTENT}r: &r [*r]\n`;

test(
  'a self-referencing alias is a located yaml-syntax error; hover, completion and symbols answer',
  { timeout: 30_000 },
  async () => {
    const uri = freshUri();
    const diags = await client.open(uri, CYCLE);
    const cycle = diags.find((d) => d.code === 'yaml-syntax');
    assert.ok(cycle, JSON.stringify(diags));
    assert.match(cycle.message, /Alias \*r refers to a node that contains it/);
    assert.deepEqual(cycle.range.start, locate(CYCLE, '*r'));
    const alias = locate(CYCLE, '*r');
    for (const position of [alias, locate(CYCLE, 'r: &r'), locate(CYCLE, 'production')]) {
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
      assert.ok(hover === null || typeof hover === 'object');
    }
    const tierHover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: locate(CYCLE, 'tier'),
    });
    assert.match(JSON.stringify(tierHover), /spec\.tier/, 'the rest of the document still has hover');
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: locate(CYCLE, 'tier').line, character: 2 },
    });
    assert.ok(Array.isArray(items));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0].name, 'DeploymentIntent my-service');
  },
);

test('aliases nested under environments (merged per environment) do not loop either', { timeout: 30_000 }, async () => {
  const text = replaceOnce(
    REFERENCE_INTENT,
    '  tier: production',
    '  environments:\n    prod: &e\n      x: *e\n  tier: production',
  );
  const uri = freshUri();
  const diags = await client.open(uri, text);
  assert.ok(
    diags.some((d) => d.code === 'yaml-syntax' && /recursive alias/.test(d.message)),
    JSON.stringify(diags),
  );
  const hover = await client.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: locate(text, 'prod:'),
  });
  assert.ok(hover === null || typeof hover === 'object');
});

for (const name of ['-x', 'Prod_1', 'a/b']) {
  test(
    `environment '${name}' is an invalid-name diagnostic on the key, not a crashed check`,
    { timeout: 30_000 },
    async () => {
      const text = replaceOnce(
        REFERENCE_INTENT,
        '  tier: production',
        `  environments:\n    ${name}:\n      tier: staging\n  tier: production`,
      );
      const diags = await client.open(freshUri(), text);
      const bad = diags.find((d) => d.code === 'invalid-name');
      assert.ok(bad, JSON.stringify(diags));
      assert.deepEqual(bad.range.start, locate(text, `${name}:`));
      assert.match(
        bad.message,
        new RegExp(`'${name.replace(/[-/]/g, '\\$&')}' is not a valid name in spec\\.environments`),
      );
      assert.ok(!diags.some((d) => d.code === 'internal-error'));
    },
  );
}

test("a platform config profile 'XL' is an invalid-name diagnostic on the key", { timeout: 30_000 }, async () => {
  const text = 'profiles:\n  XL:\n    requests: {cpu: "1", memory: 1Gi}\n    limits: {cpu: "2", memory: 2Gi}\n';
  const diags = await client.open('file:///hostile/cfg/.helm-intent.yaml', text, 'yaml');
  const bad = diags.find((d) => d.code === 'invalid-name');
  assert.ok(bad, JSON.stringify(diags));
  assert.deepEqual(bad.range.start, locate(text, 'XL'));
});

test(
  'a 100,000-key map gets its diagnostics (duplicate key found) and requests answer',
  { timeout: 120_000 },
  async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `    k${i}: v${i}\n`);
    keys[70_000] = '    k5: again\n';
    const text = `${REFERENCE_INTENT}  labels:\n${keys.join('')}`;
    const uri = freshUri();
    const diags = await client.open(uri, text);
    const dup = diags.find((d) => d.code === 'yaml-syntax');
    assert.ok(dup, JSON.stringify(diags.slice(0, 3)));
    assert.equal(dup.message, 'Map keys must be unique');
    assert.equal(dup.range.start.line, REFERENCE_INTENT.split('\n').length + 70_000);
    assert.ok(
      diags.some((d) => d.code === 'large-document' && d.severity === 3),
      'the large-document note is visible',
    );
    const line = REFERENCE_INTENT.split('\n').length + 500;
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line, character: 4 },
    });
    assert.ok(Array.isArray(items));
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: locate(text, 'tier'),
    });
    assert.match(JSON.stringify(hover), /spec\.tier/);
  },
);

test(
  'a request cancelled while the server is busy is answered as cancelled; the server goes on',
  { timeout: 120_000 },
  async () => {
    const uri = freshUri();
    const big = `${REFERENCE_INTENT}  labels:\n${Array.from({ length: 60_000 }, (_, i) => `    k${i}: v${i}\n`).join('')}`;
    await client.open(uri, big);
    await client.change(uri, `${big}    extra: x\n`);
    // Symbols of a fresh text keep the server busy; the hover queued behind them is cancelled.
    const busy = client.request('textDocument/documentSymbol', { textDocument: { uri } });
    const source = new CancellationTokenSource();
    const hover = client.connection.sendRequest(
      'textDocument/hover',
      { textDocument: { uri }, position: locate(big, 'tier') },
      source.token,
    );
    source.cancel();
    await assert.rejects(hover, (e: { code?: number }) => e.code === -32800);
    assert.ok(Array.isArray(await busy));
    const after = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: locate(big, 'tier'),
    });
    assert.match(JSON.stringify(after), /spec\.tier/);
  },
);

test('an alias bomb is a located error, not a hang', { timeout: 30_000 }, async () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++)
    levels.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const text = `${REFERENCE_INTENT}${levels.join('\n')}\n`;
  const diags = await client.open(freshUri(), text);
  assert.ok(
    diags.some((d) => d.code === 'yaml-syntax' && /alias bomb/.test(d.message)),
    JSON.stringify(diags),
  );
});
