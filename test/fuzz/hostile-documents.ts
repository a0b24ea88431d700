import { REFERENCE_INTENT } from '../support/fixtures';

/**
 * Seeded adversarial YAML for the language server: recursive aliases, alias bombs, anchor churn,
 * huge maps and sequences, deep nesting, long lines and random mutations of a real intent. The
 * same seed gives the same documents, so a failure can be replayed; `scale` sizes the big ones
 * (the in-suite fuzz keeps it small, the bench uses the acceptance sizes).
 */

export type Rng = () => number;

/** Deterministic PRNG (LCG); a failure prints its seed. */
export function rng(seed: number): Rng {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export interface HostileDoc {
  kind: string;
  text: string;
}

const HEAD = 'apiVersion: platform.example.com/v1alpha1\nkind: DeploymentIntent\nmetadata:\n  name: fuzz\nspec:\n';

const int = (next: Rng, max: number) => Math.floor(next() * max);
export const pick = <T>(next: Rng, xs: readonly T[]): T => xs[int(next, xs.length)];

function recursiveAlias(next: Rng): string {
  const forms = [
    'r: &r [*r]\n',
    '  labels: &l {a: *l}\n',
    '  env: &e\n    - *e\n',
    '  environments:\n    prod: &p\n      replicas: 2\n      x: *p\n',
    '  rollout: &o\n    steps: [*o, *o]\n',
    'spec2: &s\n  a: &t\n    b: [*s, *t]\n',
  ];
  // The reference intent ends inside `spec`: indented forms land in spec, the others at the top.
  return REFERENCE_INTENT + pick(next, forms);
}

function aliasBomb(next: Rng): string {
  const width = 5 + int(next, 6);
  const depth = 5 + int(next, 5);
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${REFERENCE_INTENT}${lines.join('\n')}\n`;
}

function anchorChurn(next: Rng, scale: number): string {
  const n = Math.max(10, Math.floor(scale * (0.2 + next())));
  const names = Math.max(1, int(next, 20));
  const out: string[] = [`${HEAD}  tier: production\n  labels:\n`];
  for (let i = 0; i < n; i++) {
    const a = `a${i % names}`;
    out.push(
      next() < 0.5 ? `    k${i}: &${a} v${i}\n` : i > names ? `    k${i}: *${a}\n` : `    k${i}: &${a} {x: ${i}}\n`,
    );
  }
  return out.join('');
}

function hugeMap(next: Rng, scale: number): string {
  const n = Math.max(10, Math.floor(scale * (0.5 + next())));
  const top = next() < 0.3;
  const indent = top ? '' : '    ';
  const keys = Array.from({ length: n }, (_, i) => `${indent}k${i}: v${i}\n`);
  if (next() < 0.5) keys[int(next, n)] = `${indent}k0: duplicate\n`;
  return top ? keys.join('') : `${HEAD}  tier: production\n  labels:\n${keys.join('')}`;
}

function hugeSeq(next: Rng, scale: number): string {
  const n = Math.max(10, Math.floor((scale / 2) * (0.5 + next())));
  const flow = next() < 0.3;
  if (flow) return `${HEAD}  env: [${Array.from({ length: n }, (_, i) => `{name: V${i}, value: x}`).join(', ')}]\n`;
  return `${HEAD}  env:\n${Array.from({ length: n }, (_, i) => `    - name: V${i}\n      value: "x${i}"\n`).join('')}`;
}

function deepNesting(next: Rng): string {
  const depth = 50 + int(next, 2000);
  if (next() < 0.5) return `${HEAD}  labels: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  let s = HEAD;
  for (let i = 0; i < Math.min(depth, 400); i++) s += `${'  '.repeat(i + 1)}k${i}:\n`;
  return s;
}

function longLine(next: Rng, scale: number): string {
  return `${HEAD}  tier: ${'x'.repeat(Math.floor(scale * 20 * next()))}\n`;
}

/** YAML tokens and awkward values that random edits insert (also used by test/lsp/server-fuzz.test.ts). */
export const YAML_FRAGMENTS: readonly string[] = [
  '',
  ' ',
  '  ',
  '\n',
  '\t',
  ':',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '#',
  '&a',
  '*a',
  '&r [*r]',
  '!!str',
  '|',
  '>',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '?',
  '<<: *a',
  '\r\n',
  'latest',
  '-1',
  '1e999',
  'null',
  '~',
  '💥',
];

/** One random edit: delete a stretch, insert a fragment, repeat the whole document, or re-indent a line. */
export function mutateOnce(next: Rng, text: string, fragments: readonly string[] = YAML_FRAGMENTS): string {
  const at = int(next, text.length + 1);
  switch (int(next, 4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + int(next, 40));
    case 1:
      return text.slice(0, at) + pick(next, fragments) + text.slice(at);
    case 2:
      return Array.from({ length: 1 + int(next, 3) }, () => text).join('---\n');
    default: {
      const lines = text.split('\n');
      const i = int(next, lines.length);
      lines[i] = ' '.repeat(int(next, 9)) + lines[i].trimStart();
      return lines.join('\n');
    }
  }
}

function mutated(next: Rng): string {
  let text = REFERENCE_INTENT;
  for (let k = 1 + int(next, 4); k > 0; k--) text = mutateOnce(next, text);
  return text;
}

const KINDS = [
  'mutated',
  'recursive-alias',
  'alias-bomb',
  'anchor-churn',
  'huge-map',
  'huge-seq',
  'deep-nesting',
  'long-line',
] as const;

/** The i-th document of a seeded run; `scale` ≈ keys of the largest maps. */
export function hostileDocument(next: Rng, scale: number): HostileDoc {
  const kind = pick(next, KINDS);
  switch (kind) {
    case 'recursive-alias':
      return { kind, text: recursiveAlias(next) };
    case 'alias-bomb':
      return { kind, text: aliasBomb(next) };
    case 'anchor-churn':
      return { kind, text: anchorChurn(next, scale) };
    case 'huge-map':
      return { kind, text: hugeMap(next, scale) };
    case 'huge-seq':
      return { kind, text: hugeSeq(next, scale) };
    case 'deep-nesting':
      return { kind, text: deepNesting(next) };
    case 'long-line':
      return { kind, text: longLine(next, scale) };
    default:
      return { kind, text: mutated(next) };
  }
}

/** A position somewhere in the text (line and column inside it). */
export function positionIn(next: Rng, text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = int(next, lines.length);
  return { line, character: int(next, lines[line].length + 1) };
}
