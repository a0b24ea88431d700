import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { REFERENCE_INTENT } from '../support/fixtures';
import { mutateOnce, pick, positionIn, rng, YAML_FRAGMENTS, type Rng } from '../fuzz/hostile-documents';

/** The shared YAML fragments plus stray characters, bare keys, a NUL and a lone surrogate. */
const ALPHABET = [...YAML_FRAGMENTS, '@', '`', 'kind: DeploymentIntent\n', 'spec:', 'tier: ', '\u0000', '\ud800'];

/** The hostile-document edits plus three of this fuzz's own: truncate, duplicate a line, pure garbage. */
function mutate(text: string, next: Rng): string {
  switch (Math.floor(next() * 7)) {
    case 0:
      return text.slice(0, Math.floor(next() * (text.length + 1)));
    case 1: {
      const lines = text.split('\n');
      const i = Math.floor(next() * lines.length);
      lines.splice(i, 0, lines[Math.floor(next() * lines.length)]);
      return lines.join('\n');
    }
    case 2:
      return Array.from({ length: Math.floor(next() * 300) }, () => pick(next, ALPHABET)).join('');
    default:
      return mutateOnce(next, text, ALPHABET);
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
        const pos = { textDocument: { uri }, position: positionIn(next, text) };
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
