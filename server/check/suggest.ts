/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(
        prev[j] + 1,
        prev[j - 1] + 1,
        diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Candidates close enough to `word` to be a typo of it, best first. */
export function closest(word: string, candidates: string[], max: number): string[] {
  const limit = Math.max(2, Math.floor(word.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter((x) => x.d <= limit || x.c.toLowerCase().startsWith(word.toLowerCase()))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map((x) => x.c);
}
