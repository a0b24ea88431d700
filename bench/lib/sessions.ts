import type { CompletionItem, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import type { LspClient } from '../../test/support/lsp-client';
import { startServer, type StartOptions, type StartedServer } from './bench-client';
import { maxReplicasFor, withTier, type BenchDoc } from './documents';
import { memoryMb } from './rss';
import type { ServerSpec } from './servers';
import { sample } from './stats';

export interface Plan {
  warmUp: number;
  spawn: number;
  /** Rounds of the spawn loop that also time the first opens in the fresh server. */
  coldOpen: number;
  open: number;
  change: number;
  request: number;
  openCloseCycles: number;
  /** Documents opened at once during the open/close cycles (the peer debounces 200 ms per document). */
  cycleBatch: number;
}

const TIMEOUT_MS = 30_000;
let nextId = 0;
const freshUri = (what: string) => `file:///bench/${what}-${++nextId}.intent.yaml`;

/** Waits for the diagnostics of `uri` (at or after `version`) that satisfy `ok`, skipping stale ones. */
async function diagnosticsMatching(
  client: LspClient,
  uri: string,
  first: Promise<Diagnostic[]>,
  version: number,
  ok: (d: Diagnostic[]) => boolean,
): Promise<Diagnostic[]> {
  let d = await first;
  while (!ok(d)) d = await client.nextDiagnostics(uri, version, TIMEOUT_MS);
  return d;
}

const flagsLine = (line: number) => (d: Diagnostic[]) => d.some((x) => x.range.start.line === line && x.severity === 1);
const cleanLine = (line: number) => (d: Diagnostic[]) =>
  !d.some((x) => x.range.start.line === line && x.severity === 1);
const countItems = (r: CompletionItem[] | CompletionList | null) =>
  Array.isArray(r) ? r.length : (r?.items.length ?? 0);

export interface Baseline {
  brokenSmallFlagged: boolean;
  largeDiagnostics: { errors: number; warnings: number; other: number };
  completionItems: Record<string, number>;
  hoverFound: Record<string, boolean>;
}

/**
 * Proves the server really validates and answers before anything is timed: a `tier: prodution`
 * must be flagged on the edited line, completion must return items and hover must return text.
 */
async function checkBaseline(server: StartedServer, spec: ServerSpec, docs: BenchDoc[]): Promise<Baseline> {
  const { client } = server;
  const small = docs[0];
  const brokenUri = freshUri('sanity-broken');
  const broken = await client.open(brokenUri, withTier(small, 'prodution'), spec.languageId);
  client.close(brokenUri);
  if (!flagsLine(small.tierValue.line)(broken)) {
    throw new Error(
      `${spec.name} does not flag 'tier: prodution' (line ${small.tierValue.line + 1}); it is not validating against the intent schema. Got: ${JSON.stringify(broken)}`,
    );
  }
  const baseline: Baseline = {
    brokenSmallFlagged: true,
    largeDiagnostics: { errors: 0, warnings: 0, other: 0 },
    completionItems: {},
    hoverFound: {},
  };
  for (const doc of docs) {
    const uri = freshUri(`sanity-${doc.label}`);
    const diags = await client.open(uri, doc.text, spec.languageId);
    if (doc.label === 'large') {
      for (const d of diags)
        d.severity === 1
          ? baseline.largeDiagnostics.errors++
          : d.severity === 2
            ? baseline.largeDiagnostics.warnings++
            : baseline.largeDiagnostics.other++;
    }
    const items = countItems(
      await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', {
        textDocument: { uri },
        position: doc.completion,
      }),
    );
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: doc.hover,
    });
    client.close(uri);
    if (items === 0) throw new Error(`${spec.name}: no completion at ${doc.label} ${JSON.stringify(doc.completion)}`);
    if (!hover) throw new Error(`${spec.name}: no hover at ${doc.label} ${JSON.stringify(doc.hover)}`);
    baseline.completionItems[doc.label] = items;
    baseline.hoverFound[doc.label] = true;
  }
  return baseline;
}

