/** The last Warning events of the release's objects, newest first (duplicates folded by the API's count). */
import type { WarningEvent } from '../protocol/status-protocol';

export function eventTime(e: any): string {
  return String(
    e?.series?.lastObservedTime ??
      e?.lastTimestamp ??
      e?.eventTime ??
      e?.firstTimestamp ??
      e?.metadata?.creationTimestamp ??
      '',
  );
}

/**
 * Warning events whose involved object is one of `objects` ("Kind/name"), or whose name starts with a
 * prefix in `prefixes` (ReplicaSets and pods named after their workload). At most `limit`.
 */
export function warningEvents(
  events: Iterable<any>,
  objects: Set<string>,
  prefixes: string[],
  limit = 20,
): WarningEvent[] {
  const picked: any[] = [];
  for (const e of events) {
    if (e?.type !== 'Warning') continue;
    const kind = String(e?.involvedObject?.kind ?? e?.regarding?.kind ?? '');
    const name = String(e?.involvedObject?.name ?? e?.regarding?.name ?? '');
    if (objects.has(`${kind}/${name}`) || prefixes.some((p) => name.startsWith(p))) picked.push(e);
  }
  picked.sort((a, b) => eventTime(b).localeCompare(eventTime(a)));
  return picked.slice(0, limit).map((e) => ({
    object: `${e?.involvedObject?.kind ?? e?.regarding?.kind ?? ''}/${e?.involvedObject?.name ?? e?.regarding?.name ?? ''}`,
    reason: String(e?.reason ?? ''),
    message: String(e?.message ?? e?.note ?? '').trim(),
    count: typeof e?.series?.count === 'number' ? e.series.count : typeof e?.count === 'number' ? e.count : 1,
    ...(eventTime(e) ? { lastSeen: eventTime(e) } : {}),
  }));
}
