/**
 * Source mapping from the render itself. The chart's own templates are copied with a marker comment
 * (`#@hi:<file>:<line>`) put on its own line before every YAML content line; helm renders the copy,
 * so every rendered line that came straight from a template line is preceded by that line's marker —
 * whatever branch helm took, whichever `include`/`range` produced it, whatever the indentation style.
 * The markers are stripped again before the output is parsed: the objects are the ones a plain
 * `helm template` gives (when a marker survives inside transformed text — `include … | b64enc` — the
 * caller renders the original chart instead).
 */
import { rmSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { renderedDocuments } from '../tools/helm-output';
import type { TemplateFile } from './source-map';

export type ObjectPath = Array<string | number>;

const MARKER_LINE = /^[ \t]*#@hi:(\d+):(\d+)[ \t]*$/;
const MARKER_ANYWHERE = /#@hi:\d+:\d+/;
/** A YAML content line a marker may precede: `key:`, `- key:`, `- value`, `"quoted key":`. */
const CONTENT_LINE = /^(?:- +)*(?:[A-Za-z0-9_."'/$@-][^:#{}]*:(?:\s|$)|- )/;

export interface InstrumentedChart {
  dir: string;
  cleanup(): void;
}

/**
 * A helper the instrumented copy gets: template output with the markers taken out, put in front of
 * every function that would bake them into a value (`include "configmap.yaml" . | sha256sum` checksum
 * annotations, `| b64enc` Secret data), so those values equal a plain render's.
 */
const STRIP_DEFINE = 'helm-intent.trace.strip';
const STRIP_TEMPLATE = `{{- define "${STRIP_DEFINE}" -}}{{ regexReplaceAll \`(?m)^[ \\t]*#@hi:[0-9]+:[0-9]+[ \\t]*\\n\` . "" }}{{- end -}}\n`;
const BAKING_FUNCTIONS = /\|(\s*)(sha256sum|sha1sum|sha512sum|adler32sum|b64enc|b32enc)\b/g;

/** The lines that get a marker: content lines outside `{{ }}` that no right-trim (`-}}`) joins to the line before. */
export function instrumentTemplate(text: string, fileIndex: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let openActions = 0;
  let previousTrimsRight = false;
  lines.forEach((line, i) => {
    const trimmed = line.trimStart();
    if (
      openActions === 0 &&
      !previousTrimsRight &&
      trimmed &&
      !trimmed.startsWith('{{') &&
      !trimmed.startsWith('#') &&
      CONTENT_LINE.test(trimmed)
    ) {
      out.push(`${line.slice(0, line.length - trimmed.length)}#@hi:${fileIndex}:${i}`);
    }
    out.push(line.includes('{{') ? line.replace(BAKING_FUNCTIONS, `|$1include "${STRIP_DEFINE}" |$1$2`) : line);
    openActions = Math.max(0, openActions + (line.match(/\{\{/g) ?? []).length - (line.match(/\}\}/g) ?? []).length);
    if (trimmed) previousTrimsRight = /-\}\}\s*$/.test(line);
  });
  return out.join('\n');
}

/**
 * A temporary copy of `chartDir` with the chart's own templates instrumented (subcharts untouched).
 * Asynchronous, so the copy overlaps the helm lint runs the review starts at the same time.
 */
export async function instrumentChart(chartDir: string, templates: TemplateFile[]): Promise<InstrumentedChart> {
  const root = await mkdtemp(path.join(tmpdir(), 'helm-intent-trace-'));
  const dir = path.join(root, path.basename(chartDir));
  try {
    await cp(chartDir, dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('.helm-intent') });
    await Promise.all(
      templates
        .filter((t) => /\.(ya?ml|tpl)$/.test(t.path))
        .map((t) => writeFile(path.join(dir, t.path), instrumentTemplate(t.text, templates.indexOf(t)))),
    );
    await writeFile(path.join(dir, 'templates', '_helm-intent-trace.tpl'), STRIP_TEMPLATE);
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Rendered output without the markers; `clean` is false when a marker survived inside a value. */
export function stripMarkers(stdout: string): { text: string; clean: boolean } {
  const text = stdout
    .split('\n')
    .filter((l) => !MARKER_LINE.test(l))
    .join('\n');
  return { text, clean: !MARKER_ANYWHERE.test(text) };
}

export interface TracedLine {
  /** Chart-relative template path. */
  file: string;
  line: number;
}

/** Object path → the template line that rendered it, for one rendered document. */
export class DocumentTrace {
  private built?: { byPath: Map<string, TracedLine>; rendered: Set<string> };

  /** Built on first use: most documents of a render have no finding to place. */
  constructor(private readonly build: () => { byPath: Map<string, TracedLine>; rendered: Set<string> }) {}

  private get byPath(): Map<string, TracedLine> {
    return (this.built ??= this.build()).byPath;
  }

  private get rendered(): Set<string> {
    return (this.built ??= this.build()).rendered;
  }

  /**
   * The deepest prefix of `objectPath` with a known template line. `unmarked` when the rendered
   * object has the next path segment but no template line wrote it literally (toYaml, an unmarked
   * include): the line found is then the parent that rendered it, not the field itself.
   */
  locate(
    objectPath: ObjectPath,
  ): { at: TracedLine; matchedPath: ObjectPath; unmarked: boolean; literalItemsBefore: number } | undefined {
    for (let n = objectPath.length; n > 0; n--) {
      const prefix = objectPath.slice(0, n);
      const at = this.byPath.get(pathKey(prefix));
      if (!at) continue;
      const next = objectPath[n];
      // List items written literally before an unmarked one (`- name: POD_IP` then `toYaml .Values.extraEnv`):
      // the values list index is the rendered index minus those.
      let literalItemsBefore = 0;
      if (typeof next === 'number')
        for (let i = 0; i < next; i++) if (this.byPath.has(pathKey([...prefix, i]))) literalItemsBefore++;
      return {
        at,
        matchedPath: prefix,
        unmarked: n < objectPath.length && this.rendered.has(pathKey(objectPath.slice(0, n + 1))),
        literalItemsBefore,
      };
    }
    return undefined;
  }
}

const pathKey = (p: ObjectPath) => JSON.stringify(p);

/**
 * Traces of every document of an instrumented render, keyed like RenderedManifest (`source`, `index`).
 * Documents that rendered nothing are skipped the same way parseRenderedManifests skips them.
 */
export function traceRender(stdout: string, templates: TemplateFile[]): Map<string, DocumentTrace> {
  const out = new Map<string, DocumentTrace>();
  for (const { source, index, body } of renderedDocuments(stdout)) {
    out.set(`${source}\u0000${index}`, new DocumentTrace(() => traceDocument(body, templates)));
  }
  return out;
}

export function traceKey(source: string, index: number): string {
  return `${source}\u0000${index}`;
}

function traceDocument(
  body: string,
  templates: TemplateFile[],
): { byPath: Map<string, TracedLine>; rendered: Set<string> } {
  const lines = body.split('\n');
  // Rendered line → the marker right above it.
  const markerOf = new Map<number, TracedLine>();
  lines.forEach((l, i) => {
    const m = MARKER_LINE.exec(l);
    const next = lines[i + 1];
    if (!m || next === undefined || MARKER_LINE.test(next)) return;
    const file = templates[Number(m[1])]?.path;
    if (file) markerOf.set(i + 1, { file, line: Number(m[2]) });
  });
  const lineStarts: number[] = [0];
  for (let i = 0; i < body.length; i++) if (body[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const byPath = new Map<string, TracedLine>();
  const rendered = new Set<string>();
  let doc;
  try {
    doc = parseDocument(body, { version: '1.1', uniqueKeys: false });
  } catch {
    return { byPath, rendered };
  }
  const visit = (node: Node | null | undefined, p: ObjectPath) => {
    if (!node) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
        const child = [...p, String(pair.key.value)];
        rendered.add(pathKey(child));
        const at = markerOf.get(lineAt(pair.key.range[0]));
        if (at) byPath.set(pathKey(child), at);
        visit(pair.value as Node, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = [...p, i];
        rendered.add(pathKey(child));
        const range = (item as Node | null)?.range;
        const at = range ? markerOf.get(lineAt(range[0])) : undefined;
        if (at) byPath.set(pathKey(child), at);
        visit(item as Node, child);
      });
    }
  };
  visit(doc.contents as Node, []);
  return { byPath, rendered };
}
