import type { ErrorObject } from 'ajv';
import { deref, rootSchemaFor, schemaAt, type ResolvedSchema, type SchemaNode } from '../model/schemas';
import { setKey, replaceValue, removeEntry, scalarText } from '../yaml/yaml-edits';
import type { YamlChunk, YamlPath } from '../yaml/yaml-chunk';
import type { Document } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { finding, type Finding, type Fix } from './finding';
import { validate, type SchemaName } from './schema-validator';
import { closest, editDistance } from './suggest';

/** Readable names for the pattern-checked definitions, so the code and message say what is wrong. */
const PATTERN_RULES: Array<{ test: RegExp; code: string; hint: string }> = [
  { test: /\/duration\//, code: 'invalid-duration', hint: 'a duration such as `30s`, `2m`, `1h` or `1h30m`' },
  {
    test: /\/apiVersion\//,
    code: 'invalid-api-version',
    hint: '`<your-platform-group>/v1alpha1`, e.g. `platform.example.com/v1alpha1`',
  },
  { test: /\/quantityCpu\//, code: 'invalid-quantity', hint: 'a CPU quantity such as `500m` or `1`' },
  { test: /\/quantityMemory\//, code: 'invalid-quantity', hint: 'a memory quantity such as `256Mi` or `1Gi`' },
  {
    test: /\/metadata\/properties\/(name|namespace)\//,
    code: 'invalid-name',
    hint: 'a DNS-1123 label: lower-case letters, digits and `-`, starting and ending with a letter or digit',
  },
];

function toPath(instancePath: string, value: unknown): YamlPath {
  const path: YamlPath = [];
  let cur: unknown = value;
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(cur) && /^\d+$/.test(seg) ? Number(seg) : seg;
    path.push(key);
    cur = (cur as Record<string | number, unknown> | undefined)?.[key];
  }
  return path;
}

function label(path: YamlPath): string {
  return (
    path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), '') ||
    'the document'
  );
}

/** A value to insert for a missing required field: valid where possible, visibly a placeholder otherwise. */
export function placeholderFor(schema: ResolvedSchema | undefined, name: string): unknown {
  const node = schema?.node;
  if (!node) return `TODO-${name}`;
  if (node.default !== undefined) return node.default;
  if (node.const !== undefined) return node.const;
  if (node.enum?.length) return node.enum[node.enum.length - 1];
  const type = Array.isArray(node.type) ? node.type[0] : (node.type ?? (node.properties ? 'object' : 'string'));
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const req of node.required ?? [])
      out[req] = placeholderFor(node.properties?.[req] && deref(node.properties[req], schema!.root), req);
    return out;
  }
  if (type === 'integer' || type === 'number') return node.minimum ?? 1;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  return `TODO-${name}`;
}

function schemaFor(kind: SchemaName, path: YamlPath): ResolvedSchema | undefined {
  return schemaAt(rootSchemaFor(kind), path);
}

/** The document whose schema errors are reported: its text, parse, schema and value. */
interface CheckedDocument {
  chunk: YamlChunk;
  doc: Document.Parsed;
  kind: SchemaName;
  value: unknown;
}

/** Where `path` is written (its value or its key), or the document's first character when it is not. */
function rangeIn({ chunk, doc }: CheckedDocument, path: YamlPath, onValue: boolean): Range {
  return chunk.rangeAt(path, onValue, doc) ?? chunk.lines.range(0, 0);
}

