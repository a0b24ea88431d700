/**
 * Turns a schema check's raw result (ajv errors, unread keys) into located issues with stable
 * codes and messages that name the field, what the schema expects and what was found.
 */
import type { ErrorObject } from 'ajv';
import { closest } from '../check/suggest';
import { describeValue, formatWords, orList, typeWords } from './describe';
import { formatJsonPath, valueAt } from '../policy/util/json-path';
import { pointerToPath } from './object-path';
import type { SchemaResult } from './schema-check';
import type { KubeSchemaCode, ObjectPath } from './types';

export interface SchemaIssue {
  code: KubeSchemaCode;
  message: string;
  segments: ObjectPath;
}

/** ajv reports a failed oneOf/anyOf after the errors of each branch; this keeps them together. */
interface UnionError {
  keyword: 'union';
  instancePath: string;
  branches: ErrorObject[];
}

export function schemaIssues(result: SchemaResult, object: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: SchemaIssue) => {
    const key = `${issue.code} ${formatJsonPath(issue.segments)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(issue);
  };
  for (const error of groupUnions(result.errors)) add(issueFor(error, object));
  for (const field of result.unknownFields) add(unknownField(field.path, field.known));
  return out;
}

function groupUnions(errors: ErrorObject[]): Array<ErrorObject | UnionError> {
  const out: Array<ErrorObject | UnionError> = [];
  for (const error of errors) {
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') {
      out.push(error);
      continue;
    }
    const branches: ErrorObject[] = [];
    const at = error.instancePath;
    while (out.length > 0) {
      const last = out[out.length - 1];
      if (last.instancePath !== at && !last.instancePath.startsWith(`${at}/`)) break;
      out.pop();
      branches.unshift(...(last.keyword === 'union' ? (last as UnionError).branches : [last as ErrorObject]));
    }
    out.push({ keyword: 'union', instancePath: at, branches });
  }
  return out;
}

function issueFor(error: ErrorObject | UnionError, object: unknown): SchemaIssue {
  const segments = pointerToPath(error.instancePath, object);
  const value = valueAt(object, segments);
  const where = formatJsonPath(segments) || 'The object';
  if (error.keyword === 'union') return unionIssue(error as UnionError, segments, value, where);
  const e = error as ErrorObject;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const expected = ([] as string[]).concat(params.type as string | string[]);
      return {
        code: 'k8s-schema-type',
        segments,
        message: `${where} must be ${orList(expected.map(typeWords))}, got ${describeValue(value)}${typeHint(expected, value)}`,
      };
    }
    case 'required': {
      const field = String(params.missingProperty);
      return {
        code: 'k8s-schema-required',
        segments: [...segments, field],
        message: `${where} is missing required field "${field}"`,
      };
    }
    case 'enum':
    case 'const': {
      const allowed = (e.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).map((v) =>
        JSON.stringify(v),
      );
      const near =
        typeof value === 'string'
          ? closest(
              value,
              allowed.map((a) => JSON.parse(a) as string).filter((a) => typeof a === 'string'),
              1,
            )
          : [];
      const hint = near.length ? ` (did you mean "${near[0]}"?)` : '';
      return {
        code: 'k8s-schema-enum',
        segments,
        message: `${where} must be one of ${allowed.join(', ')}; got ${describeValue(value)}${hint}`,
      };
    }
    case 'format':
      return {
        code: 'k8s-schema-format',
        segments,
        message: `${where} must be ${formatWords(String(params.format))}; got ${describeValue(value)}`,
      };
    case 'additionalProperties':
      return unknownField([...segments, String(params.additionalProperty)], []);
    default:
      return {
        code: 'k8s-schema-constraint',
        segments,
        message: `${where} ${e.message ?? `fails the schema's "${e.keyword}" rule`}; got ${describeValue(value)}`,
      };
  }
}

/** int-or-string and quantity are the unions in Kubernetes schemas; name them as such. */
function unionIssue(error: UnionError, segments: ObjectPath, value: unknown, where: string): SchemaIssue {
  const here = error.branches.filter((b) => b.instancePath === error.instancePath);
  const types = here
    .filter((b) => b.keyword === 'type')
    .flatMap((b) => ([] as string[]).concat((b.params as { type: string | string[] }).type));
  const formats = here
    .filter((b) => b.keyword === 'format')
    .map((b) => String((b.params as { format: string }).format));
  const expected = unionWords(types, formats);
  if (typeof value === 'string' && formats.length > 0)
    return {
      code: 'k8s-schema-format',
      segments,
      message: `${where} must be ${expected}; got ${describeValue(value)}`,
    };
  if (types.length > 0)
    return { code: 'k8s-schema-type', segments, message: `${where} must be ${expected}, got ${describeValue(value)}` };
  const first = error.branches[0];
  return {
    code: 'k8s-schema-constraint',
    segments,
    message: `${where} matches none of the allowed shapes${first?.message ? ` (${first.message})` : ''}; got ${describeValue(value)}`,
  };
}

function unionWords(types: string[], formats: string[]): string {
  const set = new Set(types);
  if (formats.includes('quantity') || (set.has('number') && set.has('string'))) return `${formatWords('quantity')}`;
  if (set.has('integer') && set.has('string')) return 'an integer or a string (int-or-string: 8080, "http" or "25%")';
  return orList([...types.map(typeWords), ...formats.map(formatWords)]);
}

/** Helm's usual causes: `| quote` on a number, or a number that should have been quoted. */
function typeHint(expected: string[], value: unknown): string {
  const wantsNumber = expected.includes('integer') || expected.includes('number');
  if (wantsNumber && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return ' — remove the quotes (in a template: drop `| quote`, or use `| int`)';
  }
  if (expected.includes('boolean') && (value === 'true' || value === 'false'))
    return ' — remove the quotes (in a template: drop `| quote`)';
  if (expected.includes('string') && (typeof value === 'number' || typeof value === 'boolean'))
    return ' — quote it (in a template: `| quote`)';
  return '';
}

function unknownField(path: ObjectPath, known: string[]): SchemaIssue {
  const field = String(path[path.length - 1]);
  const parent = formatJsonPath(path.slice(0, -1));
  const near = closest(field, known, 1);
  const hint = near.length ? ` (did you mean "${near[0]}"?)` : '';
  return {
    code: 'k8s-schema-unknown-field',
    segments: path,
    message: `Unknown field "${field}" in ${parent || 'the object'}${hint}: the schema has no such field, so the API server rejects it or drops it silently`,
  };
}