export type Samples = Record<string, number[]>;

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** didOpen → first publishDiagnostics, a fresh document (new URI, new content) each time. */
export async function measureOpen(client: LspClient, spec: ServerSpec, doc: BenchDoc, plan: Plan): Promise<number[]> {
  return sample(plan.warmUp, doc.label === 'large' ? Math.ceil(plan.open * 0.75) : plan.open, async (i) => {
    const uri = freshUri(`open-${doc.label}`);
    const text = doc.variant(i + plan.warmUp);
    const t0 = performance.now();
    await client.open(uri, text, spec.languageId);
    const ms = performance.now() - t0;
    client.close(uri);
    return ms;
  });
}

/**
 * didChange (one incremental edit of the `maxReplicas` value) → the publishDiagnostics that reflect
 * it. Valid and out-of-range values alternate so the diagnostics really change, and every value is
 * new: repeating two texts would only time our server's parse cache.
 */
export async function measureChange(
  client: LspClient,
  spec: ServerSpec,
  doc: BenchDoc,
  plan: Plan,
  onReady = () => {},
): Promise<number[]> {
  const uri = freshUri(`change-${doc.label}`);
  await client.open(uri, doc.text, spec.languageId);
  onReady();
  let current = doc.maxReplicas;
  let version = 1;
  let k = 0;
  const at = doc.maxReplicasValue;
  const times = await sample(plan.warmUp, plan.change, async () => {
    const next = maxReplicasFor(k++);
    const range = { start: at, end: { line: at.line, character: at.character + current.length } };
    const t0 = performance.now();
    const first = client.edit(uri, range, next.value);
    await diagnosticsMatching(client, uri, first, ++version, next.valid ? cleanLine(at.line) : flagsLine(at.line));
    current = next.value;
    return performance.now() - t0;
  });
  client.close(uri);
  return times;
}

/** `onReady` runs once the document is open, before the first timed request (profiles start there). */
export async function measureRequests(
  client: LspClient,
  spec: ServerSpec,
  doc: BenchDoc,
  plan: Plan,
  onReady = () => {},
): Promise<Samples> {
  const uri = freshUri(`requests-${doc.label}`);
  await client.open(uri, doc.text, spec.languageId);
  onReady();
  const timed = (method: string, position: unknown) => async () => {
    const t0 = performance.now();
    await client.request(method, { textDocument: { uri }, position });
    return performance.now() - t0;
  };
  const completion = await sample(plan.warmUp, plan.request, timed('textDocument/completion', doc.completion));
  const hover = await sample(plan.warmUp, plan.request, timed('textDocument/hover', doc.hover));
  client.close(uri);
  return { [`completion.${doc.label}`]: completion, [`hover.${doc.label}`]: hover };
}

export interface LatencyResult {
  baseline: Baseline;
  samples: Samples;
}

/** One server process: baseline checks, then open, change, completion and hover for every document. */
export async function latencySession(
  spec: ServerSpec,
  docs: BenchDoc[],
  plan: Plan,
  options: StartOptions = {},
): Promise<LatencyResult> {
  const server = await startServer(spec, options);
  try {
    const baseline = await checkBaseline(server, spec, docs);
    const samples: Samples = {};
    for (const doc of docs) samples[`open.${doc.label}`] = await measureOpen(server.client, spec, doc, plan);
    for (const doc of docs) samples[`change.${doc.label}`] = await measureChange(server.client, spec, doc, plan);
    for (const doc of docs) Object.assign(samples, await measureRequests(server.client, spec, doc, plan));
    return { baseline, samples };
  } finally {
    await server.client.stop();
  }
}

/**
 * Fresh servers, alternating so drift on the machine hits all alike: spawn → initialize response,
 * and, in the first `plan.coldOpen` rounds, the first open→diagnostics of the small file and then
 * of the large one (what a user waits for right after the editor starts the server).
 */