/** JSON Schema errors of one document, each on the key or value that caused it, with fixes. */
export function schemaFindings(chunk: YamlChunk, doc: Document.Parsed, kind: SchemaName, value: unknown): Finding[] {
  const checked: CheckedDocument = { chunk, doc, kind, value };
  const all = validate(kind, value);
  // A value of the wrong type also fails its enum/pattern: report the type problem alone.
  const typed = new Set(all.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const errors = all.filter(
    (e) => !(typed.has(e.instancePath) && ['enum', 'const', 'pattern', 'format'].includes(e.keyword)),
  );
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const err of errors) {
    const f = safeFinding(checked, err);
    if (!f) continue;
    const key = `${f.code}:${f.range.start.line}:${f.range.start.character}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** One odd schema error must not take the whole document's diagnostics down with it. */
function safeFinding(checked: CheckedDocument, err: ErrorObject): Finding | undefined {
  try {
    return toFinding(checked, err);
  } catch {
    const path = toPath(err.instancePath, checked.value);
    return finding(
      'schema-invalid',
      'error',
      rangeIn(checked, path, true),
      `${label(path)} ${err.message ?? 'is invalid'}.`,
    );
  }
}

/** A value as a message shows it: scalars as YAML text, collections by their shape. */
function shown(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a map' : scalarText(v);
}

function toFinding(checked: CheckedDocument, err: ErrorObject): Finding | undefined {
  const { chunk, doc, kind, value } = checked;
  const path = toPath(err.instancePath, value);
  const at = (p: YamlPath, onValue: boolean) => rangeIn(checked, p, onValue);
  const params = err.params as Record<string, unknown>;
  const schema = err.parentSchema as SchemaNode | undefined;
  switch (err.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const placeholder = placeholderFor(schemaFor(kind, [...path, missing]), missing);
      const edit = setKey(chunk, path, missing, placeholder);
      const fixes: Fix[] = edit ? [{ title: `Add '${missing}'`, edits: [edit], preferred: true }] : [];
      return finding(
        'schema-required',
        'error',
        at(path, false),
        `Missing required field '${missing}' in ${label(path)}.`,
        fixes,
      );
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const keyPath = [...path, extra];
      const allowed = Object.keys(schema?.properties ?? {});
      const near = closest(extra, allowed, 3);
      const loc = chunk.locate(keyPath, doc);
      const fixes: Fix[] = near
        .map((name, i) => ({
          title: `Rename to '${name}'`,
          edits: loc?.key?.range
            ? [{ range: chunk.lines.range(loc.key.range[0], loc.key.range[1]), newText: name }]
            : [],
          preferred: i === 0 && editDistance(extra, name) <= 2,
        }))
        .filter((x) => x.edits.length);
      const removal = removeEntry(chunk, keyPath);
      if (removal) fixes.push({ title: `Remove '${extra}'`, edits: [removal] });
      const hint = near.length
        ? ` Did you mean '${near[0]}'?`
        : allowed.length
          ? ` Allowed: ${allowed.join(', ')}.`
          : '';
      return finding(
        'unknown-key',
        'error',
        at(keyPath, false),
        `Unknown field '${extra}' in ${label(path)}.${hint}`,
        fixes,
      );
    }
    case 'enum':
    case 'const': {
      const allowed = (err.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]) ?? [];
      const actual = String(valueAt(value, path));
      const ranked = [...allowed].sort((a, b) => editDistance(actual, String(a)) - editDistance(actual, String(b)));
      const fixes: Fix[] = [];
      for (const v of ranked) {
        const edit = replaceValue(chunk, path, v);
        if (edit) fixes.push({ title: `Change to '${String(v)}'`, edits: [edit], preferred: fixes.length === 0 });
      }
      const list = allowed.map((v) => `'${String(v)}'`).join(', ');
      return finding(
        err.keyword === 'enum' ? 'schema-enum' : 'schema-const',
        'error',
        at(path, true),
        `'${String(valueAt(value, path))}' is not allowed for ${label(path)}: use ${list}.`,
        fixes,
      );
    }
    case 'type': {
      const actual = valueAt(value, path);
      const found =
        actual === null
          ? 'nothing'
          : Array.isArray(actual)
            ? 'a list'
            : typeof actual === 'object'
              ? 'a map'
              : `${typeof actual} ${scalarText(actual)}`;
      return finding(
        'schema-type',
        'error',
        at(path, true),
        `${label(path)} must be ${String(params.type).replace(',', ' or ')}, found ${found}.`,
      );
    }
    case 'pattern': {
      // A map key failing `propertyNames` (an environment `-x`, a profile `XL`): ajv reports the map's
      // path and the key separately; the finding goes on the key.
      const name = (err as ErrorObject & { propertyName?: string }).propertyName;
      if (name !== undefined) {
        const keyPath = [...path, name];
        return finding(
          'invalid-name',
          'error',
          at(keyPath, false),
          `'${name}' is not a valid name in ${label(path)}: use a DNS-1123 label (lower-case letters, digits and \`-\`, starting and ending with a letter or digit).`,
        );
      }
      const rule = PATTERN_RULES.find((r) => r.test.test(err.schemaPath));
      const v = shown(valueAt(value, path));
      return rule
        ? finding(rule.code, 'error', at(path, true), `${v} is not ${rule.hint} (${label(path)}).`)
        : finding(
            'schema-pattern',
            'error',
            at(path, true),
            `${v} has the wrong form for ${label(path)} (expected /${String(params.pattern)}/).`,
          );
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = params.limit as number;
      const fix = replaceValue(chunk, path, err.keyword.startsWith('exclusive') ? undefined : bound);
      return finding(
        'schema-range',
        'error',
        at(path, true),
        `${label(path)} must be ${String(params.comparison)} ${bound}, found ${shown(valueAt(value, path))}.`,
        fix && !err.keyword.startsWith('exclusive') ? [{ title: `Set to ${bound}`, edits: [fix] }] : undefined,
      );
    }
    case 'maxProperties':
    case 'minProperties':
      if (/canaryStep/.test(err.schemaPath))
        return finding(
          'canary-step-shape',
          'error',
          at(path, false),
          `A canary step has exactly one of 'setWeight' or 'pause' (${label(path)}).`,
        );
      return finding('schema-size', 'error', at(path, false), `${label(path)} ${err.message}.`);
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
      return finding('schema-size', 'error', at(path, true), `${label(path)} ${err.message}.`);
    case 'propertyNames':
      return undefined; // reported by the `pattern` error of the name itself
    case 'if':
    case 'then':
    case 'else':
      return undefined;
    default:
      return finding('schema-invalid', 'error', at(path, true), `${label(path)} ${err.message ?? 'is invalid'}.`);
  }
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let cur = value;
  for (const seg of path) cur = (cur as Record<string | number, unknown> | null | undefined)?.[seg];
  return cur;
}
