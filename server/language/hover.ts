import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { isScalar, type Node } from 'yaml';
import type { FileRole } from '../check/check-chunk';
import type { PlatformConfig } from '../model/platform-config';
import { rootSchemaFor, schemaAt, typesOf } from '../model/schemas';
import type { Tier } from '../model/schema-types.generated';
import { specForEnvironment, isPlainObject } from '../model/effective-intent';
import { shiftRange, type PlacedChunk } from '../yaml/yaml-file';
import { keywordSummary, profileSummary, tierSummary } from './effective-values';
import { stringify } from 'yaml';

/** Field documentation plus the effective value under the current platform config. */
export function hover(placed: PlacedChunk, position: Position, role: FileRole, config: PlatformConfig): Hover | null {
  const { chunk } = placed;
  const offset = chunk.lines.offset({ line: position.line - placed.startLine, character: position.character });
  const doc = chunk.docs.find((d) => d.range[0] <= offset && offset <= d.range[2]) ?? chunk.doc;
  const at = chunk.pathAt(offset, doc);
  if (!at || at.path.length === 0) return null;
  const { value } = chunk.toJS(doc);
  const kind =
    role === 'platform-config'
      ? 'PlatformConfig'
      : (value as { kind?: string } | null)?.kind === 'ServiceIntent'
        ? 'ServiceIntent'
        : 'DeploymentIntent';
  const schema = schemaAt(rootSchemaFor(kind), at.path);
  const parts: string[] = [];
  const name = String(at.path[at.path.length - 1]);
  if (schema) {
    parts.push(
      `**${at.path.filter((p) => typeof p === 'string').join('.')}**${typeof at.path[at.path.length - 1] === 'number' ? ' item' : ''}`,
    );
    if (schema.description) parts.push(schema.description);
    const facts: string[] = [];
    const types = typesOf(schema.node);
    if (types.length) facts.push(`type: \`${types.join(' | ')}\``);
    if (schema.node.enum) facts.push(`one of: ${schema.node.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
    if (schema.node.default !== undefined) facts.push(`default: \`${JSON.stringify(schema.node.default)}\``);
    if (facts.length) parts.push(facts.join(' · '));
  }
  const scalar = at.node && isScalar(at.node) ? at.node : undefined;
  const valueNode = at.onKey ? (chunk.locate(at.path, doc)?.value as Node | null | undefined) : scalar;
  const current = valueNode && isScalar(valueNode) ? valueNode.value : undefined;
  const effective = effectiveHint(at.path, name, current, kind, value, config);
  if (effective) parts.push(effective);
  if (parts.length === 0) return null;
  const node = at.node;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
    range: node?.range ? shiftRange(chunk.lines.range(node.range[0], node.range[1]), placed.startLine) : undefined,
  };
}

function effectiveHint(
  path: (string | number)[],
  name: string,
  current: unknown,
  kind: string,
  value: unknown,
  config: PlatformConfig,
): string | undefined {
  if (name === 'profile' && typeof current === 'string')
    return profileSummary(current, config) ?? `Profile \`${current}\` is not defined in ${config.source}.`;
  if (name === 'defaultProfile' && typeof current === 'string') return profileSummary(current, config);
  if (name === 'tier' && typeof current === 'string') return tierSummary(current as Tier, config);
  if (
    kind === 'ServiceIntent' &&
    typeof current === 'string' &&
    ['resources', 'exposure', 'authPolicy', 'metrics'].includes(name)
  ) {
    return keywordSummary(current, config) ?? `\`${current}\` is not a keyword of ${config.source}.`;
  }
  if (
    kind === 'DeploymentIntent' &&
    path[0] === 'spec' &&
    path[1] === 'environments' &&
    path.length === 3 &&
    isPlainObject(value)
  ) {
    const spec = (value as { spec?: unknown }).spec;
    if (!isPlainObject(spec)) return undefined;
    const eff = specForEnvironment(spec as never, String(path[2]));
    const { environments: _e, requirements: _r, ...shown } = eff as unknown as Record<string, unknown>;
    return [
      'Effective settings of this environment:',
      '',
      '```yaml',
      stringify(shown, { lineWidth: 0 }).trimEnd(),
      '```',
    ].join('\n');
  }
  return undefined;
}
