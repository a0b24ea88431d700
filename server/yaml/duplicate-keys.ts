import { YAMLParseError, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/**
 * YAML's "Map keys must be unique" check in linear time. The parser's own check (`uniqueKeys`)
 * compares each key with every earlier one — 100,000 keys took minutes — so documents are parsed
 * without it and this adds the same error, on the repeated key, to the document's errors.
 */
export function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const stack: unknown[] = [doc.contents];
  const found: number[] = [];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          // Same rule as the parser: scalar keys are equal when their resolved values are (===).
          const id = typeof key.value === 'string' ? `s:${key.value}` : key.value;
          if (seen.has(id)) {
            found.push(key.range?.[0] ?? 0);
          } else seen.add(id);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
  for (const at of found.sort((a, b) => a - b))
    doc.errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
}
