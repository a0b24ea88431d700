import { parse } from 'yaml';

/** One object of `helm template` output, with the template that rendered it. */
export interface RenderedManifest {
  /** `# Source:` path, e.g. `my-service/templates/deployment.yaml`. */
  source: string;
  /** Index of the document within its source file (a template may render several). */
  index: number;
  text: string;
  object: Record<string, unknown> | null;
  /** YAML parse error of this document, if any. */
  parseError?: string;
}

/** One non-empty document of `helm template` output: its `# Source:`, index within it, body without that line. */
export interface RenderedDocument {
  source: string;
  index: number;
  body: string;
  chunk: string;
}

/** The documents of `helm template` output; documents with nothing but comments (disabled templates) are skipped. */
export function renderedDocuments(stdout: string): RenderedDocument[] {
  const out: RenderedDocument[] = [];
  const perSource = new Map<string, number>();
  for (const chunk of stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim() ?? '';
    const body = chunk.replace(/^# Source: .+$/m, '');
    if (!body.replace(/#.*$/gm, '').trim()) continue;
    const index = perSource.get(source) ?? 0;
    perSource.set(source, index + 1);
    out.push({ source, index, body, chunk });
  }
  return out;
}

/** Splits `helm template` output into documents; empty documents (disabled templates) are dropped. */
export function parseRenderedManifests(stdout: string): RenderedManifest[] {
  const out: RenderedManifest[] = [];
  for (const { source, index, body, chunk } of renderedDocuments(stdout)) {
    try {
      const object = parse(body, { version: '1.1' }) as unknown;
      out.push({
        source,
        index,
        text: chunk.trim() + '\n',
        object: object && typeof object === 'object' ? (object as Record<string, unknown>) : null,
      });
    } catch (e) {
      out.push({
        source,
        index,
        text: chunk.trim() + '\n',
        object: null,
        parseError: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}

export interface LintMessage {
  severity: 'INFO' | 'WARNING' | 'ERROR';
  /** What helm names: `Chart.yaml`, `templates/`, `values.yaml`, or a directory. */
  path: string;
  message: string;
}

/** `[SEVERITY] path: message` lines of `helm lint`; continuation lines join the previous message. */
export function parseLintOutput(output: string): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const line of output.split('\n')) {
    const m = /^\[(INFO|WARNING|ERROR)\]\s+(.*)$/.exec(line);
    if (m) {
      const rest = m[2];
      const colon = rest.indexOf(': ');
      messages.push({
        severity: m[1] as LintMessage['severity'],
        path: colon > 0 ? rest.slice(0, colon) : '',
        message: colon > 0 ? rest.slice(colon + 2) : rest,
      });
    } else if (messages.length && line.trim() && !/^==> |chart\(s\) linted|^Error: \d+ chart/.test(line)) {
      messages[messages.length - 1].message += '\n' + line.trim();
    }
  }
  return messages;
}
