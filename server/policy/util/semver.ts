/** Strict semantic versions and ranges (`>=1.0.0 <2.0.0 || 3.x`), as blang/semver reads them. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: Array<string | number>;
}

const STRICT =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(input: string): SemVer | undefined {
  const m = STRICT.exec(input.trim());
  if (!m) return undefined;
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre };
}

export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type Check = (v: SemVer) => boolean;

/** Returns a predicate, or throws with a message naming the bad part. */
export function parseSemverRange(input: string): Check {
  const alternatives = input.split('||').map((alt) => {
    const parts = alt.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) throw new Error(`invalid semver range '${input}'`);
    const checks = parts.flatMap(parseComparator);
    return (v: SemVer) => checks.every((c) => c(v));
  });
  return (v) => alternatives.some((c) => c(v));
}

function parseComparator(part: string): Check[] {
  const m = /^(>=|<=|!=|==|>|<|=|!)?(.*)$/.exec(part)!;
  const op = m[1] ?? '';
  const text = m[2];
  const pieces = text.split('.');
  const wildcardAt = pieces.findIndex((p) => p === 'x' || p === 'X' || p === '*');
  if (wildcardAt >= 0) {
    // `1.2.x` covers [1.2.0, 1.3.0); the operator applies to that interval.
    const nums = pieces.slice(0, wildcardAt).map(Number);
    while (nums.length < 3) nums.push(0);
    const lower = parseSemver(nums.join('.'));
    if (!lower || nums.some((n) => Number.isNaN(n))) throw new Error(`invalid semver range part '${part}'`);
    const upperNums = [...nums];
    if (wildcardAt === 0) return [() => op !== '<' && op !== '>' && op !== '!' && op !== '!='];
    upperNums[wildcardAt - 1]++;
    for (let i = wildcardAt; i < 3; i++) upperNums[i] = 0;
    const upper = parseSemver(upperNums.join('.'))!;
    const inRange = (v: SemVer) => compareSemver(v, lower) >= 0 && compareSemver(v, upper) < 0;
    switch (op) {
      case '':
      case '=':
      case '==':
        return [inRange];
      case '!':
      case '!=':
        return [(v) => !inRange(v)];
      case '>':
      case '>=':
        return [(v) => compareSemver(v, op === '>' ? upper : lower) >= 0];
      default:
        return [(v) => (op === '<' ? compareSemver(v, lower) < 0 : compareSemver(v, upper) < 0)];
    }
  }
  const target = parseSemver(text);
  if (!target) throw new Error(`invalid semver range part '${part}'`);
  const cmp = (v: SemVer) => compareSemver(v, target);
  switch (op) {
    case '>':
      return [(v) => cmp(v) > 0];
    case '>=':
      return [(v) => cmp(v) >= 0];
    case '<':
      return [(v) => cmp(v) < 0];
    case '<=':
      return [(v) => cmp(v) <= 0];
    case '!':
    case '!=':
      return [(v) => cmp(v) !== 0];
    default:
      return [(v) => cmp(v) === 0];
  }
}
