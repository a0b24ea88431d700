import path from 'node:path';
import { valuesFileOf } from '../core/environments';
import { intentKindOf } from '../core/intent-kind';
import { intentPathsForValuesKey } from '../compiler/values/provenance';
import { YamlChunk, type YamlPath } from '../yaml/yaml-chunk';
import type { ChartSource } from './chart-source';
import { zeroRange, type ReviewLocation } from './findings';
import { traceKey, type DocumentTrace } from './render-trace';
import { TemplateIndex, type ObjectPath } from './source-map';
import { stableName } from './stable-name';
import { valuesFeeding } from './values-link';

/**
 * Turns "this path of this rendered object, in this environment" into file locations: the template
 * line, the values key it copies (the environment's values file first), and the intent field that
 * produced that key when the chart was generated.
 */
export class ChartLocator {
  readonly templates: TemplateIndex;
  private readonly yaml = new Map<string, YamlChunk>();
  private readonly intentKind: 'DeploymentIntent' | 'ServiceIntent';
  /** Per environment: rendered document → template lines, from the instrumented render. */
  private readonly traces = new Map<string, Map<string, DocumentTrace>>();

  constructor(readonly source: ChartSource) {
    this.templates = new TemplateIndex(source.templates);
    this.intentKind = intentKindOf(source.intentText ?? '') ?? 'DeploymentIntent';
  }

  private chunk(key: string, text: string): YamlChunk {
    let c = this.yaml.get(key);
    if (!c) {
      c = new YamlChunk(text);
      this.yaml.set(key, c);
    }
    return c;
  }

  /** `my-service/templates/x.yaml` (helm's `# Source:`) → `templates/x.yaml`; subcharts are not ours. */
  templatePathOf(renderedSource: string): string | undefined {
    const rel = renderedSource.split('/').slice(1).join('/');
    return this.templates.file(rel) ? rel : undefined;
  }

  chartLocation(): ReviewLocation {
    return { file: path.join(this.source.dir, 'Chart.yaml'), range: zeroRange(), role: 'chart' };
  }

  templateLine(file: string, line: number, character = 0): ReviewLocation {
    const t = this.templates.file(file);
    const text = t?.text.split('\n')[line] ?? '';
    const start = Math.min(character, text.length);
    const indent = text.length - text.trimStart().length;
    return {
      file: path.join(this.source.dir, file),
      role: 'template',
      range: { start: { line, character: character ? start : indent }, end: { line, character: text.length } },
    };
  }

  /** A values key in the environment's values file when it sets it there, else in values.yaml. */
  valuesLocation(valuesKey: string[], env?: string): ReviewLocation | undefined {
    // List indexes as numbers: YamlChunk matches them against sequences (and maps by their string).
    const valuesPath: YamlPath = valuesKey.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const envFile = env ? valuesFileOf(env, this.source.values.keys()) : undefined;
    const files = [...(envFile ? [envFile] : []), 'values.yaml'];
    for (const name of files) {
      const text = this.source.values.get(name);
      if (text === undefined) continue;
      const chunk = this.chunk(name, text);
      const exact = chunk.locate(valuesPath);
      if (!exact && name !== 'values.yaml') continue;
      const range = chunk.rangeAt(valuesPath, true);
      if (range) return { file: path.join(this.source.dir, name), range, role: 'values', valuesPath: valuesKey };
    }
    return undefined;
  }

  /** The intent field behind a values key (environment override first), when the chart has an intent. */
  intentLocation(valuesPath: string[], env?: string): ReviewLocation | undefined {
    if (!this.source.intentFile || !this.source.intentText) return undefined;
    const chunk = this.chunk('\u0000intent', this.source.intentText);
    for (let n = valuesPath.length; n > 0; n--) {
      const candidates = intentPathsForValuesKey(valuesPath.slice(0, n).join('.'), this.intentKind);
      for (const c of candidates) {
        const segs: YamlPath = c.split('.');
        const tries: YamlPath[] =
          env && segs[0] === 'spec' ? [['spec', 'environments', env, ...segs.slice(1)], segs] : [segs];
        for (const p of tries) {
          const exact = chunk.locate(p);
          if (!exact) continue;
          const range = chunk.rangeAt(p, true);
          if (range) return { file: this.source.intentFile, range, role: 'intent' };
        }
      }
    }
    return undefined;
  }

  useTraces(env: string, traces: Map<string, DocumentTrace>): void {
    this.traces.set(env, traces);
  }

