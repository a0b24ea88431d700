import path from 'node:path';
import { valuesFileOf } from '../core/environments';
import { intentKindOf } from '../core/intent-kind';
import { intentPathsForValuesKey } from '../compiler/values/provenance';
import { YamlChunk, type YamlPath } from '../yaml/yaml-chunk';
import type { ChartSource } from './chart-source';
import { zeroRange, type ReviewLocation } from './findings';
import { TemplateIndex, type ObjectPath } from './source-map';

/**
 * Turns "this path of this rendered object, in this environment" into file locations: the template
 * line, the values key it copies (the environment's values file first), and the intent field that
 * produced that key when the chart was generated.
 */
export class ChartLocator {
  readonly templates: TemplateIndex;
  private readonly yaml = new Map<string, YamlChunk>();
  private readonly intentKind: 'DeploymentIntent' | 'ServiceIntent';

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
    return { file: path.join(this.source.dir, file), role: 'template', range: { start: { line, character: character ? start : indent }, end: { line, character: text.length } } };
  }

  /** A values key in the environment's values file when it sets it there, else in values.yaml. */
  valuesLocation(valuesPath: string[], env?: string): ReviewLocation | undefined {
    const envFile = env ? valuesFileOf(env, this.source.values.keys()) : undefined;
    const files = [...(envFile ? [envFile] : []), 'values.yaml'];
    for (const name of files) {
      const text = this.source.values.get(name);
      if (text === undefined) continue;
      const chunk = this.chunk(name, text);
      const exact = chunk.locate(valuesPath);
      if (!exact && name !== 'values.yaml') continue;
      const range = chunk.rangeAt(valuesPath, true);
      if (range) return { file: path.join(this.source.dir, name), range, role: 'values' };
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
        const tries: YamlPath[] = env && segs[0] === 'spec' ? [['spec', 'environments', env, ...segs.slice(1)], segs] : [segs];
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

  /** All locations of an object path; the first is where the diagnostic goes. */
  locateObjectPath(renderedSource: string, docIndex: number, objectPath: ObjectPath, env?: string): ReviewLocation[] {
    const out: ReviewLocation[] = [];
    const template = this.templatePathOf(renderedSource);
    const loc = template ? this.templates.locate(template, docIndex, objectPath) : undefined;
    if (loc) {
      out.push({ file: path.join(this.source.dir, loc.file), role: 'template', range: { start: { line: loc.line, character: loc.startCharacter }, end: { line: loc.line, character: loc.endCharacter } } });
    } else if (template) {
      out.push(this.templateLine(template, 0));
    }
    if (loc?.valuesPath) {
      const values = this.valuesLocation(loc.valuesPath, env);
      if (values) out.push(values);
      const intent = this.intentLocation(loc.valuesPath, env);
      if (intent) out.push(intent);
    }
    if (out.length === 0) out.push(this.chartLocation());
    return out;
  }
}
