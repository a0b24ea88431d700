/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition, completed. The bundled model drops every field
 * named `description` and every `x-kubernetes-*` extension from its schemas, and types
 * `additionalProperties` as a schema only, so valid CRDs (argo-rollouts, cert-manager, every
 * controller-gen output) came out as dozens of unknown-field errors. Here the model still checks
 * the CRD's own structure, with the parts it cannot describe taken out; those parts — each
 * version's `openAPIV3Schema` (JSONSchemaProps, recursively), printer-column descriptions and
 * `selectableFields` — are checked against the full v1 types (k8s.io/apiextensions-apiserver
 * pkg/apis/apiextensions/v1/types_jsonschema.go).
 */
import type { ErrorObject } from 'ajv';
import type { UnknownField } from './read-tracker';
import type { SchemaCheck, SchemaResult } from './schema-check';

type Path = Array<string | number>;
type Kind =
  | 'string'
  | 'boolean'
  | 'number'
  | 'integer'
  | 'object'
  | 'array'
  | 'stringArray'
  | 'any'
  | 'props'
  | 'propsMap'
  | 'propsOrBool'
  | 'propsOrArray'
  | 'propsList'
  | 'validations'
  | 'externalDocs'
  | 'dependencies';

const PROPS: Record<string, Kind> = {
  id: 'string',
  $schema: 'string',
  $ref: 'string',
  description: 'string',
  type: 'string',
  format: 'string',
  title: 'string',
  default: 'any',
  maximum: 'number',
  exclusiveMaximum: 'boolean',
  minimum: 'number',
  exclusiveMinimum: 'boolean',
  maxLength: 'integer',
  minLength: 'integer',
  pattern: 'string',
  maxItems: 'integer',
  minItems: 'integer',
  uniqueItems: 'boolean',
  multipleOf: 'number',
  enum: 'array',
  maxProperties: 'integer',
  minProperties: 'integer',
  required: 'stringArray',
  items: 'propsOrArray',
  allOf: 'propsList',
  oneOf: 'propsList',
  anyOf: 'propsList',
  not: 'props',
  properties: 'propsMap',
  additionalProperties: 'propsOrBool',
  patternProperties: 'propsMap',
  dependencies: 'dependencies',
  additionalItems: 'propsOrBool',
  definitions: 'propsMap',
  externalDocs: 'externalDocs',
  example: 'any',
  nullable: 'boolean',
  'x-kubernetes-preserve-unknown-fields': 'boolean',
  'x-kubernetes-embedded-resource': 'boolean',
  'x-kubernetes-int-or-string': 'boolean',
  'x-kubernetes-list-map-keys': 'stringArray',
  'x-kubernetes-list-type': 'string',
  'x-kubernetes-map-type': 'string',
  'x-kubernetes-validations': 'validations',
};
const ENUMS: Record<string, string[]> = {
  type: ['object', 'array', 'string', 'integer', 'number', 'boolean'],
  'x-kubernetes-list-type': ['atomic', 'set', 'map'],
  'x-kubernetes-map-type': ['granular', 'atomic'],
};
const VALIDATION_RULE: Record<string, Kind> = {
  rule: 'string',
  message: 'string',
  messageExpression: 'string',
  reason: 'string',
  fieldPath: 'string',
  optionalOldSelf: 'boolean',
};
const REASONS = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'];

interface Collected {
  errors: ErrorObject[];
  unknownFields: UnknownField[];
}

const pointer = (p: Path) => p.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function typeError(out: Collected, p: Path, type: string): void {
  out.errors.push({
    keyword: 'type',
    instancePath: pointer(p),
    schemaPath: '#/crd',
    params: { type },
    message: `must be ${type}`,
  });
}

