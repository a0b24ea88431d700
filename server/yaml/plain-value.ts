import { isAlias, isMap, isPair, isScalar, isSeq, stringify, type Node } from 'yaml';

/** Why a document has no plain value, and where (chunk offsets). */
export class PlainValueError extends Error {
  constructor(
    message: string,
    readonly range?: [number, number],
  ) {
    super(message);
  }
}

/** Values an alias may add beyond the document's own nodes before it counts as an alias bomb. */
const ALIAS_EXPANSION_BUDGET = 100_000;

interface Anchored {
  value: unknown;
  /** Nodes the anchored value stands for once expanded (its aliases included). */
  size: number;
  /** Still being converted: an alias to it sits inside it. */
  open: boolean;
}

/**
 * The plain JS value of a YAML node tree, in one linear pass. Replaces `doc.toJS()`, whose alias
 * resolution scans the document once per alias (quadratic with thousands of anchors) and which
 * returns circular values for `r: &r [*r]` that every later walk (schema check, merge, hover)
 * would loop on. Here a self-containing alias is an error at the alias, and aliases that expand
 * the document beyond a budget (billion laughs) are an error too.
 */
export function plainValue(root: Node | null | undefined, maxDepth: number): unknown {
  const anchors = new Map<string, Anchored>();
  let own = 0;
  let expanded = 0;

  const convert = (node: unknown, depth: number): { value: unknown; size: number } => {
    if (depth > maxDepth) throw new PlainValueError(`YAML nested deeper than ${maxDepth} levels`, rangeOf(node));
    if (node === null || node === undefined) return { value: null, size: 1 };
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target)
        throw new PlainValueError(
          `Unresolved alias *${node.source}: the anchor must be set before the alias.`,
          rangeOf(node),
        );
      if (target.open)
        throw new PlainValueError(
          `Alias *${node.source} refers to a node that contains it (a recursive alias).`,
          rangeOf(node),
        );
      expanded += target.size;
      if (expanded > own + ALIAS_EXPANSION_BUDGET) {
        throw new PlainValueError(
          `Aliases expand this document beyond ${ALIAS_EXPANSION_BUDGET.toLocaleString('en')} values (an alias bomb).`,
          rangeOf(node),
        );
      }
      return { value: target.value, size: target.size };
    }
    own++;
    const anchor = (node as { anchor?: string }).anchor;
    const entry: Anchored | undefined = anchor ? { value: null, size: 1, open: true } : undefined;
    if (anchor) anchors.set(anchor, entry!);
    let out: { value: unknown; size: number };
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      let size = 1;
      for (const pair of node.items) {
        const key = convert(pair.key, depth + 1);
        const value = convert(pair.value, depth + 1);
        size += key.size + value.size;
        if (isMergeKey(key.value)) mergeInto(obj, value.value);
        else setKey(obj, keyString(key.value), value.value);
      }
      out = { value: obj, size };
    } else if (isSeq(node)) {
      const arr: unknown[] = [];
      let size = 1;
      for (const item of node.items) {
        if (isPair(item)) {
          // `[a: 1]`: a single-pair map inside a flow sequence.
          const key = convert(item.key, depth + 1);
          const value = convert(item.value, depth + 1);
          const obj: Record<string, unknown> = {};
          setKey(obj, keyString(key.value), value.value);
          arr.push(obj);
          size += key.size + value.size;
        } else {
          const c = convert(item, depth + 1);
          arr.push(c.value);
          size += c.size;
        }
      }
      out = { value: arr, size };
    } else if (isScalar(node)) {
      const v = node.value;
      out = { value: typeof v === 'bigint' ? Number(v) : v, size: 1 };
    } else {
      out = { value: null, size: 1 };
    }
    if (entry) Object.assign(entry, out, { open: false });
    return out;
  };

  return convert(root, 0).value;
}

/** `<<` under `%YAML 1.1`: the parser resolves it to a symbol only when merge keys are on. */
function isMergeKey(key: unknown): boolean {
  return typeof key === 'symbol' && key.description === '<<';
}

/** YAML 1.1 merge: keys already in the map win, and earlier sources win over later ones. */
function mergeInto(obj: Record<string, unknown>, source: unknown): void {
  for (const src of Array.isArray(source) ? source : [source]) {
    if (!src || typeof src !== 'object' || Array.isArray(src)) continue;
    for (const [k, v] of Object.entries(src)) if (!Object.prototype.hasOwnProperty.call(obj, k)) setKey(obj, k, v);
  }
}

/** A map key as yaml's toJS writes it: collections (`? [a, b]`) as flow YAML. */
function keyString(key: unknown): string {
  if (key === null || key === undefined) return '';
  return typeof key === 'object' ? stringify(key, { collectionStyle: 'flow', lineWidth: 0 }).trim() : String(key);
}

/** `__proto__` is data here, not the prototype. */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}
