/**
 * Kyverno's `time_*` JMESPath functions over RFC 3339 timestamps. Go reference layouts
 * (`2006-01-02T15:04:05Z07:00`) are translated for `time_parse` / `time_since`.
 */
import { formatDuration, parseDuration } from '../util/duration';

export function parseRfc3339(fn: string, s: unknown): Date {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    throw new Error(`JMESPath function '${fn}': '${String(s)}' is not an RFC 3339 time`);
  }
  return new Date(s);
}

export function formatRfc3339(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

function durationArg(fn: string, s: unknown): number {
  const d = typeof s === 'string' ? parseDuration(s) : undefined;
  if (d === undefined) throw new Error(`JMESPath function '${fn}': '${String(s)}' is not a duration`);
  return d;
}

const TOKENS: Array<[string, string]> = [
  ['2006', '(?<year>\\d{4})'],
  ['January', '(?<monthName>[A-Za-z]+)'],
  ['Jan', '(?<monthShort>[A-Za-z]{3})'],
  ['Monday', '[A-Za-z]+'],
  ['Mon', '[A-Za-z]{3}'],
  ['01', '(?<month>\\d{2})'],
  ['02', '(?<day>\\d{2})'],
  ['_2', ' ?(?<day>\\d{1,2})'],
  ['15', '(?<hour>\\d{2})'],
  ['03', '(?<hour12>\\d{2})'],
  ['04', '(?<minute>\\d{2})'],
  ['05', '(?<second>\\d{2})'],
  ['.000000000', '(?<frac>\\.\\d{9})'],
  ['.000000', '(?<frac>\\.\\d{6})'],
  ['.000', '(?<frac>\\.\\d{3})'],
  ['.999999999', '(?<frac>\\.\\d+)?'],
  ['PM', '(?<ampm>AM|PM)'],
  ['Z07:00', '(?<zone>Z|[+-]\\d{2}:\\d{2})'],
  ['-07:00', '(?<zone>[+-]\\d{2}:\\d{2})'],
  ['-0700', '(?<zoneCompact>[+-]\\d{4})'],
  ['MST', '(?<zoneName>[A-Z]{3,4})'],
  ['1', '(?<month>\\d{1,2})'],
  ['2', '(?<day>\\d{1,2})'],
  ['3', '(?<hour12>\\d{1,2})'],
  ['4', '(?<minute>\\d{1,2})'],
  ['5', '(?<second>\\d{1,2})'],
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Parses `value` with a Go layout; throws when the layout or value is not understood. */
export function parseWithLayout(fn: string, layout: string, value: string): Date {
  let re = '';
  let rest = layout;
  const used = new Set<string>();
  outer: while (rest.length > 0) {
    for (const [token, pattern] of TOKENS) {
      if (!rest.startsWith(token)) continue;
      const group = /\?<(\w+)>/.exec(pattern)?.[1];
      if (group && used.has(group)) break;
      if (group) used.add(group);
      re += pattern;
      rest = rest.slice(token.length);
      continue outer;
    }
    re += rest[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    rest = rest.slice(1);
  }
  const m = new RegExp(`^${re}$`).exec(value);
  if (!m?.groups) throw new Error(`JMESPath function '${fn}': cannot parse '${value}' as '${layout}'`);
  const g = m.groups;
  const month = g.month
    ? Number(g.month)
    : g.monthName || g.monthShort
      ? MONTHS.indexOf((g.monthName ?? g.monthShort).slice(0, 3).toLowerCase()) + 1
      : 1;
  let hour = Number(g.hour ?? g.hour12 ?? 0);
  if (g.ampm === 'PM' && hour < 12) hour += 12;
  if (g.ampm === 'AM' && hour === 12) hour = 0;
  const frac = g.frac ? Number(g.frac) * 1000 : 0;
  let offsetMinutes = 0;
  const zone = g.zone ?? (g.zoneCompact ? `${g.zoneCompact.slice(0, 3)}:${g.zoneCompact.slice(3)}` : undefined);
  if (zone && zone !== 'Z')
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const utc = Date.UTC(
    Number(g.year ?? 0),
    month - 1,
    Number(g.day ?? 1),
    hour,
    Number(g.minute ?? 0),
    Number(g.second ?? 0),
    frac,
  );
  return new Date(utc - offsetMinutes * 60_000);
}

export const timeFunctions = {
  time_now: () => formatRfc3339(new Date()),
  time_now_utc: () => formatRfc3339(new Date()),
  time_utc: (t: unknown) => formatRfc3339(parseRfc3339('time_utc', t)),
  time_add: (t: unknown, d: unknown) =>
    formatRfc3339(new Date(parseRfc3339('time_add', t).getTime() + durationArg('time_add', d) / 1e6)),
  time_parse: (layout: unknown, value: unknown) =>
    formatRfc3339(parseWithLayout('time_parse', String(layout), String(value))),
  time_diff: (a: unknown, b: unknown) =>
    formatDuration((parseRfc3339('time_diff', b).getTime() - parseRfc3339('time_diff', a).getTime()) * 1e6),
  time_before: (a: unknown, b: unknown) =>
    parseRfc3339('time_before', a).getTime() < parseRfc3339('time_before', b).getTime(),
  time_after: (a: unknown, b: unknown) =>
    parseRfc3339('time_after', a).getTime() > parseRfc3339('time_after', b).getTime(),
  time_between: (t: unknown, start: unknown, end: unknown) => {
    const x = parseRfc3339('time_between', t).getTime();
    return x > parseRfc3339('time_between', start).getTime() && x < parseRfc3339('time_between', end).getTime();
  },
  time_truncate: (t: unknown, d: unknown) => {
    const step = durationArg('time_truncate', d) / 1e6;
    const ms = parseRfc3339('time_truncate', t).getTime();
    return formatRfc3339(new Date(step > 0 ? ms - (ms % step) : ms));
  },
  time_since: (layout: unknown, start: unknown, end: unknown) => {
    const read = (s: unknown) =>
      layout === '' || layout === null
        ? parseRfc3339('time_since', s)
        : parseWithLayout('time_since', String(layout), String(s));
    const to = end === '' || end === null ? new Date() : read(end);
    return formatDuration((to.getTime() - read(start).getTime()) * 1e6);
  },
  time_to_cron: (t: unknown) => {
    const d = parseRfc3339('time_to_cron', t);
    return `${d.getUTCMinutes()} ${d.getUTCHours()} ${d.getUTCDate()} ${d.getUTCMonth() + 1} ${d.getUTCDay()}`;
  },
};
