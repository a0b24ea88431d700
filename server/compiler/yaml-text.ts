import { Document, isMap, isPair, isScalar, type Node } from 'yaml';

/**
 * YAML text for Helm. Helm reads values with YAML 1.1 rules, where `on`, `yes`, `y` are booleans
 * and `0755` is octal, so strings are quoted by the 1.1 schema. Key order is the object's order.
 * `comments` maps a dotted key path to a comment written above that key.
 */
export function toYamlText(
  value: unknown,
  options: { header?: string; comments?: Record<string, string> } = {},
): string {
  const doc = new Document(value, { version: '1.1' });
  if (options.comments) attachComments(doc.contents as Node, '', options.comments);
  if (options.header) doc.commentBefore = options.header;
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}

function attachComments(node: Node | null, prefix: string, comments: Record<string, string>): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const path = prefix ? `${prefix}.${String(pair.key.value)}` : String(pair.key.value);
    const comment = comments[path];
    if (comment) {
      (pair.key as Node).commentBefore = ' ' + comment.replace(/\n/g, '\n ');
      // A blank line before each commented top-level key separates the blocks.
      if (!prefix && node.items.indexOf(pair) > 0) (pair.key as Node).spaceBefore = true;
    }
    attachComments(pair.value as Node | null, path, comments);
  }
}

/** `lines` joined with newlines, ending with exactly one newline. */
export function text(...lines: Array<string | false | undefined>): string {
  return lines
    .filter((l): l is string => typeof l === 'string')
    .join('\n')
    .replace(/\n*$/, '\n');
}
