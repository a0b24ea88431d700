import { summarize, type Summary } from './stats';

/** A target of our server on one statistic of one metric (from the product's performance budget). */
export interface Target {
  stat: 'median' | 'p95' | 'value';
  max: number;
  text: string;
}

export interface Row {
  metric: string;
  unit: 'ms' | 'MB';
  ours: Summary;
  theirs: Summary;
  /** ours.median / theirs.median */
  ratio: number;
  target?: Target & { met: boolean };
}

const TARGETS: Record<string, Target> = {
  'spawn→initialize': { stat: 'median', max: 150, text: 'median ≤ 150 ms' },
  'change→diagnostics (small)': { stat: 'median', max: 30, text: 'median ≤ 30 ms' },
  'change→diagnostics (large)': { stat: 'median', max: 60, text: 'median ≤ 60 ms' },
  'completion (small)': { stat: 'p95', max: 5, text: 'p95 ≤ 5 ms' },
  'completion (large)': { stat: 'p95', max: 5, text: 'p95 ≤ 5 ms' },
  'hover (small)': { stat: 'p95', max: 5, text: 'p95 ≤ 5 ms' },
  'hover (large)': { stat: 'p95', max: 5, text: 'p95 ≤ 5 ms' },
  'RSS after opening large': { stat: 'value', max: 60, text: '≤ 60 MB' },
  'RSS after open/close cycles': { stat: 'value', max: 60, text: '≤ 60 MB' },
  // "Flat": what stays after the cycles is noise, not a per-document leak (1,000 documents × 5 KB).
  'RSS growth over open/close': { stat: 'value', max: 5, text: '≤ 5 MB (flat)' },
};

/** A row of the budget's target for `metric`, if it has one. */
export function row(metric: string, unit: Row['unit'], ours: number[], theirs: number[]): Row {
  return rowWithTarget(metric, unit, ours, theirs, TARGETS[metric]);
}

/** A row held against `target`; `target.value`, when given, is the figure compared instead of our statistic. */
export function rowWithTarget(
  metric: string,
  unit: Row['unit'],
  ours: number[],
  theirs: number[],
  target?: Target & { value?: number },
): Row {
  const o = summarize(ours);
  const t = summarize(theirs);
  const value = target?.value ?? (target?.stat === 'p95' ? o.p95 : o.median);
  return {
    metric,
    unit,
    ours: o,
    theirs: t,
    ratio: o.median / t.median,
    target: target && { ...target, met: value <= target.max },
  };
}

const num = (x: number) => (Number.isNaN(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pair = (s: Summary, unit: Row['unit']) =>
  s.n === 1 ? `${num(s.median)} ${unit}` : `${num(s.median)} / ${num(s.p95)} ${unit}`;

export function table(rows: Row[]): string {
  const header = ['metric', 'ours median / p95', 'theirs median / p95', 'ours/theirs', 'target (ours)', 'status'];
  const body = rows.map((r) => [
    r.metric,
    pair(r.ours, r.unit),
    pair(r.theirs, r.unit),
    Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : '—',
    r.target?.text ?? '—',
    r.target ? (r.target.met ? 'met' : 'MISSED') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
