/** Summary of latency samples (ms) or sizes; percentiles by nearest rank. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/** Runs `once` warmUp times (discarded), then `samples` times, and returns the timed samples. */
export async function sample(warmUp: number, samples: number, once: (i: number) => Promise<number>): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await once(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < samples; i++) out.push(await once(i));
  return out;
}
