/**
 * Pattern anchors: `(key)` conditional, `<(key)` global, `=(key)` equality, `^(key)` existence,
 * `X(key)` negation, `+(key)` add-if-not-present (a mutate anchor; validation ignores it).
 */
export type AnchorType = 'condition' | 'global' | 'equality' | 'existence' | 'negation' | 'addIfNotPresent';

export interface Anchor {
  type: AnchorType;
  key: string;
}

const MODIFIERS: Record<string, AnchorType> = {
  '': 'condition',
  '<': 'global',
  '=': 'equality',
  '^': 'existence',
  X: 'negation',
  '+': 'addIfNotPresent',
};
const ANCHOR = /^([+<=X^])?\((.+)\)$/;
const cache = new Map<string, Anchor | null>();

export function parseAnchor(element: string): Anchor | undefined {
  let hit = cache.get(element);
  if (hit === undefined) {
    const m = ANCHOR.exec(element.trim());
    hit = m ? { type: MODIFIERS[m[1] ?? ''], key: m[2] } : null;
    if (cache.size < 10_000) cache.set(element, hit);
  }
  return hit ?? undefined;
}

/** Anchors evaluated before plain keys in a map (Kyverno's "phase 1"). */
export function isPhaseOneAnchor(a: Anchor | undefined): boolean {
  return (
    a !== undefined &&
    (a.type === 'condition' || a.type === 'existence' || a.type === 'equality' || a.type === 'negation')
  );
}

export function anchorString(type: AnchorType, key: string): string {
  const modifier = Object.entries(MODIFIERS).find(([, t]) => t === type)![0];
  return `${modifier}(${key})`;
}

/** Strips anchors from every segment of a Kyverno path (`/spec/=(hostNetwork)/` → `/spec/hostNetwork/`). */
export function removeAnchorsFromPath(path: string): string {
  return path
    .split('/')
    .map((seg) => parseAnchor(seg)?.key ?? seg)
    .join('/');
}

/** True when a pattern (at any depth) holds an anchor that can change the outcome. */
export function hasNestedAnchors(pattern: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some(hasNestedAnchors);
  if (pattern && typeof pattern === 'object') {
    for (const [k, v] of Object.entries(pattern)) {
      const a = parseAnchor(k);
      if (a && a.type !== 'addIfNotPresent') return true;
      if (hasNestedAnchors(v)) return true;
    }
  }
  return false;
}