export async function coldStartSamples(
  specs: Array<{ spec: ServerSpec; open: boolean }>,
  docs: BenchDoc[],
  plan: Plan,
): Promise<Record<string, Samples>> {
  const out: Record<string, Samples> = Object.fromEntries(
    specs.map(({ spec }) => [
      spec.name,
      { initialize: [], ...Object.fromEntries(docs.map((d) => [`firstOpen.${d.label}`, []])) },
    ]),
  );
  for (let i = -plan.warmUp; i < plan.spawn; i++) {
    for (const { spec, open } of specs) {
      const server = await startServer(spec);
      try {
        if (i < 0) continue;
        out[spec.name].initialize.push(server.initializeMs);
        if (!open || i >= plan.coldOpen) continue;
        for (const doc of docs) {
          const t0 = performance.now();
          await server.client.open(freshUri(`cold-${doc.label}`), doc.variant(i), spec.languageId);
          out[spec.name][`firstOpen.${doc.label}`].push(performance.now() - t0);
        }
      } finally {
        await server.client.stop();
      }
    }
  }
  return out;
}

/** VmRSS of a server that has only been initialized. */
export async function idleMemory(spec: ServerSpec): Promise<{ rss: number; anon: number }> {
  const server = await startServer(spec);
  try {
    await settle(500);
    return memoryMb(server.pid);
  } finally {
    await server.client.stop();
  }
}

export interface MemoryResult {
  idleMb: number;
  afterLargeMb: number;
  /** Private part (RssAnon) of afterLargeMb. */
  afterLargeAnonMb: number;
  /** After the open/close cycles of the small file (same text, a new URI each time). */
  afterCyclesMb: number;
  growthMb: number;
  /** After as many cycles again, each with different content (what caches keyed by text retain). */
  afterDistinctMb: number;
  distinctGrowthMb: number;
}

/** Opens `count` documents (batched: every open waits for its diagnostics), closing each batch. */
async function openCloseCycles(
  client: LspClient,
  spec: ServerSpec,
  plan: Plan,
  textOf: (k: number) => string,
): Promise<void> {
  for (let done = 0; done < plan.openCloseCycles; done += plan.cycleBatch) {
    const ks = Array.from({ length: Math.min(plan.cycleBatch, plan.openCloseCycles - done) }, (_, i) => done + i);
    const uris = ks.map(() => freshUri('cycle'));
    await Promise.all(ks.map((k, i) => client.open(uris[i], textOf(k), spec.languageId)));
    for (const uri of uris) client.close(uri);
  }
}

/** RSS after opening the large file, then after open/close cycles of the small file. */
export async function memorySession(
  spec: ServerSpec,
  small: BenchDoc,
  large: BenchDoc,
  plan: Plan,
  options: StartOptions = {},
): Promise<MemoryResult> {
  const server = await startServer(spec, options);
  const { client } = server;
  try {
    await settle(500);
    const idleMb = memoryMb(server.pid).rss;
    await client.open(freshUri('memory-small'), small.text, spec.languageId);
    await client.open(freshUri('memory-large'), large.text, spec.languageId);
    await settle(1000);
    const { rss: afterLargeMb, anon: afterLargeAnonMb } = memoryMb(server.pid);
    await openCloseCycles(client, spec, plan, () => small.text);
    await settle(2000);
    const afterCyclesMb = memoryMb(server.pid).rss;
    await openCloseCycles(client, spec, plan, (k) => small.variant(100_000 + k));
    await settle(2000);
    const afterDistinctMb = memoryMb(server.pid).rss;
    return {
      idleMb,
      afterLargeMb,
      afterLargeAnonMb,
      afterCyclesMb,
      growthMb: afterCyclesMb - afterLargeMb,
      afterDistinctMb,
      distinctGrowthMb: afterDistinctMb - afterCyclesMb,
    };
  } finally {
    await client.stop();
  }
}
