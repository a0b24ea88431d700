/**
 * Kubernetes / cel-go extension functions that need no cluster and that cel-js lacks: the
 * `sets`, `math`, `base64` and `lists` namespaces, and list / string helpers from cel-go's ext
 * libraries (`sort`, `distinct`, `flatten`, `slice`, `charAt`, `reverse`, `format`).
 */
import type * as CelModule from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };

class SetsNamespace {}
class MathNamespace {}
class Base64Namespace {}
class ListsNamespace {}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b ? a === b : Number(a) === Number(b);
  if (a && b && typeof a === 'object')
    return (
      JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)) ===
      JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))
    );
  return a === b;
}

function order(a: unknown, b: unknown): number {
  const x = typeof a === 'bigint' ? Number(a) : (a as number | string);
  const y = typeof b === 'bigint' ? Number(b) : (b as number | string);
  return x < y ? -1 : x > y ? 1 : 0;
}

function extreme(values: unknown[], pick: 1 | -1): unknown {
  if (values.length === 0) throw new Error('math.greatest/least need at least one argument');
  return values.reduce((a, b) => (order(b, a) * pick > 0 ? b : a));
}

/** cel-go's string.format: %s, %d, %f (%.Nf), %%; enough for messages. */
function format(template: string, args: unknown[]): string {
  let i = 0;
  return template.replace(/%(\.(\d+))?([sdfe%])/g, (_m, _p, digits: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const v = args[i++];
    if (verb === 'd') return String(typeof v === 'bigint' ? v : Math.trunc(Number(v)));
    if (verb === 'f' || verb === 'e') return Number(v).toFixed(digits ? Number(digits) : 6);
    return typeof v === 'string' ? v : typeof v === 'bigint' ? String(v) : JSON.stringify(v);
  });
}

export function registerK8sExtensions(env: CelModule.Environment): CelModule.Environment {
  return env
    .registerType('SetsNamespace', SetsNamespace)
    .registerConstant('sets', 'SetsNamespace', new SetsNamespace())
    .registerFunction('SetsNamespace.contains(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) =>
      b.every((x) => a.some((y) => same(x, y))),
    )
    .registerFunction('SetsNamespace.intersects(list, list): bool', (_: unknown, a: unknown[], b: unknown[]) =>
      b.some((x) => a.some((y) => same(x, y))),
    )
    .registerFunction(
      'SetsNamespace.equivalent(list, list): bool',
      (_: unknown, a: unknown[], b: unknown[]) =>
        a.every((x) => b.some((y) => same(x, y))) && b.every((x) => a.some((y) => same(x, y))),
    )
    .registerType('MathNamespace', MathNamespace)
    .registerConstant('math', 'MathNamespace', new MathNamespace())
    .registerFunction('MathNamespace.greatest(list): dyn', (_: unknown, l: unknown[]) => extreme(l, 1))
    .registerFunction('MathNamespace.greatest(dyn, dyn): dyn', (_: unknown, a: unknown, b: unknown) =>
      extreme([a, b], 1),
    )
    .registerFunction('MathNamespace.greatest(dyn, dyn, dyn): dyn', (_: unknown, a: unknown, b: unknown, c: unknown) =>
      extreme([a, b, c], 1),
    )
    .registerFunction('MathNamespace.least(list): dyn', (_: unknown, l: unknown[]) => extreme(l, -1))
    .registerFunction('MathNamespace.least(dyn, dyn): dyn', (_: unknown, a: unknown, b: unknown) => extreme([a, b], -1))
    .registerFunction('MathNamespace.least(dyn, dyn, dyn): dyn', (_: unknown, a: unknown, b: unknown, c: unknown) =>
      extreme([a, b, c], -1),
    )
    .registerFunction('MathNamespace.abs(int): int', (_: unknown, a: bigint) => (a < 0n ? -a : a))
    .registerType('Base64Namespace', Base64Namespace)
    .registerConstant('base64', 'Base64Namespace', new Base64Namespace())
    .registerFunction('Base64Namespace.encode(bytes): string', (_: unknown, b: Uint8Array) =>
      Buffer.from(b).toString('base64'),
    )
    .registerFunction(
      'Base64Namespace.decode(string): bytes',
      (_: unknown, s: string) => new Uint8Array(Buffer.from(s, 'base64')),
    )
    .registerType('ListsNamespace', ListsNamespace)
    .registerConstant('lists', 'ListsNamespace', new ListsNamespace())
    .registerFunction('ListsNamespace.range(int): list<int>', (_: unknown, n: bigint) =>
      Array.from({ length: Number(n) }, (_x, i) => BigInt(i)),
    )
    .registerFunction('list.sort(): list', (l: unknown[]) => [...l].sort(order))
    .registerFunction('list.distinct(): list', (l: unknown[]) =>
      l.filter((x, i) => l.findIndex((y) => same(x, y)) === i),
    )
    .registerFunction('list.flatten(): list', (l: unknown[]) => l.flatMap((x) => (Array.isArray(x) ? x : [x])))
    .registerFunction('list.reverse(): list', (l: unknown[]) => [...l].reverse())
    .registerFunction('list.slice(int, int): list', (l: unknown[], a: bigint, b: bigint) => {
      if (a < 0n || b > BigInt(l.length) || a > b) throw new Error(`cannot slice(${a}, ${b}), list size ${l.length}`);
      return l.slice(Number(a), Number(b));
    })
    .registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
      if (i < 0n || i > BigInt(s.length)) throw new Error(`index out of range: ${i}`);
      return s.charAt(Number(i));
    })
    .registerFunction('string.reverse(): string', (s: string) => [...s].reverse().join(''))
    .registerFunction('string.format(list): string', (s: string, args: unknown[]) => format(s, args));
}
