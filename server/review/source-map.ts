/**
 * Maps a path inside a rendered object (e.g. `spec.template.spec.containers[0].securityContext`) back
 * to the template line that produced it, and — where the template copies a value — to the values key.
 * Templates are not YAML (they hold `{{ }}`), so the walk is structural over indentation: each key
 * is looked for at the shallowest indentation inside its parent's block, list items by their `- `,
 * `include "x"` followed into `define "x"`, and `.Values.a.b` (inline or through toYaml) turned into a
 * values path with the rest of the object path appended.
 */

export type ObjectPath = Array<string | number>;

export interface TemplateFile {
  /** Chart-relative path, e.g. `templates/deployment.yaml`. */
  path: string;
  text: string;
}

export interface TemplateLocation {
  file: string;
  /** 0-based line, and the column range of the key (or the whole line's content). */
  line: number;
  startCharacter: number;
  endCharacter: number;
  /** The deepest object path that was found in the template text (a prefix of the asked path). */
  matchedPath: ObjectPath;
  /** The values key the rest of the path comes from, when the template copies values here. */
  valuesPath?: string[];
}

interface Block {
  file: TemplateFile;
  lines: string[];
  start: number; // first line of the block's content (inclusive)
  end: number; // exclusive
  indent: number; // indentation of the block's owner key (-1 for a document root)
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isTemplateOnly = (trimmed: string) => trimmed.startsWith('{{');
const isBlank = (trimmed: string) => trimmed === '' || trimmed.startsWith('#');

export class TemplateIndex {
  private readonly defines = new Map<string, Block>();
  private readonly byPath = new Map<string, TemplateFile>();

