/**
 * Multi-document YAML as Kubernetes reads it (YAML 1.1: `yes`/`on` are booleans), with every
 * parse error located as `file:line:column`. `kind: List` documents are flattened.
 */
import { LineCounter, parseAllDocuments } from 'yaml';

export interface LoadedDocument {
  value: Record<string, unknown>;
  file: string;
  /** 1-based line where the document starts. */
  line: number;
}

export interface LocatedError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatLocated(e: LocatedError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

export function readYamlDocuments(text: string, file: string): { documents: LoadedDocument[]; errors: LocatedError[] } {
  const lineCounter = new LineCounter();
  const documents: LoadedDocument[] = [];
  const errors: LocatedError[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter, version: '1.1', prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    return {
      documents,
      errors: [{ file, line: 1, column: 1, message: `YAML parser failed: ${(e as Error).message}` }],
    };
  }
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    // Point at the document's first content line, not at its `---` marker.
    const contents = doc.contents as { range?: [number, number, number] } | null;
    const start = lineCounter.linePos(contents?.range?.[0] ?? doc.range?.[0] ?? 0);
    if (doc.errors.length) {
      for (const err of doc.errors) {
        const pos = lineCounter.linePos(err.pos[0]);
        errors.push({ file, line: pos.line, column: pos.col, message: err.message.split('\n')[0] });
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ file, line: start.line, column: start.col, message: (e as Error).message });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({
        file,
        line: start.line,
        column: start.col,
        message: 'expected a YAML mapping (a Kubernetes object)',
      });
      continue;
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      for (const item of obj.items)
        if (item && typeof item === 'object')
          documents.push({ value: item as Record<string, unknown>, file, line: start.line });
    } else {
      documents.push({ value: obj, file, line: start.line });
    }
  }
  return { documents, errors };
}
