import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver-types';
import intentSnippets from '../../snippets/intent.code-snippets.json';
import configSnippets from '../../snippets/platform-config.code-snippets.json';
import type { FileRole } from '../check/check-chunk';
import { intentKindOf } from '../core/intent-kind';
import type { PlatformConfig } from '../model/platform-config';
import { INTENT_KINDS, rootSchemaFor, schemaAt, typesOf, propertiesOf, type ResolvedSchema } from '../model/schemas';
import type { PlacedChunk } from '../yaml/yaml-file';
import type { YamlPath } from '../yaml/yaml-chunk';
import { markerContext, MARKER } from './marker-path';
import { profileSummary } from './effective-values';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}

const KEY_LINE = /^(\s*)((?:-\s+)*)([A-Za-z0-9_./-]*)$/;
const VALUE_LINE = /^(\s*)((?:-\s+)*)([^\s:#][^:#]*?):[ \t]+([^#]*)$/;

function kindOf(chunk: PlacedChunk, role: FileRole): 'DeploymentIntent' | 'ServiceIntent' | 'PlatformConfig' {
  if (role === 'platform-config') return 'PlatformConfig';
  return intentKindOf(chunk.chunk.text) ?? 'DeploymentIntent';
}

/** Completion at a position of a chunk (position and chunk in file coordinates). */
export function complete(
  placed: PlacedChunk,
  position: Position,
  role: FileRole,
  config: PlatformConfig,
): CompletionItem[] {
  const { chunk } = placed;
  const localLine = position.line - placed.startLine;
  const lineStart = chunk.lines.lineStart(localLine);
  const lineText = chunk.lines.lineText(localLine);
  const before = lineText.slice(0, position.character);
  const cursor = lineStart + before.length;

  if (
    chunk.text.replace(/^(---|%.*|#.*|\s)*$/gm, '').trim() === '' ||
    (chunk.doc?.contents == null && before.trim() === '')
  ) {
    return scaffolds(role, position);
  }

  const kind = kindOf(placed, role);
  const root = rootSchemaFor(kind);

  const valueMatch = VALUE_LINE.exec(before);
  if (valueMatch && !before.trimEnd().endsWith('|') && !before.trimEnd().endsWith('>')) {
    const typed = valueMatch[4];
    const valueStart = cursor - typed.length;
    const lineEnd = lineStart + lineText.length;
    const ctx = markerContext(chunk, valueStart, lineEnd, MARKER);
    if (!ctx) return [];
    const schema = schemaAt(root, ctx.path);
    const range = {
      start: { line: position.line, character: position.character - typed.length },
      end: { line: position.line, character: lineText.length },
    };
    return valueItems(ctx.path, schema, kind, config).map((item, i) => ({
      ...item,
      sortText: String(i).padStart(3, '0'),
      textEdit: { range, newText: item.insertText ?? item.label },
    }));
  }

  const keyMatch = KEY_LINE.exec(before);
  if (!keyMatch) return [];
  const typed = keyMatch[3];
  const keyStart = cursor - typed.length;
  const after = lineText.slice(position.character);
  const ctx = markerContext(chunk, keyStart, lineStart + lineText.length, `${MARKER}: 0`);
  if (!ctx) return [];
  const schema = schemaAt(root, ctx.path);
  if (!schema) return [];
  const present = new Set(ctx.siblings);
  const keyColumn = position.character - typed.length;
  const range = {
    start: { line: position.line, character: keyColumn },
    end: { line: position.line, character: position.character + (after.match(/^[\w.-]*/)?.[0].length ?? 0) },
  };
  return propertiesOf(schema)
    .filter((p) => !present.has(p.name))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name))
    .map((p, i) => {
      const snippet = keySnippet(p.name, p.schema, keyColumn, config, [...ctx.path, p.name]);
      return {
        label: p.name,
        kind: CompletionItemKind.Property,
        detail: `${p.required ? 'required · ' : ''}${typesOf(p.schema.node).join(' | ') || 'value'}`,
        documentation: p.schema.description ? { kind: MarkupKind.Markdown, value: p.schema.description } : undefined,
        sortText: String(i).padStart(3, '0'),
        filterText: p.name,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: snippet },
      };
    });
}

function scaffolds(role: FileRole, position: Position): CompletionItem[] {
  const snippets = (role === 'platform-config' ? configSnippets : intentSnippets) as Record<string, Snippet>;
  const range = { start: { line: position.line, character: 0 }, end: position };
  return Object.entries(snippets).map(([name, s], i) => ({
    label: name,
    kind: CompletionItemKind.Snippet,
    detail: s.description,
    sortText: String(i).padStart(3, '0'),
    filterText: [name, ...(Array.isArray(s.prefix) ? s.prefix : [s.prefix])].join(' '),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: s.body.join('\n') },
  }));
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

/** Insert text for a key: `key: ${1|enum|}`, or a nested block with its required fields. */
function keySnippet(
  name: string,
  schema: ResolvedSchema,
  column: number,
  config: PlatformConfig,
  path: YamlPath,
): string {
  const node = schema.node;
  const types = typesOf(node);
  const pad = ' '.repeat(column + 2);
  const choices = choiceValues(path, schema, config);
  if (choices.length)
    return `${name}: \${1|${choices.map((c) => escapeSnippet(String(c)).replace(/[|,]/g, '\\$&')).join(',')}|}`;
  if (types[0] === 'object' && node.properties) {
    const required = node.required ?? [];
    if (required.length === 0) return `${name}:\n${pad}$0`;
    return `${name}:\n` + required.map((r, i) => `${pad}${r}: \${${i + 1}}`).join('\n');
  }
  if (types[0] === 'object') return `${name}:\n${pad}$0`;
  if (types[0] === 'array') return `${name}:\n${pad}- $0`;
  const def = node.default !== undefined ? escapeSnippet(String(node.default)) : '';
  return `${name}: \${1:${def}}`;
}

function choiceValues(path: YamlPath, schema: ResolvedSchema | undefined, config: PlatformConfig): unknown[] {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'profile' && parent === 'resources') return Object.keys(config.profiles);
  if (last === 'defaultProfile') return Object.keys(config.profiles);
  const node = schema?.node;
  if (!node) return [];
  if (node.enum) return node.enum;
  if (node.const !== undefined) return [node.const];
  if (typesOf(node)[0] === 'boolean') return [true, false];
  return [];
}

