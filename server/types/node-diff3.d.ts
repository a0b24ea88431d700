// node-diff3 publishes its types for `import` only; we load it through `require` (CommonJS bundle).
declare module 'node-diff3' {
  export interface MergeRegion<T> {
    ok?: T[];
    conflict?: { a: T[]; aIndex: number; o: T[]; oIndex: number; b: T[]; bIndex: number };
  }
  export function diff3Merge<T>(
    a: T[],
    o: T[],
    b: T[],
    options?: { excludeFalseConflicts?: boolean },
  ): MergeRegion<T>[];
}
