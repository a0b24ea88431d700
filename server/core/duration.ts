/**
 * The one owner of durations: Go `time.ParseDuration` / `Duration.String()` semantics, in nanoseconds
 * (a JS number), as Kyverno, helm and kubectl read them. The policy engine uses nanoseconds, helm
 * timeouts milliseconds (`durationMs`), the chart compiler whole seconds (`durationSeconds`).
 */
const UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const PART = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

export function parseDuration(input: string): number | undefined {
  let s = input;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s.length > 0) {
    const m = PART.exec(s);
    if (!m) return undefined;
    total += parseFloat(m[1]) * UNITS[m[2]];
    s = s.slice(m[0].length);
  }
  return sign * Math.round(total);
}

export function isDuration(input: unknown): input is string {
  return typeof input === 'string' && parseDuration(input) !== undefined;
}

/** `1h0m5s`, `1m30s`, `500ms`, `0s` — the way Go prints durations. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let u = Math.abs(Math.round(ns));
  if (u < 1e9) {
    if (u < 1e3) return `${sign}${u}ns`;
    if (u < 1e6) return `${sign}${trimFraction(u / 1e3)}µs`;
    return `${sign}${trimFraction(u / 1e6)}ms`;
  }
  const hours = Math.floor(u / 3600e9);
  u -= hours * 3600e9;
  const minutes = Math.floor(u / 60e9);
  u -= minutes * 60e9;
  const seconds = `${trimFraction(u / 1e9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

function trimFraction(n: number): string {
  return String(Number(n.toFixed(9)));
}

/** Milliseconds of a helm/kubectl timeout: a Go duration, or a bare number of seconds ("90"). */
export function durationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const ns = parseDuration(t);
  return ns === undefined || ns < 0 ? undefined : ns / 1e6;
}

/** Whole seconds of a schema duration (`30s`, `1h30m`, `500ms` → 1): rounded up, at least 1. */
export function durationSeconds(text: string): number {
  return Math.max(1, Math.ceil((parseDuration(text.trim()) ?? 0) / 1e9));
}

/** Milliseconds as helm prints durations, to the second ("5m0s", "1m30s", "45s"). */
export function formatGoDuration(ms: number): string {
  return formatDuration(Math.round(ms / 1000) * 1e9);
}
