import type { Document } from 'yaml';
import type { DeploymentIntent, ServiceIntent } from '../model/schema-types.generated';
import type { PlatformConfig } from '../model/platform-config';
import { INTENT_KINDS } from '../model/schemas';
import type { YamlChunk } from '../yaml/yaml-chunk';
import { replaceValue } from '../yaml/yaml-edits';
import { finding, type Finding } from './finding';
import { RuleContext } from './rule-context';
import { DEPLOYMENT_INTENT_RULES } from './rules';
import { serviceIntentRules } from './rules/service-intent';
import { schemaFindings } from './schema-findings';
import { platformConfigRules } from './platform-config-rules';

export type FileRole = 'intent' | 'platform-config';

/** YAML syntax problems of a document; true when there were errors (then the value is unreliable). */
function syntaxFindings(chunk: YamlChunk, doc: Document.Parsed, out: Finding[]): boolean {
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    out.push(finding('yaml-syntax', 'error', chunk.lines.range(start, Math.max(end, start + 1)), firstLine(e.message)));
  }
  for (const w of doc.warnings)
    out.push(finding('yaml-warning', 'warning', chunk.lines.range(w.pos[0], w.pos[1]), firstLine(w.message)));
  return doc.errors.length > 0;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * A single YAML document above this many lines (or bytes) gets YAML syntax checks only: intents are
 * a few hundred lines, and schema + rules on a 100k-line map would stall the editor.
 */
export const LARGE_DOCUMENT_LINES = 10_000;
export const LARGE_DOCUMENT_BYTES = 1024 * 1024;

/** Findings per document beyond this are summed up in one note: 100k unknown keys are one problem. */
export const MAX_FINDINGS_PER_DOCUMENT = 500;

export function isLargeChunk(chunk: YamlChunk): boolean {
  return chunk.lines.lineCount > LARGE_DOCUMENT_LINES || chunk.text.length > LARGE_DOCUMENT_BYTES;
}

/** All findings of one chunk (document) of an intent file or the platform config, chunk-local. */
export function checkChunk(chunk: YamlChunk, role: FileRole, config: PlatformConfig): Finding[] {
  if (chunk.fatalError) return [finding('yaml-syntax', 'error', chunk.lines.range(0, 0), chunk.fatalError)];
  const out = isLargeChunk(chunk) ? syntaxOnly(chunk) : fullCheck(chunk, role, config);
  if (out.length <= MAX_FINDINGS_PER_DOCUMENT) return out;
  const kept = out.slice(0, MAX_FINDINGS_PER_DOCUMENT);
  const last = kept[kept.length - 1].range;
  kept.push(
    finding(
      'too-many-problems',
      'info',
      last,
      `${(out.length - kept.length).toLocaleString('en')} more problems in this document are not shown; fix the ones above first.`,
    ),
  );
  return kept;
}

function syntaxOnly(chunk: YamlChunk): Finding[] {
  const out: Finding[] = [];
  for (const doc of chunk.docs) syntaxFindings(chunk, doc, out);
  const lines = chunk.lines.lineCount.toLocaleString('en');
  const note = `Large document (${lines} lines): only YAML syntax is checked above ${LARGE_DOCUMENT_LINES.toLocaleString('en')} lines or 1 MB per document; schema and intent checks are skipped.`;
  out.unshift(finding('large-document', 'info', chunk.lines.range(0, chunk.lines.lineEnd(0)), note));
  return out;
}

function fullCheck(chunk: YamlChunk, role: FileRole, config: PlatformConfig): Finding[] {
  const out: Finding[] = [];
  for (const doc of chunk.docs) {
    if (syntaxFindings(chunk, doc, out)) continue;
    if (doc.contents === null) continue;
    const { value, error, errorRange } = chunk.toJS(doc);
    if (error) {
      const range = errorRange ? chunk.lines.range(errorRange[0], errorRange[1]) : chunk.range(doc.contents as never);
      out.push(finding('yaml-syntax', 'error', range ?? chunk.lines.range(0, 0), error));
      continue;
    }
    if (role === 'platform-config') {
      out.push(...schemaFindings(chunk, doc, 'PlatformConfig', value));
      const ctx = new RuleContext(chunk, doc, value as never, config);
      platformConfigRules(ctx);
      out.push(...ctx.findings);
      continue;
    }
    out.push(...checkIntentDocument(chunk, doc, value, config));
  }
  return out;
}

function checkIntentDocument(
  chunk: YamlChunk,
  doc: Document.Parsed,
  value: unknown,
  config: PlatformConfig,
): Finding[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      finding(
        'schema-type',
        'error',
        chunk.range(doc.contents as never) ?? chunk.lines.range(0, 0),
        'An intent is a map with apiVersion, kind, metadata and spec.',
      ),
    ];
  }
  const kind = (value as { kind?: unknown }).kind;
  if (!INTENT_KINDS.includes(kind as never)) {
    const loc = chunk.locate(['kind'], doc);
    const range = chunk.rangeAt(['kind'], true, doc) ?? chunk.lines.range(0, 0);
    const fixes = loc
      ? INTENT_KINDS.map((k, i) => ({
          title: `Change to '${k}'`,
          edits: [replaceValue(chunk, ['kind'], k)!],
          preferred: i === 0,
        })).filter((f) => f.edits[0])
      : [];
    const msg =
      kind === undefined
        ? "Missing 'kind': use DeploymentIntent or ServiceIntent."
        : `Unknown kind '${String(kind)}': use DeploymentIntent or ServiceIntent.`;
    return [finding('unknown-kind', 'error', range, msg, fixes)];
  }
  const kindName = kind as 'DeploymentIntent' | 'ServiceIntent';
  const out = schemaFindings(chunk, doc, kindName, value);
  // Rules read the value defensively; one failing rule must not hide the others' findings.
  if (kindName === 'ServiceIntent') {
    const ctx = new RuleContext<ServiceIntent>(chunk, doc, value as ServiceIntent, config);
    runSafely(() => serviceIntentRules(ctx), ctx.findings, chunk);
    out.push(...ctx.findings);
  } else {
    const ctx = new RuleContext<DeploymentIntent>(chunk, doc, value as DeploymentIntent, config);
    for (const rule of DEPLOYMENT_INTENT_RULES) runSafely(() => rule(ctx), ctx.findings, chunk);
    out.push(...ctx.findings);
  }
  return out;
}

function runSafely(run: () => void, out: Finding[], chunk: YamlChunk): void {
  try {
    run();
  } catch (e) {
    out.push(
      finding(
        'internal-error',
        'warning',
        chunk.lines.range(0, 0),
        `A check failed on this document and was skipped: ${(e as Error)?.message ?? e}`,
      ),
    );
  }
}