  constructor(files: TemplateFile[]) {
    for (const f of files) {
      this.byPath.set(f.path, f);
      const lines = f.text.split('\n');
      lines.forEach((line, i) => {
        const m = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/.exec(line);
        if (!m) return;
        let end = i + 1;
        let depth = 1;
        for (; end < lines.length; end++) {
          // Nested control structures end with {{ end }} too; count them to find the define's own end.
          const opens = (lines[end].match(/\{\{-?\s*(if|range|with|define|block)\b/g) ?? []).length;
          const closes = (lines[end].match(/\{\{-?\s*end\s*-?\}\}/g) ?? []).length;
          depth += opens - closes;
          if (depth <= 0) break;
        }
        this.defines.set(m[1], { file: f, lines, start: i + 1, end, indent: -1 });
      });
    }
  }

  file(path: string): TemplateFile | undefined {
    return this.byPath.get(path);
  }

  /** The body lines of `define "name"`, for following an `include` to the values it reads. */
  defineBody(name: string): string[] | undefined {
    const d = this.defines.get(name);
    return d ? d.lines.slice(d.start, d.end) : undefined;
  }

  /** Where `objectPath` of the `docIndex`-th document rendered from `templatePath` comes from. */
  locate(templatePath: string, docIndex: number, objectPath: ObjectPath): TemplateLocation | undefined {
    const file = this.byPath.get(templatePath);
    if (!file) return undefined;
    const lines = file.text.split('\n');
    const docStarts = [0, ...lines.flatMap((l, i) => (/^---\s*$/.test(l) ? [i + 1] : []))];
    const d = Math.min(docIndex, docStarts.length - 1);
    const root: Block = {
      file,
      lines,
      start: docStarts[d],
      end: d + 1 < docStarts.length ? docStarts[d + 1] - 1 : lines.length,
      indent: -1,
    };
    return this.walk(root, objectPath, 0, [], undefined, 0);
  }

  private walk(
    block: Block,
    path: ObjectPath,
    i: number,
    matched: ObjectPath,
    best: TemplateLocation | undefined,
    hops: number,
  ): TemplateLocation | undefined {
    if (i >= path.length) return best;
    const seg = path[i];
    const child = typeof seg === 'number' ? this.findItem(block, seg) : this.findKey(block, seg);
    if (child) {
      const line = block.lines[child.line];
      const col = indentOf(line) + (line.trimStart().startsWith('- ') ? 2 : 0);
      const keyEnd = typeof seg === 'string' ? col + seg.length : line.length;
      const loc: TemplateLocation = {
        file: block.file.path,
        line: child.line,
        startCharacter: col,
        endCharacter: keyEnd,
        matchedPath: [...matched, seg],
      };
      const inlineValues =
        typeof seg === 'string'
          ? (valuesRef(line.slice(line.indexOf(':') + 1)) ?? this.includedValues(line.slice(line.indexOf(':') + 1)))
          : undefined;
      if (inlineValues) loc.valuesPath = [...inlineValues, ...path.slice(i + 1).map(String)];
      if (inlineValues) return loc;
      if (i === path.length - 1) {
        // The key's content comes from the lines right under it (`toYaml .Values.x`): name that values key.
        const under = this.walk(child.block, [...path, '\u0000'], i + 1, loc.matchedPath, loc, hops);
        return under?.valuesPath ? { ...loc, valuesPath: under.valuesPath.slice(0, -1) } : loc;
      }
      return this.walk(child.block, path, i + 1, loc.matchedPath, loc, hops) ?? loc;
    }
    // Not written literally: the lines right under the key produce its content — an include of a
    // define, or values copied with toYaml (directly or through `with`).
    let withValues: string[] | undefined;
    for (let l = block.start; l < block.end; l++) {
      const trimmed = block.lines[l].trim();
      if (isBlank(trimmed)) continue;
      if (!isTemplateOnly(trimmed)) break;
      const include = /include\s+"([^"]+)"/.exec(trimmed);
      const def = include && this.defines.get(include[1]);
      if (def && hops < 8) {
        const found = this.walk(def, path, i, matched, best, hops + 1);
        if (found && found !== best) return found;
      }
      const withRef = /\{\{-?\s*with\s+\.Values((?:\.[A-Za-z0-9_]+)+)/.exec(trimmed);
      if (withRef) withValues = withRef[1].slice(1).split('.');
      const ref = /toYaml\s+\(?\s*(?:omit\s+)?\.Values((?:\.[A-Za-z0-9_]+)+)/.exec(trimmed);
      const values = ref ? ref[1].slice(1).split('.') : /toYaml\s+\.\s/.test(trimmed) ? withValues : undefined;
      if (values && best) return { ...best, valuesPath: [...values, ...path.slice(i).map(String)] };
    }
    return best;
  }

  /** `key: {{ include "x.image" . }}`: the values the define reads, as their common prefix (e.g. `image`). */
  private includedValues(text: string): string[] | undefined {
    const name = /\{\{-?\s*include\s+"([^"]+)"/.exec(text)?.[1];
    const def = name ? this.defines.get(name) : undefined;
    if (!def) return undefined;
    const refs = def.lines
      .slice(def.start, def.end)
      .flatMap((l) => [...l.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)].map((m) => m[1].slice(1).split('.')));
    if (!refs.length) return undefined;
    const prefix: string[] = [];
    for (let k = 0; refs.every((r) => r[k] !== undefined && r[k] === refs[0][k]); k++) prefix.push(refs[0][k]);
    return prefix.length ? prefix : undefined;
  }

  /** A key at the shallowest indentation inside the block (its direct child in YAML terms). */
  private findKey(block: Block, key: string): { line: number; block: Block } | undefined {
    let bestLine = -1;
    let bestIndent = Infinity;
    const re = new RegExp(`^(- )?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\s|$)`);
    for (let l = block.start; l < block.end; l++) {
      const line = block.lines[l];
      const trimmed = line.trim();
      if (isBlank(trimmed) || isTemplateOnly(trimmed)) continue;
      const ind = indentOf(line);
      if (ind <= block.indent && l !== block.start) break;
      if (re.test(trimmed)) {
        const keyIndent = ind + (trimmed.startsWith('- ') ? 2 : 0);
        if (keyIndent < bestIndent) {
          bestIndent = keyIndent;
          bestLine = l;
        }
      }
    }
    if (bestLine < 0) return undefined;
    return {
      line: bestLine,
      block: { ...block, start: bestLine + 1, end: this.blockEnd(block, bestLine, bestIndent), indent: bestIndent },
    };
  }

  /** The n-th `- ` item at the shallowest indentation (a range loop renders many items from one). */
  private findItem(block: Block, n: number): { line: number; block: Block } | undefined {
    const items: number[] = [];
    let itemIndent = Infinity;
    for (let l = block.start; l < block.end; l++) {
      const trimmed = block.lines[l].trim();
      if (isBlank(trimmed) || isTemplateOnly(trimmed)) continue;
      const ind = indentOf(block.lines[l]);
      if (ind <= block.indent && !trimmed.startsWith('- ')) break;
      if (!trimmed.startsWith('-')) continue;
      if (ind < itemIndent) {
        itemIndent = ind;
        items.length = 0;
      }
      if (ind === itemIndent) items.push(l);
    }
    if (!items.length) return undefined;
    const line = items[Math.min(n, items.length - 1)];
    // The item's block starts on its dash line (`- name: x` holds the first key) and ends at the next item.
    return { line, block: { ...block, start: line, end: this.blockEnd(block, line, itemIndent), indent: itemIndent } };
  }

  private blockEnd(block: Block, from: number, indent: number): number {
    for (let l = from + 1; l < block.end; l++) {
      const line = block.lines[l];
      const trimmed = line.trim();
      if (isBlank(trimmed) || isTemplateOnly(trimmed)) continue;
      if (indentOf(line) <= indent) return l;
    }
    return block.end;
  }
}

/** `.Values.a.b` in a template expression (`{{ .Values.a.b }}`, `{{ .Values.a.b | quote }}`). */
function valuesRef(text: string): string[] | undefined {
  const m = /\{\{-?\s*(?:toYaml\s+|toJson\s+|quote\s+)?\.Values((?:\.[A-Za-z0-9_]+)+)\s*(\|[^}]*)?-?\}\}/.exec(text);
  return m ? m[1].slice(1).split('.') : undefined;
}
