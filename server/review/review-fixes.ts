import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextEdit } from 'vscode-languageserver-types';
import { BUILT_IN_PROFILES } from '../model/platform-config';
import { parseFile, shiftRange } from '../yaml/yaml-file';
import { setKey } from '../yaml/yaml-edits';
import type { YamlPath } from '../yaml/yaml-chunk';
import { PINNED_TAG_PLACEHOLDER } from '../check/rules/image';
import type { ChartSource } from './chart-source';
import type { ReviewFinding } from './findings';

/** One key of a YAML map to set. */
type KeySet = { map: YamlPath; key: string; value: unknown };

/** A change that removes the cause of a rule's finding: in the intent when the chart is generated, in values.yaml. */
interface Remedy {
  title: string;
  intent?: KeySet[];
  values?: KeySet[];
}

/** `key: value` in an intent map and in the values map the generated chart renders it from. */
const setting = (title: string, intentMap: YamlPath, valuesMap: YamlPath, key: string, value: unknown): Remedy => ({
  title,
  intent: [{ map: intentMap, key, value }],
  values: [{ map: valuesMap, key, value }],
});
/** The intent's `spec.<section>` renders from values' `<section>`. */
const specSetting = (title: string, section: string, key: string, value: unknown) =>
  setting(title, ['spec', section], [section], key, value);
/** The intent's `spec.security` renders from values' `securityContext`. */
const securitySetting = (title: string, key: string, value: unknown) =>
  setting(title, ['spec', 'security'], ['securityContext'], key, value);

const medium = BUILT_IN_PROFILES.medium;
const notPrivileged: Remedy = {
  title: 'Do not run privileged',
  values: [{ map: ['securityContext'], key: 'privileged', value: false }],
};
const runAsNonRoot: Remedy = {
  title: 'Run as non-root',
  intent: [{ map: ['spec', 'security'], key: 'runAsNonRoot', value: true }],
  values: [
    { map: ['podSecurityContext'], key: 'runAsNonRoot', value: true },
    { map: ['securityContext'], key: 'runAsNonRoot', value: true },
  ],
};
const runAsUid = securitySetting('Run as UID 10001', 'runAsUser', 10001);
const resources: Remedy = {
  title: "Use resource profile 'medium'",
  intent: [{ map: ['spec', 'resources'], key: 'profile', value: 'medium' }],
  values: [
    { map: ['resources'], key: 'requests', value: medium.requests },
    { map: ['resources'], key: 'limits', value: medium.limits },
  ],
};
const probe: Remedy = {
  title: 'Add a health probe (/healthz)',
  intent: [{ map: ['spec'], key: 'probe', value: { path: '/healthz', port: 8080 } }],
};

const REMEDIES: Record<string, Remedy> = {
  'HI-K8S-001': notPrivileged,
  'helm-baseline/disallow-privileged-containers': notPrivileged,
  'HI-K8S-002': securitySetting('Forbid privilege escalation', 'allowPrivilegeEscalation', false),
  'HI-K8S-003': {
    title: 'Drop all capabilities',
    intent: [{ map: ['spec', 'security'], key: 'dropAllCapabilities', value: true }],
    values: [{ map: ['securityContext'], key: 'capabilities', value: { drop: ['ALL'] } }],
  },
  'HI-K8S-005': runAsNonRoot,
  'helm-baseline/require-security-context': runAsNonRoot,
  'HI-K8S-006': runAsUid,
  'HI-K8S-007': securitySetting('Read-only root filesystem', 'readOnlyRootFilesystem', true),
  'HI-K8S-013': resources,
  'HI-K8S-014': resources,
  'helm-baseline/require-resource-limits': resources,
  'HI-K8S-015': probe,
  'HI-K8S-016': probe,
  'helm-baseline/require-liveness-probe': probe,
  'HI-K8S-017': specSetting('Pin the image tag (placeholder)', 'image', 'tag', PINNED_TAG_PLACEHOLDER),
  'HI-K8S-035': specSetting('Do not automount the API token', 'serviceAccount', 'automountToken', false),
  'HI-K8S-036': runAsUid,
  'HI-K8S-021': specSetting('Own ServiceAccount without token automount', 'serviceAccount', 'automountToken', false),
  'HI-K8S-022': specSetting('Enable the PodDisruptionBudget', 'pdb', 'enabled', true),
  'HI-K8S-026': specSetting('Add a NetworkPolicy', 'networkPolicy', 'enabled', true),
  'HI-K8S-030': {
    title: 'Use seccomp RuntimeDefault',
    intent: [{ map: ['spec', 'security'], key: 'seccompProfile', value: 'RuntimeDefault' }],
    values: [{ map: ['securityContext'], key: 'seccompProfile', value: { type: 'RuntimeDefault' } }],
  },
};

export interface ReviewFix {
  title: string;
  changes: Record<string, TextEdit[]>;
  preferred?: boolean;
}

/** A YAML file's first document with content. */
const firstDocument = (text: string) => parseFile(text).find((c) => c.chunk.doc?.contents != null);

