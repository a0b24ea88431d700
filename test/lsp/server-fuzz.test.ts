import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { REFERENCE_INTENT } from '../support/fixtures';
import { rng } from '../fuzz/hostile-documents';

const ALPHABET = [
  '',
  ' ',
  '  ',
  '\n',
  '\t',
  ':',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '#',
  '&a',
  '*a',
  '!!str',
  '|',
  '>',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '?',
  '@',
  '`',
  'kind: DeploymentIntent\n',
  'spec:',
  'tier: ',
  '\u0000',
  '\ud800',
  '💥',
  '\r\n',
  'latest',
  '-1',
  '1e999',
  'null',
  '~',
];

function mutate(text: string, next: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const at = () => Math.floor(next() * (text.length + 1));
  switch (Math.floor(next() * 7)) {
    case 0: {
      const a = at();
      return text.slice(0, a) + text.slice(a + Math.floor(next() * 40));
    }
    case 1: {
      const a = at();
      return text.slice(0, a) + pick(ALPHABET) + text.slice(a);
    }
    case 2:
      return text.slice(0, at());
    case 3: {
      const lines = text.split('\n');
      const i = Math.floor(next() * lines.length);
      lines.splice(i, 0, lines[Math.floor(next() * lines.length)]);
      return lines.join('\n');
    }
    case 4:
      return Array.from({ length: 1 + Math.floor(next() * 3) }, () => text).join('---\n');
    case 5:
      return Array.from({ length: Math.floor(next() * 300) }, () => pick(ALPHABET)).join('');
    default: {
      const lines = text.split('\n');
      const i = Math.floor(next() * lines.length);
      lines[i] = ' '.repeat(Math.floor(next() * 9)) + lines[i].trimStart();
      return lines.join('\n');
    }
  }
}

test(
  'the server answers every request on thousands of mutated documents and never exits',
  { timeout: 240_000 },
  async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261122);
    const iterations = Number(process.env.FUZZ_ITERATIONS ?? 2500);
    const next = rng(seed);
    const client = await LspClient.start();
    const uri = 'file:///fuzz/intent/doc.yaml';
    let text = REFERENCE_INTENT;
    await client.open(uri, text);
    try {
      for (let i = 0; i < iterations; i++) {
        text = next() < 0.15 ? REFERENCE_INTENT : mutate(text, next);
        if (text.length > 200_000) text = text.slice(0, 200_000);
        const diags = await client.change(uri, text);
        assert.ok(Array.isArray(diags), `iteration ${i} (seed ${seed})`);
        for (const d of diags) assert.equal(typeof d.message, 'string');
        const lines = text.split('\n');
        const line = Math.floor(next() * lines.length);
        const character = Math.floor(next() * (lines[line].length + 1));
        const pos = { textDocument: { uri }, position: { line, character } };
        const [items, hover, symbols, folds, actions] = await Promise.all([
          client.request<CompletionItem[]>('textDocument/completion', pos),
          client.request('textDocument/hover', pos),
          client.request('textDocument/documentSymbol', { textDocument: { uri } }),
          client.request('textDocument/foldingRange', { textDocument: { uri } }),
          client.request('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: pos.position, end: pos.position },
            context: { diagnostics: diags },
          }),
        ]);
        assert.ok(
          Array.isArray(items) && Array.isArray(symbols) && Array.isArray(folds) && Array.isArray(actions),
          `iteration ${i} (seed ${seed})`,
        );
        assert.ok(hover === null || typeof hover === 'object');
      }
      assert.equal(client.proc.exitCode, null, 'server still running');
      assert.doesNotMatch(client.stderr, /checking .* failed|RangeError|TypeError/, 'no internal errors logged');
    } finally {
      await client.stop();
    }
  },
);
