import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, DocumentSymbol, FoldingRange, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { hostileDocument, positionIn, rng } from './hostile-documents';

/**
 * Seeded adversarial documents against the real server over stdio (dist/server.js): every
 * request is answered and the server stays alive. Modest on purpose (CI has 2 cores); the
 * acceptance run (2,000 documents, latency and RSS beside yaml-language-server) is
 * bench/lsp-hostile-bench.ts. Replay: FUZZ_SEED=… FUZZ_DOCS=… FUZZ_SCALE=…
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const DOCS = Number(process.env.FUZZ_DOCS ?? 60);
const SCALE = Number(process.env.FUZZ_SCALE ?? 2000);
/** Not a speed target: only how long "no answer" may last before the case counts as a hang. */
const NO_ANSWER_MS = 30_000;

function answered<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${NO_ANSWER_MS} ms`)), NO_ANSWER_MS)),
  );
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

test(
  'hostile documents: recursive aliases, alias bombs, anchor churn, huge maps/sequences, deep nesting',
  { timeout: 600_000 },
  async () => {
    const next = rng(SEED);
    const client = await LspClient.start();
    const kinds = new Map<string, number>();
    try {
      let uri = 'file:///fuzz/intent/hostile-0.yaml';
      await client.open(uri, 'kind: DeploymentIntent\n');
      for (let i = 0; i < DOCS; i++) {
        const doc = hostileDocument(next, SCALE);
        kinds.set(doc.kind, (kinds.get(doc.kind) ?? 0) + 1);
        const where = `document ${i} (${doc.kind}, ${doc.text.length} chars, seed ${SEED})`;
        // Every tenth document is opened under a new URI and the old one closed (open/close churn).
        const diags = await answered(
          `${where}: diagnostics`,
          i % 10 === 9
            ? (client.close(uri), client.open((uri = `file:///fuzz/intent/hostile-${i}.yaml`), doc.text))
            : client.change(uri, doc.text),
        );
        assert.ok(Array.isArray(diags), where);
        for (const d of diags) assert.ok(typeof d.message === 'string' && d.range.start.line >= 0, where);
        const pos = { textDocument: { uri }, position: positionIn(next, doc.text) };
        const [items, hover, symbols, folds] = await Promise.all([
          answered(`${where}: completion`, client.request<CompletionItem[] | null>('textDocument/completion', pos)),
          answered(`${where}: hover`, client.request<Hover | null>('textDocument/hover', pos)),
          answered(
            `${where}: symbols`,
            client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }),
          ),
          answered(
            `${where}: folding`,
            client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } }),
          ),
        ]);
        assert.ok(Array.isArray(items) && Array.isArray(symbols) && Array.isArray(folds), where);
        assert.ok(hover === null || typeof hover === 'object', where);
        assert.equal(client.proc.exitCode, null, `server exited after ${where}`);
      }
      // Recursive aliases and alias bombs must be among the cases, or the fuzz tests nothing of them.
      for (const kind of ['recursive-alias', 'alias-bomb', 'anchor-churn', 'huge-map', 'huge-seq'])
        assert.ok((kinds.get(kind) ?? 0) > 0, `no ${kind} case with seed ${SEED}`);
      assert.doesNotMatch(client.stderr, /checking .* failed|RangeError|TypeError/, 'no internal errors logged');
    } finally {
      await client.stop();
    }
  },
);
