import deploymentIntentSchema from '../../schemas/deployment-intent.schema.json';
import serviceIntentSchema from '../../schemas/service-intent.schema.json';
import platformConfigSchema from '../../schemas/platform-config.schema.json';
import intentSchema from '../../schemas/intent.schema.json';
import type { YamlPath } from '../yaml/yaml-chunk';

/** A JSON Schema node as we read it (draft-07 subset that the schemas use). */
export interface SchemaNode {
  $id?: string;
  $ref?: string;
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  required?: string[];
  definitions?: Record<string, SchemaNode>;
  minimum?: number;
  maximum?: number;
  [k: string]: unknown;
}

export const SCHEMAS = {
  deployment: deploymentIntentSchema as SchemaNode,
  service: serviceIntentSchema as SchemaNode,
  platform: platformConfigSchema as SchemaNode,
  intent: intentSchema as SchemaNode,
};

const byFile: Record<string, SchemaNode> = {
  'deployment-intent.schema.json': SCHEMAS.deployment,
  'service-intent.schema.json': SCHEMAS.service,
  'platform-config.schema.json': SCHEMAS.platform,
  'intent.schema.json': SCHEMAS.intent,
};

export { INTENT_KINDS, type IntentKind } from '../core/intent-kind';

export function rootSchemaFor(kind: 'DeploymentIntent' | 'ServiceIntent' | 'PlatformConfig'): SchemaNode {
  return kind === 'ServiceIntent' ? SCHEMAS.service : kind === 'PlatformConfig' ? SCHEMAS.platform : SCHEMAS.deployment;
}

/** A schema with the file it belongs to, so relative `$ref`s resolve. */
export interface ResolvedSchema {
  node: SchemaNode;
  root: SchemaNode;
  /** The description written next to the reference (field-specific), else the target's. */
  description?: string;
}

function pointer(root: SchemaNode, fragment: string): SchemaNode | undefined {
  let node: unknown = root;
  for (const raw of fragment.split('/').filter(Boolean)) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[seg];
  }
  return node as SchemaNode | undefined;
}

/** Follows `$ref` chains (local and across our schema files). */
export function deref(node: SchemaNode, root: SchemaNode): ResolvedSchema {
  let description = node.description;
  for (let i = 0; i < 20 && node.$ref; i++) {
    const [file, fragment = ''] = node.$ref.split('#');
    const nextRoot = file ? byFile[file.replace(/^.*\//, '')] : root;
    const next = nextRoot && pointer(nextRoot, fragment);
    if (!next) break;
    root = nextRoot;
    node = next;
    description ??= node.description;
  }
  return { node, root, description: description ?? node.description };
}

/** The schema that describes the value at `path`, or undefined when the path is not in the schema. */
export function schemaAt(rootSchema: SchemaNode, path: YamlPath): ResolvedSchema | undefined {
  let cur = deref(rootSchema, rootSchema);
  for (const seg of path) {
    const node = cur.node;
    let next: SchemaNode | undefined;
    if (typeof seg === 'number' || (node.type === 'array' && node.items)) {
      next = node.items;
    } else if (node.properties && seg in node.properties) {
      next = node.properties[seg];
    } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      next = node.additionalProperties;
    }
    if (!next) return undefined;
    cur = deref(next, cur.root);
  }
  return cur;
}

/** Property names a map at this schema may have. */
export function propertiesOf(
  schema: ResolvedSchema,
): Array<{ name: string; schema: ResolvedSchema; required: boolean }> {
  const props = schema.node.properties ?? {};
  const required = new Set(schema.node.required ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    schema: deref(s, schema.root),
    required: required.has(name),
  }));
}

export function typesOf(node: SchemaNode): string[] {
  if (node.const !== undefined) return [typeof node.const];
  if (Array.isArray(node.type)) return node.type;
  if (node.type) return [node.type];
  if (node.properties) return ['object'];
  if (node.enum) return [...new Set(node.enum.map((v) => typeof v))];
  return [];
}
