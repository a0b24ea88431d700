/**
 * Rendered manifests as the Chart Review webview's objects (server/protocol/webview-protocol.ts):
 * shared by the plain `helm template` source and the review pipeline's source.
 */
import path from 'node:path';
import { objectId, type JsonObject, type RenderedObject } from '../protocol/webview-protocol';
import type { RenderedManifest } from '../tools/helm';
import type { ChartSource } from './chart-source';

/** helm's output as view objects: ids unique per render, each placed at its document's first line. */
export function renderedObjects(
  manifests: RenderedManifest[],
  source: Pick<ChartSource, 'dir' | 'templates'>,
): RenderedObject[] {
  const seen = new Map<string, number>();
  return manifests.map((m) => {
    const obj = (m.object ?? {}) as JsonObject;
    const meta = (
      typeof obj.metadata === 'object' && obj.metadata && !Array.isArray(obj.metadata) ? obj.metadata : {}
    ) as JsonObject;
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const kind = typeof obj.kind === 'string' ? obj.kind : m.object ? '(no kind)' : '(unparsed)';
    const name = typeof meta.name === 'string' ? meta.name : `${m.source || 'output'}#${m.index}`;
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    let id = objectId(apiVersion, kind, name, namespace);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id += `#${n}`;
    const labels: Record<string, string> = {};
    if (meta.labels && typeof meta.labels === 'object' && !Array.isArray(meta.labels)) {
      for (const [k, v] of Object.entries(meta.labels))
        if (typeof v === 'string')
          Object.defineProperty(labels, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    const annotations =
      meta.annotations && typeof meta.annotations === 'object' && !Array.isArray(meta.annotations)
        ? (meta.annotations as JsonObject)
        : {};
    const hook = typeof annotations['helm.sh/hook'] === 'string' ? annotations['helm.sh/hook'] : undefined;
    const location = templateLocation(m, source);
    return {
      id,
      apiVersion,
      kind,
      name,
      ...(namespace ? { namespace } : {}),
      labels,
      ...(location ? { source: location } : {}),
      ...(hook ? { hook } : {}),
      yaml: m.text,
      object: obj,
      findings: m.parseError
        ? [
            {
              severity: 'error' as const,
              ruleId: 'yaml-parse',
              source: 'helm-template',
              message: `helm rendered YAML that does not parse: ${m.parseError}`,
              environments: [],
              locations: location ? [location] : [],
            },
          ]
        : [],
    };
  });
}

/** `my-chart/templates/x.yaml` → the file in the chart, at the line where document `index` starts. */
function templateLocation(
  m: RenderedManifest,
  source: Pick<ChartSource, 'dir' | 'templates'>,
): RenderedObject['source'] {
  if (!m.source) return undefined;
  const rel = m.source.split('/').slice(1).join('/');
  if (!rel) return undefined;
  const template = source.templates.find((t) => t.path === rel);
  return {
    file: path.join(source.dir, ...rel.split('/')),
    line: template ? documentStartLine(template.text, m.index) : 0,
    role: 'template',
  };
}

/** 0-based line of the first content line of the `index`-th `---`-separated document. */
export function documentStartLine(text: string, index: number): number {
  const lines = text.split('\n');
  let doc = 0;
  let start = 0;
  for (let i = 0; i < lines.length && doc < index; i++) {
    if (/^---\s*$/.test(lines[i])) {
      doc++;
      start = i + 1;
    }
  }
  // Blank lines, comments and template-only lines (`{{- if .Values.x.enabled }}`) come before the object.
  while (
    start < lines.length - 1 &&
    (lines[start].trim() === '' || /^\s*#/.test(lines[start]) || /^\s*\{\{.*\}\}\s*$/.test(lines[start]))
  )
    start++;
  return start;
}