function valueItems(
  path: YamlPath,
  schema: ResolvedSchema | undefined,
  kind: string,
  config: PlatformConfig,
): CompletionItem[] {
  const last = path[path.length - 1];
  const doc = (s?: string) => (s ? { kind: MarkupKind.Markdown, value: s } : undefined);
  if (path.length === 1 && last === 'kind' && kind !== 'PlatformConfig') {
    return INTENT_KINDS.map((k) => ({
      label: k,
      kind: CompletionItemKind.EnumMember,
      documentation: doc(schemaAt(rootSchemaFor(k), ['kind'])?.description),
    }));
  }
  if (path.length === 1 && last === 'apiVersion' && kind !== 'PlatformConfig') {
    const group = config.labelDomain ?? 'platform.example.com';
    return [{ label: `${group}/v1alpha1`, kind: CompletionItemKind.Value, documentation: doc(schema?.description) }];
  }
  if (
    kind === 'ServiceIntent' &&
    ['resources', 'exposure', 'authPolicy', 'metrics'].includes(String(last)) &&
    path[1] !== undefined
  ) {
    const extra =
      last === 'resources' ? Object.keys(config.profiles) : last === 'exposure' ? ['internal', 'public-ingress'] : [];
    const names = [...new Set([...Object.keys(config.keywords), ...extra])];
    return names.map((k) => ({
      label: k,
      kind: CompletionItemKind.EnumMember,
      documentation: doc(
        config.keywords[k]?.description ?? (config.profiles[k] ? profileSummary(k, config) : undefined),
      ),
    }));
  }
  if (last === 'profile' && path[path.length - 2] === 'resources') {
    return Object.keys(config.profiles).map((p) => ({
      label: p,
      kind: CompletionItemKind.EnumMember,
      detail: config.profiles[p].description,
      documentation: doc(profileSummary(p, config)),
    }));
  }
  return choiceValues(path, schema, config).map((v) => ({
    label: String(v),
    kind: CompletionItemKind.EnumMember,
    documentation: doc(schema?.description),
  }));
}
