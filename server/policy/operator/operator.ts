/** Operators at the start of a string pattern: `>=5`, `<1Gi`, `!latest`, `1-10`, `1Mi!-2Mi`. */
export type PatternOperator = '' | '>=' | '<=' | '!' | '>' | '<' | '-' | '!-';

const NOT_IN_RANGE = /^(\d+(?:\.\d+)?[^-]*)!-(\d+(?:\.\d+)?[^-]*)$/;
const IN_RANGE = /^(\d+(?:\.\d+)?[^-]*)-(\d+(?:\.\d+)?[^-]*)$/;

export function operatorOf(pattern: string): PatternOperator {
  // Kyverno reads a one-character pattern as a plain value, even `>` or `!`.
  if (pattern.length < 2) return '';
  if (pattern.startsWith('>=')) return '>=';
  if (pattern.startsWith('<=')) return '<=';
  if (pattern.startsWith('>')) return '>';
  if (pattern.startsWith('<')) return '<';
  if (pattern.startsWith('!')) return '!';
  if (NOT_IN_RANGE.test(pattern)) return '!-';
  if (IN_RANGE.test(pattern)) return '-';
  return '';
}

/** The two ends of `a-b` / `a!-b`. */
export function rangeEnds(pattern: string, op: '-' | '!-'): [string, string] | undefined {
  const m = (op === '-' ? IN_RANGE : NOT_IN_RANGE).exec(pattern);
  return m ? [m[1], m[2]] : undefined;
}
