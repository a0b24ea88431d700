/** Seconds in a schema duration such as `30s`, `5m`, `1h30m`, `500ms` (rounded up to whole seconds). */
export function parseDuration(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(/([0-9]+)(ms|s|m|h)/g)) seconds += Number(amount) * units[unit];
  return Math.max(1, Math.ceil(seconds));
}