  /**
   * From the instrumented render: the template line that wrote the deepest rendered part of the path,
   * and the values key feeding it. When the field came out of a block no line wrote literally and no
   * values key feeds it, the location spans that block and says it was rendered from there.
   */
  private traced(
    renderedSource: string,
    docIndex: number,
    objectPath: ObjectPath,
    env?: string,
  ): { loc: ReviewLocation; valuesPath?: string[] } | undefined {
    const trace = env !== undefined ? this.traces.get(env)?.get(traceKey(renderedSource, docIndex)) : undefined;
    const hit = trace?.locate(objectPath);
    const file = hit && this.templates.file(hit.at.file);
    if (!hit || !file) return undefined;
    const lines = file.text.split('\n');
    const text = lines[hit.at.line] ?? '';
    const last = hit.matchedPath[hit.matchedPath.length - 1];
    const col = text.length - text.trimStart().length + (text.trimStart().startsWith('- ') ? 2 : 0);
    const rest = objectPath.slice(hit.matchedPath.length);
    if (typeof rest[0] === 'number') rest[0] -= hit.literalItemsBefore;
    const valuesPath = valuesFeeding(lines, hit.at.line, rest, (n) => this.templates.defineBody(n));
    const loc: ReviewLocation = {
      file: path.join(this.source.dir, hit.at.file),
      role: 'template',
      range: {
        start: { line: hit.at.line, character: col },
        end: { line: hit.at.line, character: typeof last === 'string' ? col + last.length : text.length },
      },
    };
    if (hit.unmarked && !valuesPath) {
      const end = blockEnd(lines, hit.at.line);
      loc.range = { start: loc.range.start, end: { line: end, character: (lines[end] ?? '').length } };
      loc.note = `${objectPath.slice(hit.matchedPath.length).join('.')} was rendered from this block`;
    }
    return { loc, valuesPath };
  }

  /** The object's name as findings show it: random parts (test pods' suffixes) as `*`. */
  displayName(renderedSource: string, docIndex: number, name: string | undefined, env?: string): string | undefined {
    if (name === undefined) return undefined;
    const at =
      env !== undefined
        ? this.traces.get(env)?.get(traceKey(renderedSource, docIndex))?.locate(['metadata', 'name'])
        : undefined;
    const template =
      at && at.matchedPath.length === 2 ? this.templates.file(at.at.file)?.text.split('\n')[at.at.line] : undefined;
    return template ? stableName(name, template) : name;
  }

  /** All locations of an object path; the first is where the diagnostic goes. */
  locateObjectPath(renderedSource: string, docIndex: number, objectPath: ObjectPath, env?: string): ReviewLocation[] {
    const traced = this.traced(renderedSource, docIndex, objectPath, env);
    if (traced) return this.withValues([traced.loc], traced.valuesPath, env);
    const out: ReviewLocation[] = [];
    const template = this.templatePathOf(renderedSource);
    const loc = template ? this.templates.locate(template, docIndex, objectPath) : undefined;
    if (loc) {
      // No traced render for this document (helm failed on the instrumented copy): placed by template structure.
      const note = traceAvailable(this.traces, env)
        ? undefined
        : 'placed by the template structure; the render could not be traced';
      out.push({
        file: path.join(this.source.dir, loc.file),
        role: 'template',
        range: {
          start: { line: loc.line, character: loc.startCharacter },
          end: { line: loc.line, character: loc.endCharacter },
        },
        ...(note ? { note } : {}),
      });
    } else if (template) {
      out.push(this.templateLine(template, 0));
    }
    return this.withValues(out, loc?.valuesPath, env);
  }

  private withValues(out: ReviewLocation[], valuesPath: string[] | undefined, env?: string): ReviewLocation[] {
    if (valuesPath) {
      const values = this.valuesLocation(valuesPath, env);
      if (values) out.push(values);
      const intent = this.intentLocation(valuesPath, env);
      if (intent) out.push(intent);
    }
    if (out.length === 0) out.push(this.chartLocation());
    return out;
  }
}

function traceAvailable(traces: Map<string, Map<string, DocumentTrace>>, env?: string): boolean {
  return env !== undefined && traces.has(env);
}

/** Last line of the block a key line owns (its more-indented or template-only lines). */
function blockEnd(lines: string[], line: number): number {
  const indent = lines[line].length - lines[line].trimStart().length;
  let last = line;
  for (let l = line + 1; l < lines.length; l++) {
    const t = lines[l].trim();
    if (!t) continue;
    if (!t.startsWith('{{') && lines[l].length - lines[l].trimStart().length <= indent) break;
    if (/^\{\{-?\s*end\b/.test(t) && lines[l].length - lines[l].trimStart().length <= indent) break;
    last = l;
  }
  return last;
}
