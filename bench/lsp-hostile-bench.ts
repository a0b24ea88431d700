/**
 * Hostile-input benchmark: our server (dist/server.js) and yaml-language-server on the same seeded
 * adversarial documents (test/fuzz/hostile-documents.ts), a 50,000-line intent and a 100,000-key
 * map, over real JSON-RPC on stdio; plus the policy engine's regex on a ReDoS pattern. Prints a
 * table with the acceptance targets (met/missed, never asserted); writes bench/results/lsp-hostile.json.
 *
 *   node --import tsx bench/lsp-hostile-bench.ts [--quick] [--full-peer]
 *     --quick      200 documents instead of 2,000
 *     --full-peer  yaml-language-server on every document too (default: every 5th, it waits 200 ms per edit)
 *     --peer-minutes N  stop the peer after N minutes (default 8: each restart of a hung peer costs ~1 minute);
 *                  both servers are then compared on the documents the peer got through
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LspClient } from '../test/support/lsp-client';
import { hostileDocument, positionIn, rng, type HostileDoc } from '../test/fuzz/hostile-documents';
import { REFERENCE_INTENT } from '../test/support/fixtures';
import { jmesQuery } from '../server/policy/jmespath/jmespath';
import { startServer, type StartedServer } from './lib/bench-client';
import { rowWithTarget, table, type Row, type Target } from './lib/report';
import { memoryMb } from './lib/rss';
import { ours, ROOT, theirs, type ServerSpec } from './lib/servers';

const SEED = 20261203;
const NO_ANSWER_MS = 10_000;
const ANSWER_TARGET_MS = 3000;

const args = process.argv.slice(2);
const DOCS = args.includes('--quick') ? 200 : 2000;
const PEER_EVERY = args.includes('--full-peer') ? 1 : 5;
const SCALE = 10_000;
const peerMinutesAt = args.indexOf('--peer-minutes');
const PEER_BUDGET_MS = (peerMinutesAt >= 0 ? Number(args[peerMinutesAt + 1]) : 8) * 60_000;

type Outcome = { ms: number; answered: boolean };

async function timed(p: Promise<unknown>): Promise<Outcome> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  // An error response is an answer; LspClient's own "no diagnostics within …" rejection is not.
  const settled = p.then(
    () => true,
    (e: unknown) => !/^no diagnostics for/.test((e as Error)?.message ?? ''),
  );
  const answered = await Promise.race([
    settled,
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), NO_ANSWER_MS))),
  ]);
  clearTimeout(timer);
  return { ms: performance.now() - t0, answered };
}

/** Peak VmRSS of a process, sampled every 50 ms until stopped. */
function rssSampler(pid: number): { stop(): number } {
  let peak = 0;
  const read = () => {
    try {
      peak = Math.max(peak, memoryMb(pid).rss);
    } catch {
      /* exited */
    }
  };
  const timer = setInterval(read, 50);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

interface FuzzResult {
  docs: number;
  latencies: Record<'diagnostics' | 'completion' | 'hover' | 'symbols', number[]>;
  unanswered: number;
  over3s: number;
  restarts: number;
  peakRssMb: number;
  alive: boolean;
}

let uriId = 0;
const uriFor = () => `file:///bench/hostile-${++uriId}.intent.yaml`;

async function fuzzSession(
  spec: ServerSpec,
  docs: HostileDoc[],
  log: (s: string) => void,
  budgetMs = Infinity,
): Promise<FuzzResult> {
  const began = performance.now();
  const result: FuzzResult = {
    docs: docs.length,
    latencies: { diagnostics: [], completion: [], hover: [], symbols: [] },
    unanswered: 0,
    over3s: 0,
    restarts: 0,
    peakRssMb: 0,
    alive: true,
  };
  let server: StartedServer = await startServer(spec);
  let sampler = rssSampler(server.pid);
  let uri = uriFor();
  await server.client.open(uri, 'kind: DeploymentIntent\n', spec.languageId);
  let silentInARow = 0;
  const next = rng(SEED + 1);
  for (let i = 0; i < docs.length; i++) {
    if (performance.now() - began > budgetMs) {
      log(`${spec.name}: time budget spent after ${i} of ${docs.length} documents; compared on those`);
      result.docs = i;
      break;
    }
    const client: LspClient = server.client;
    const doc = docs[i];
    let diag: Promise<unknown>;
    if (i % 10 === 9) {
      client.close(uri);
      uri = uriFor();
      diag = client.open(uri, doc.text, spec.languageId);
    } else diag = client.change(uri, doc.text);
    const outcomes: Array<[keyof FuzzResult['latencies'], Outcome]> = [['diagnostics', await timed(diag)]];
    const pos = { textDocument: { uri }, position: positionIn(next, doc.text) };
    const [c, h, s] = await Promise.all([
      timed(client.request('textDocument/completion', pos)),
      timed(client.request('textDocument/hover', pos)),
      timed(client.request('textDocument/documentSymbol', { textDocument: { uri } })),
    ]);
    outcomes.push(['completion', c], ['hover', h], ['symbols', s]);
    for (const [kind, o] of outcomes) {
      result.latencies[kind].push(o.ms);
      if (!o.answered) result.unanswered++;
      if (o.ms > ANSWER_TARGET_MS) result.over3s++;
    }
    silentInARow = outcomes.some(([, o]) => !o.answered) ? silentInARow + 1 : 0;
    if (server.client.proc.exitCode !== null || silentInARow >= 3) {
      // A server that died or stopped answering is restarted (counted), so the rest still runs.
      log(
        `${spec.name}: ${server.client.proc.exitCode !== null ? 'exited' : 'stopped answering'} at document ${i} (${doc.kind}); restarting`,
      );
      result.alive = false;
      result.restarts++;
      result.peakRssMb = Math.max(result.peakRssMb, sampler.stop());
      server.client.proc.kill('SIGKILL');
      server.client.connection.dispose();
      server = await startServer(spec);
      sampler = rssSampler(server.pid);
      uri = uriFor();
      await server.client.open(uri, 'kind: DeploymentIntent\n', spec.languageId);
      silentInARow = 0;
    }
    if (i % 200 === 199) log(`${spec.name}: ${i + 1}/${docs.length} documents`);
  }
  result.alive &&= server.client.proc.exitCode === null;
  result.peakRssMb = Math.max(result.peakRssMb, sampler.stop());
  await server.client.stop();
  return result;
}

/** 50,000 lines: a DeploymentIntent whose env list has 25,000 entries. */
function fiftyKLines(k: number): string {
  return `${REFERENCE_INTENT}  env:\n${Array.from({ length: 25_000 }, (_, i) => `    - name: V${i}\n      value: "x${i}-${k}"\n`).join('')}`;
}

/** 100,000 keys in one map (labels of an intent). */
function hundredKKeys(k: number): string {
  return `${REFERENCE_INTENT}  labels:\n${Array.from({ length: 100_000 }, (_, i) => `    k${i}: v${i}-${k}\n`).join('')}`;
}

async function largeSession(spec: ServerSpec, samples: number): Promise<Record<string, number[]>> {
  const server = await startServer(spec);
  const { client } = server;
  const out: Record<string, number[]> = {};
  const add = (key: string, o: Outcome) => (out[key] ??= []).push(o.answered ? o.ms : NaN);
  try {
    for (let k = 0; k < samples; k++) {
      const text = fiftyKLines(k);
      const uri = uriFor();
      add('50k open→diagnostics', await timed(client.open(uri, text, spec.languageId)));
      const tier = REFERENCE_INTENT.split('\n').findIndex((l) => l.startsWith('  tier:'));
      add(
        '50k change→diagnostics',
        await timed(
          client.edit(uri, { start: { line: tier, character: 8 }, end: { line: tier, character: 8 } }, `x${k}`),
        ),
      );
      const mid = { line: 25_000, character: 6 };
      add(
        '50k completion',
        await timed(client.request('textDocument/completion', { textDocument: { uri }, position: mid })),
      );
      add(
        '50k hover',
        await timed(
          client.request('textDocument/hover', { textDocument: { uri }, position: { line: tier, character: 3 } }),
        ),
      );
      add('50k symbols', await timed(client.request('textDocument/documentSymbol', { textDocument: { uri } })));
      add('50k folding', await timed(client.request('textDocument/foldingRange', { textDocument: { uri } })));
      client.close(uri);
      const mapUri = uriFor();
      add('100k-key map open→diagnostics', await timed(client.open(mapUri, hundredKKeys(k), spec.languageId)));
      client.close(mapUri);
    }
  } finally {
    await client.stop();
  }
  return out;
}

/** regex_match('^(a+)+$', 40 × a + '!') through our JMESPath engine, and a backtracking JS RegExp on fewer a's. */
function regexFigures(): { re2Ms: number; backtrackingMs: number; backtrackingAs: number } {
  const t0 = performance.now();
  const r = jmesQuery(`regex_match('^(a+)+$', '${'a'.repeat(40)}!')`, {});
  const re2Ms = performance.now() - t0;
  if (r !== false) throw new Error('regex_match answered wrongly');
  const backtrackingAs = 24;
  const t1 = performance.now();
  /^(a+)+$/.test(`${'a'.repeat(backtrackingAs)}!`);
  return { re2Ms, backtrackingMs: performance.now() - t1, backtrackingAs };
}

/** A row of the answered requests' samples (NaN: no answer within the time limit). */
function customRow(
  metric: string,
  unit: Row['unit'],
  o: number[],
  t: number[],
  target?: Target & { value?: number },
): Row {
  return rowWithTarget(
    metric,
    unit,
    o.filter((x) => !Number.isNaN(x)),
    t.filter((x) => !Number.isNaN(x)),
    target,
  );
}

// A hung peer is killed and restarted; writes still queued for it then fail (EPIPE, destroyed stream).
// Those are expected here and already counted as unanswered requests; anything else still crashes.
const deadPipe = (e: unknown) => /EPIPE|ERR_STREAM_DESTROYED/.test(String((e as { code?: unknown })?.code));
process.on('unhandledRejection', (e: unknown) => {
  if (!deadPipe(e)) throw e;
});
process.on('uncaughtException', (e: unknown) => {
  if (deadPipe(e)) return;
  console.error(e);
  process.exit(1);
});

async function main(): Promise<void> {
  const started = performance.now();
  const log = (s: string) => console.error(`[lsp-hostile ${((performance.now() - started) / 1000).toFixed(0)}s] ${s}`);
  const next = rng(SEED);
  const docs = Array.from({ length: DOCS }, () => hostileDocument(next, SCALE));
  const peerDocs = docs.filter((_, i) => i % PEER_EVERY === 0);
  log(`${DOCS} documents (seed ${SEED}); yaml-language-server on ${peerDocs.length} of them`);
  const regex = regexFigures();
  const fuzzOurs = await fuzzSession(ours, docs, log);
  const fuzzTheirs = await fuzzSession(theirs, peerDocs, log, PEER_BUDGET_MS);
  const compared = peerDocs.slice(0, fuzzTheirs.docs);
  const fuzzOursPeerSet =
    PEER_EVERY === 1 && compared.length === docs.length ? fuzzOurs : await fuzzSession(ours, compared, log);
  log('large documents');
  const largeOurs = await largeSession(ours, 3);
  // One sample for the peer: it takes tens of seconds per request on these (each capped at 10 s).
  const largeTheirs = await largeSession(theirs, 1);

  const rows: Row[] = [];
  const all = (r: FuzzResult) => Object.values(r.latencies).flat();
  rows.push(
    customRow(`hostile docs: every request, all ${DOCS} (ours)`, 'ms', all(fuzzOurs), [], {
      stat: 'value',
      max: ANSWER_TARGET_MS,
      text: 'max ≤ 3000 ms',
      value: Math.max(...all(fuzzOurs)),
    }),
  );
  for (const kind of ['diagnostics', 'completion', 'hover', 'symbols'] as const) {
    rows.push(
      customRow(
        `hostile docs: ${kind} (same ${compared.length} docs)`,
        'ms',
        fuzzOursPeerSet.latencies[kind],
        fuzzTheirs.latencies[kind],
        {
          stat: 'value',
          max: ANSWER_TARGET_MS,
          text: 'max ≤ 3000 ms',
          value: Math.max(...fuzzOursPeerSet.latencies[kind]),
        },
      ),
    );
  }
  rows.push(
    customRow(`hostile docs: peak RSS, all ${DOCS} (ours)`, 'MB', [fuzzOurs.peakRssMb], [], {
      stat: 'value',
      max: 300,
      text: '≤ 300 MB',
    }),
  );
  rows.push(
    customRow(
      `hostile docs: peak RSS (same ${compared.length} docs)`,
      'MB',
      [fuzzOursPeerSet.peakRssMb],
      [fuzzTheirs.peakRssMb],
      { stat: 'value', max: 300, text: '≤ 300 MB' },
    ),
  );
  for (const key of Object.keys(largeOurs)) {
    const max = key.startsWith('100k') ? 2000 : 3000;
    rows.push(
      customRow(key, 'ms', largeOurs[key], largeTheirs[key] ?? [], {
        stat: 'value',
        max,
        text: `max ≤ ${max} ms`,
        value: Math.max(...largeOurs[key].map((x) => (Number.isNaN(x) ? Infinity : x))),
      }),
    );
  }
  rows.push(
    customRow(
      "regex_match('^(a+)+$', 40×a+'!') (theirs: JS RegExp, 24 a's)",
      'ms',
      [regex.re2Ms],
      [regex.backtrackingMs],
      { stat: 'value', max: 100, text: '< 100 ms' },
    ),
  );

  console.log(
    `\nHostile input on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}; ours = ${ours.name}, theirs = ${theirs.name}`,
  );
  console.log(
    `${DOCS} seeded documents (seed ${SEED}, scale ${SCALE}): edit or open/close → diagnostics, then completion, hover, symbols; a request silent for ${NO_ANSWER_MS / 1000} s counts as unanswered\n`,
  );
  console.log(table(rows));
  const line = (name: string, r: FuzzResult) =>
    `  ${name}: ${r.docs} docs, unanswered ${r.unanswered}, over 3 s ${r.over3s}, restarts ${r.restarts}, alive throughout ${r.alive ? 'yes' : 'NO'}, peak RSS ${r.peakRssMb.toFixed(0)} MB`;
  console.log(
    [
      '',
      line(`ours (all ${DOCS})`, fuzzOurs),
      line(`ours (peer set)`, fuzzOursPeerSet),
      line('theirs (peer set)', fuzzTheirs),
    ].join('\n'),
  );
  console.log(
    "  large: 50k = reference intent + 25,000 env entries (one YAML document); theirs' diagnostics include its 200 ms debounce; NaN = no answer within 10 s.",
  );

  const resultsDir = path.join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, 'lsp-hostile.json'),
    JSON.stringify(
      {
        seed: SEED,
        docs: DOCS,
        peerEvery: PEER_EVERY,
        regex,
        fuzz: { ours: fuzzOurs, oursPeerSet: fuzzOursPeerSet, theirs: fuzzTheirs },
        large: { ours: largeOurs, theirs: largeTheirs },
        rows,
      },
      null,
      2,
    ),
  );
}

// Exit when done: a peer killed mid-request can leave handles that would keep `npm run bench` waiting.
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
