import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Position } from 'vscode-languageserver-protocol';
import { manyIntents } from '../fixtures/many-intents';
import { ROOT } from './servers';

/** A benchmark document and the places the benchmark edits, completes and hovers in. */
export interface BenchDoc {
  label: 'small' | 'large';
  text: string;
  lines: number;
  /** Start of the `production` value of a `tier:` (in the middle of the large file): the sanity check breaks it. */
  tierValue: Position;
  /** Start of the `maxReplicas` value in the same intent: the change benchmark edits it. */
  maxReplicasValue: Position;
  maxReplicas: string;
  /** End of `strategy: canary` in the same intent: a value completion. */
  completion: Position;
  /** Inside the `tier` key: a schema hover. */
  hover: Position;
  /**
   * The same kind of document with different content for sample `k`. Our server caches parsed
   * documents by their text, so reopening one text would time a cache hit, not an open.
   */
  variant(k: number): string;
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function indexFrom(text: string, needle: string, from: number): number {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`bench fixture: '${needle}' not found after offset ${from}`);
  return i;
}

function benchDoc(
  label: BenchDoc['label'],
  text: string,
  searchFrom: number,
  variant: (k: number) => string,
): BenchDoc {
  const tier = indexFrom(text, 'tier: production', searchFrom);
  const max = indexFrom(text, 'maxReplicas: ', tier) + 'maxReplicas: '.length;
  const strategy = indexFrom(text, 'strategy: canary', tier);
  const tierValue = positionOf(text, tier + 'tier: '.length);
  return {
    label,
    text,
    variant,
    maxReplicasValue: positionOf(text, max),
    maxReplicas: /^\d+/.exec(text.slice(max))![0],
    lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
    tierValue,
    completion: positionOf(text, strategy + 'strategy: canary'.length),
    hover: { line: tierValue.line, character: tierValue.character - 'tier: '.length + 2 },
  };
}

export function smallDoc(): BenchDoc {
  const text = readFileSync(path.join(ROOT, 'examples/reference/intent/my-service.yaml'), 'utf8');
  return benchDoc('small', text, 0, (k) => text.replace('name: my-service', `name: my-service-${k}`));
}

const LARGE_SEED = 20240601;

export function largeDoc(): BenchDoc {
  const text = manyIntents(5000, LARGE_SEED);
  return benchDoc('large', text, Math.floor(text.length / 2), (k) => manyIntents(5000, LARGE_SEED + 1 + k));
}

/**
 * The change benchmark's k-th `maxReplicas` value: valid on even k, above the schema's maximum
 * (1000) on odd k, so the diagnostics flip every edit, and never the same text twice.
 */
export function maxReplicasFor(k: number): { value: string; valid: boolean } {
  const valid = k % 2 === 0;
  return { value: String(valid ? 20 + k : 2000 + k), valid };
}

export function withTier(doc: BenchDoc, value: string): string {
  const lines = doc.text.split('\n');
  const l = lines[doc.tierValue.line];
  lines[doc.tierValue.line] =
    l.slice(0, doc.tierValue.character) + value + l.slice(doc.tierValue.character + 'production'.length);
  return lines.join('\n');
}