function checkScalar(out: Collected, value: unknown, kind: Kind, p: Path): boolean {
  const ok =
    kind === 'any' ||
    (kind === 'string' && typeof value === 'string') ||
    (kind === 'boolean' && typeof value === 'boolean') ||
    (kind === 'number' && typeof value === 'number') ||
    (kind === 'integer' && Number.isInteger(value)) ||
    (kind === 'array' && Array.isArray(value)) ||
    (kind === 'stringArray' && Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (!ok) typeError(out, p, kind === 'stringArray' ? 'array' : kind);
  return ok;
}

/** One JSONSchemaProps node and everything under it. */
export function checkSchemaProps(value: unknown, p: Path, out: Collected, depth = 0, open = new Set<unknown>()): void {
  if (!isObject(value)) return typeError(out, p, 'object');
  // A node inside itself can only come from a YAML alias cycle: the caller reports it as not validated.
  if (open.has(value) || depth > 256) throw new Error('the schema contains itself (a YAML alias cycle)');
  open.add(value);
  try {
    checkNode(value, p, out, depth, open);
  } finally {
    open.delete(value);
  }
}

function checkNode(value: Record<string, unknown>, p: Path, out: Collected, depth: number, open: Set<unknown>): void {
  const checkSchemaProps = (v: unknown, at: Path, o: Collected, d: number) => checkSchemaPropsAt(v, at, o, d, open);
  for (const [key, v] of Object.entries(value)) {
    const kind = PROPS[key];
    const at = [...p, key];
    if (!kind) {
      out.unknownFields.push({ path: at, known: Object.keys(PROPS) });
      continue;
    }
    switch (kind) {
      case 'props':
        checkSchemaProps(v, at, out, depth + 1);
        break;
      case 'propsMap':
        if (!isObject(v)) typeError(out, at, 'object');
        else for (const [name, child] of Object.entries(v)) checkSchemaProps(child, [...at, name], out, depth + 1);
        break;
      case 'propsOrBool':
        if (typeof v !== 'boolean') checkSchemaProps(v, at, out, depth + 1);
        break;
      case 'propsOrArray':
      case 'propsList':
        if (Array.isArray(v)) v.forEach((child, i) => checkSchemaProps(child, [...at, i], out, depth + 1));
        else if (kind === 'propsOrArray') checkSchemaProps(v, at, out, depth + 1);
        else typeError(out, at, 'array');
        break;
      case 'dependencies':
        if (!isObject(v)) typeError(out, at, 'object');
        else
          for (const [name, dep] of Object.entries(v))
            if (!Array.isArray(dep)) checkSchemaProps(dep, [...at, name], out, depth + 1);
        break;
      case 'externalDocs':
        checkFields(v, at, { description: 'string', url: 'string' }, out);
        break;
      case 'validations':
        if (!Array.isArray(v)) typeError(out, at, 'array');
        else
          v.forEach((rule, i) => {
            checkFields(rule, [...at, i], VALIDATION_RULE, out);
            if (isObject(rule) && typeof rule.rule !== 'string')
              out.errors.push({
                keyword: 'required',
                instancePath: pointer([...at, i]),
                schemaPath: '#/crd',
                params: { missingProperty: 'rule' },
                message: "must have required property 'rule'",
              });
            if (isObject(rule) && typeof rule.reason === 'string' && !REASONS.includes(rule.reason))
              enumError(out, [...at, i, 'reason'], REASONS);
          });
        break;
      default:
        if (checkScalar(out, v, kind, at) && ENUMS[key] && !ENUMS[key].includes(v as string))
          enumError(out, at, ENUMS[key]);
    }
  }
}

function enumError(out: Collected, p: Path, allowed: string[]): void {
  out.errors.push({
    keyword: 'enum',
    instancePath: pointer(p),
    schemaPath: '#/crd',
    params: { allowedValues: allowed },
    message: 'must be equal to one of the allowed values',
  });
}

function checkFields(value: unknown, p: Path, fields: Record<string, Kind>, out: Collected): void {
  if (!isObject(value)) return typeError(out, p, 'object');
  for (const [key, v] of Object.entries(value)) {
    if (!fields[key]) out.unknownFields.push({ path: [...p, key], known: Object.keys(fields) });
    else checkScalar(out, v, fields[key], [...p, key]);
  }
}

/**
 * A copy of the CRD for the model: each version's schema replaced by `{}` and its printer columns
 * copied (descriptions are taken out below). Shallow where it can be, so a schema with an alias cycle
 * (reported above) is never walked.
 */
function withoutSchemas(crd: { spec?: { versions?: unknown } }): { spec?: { versions?: unknown } } {
  if (!isObject(crd.spec) || !Array.isArray(crd.spec.versions)) return crd;
  const versions = crd.spec.versions.map((v: unknown) => {
    if (!isObject(v)) return v;
    const copy: Record<string, unknown> = { ...v };
    if (isObject(v.schema) && 'openAPIV3Schema' in v.schema) copy.schema = { ...v.schema, openAPIV3Schema: {} };
    if (Array.isArray(v.additionalPrinterColumns))
      copy.additionalPrinterColumns = v.additionalPrinterColumns.map((c: unknown) => (isObject(c) ? { ...c } : c));
    return copy;
  });
  return { ...crd, spec: { ...crd.spec, versions } };
}

function checkSchemaPropsAt(value: unknown, p: Path, out: Collected, depth: number, open: Set<unknown>): void {
  checkSchemaProps(value, p, out, depth, open);
}

/** The model's check on the CRD without the parts it cannot describe, plus the full check of those. */
export function crdCheck(model: SchemaCheck): SchemaCheck {
  return (object) => {
    const out: Collected = { errors: [], unknownFields: [] };
    const original = object as { spec?: { versions?: unknown } };
    (Array.isArray(original.spec?.versions) ? original.spec!.versions : []).forEach((v: unknown, i: number) => {
      const schema = isObject(v) && isObject(v.schema) ? v.schema : undefined;
      if (schema && 'openAPIV3Schema' in schema)
        checkSchemaProps(schema.openAPIV3Schema, ['spec', 'versions', i, 'schema', 'openAPIV3Schema'], out);
    });
    const copy = withoutSchemas(original);
    const versions = Array.isArray(copy.spec?.versions) ? (copy.spec!.versions as unknown[]) : [];
    versions.forEach((v, i) => {
      if (!isObject(v)) return;
      const base: Path = ['spec', 'versions', i];
      if (Array.isArray(v.additionalPrinterColumns)) {
        v.additionalPrinterColumns.forEach((c, j) => {
          if (isObject(c) && 'description' in c) {
            checkScalar(out, c.description, 'string', [...base, 'additionalPrinterColumns', j, 'description']);
            delete c.description;
          }
        });
      }
      if ('selectableFields' in v) {
        if (!Array.isArray(v.selectableFields)) typeError(out, [...base, 'selectableFields'], 'array');
        else
          v.selectableFields.forEach((f, j) =>
            checkFields(f, [...base, 'selectableFields', j], { jsonPath: 'string' }, out),
          );
        delete v.selectableFields;
      }
    });
    const result: SchemaResult = model(copy);
    return {
      errors: [...result.errors, ...out.errors],
      unknownFields: [...result.unknownFields, ...out.unknownFields],
    };
  };
}

/**
 * Other fields named `description` the models lost (a top-level string on these kinds). A wrong
 * type is still an error; only the false "unknown field" goes.
 */
const DESCRIPTION_KINDS = new Set(['scheduling.k8s.io/v1/PriorityClass', 'scheduling.k8s.io/v1beta1/PriorityClass']);

export function descriptionCheck(model: SchemaCheck): SchemaCheck {
  return (object) => {
    const o = object as Record<string, unknown>;
    if (!('description' in o)) return model(object);
    const { description, ...rest } = o;
    const out: Collected = { errors: [], unknownFields: [] };
    checkScalar(out, description, 'string', ['description']);
    const result = model(rest);
    return { errors: [...result.errors, ...out.errors], unknownFields: result.unknownFields };
  };
}

export function completedCheck(key: string, model: SchemaCheck): SchemaCheck {
  if (key === 'apiextensions.k8s.io/v1/CustomResourceDefinition') return crdCheck(model);
  if (DESCRIPTION_KINDS.has(key)) return descriptionCheck(model);
  return model;
}
