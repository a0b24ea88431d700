import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 .cpuprofile (as written by `node --cpu-prof`) that we read. */
interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  fn: string;
  /** file:line in the sources (through the bundle's source map when there is one). */
  location: string;
  selfMs: number;
  totalMs: number;
}

function sourceMapFor(url: string, cache: Map<string, SourceMap | null>): SourceMap | null {
  if (!cache.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null; // node internals and files without a map keep their own positions
    }
    cache.set(url, map);
  }
  return cache.get(url)!;
}

/** A span of CLOCK_MONOTONIC in µs: V8 profile timestamps and process.hrtime share that clock on Linux. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Self and inclusive time of every function in the profile (only samples inside `window` when
 * given), located in the original sources through the bundle's source map.
 */
export function analyse(
  profileFile: string,
  root: string,
  window?: Window,
): { totalMs: number; functions: Hotspot[]; windowed: boolean } {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const maps = new Map<string, SourceMap | null>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const frameOf = new Map<number, { key: string; fn: string; location: string }>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    const { location, name } = url
      ? locate(url, lineNumber, columnNumber, root, maps)
      : { location: '(native)', name: undefined };
    const fn = name || functionName || '(anonymous)';
    frameOf.set(n.id, { key: `${fn} ${location}`, fn, location });
  }

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalMs = 0;
  let at = profile.startTime;
  const inWindow = window && window.fromUs >= profile.startTime && window.toUs <= profile.endTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (inWindow && (at < window.fromUs || at > window.toUs)) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const k = frameOf.get(id)!.key;
    self.set(k, (self.get(k) ?? 0) + ms);
    const seen = new Set<string>(); // recursion must not count a sample twice
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = frameOf.get(cur)!.key;
      if (seen.has(key)) continue;
      total.set(key, (total.get(key) ?? 0) + ms);
      seen.add(key);
    }
  });
  const frames = new Map([...frameOf.values()].map((v) => [v.key, v]));
  const functions = [...total.keys()]
    .filter((k) => !/^\((idle|program|garbage collector|root)\)/.test(k))
    .map((k) => ({
      fn: frames.get(k)!.fn,
      location: frames.get(k)!.location,
      selfMs: self.get(k) ?? 0,
      totalMs: total.get(k)!,
    }));
  return { totalMs, functions, windowed: !!inWindow };
}

/** Original file:line (and identifier, the bundle being minified) of a generated position. */
function locate(
  url: string,
  line: number,
  column: number,
  root: string,
  maps: Map<string, SourceMap | null>,
): { location: string; name?: string } {
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const entry = sourceMapFor(url, maps)?.findEntry(line, column) as
    { originalSource?: string; originalLine?: number; name?: string } | undefined;
  if (entry?.originalSource) {
    const src = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : path.resolve(path.dirname(file), entry.originalSource);
    return { location: `${path.relative(root, src)}:${(entry.originalLine ?? 0) + 1}`, name: entry.name };
  }
  return { location: path.isAbsolute(file) ? `${path.relative(root, file)}:${line + 1}` : `${file}:${line + 1}` };
}