/** Edits of a YAML file's first document with content; ranges in file coordinates. */
function editsFor(text: string, sets: KeySet[]): TextEdit[] | undefined {
  const placed = firstDocument(text);
  if (!placed) return undefined;
  const edits: TextEdit[] = [];
  // Each edit is computed on the original text, so apply only non-overlapping ones: one per map.
  const seenMaps = new Set<string>();
  for (const s of sets) {
    const mapKey = s.map.join('.');
    if (seenMaps.has(mapKey)) continue;
    const e = setKey(placed.chunk, s.map, s.key, s.value);
    if (!e) return undefined;
    seenMaps.add(mapKey);
    // Already so (e.g. the intent says runAsNonRoot: true and only values.yaml differs): no edit.
    if (
      placed.chunk.text.slice(placed.chunk.lines.offset(e.range.start), placed.chunk.lines.offset(e.range.end)) ===
      e.newText
    )
      continue;
    edits.push({ newText: e.newText, range: shiftRange(e.range, placed.startLine) });
  }
  return edits;
}

/**
 * A remedy's values edits moved to where the finding's values key actually is: `resources.limits`
 * for a finding traced to `alertmanager.resources.limits` edits under `alertmanager.resources`.
 * The remedy's own layout is kept when the traced key does not contain its key or map.
 */
function retarget(sets: KeySet[], valuesPath: string[]): KeySet[] {
  if (valuesPath.some((s) => /^\d+$/.test(s))) return sets;
  const moved = sets.flatMap((s) => {
    const at = valuesPath.lastIndexOf(s.key);
    if (at >= 0) return [{ ...s, map: valuesPath.slice(0, at) }];
    const last = s.map[s.map.length - 1];
    if (valuesPath[valuesPath.length - 1] === last) return [{ ...s, map: valuesPath }];
    return [];
  });
  return moved.length ? moved : sets;
}

/**
 * Quick-fixes that change the cause of a review finding: for a generated chart the intent field (and
 * the generated values.yaml, so the review is clean before the next generation), otherwise values.yaml.
 */
export function reviewFixes(
  finding: ReviewFinding,
  source: ChartSource,
  readText: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): ReviewFix[] {
  const remedy = REMEDIES[finding.code];
  if (!remedy) return [];
  const changes: Record<string, TextEdit[]> = {};
  if (remedy.intent && source.intentFile) {
    const port = /\bport:\s*(\d+)/.exec(readText(source.intentFile))?.[1];
    const sets = remedy.intent.map((s) =>
      s.key === 'probe' && port ? { ...s, value: { path: '/healthz', port: Number(port) } } : s,
    );
    const edits = editsFor(readText(source.intentFile), sets);
    if (edits?.length) changes[pathToFileURL(source.intentFile).href] = edits;
  }
  if (remedy.values) {
    // The values key the finding was traced to (`alertmanager.resources`), not the generated chart's layout.
    const traced = finding.related.find((r) => r.role === 'values' && r.valuesPath);
    const moved = traced ? retarget(remedy.values, traced.valuesPath!) : remedy.values;
    const base = path.join(source.dir, 'values.yaml');
    const targeted =
      traced && moved !== remedy.values
        ? { file: traced.file, edits: editsFor(readText(traced.file), moved) }
        : undefined;
    const chosen = targeted?.edits?.length ? targeted : { file: base, edits: editsFor(readText(base), remedy.values) };
    if (chosen.edits?.length) changes[pathToFileURL(chosen.file).href] = chosen.edits;
  }
  if (Object.keys(changes).length === 0) return [];
  const where =
    source.intentFile && changes[pathToFileURL(source.intentFile).href] ? 'in the intent' : 'in values.yaml';
  return [{ title: `${remedy.title} (${where})`, changes, preferred: true }];
}

/**
 * Chart.yaml annotations `helm-intent.dev/disable.<rule>: <reason>` opt the chart out of a rule; the
 * reason is required. In the key, `/` of a rule id (`helm-baseline/require-liveness-probe`) is written `.`.
 */
export const DISABLE_PREFIX = 'helm-intent.dev/disable.';

const ruleToKey = (rule: string) => DISABLE_PREFIX + rule.replace('/', '.');
const keyToRule = (key: string) => {
  const rest = key.slice(DISABLE_PREFIX.length);
  return /^HI-K8S-\d+$/i.test(rest) ? rest.toUpperCase() : rest.replace('.', '/');
};

export function disabledRulesOf(chartYaml: string): Array<{ rule: string; reason: string }> {
  const placed = firstDocument(chartYaml);
  const annotations =
    (placed?.chunk.toJS().value as { annotations?: Record<string, unknown> } | null)?.annotations ?? {};
  return Object.entries(annotations)
    .filter(([k, v]) => k.startsWith(DISABLE_PREFIX) && typeof v === 'string' && v.trim())
    .map(([k, v]) => ({ rule: keyToRule(k), reason: String(v).trim() }));
}

/** The edit that opts the chart out of `rule`, with the reason. */
export function disableRuleEdit(chartYaml: string, rule: string, reason: string): TextEdit | undefined {
  const placed = firstDocument(chartYaml);
  if (!placed || !reason.trim()) return undefined;
  const e = setKey(placed.chunk, ['annotations'], ruleToKey(rule), reason.replace(/\s+/g, ' ').trim());
  return e && { newText: e.newText, range: shiftRange(e.range, placed.startLine) };
}
