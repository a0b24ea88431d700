import { diff3Merge } from 'node-diff3';

export type MergeResult =
  | { clean: true; content: string }
  /** `marked` holds git-style conflict markers, to show the user; it is never written over their file. */
  | { clean: false; conflicts: number; marked: string };

function lines(text: string): string[] {
  return text.split('\n');
}

/**
 * Three-way merge of a generated file: base = what we generated last time, ours = the file on disk
 * (with the user's edits), theirs = what we generate now. Line-based, like git's merge.
 */
export function mergeGenerated(base: string, ours: string, theirs: string): MergeResult {
  if (ours === base) return { clean: true, content: theirs };
  if (theirs === base || theirs === ours) return { clean: true, content: ours };
  const regions = diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  let conflicts = 0;
  for (const r of regions) {
    if (r.ok) out.push(...r.ok);
    else if (r.conflict) {
      conflicts++;
      out.push(
        '<<<<<<< your edit',
        ...r.conflict.a,
        '||||||| last generated',
        ...r.conflict.o,
        '=======',
        ...r.conflict.b,
        '>>>>>>> generated now',
      );
    }
  }
  const content = out.join('\n');
  return conflicts === 0 ? { clean: true, content } : { clean: false, conflicts, marked: content };
}
