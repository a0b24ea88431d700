/**
 * Kyverno's Pod Security evaluation (pkg/pss/evaluate.go): run the PSS checks of a level and
 * version on a pod, then drop what `exclude` entries cover. Exclusions work as Kyverno's do: the
 * excluded part of the pod (pod-level fields only, or only the containers whose image matches)
 * is evaluated on its own and each of its field errors — optionally narrowed by
 * `restrictedField` and `values` — removes the same field error from the pod's result.
 */
import { wildcardMatch } from '../wildcards/wildcard';
import { CHECKS, CONTROL_CHECK_IDS, type CheckResult, type Level, type Obj, type PodView } from './checks';
import { badValuesOf, describeFieldError, type FieldError } from './field-errors';

export interface LevelVersion {
  level: Level;
  /** Minor version of 1.x, or `latest`. */
  version: number | 'latest';
}

export interface PssExclude {
  controlName?: string;
  images?: string[];
  restrictedField?: string;
  values?: string[];
}

export interface FailedCheck {
  id: string;
  result: CheckResult & { errors: FieldError[] };
}

/** `latest`/empty, or `v1.N` (Kyverno's ParseVersion; patch versions are cut to major.minor). */
export function parseVersion(version: unknown): number | 'latest' | Error {
  if (version === undefined || version === null || version === '' || version === 'latest') return 'latest';
  const m = /^v1\.(0|[1-9]\d*)(?:\.\d+)?$/.exec(String(version));
  if (!m) return new Error(`invalid version "${String(version)}", must be "latest" or "v1.x"`);
  return Number(m[1]);
}

/**
 * Kyverno skips restricted checks only for `baseline`; any other level (`privileged` included)
 * runs every check, which is what its evaluatePSS does.
 */
export function parseLevel(level: unknown): Level | Error {
  if (level === 'baseline' || level === 'restricted') return level;
  if (level === 'privileged') return 'restricted';
  return new Error(`invalid level "${String(level)}", must be "privileged", "baseline" or "restricted"`);
}

/** Every failing check; a pinned version runs each variant up to it, as Kyverno does. */
export function evaluatePss(lv: LevelVersion, pod: PodView): FailedCheck[] {
  const out: FailedCheck[] = [];
  for (const check of CHECKS) {
    if (lv.level === 'baseline' && check.level !== 'baseline') continue;
    const variants =
      lv.version === 'latest'
        ? [check.versions.reduce((a, b) => (b.minimum >= a.minimum ? b : a))]
        : check.versions.filter((v) => v.minimum <= (lv.version as number));
    for (const v of variants) {
      const r = v.check(pod);
      if (!r.allowed) out.push({ id: check.id, result: { ...r, errors: [...(r.errors ?? [])] } });
    }
  }
  return out;
}

export function evaluatePod(
  lv: LevelVersion,
  excludes: PssExclude[],
  pod: PodView,
): { allowed: boolean; failed: FailedCheck[] } {
  let failed = evaluatePss(lv, pod);
  if (excludes.length) failed = applyExclusions(lv, excludes, failed, pod);
  return { allowed: failed.length === 0, failed };
}

export function applyExclusions(
  lv: LevelVersion,
  excludes: PssExclude[],
  failed: FailedCheck[],
  pod: PodView,
): FailedCheck[] {
  for (const exclude of excludes) {
    const images = exclude.images ?? [];
    if (images.length === 0) {
      // Pod-level: the pod with one bare container, so only pod-level fields can fail.
      const podLevel: PodView = {
        metadata: pod.metadata,
        spec: {
          ...pod.spec,
          containers: [{ name: 'fake' }],
          initContainers: undefined,
          ephemeralContainers: undefined,
        },
      };
      failed = exempt(failed, evaluatePss(lv, podLevel), exclude, pod, podLevel, false);
    } else {
      const matching = matchingContainers(pod, images);
      failed = exempt(failed, evaluatePss(lv, matching), exclude, pod, matching, true);
    }
  }
  return failed;
}

function matchingContainers(pod: PodView, images: string[]): PodView {
  const pick = (key: string) => {
    const list = Array.isArray(pod.spec[key]) ? (pod.spec[key] as Obj[]) : [];
    return list.filter((c) => images.some((p) => wildcardMatch(p, String(c?.image ?? ''))));
  };
  const metadata: Obj = { name: pod.metadata.name, namespace: pod.metadata.namespace };
  return {
    metadata,
    spec: {
      containers: pick('containers'),
      initContainers: pick('initContainers'),
      ephemeralContainers: pick('ephemeralContainers'),
    },
  };
}

const CONTAINER_KINDS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

interface ParsedField {
  starred: string;
  /** Set for fields inside a container: its list and index. */
  container?: { kind: string; index: number };
}

function parseField(field: string, containerLevel: boolean): ParsedField {
  const starred = field.replace(/\d+/g, '*');
  if (!containerLevel) return { starred };
  const words = field.match(/[a-zA-Z]+/g) ?? [];
  const index = field.match(/\d+/);
  if (!CONTAINER_KINDS.has(words[1] ?? '') || !index) return { starred };
  return { starred, container: { kind: words[1], index: Number(index[0]) } };
}

function containerName(pod: PodView, c: { kind: string; index: number }): string {
  const list = pod.spec[c.kind];
  return Array.isArray(list) ? String((list[c.index] as Obj | undefined)?.name ?? '') : '';
}

function exempt(
  defaults: FailedCheck[],
  excluded: FailedCheck[],
  exclude: PssExclude,
  pod: PodView,
  part: PodView,
  containerLevel: boolean,
): FailedCheck[] {
  // Kyverno keys results by check ID (a pinned version's duplicates collapse to the last).
  const byId = new Map<string, FailedCheck>();
  for (const d of defaults) byId.set(d.id, d);
  const ids = CONTROL_CHECK_IDS[exclude.controlName ?? ''] ?? [];
  for (const ex of excluded) {
    if (!ids.includes(ex.id)) continue;
    for (const exErr of ex.result.errors) {
      const exField = parseField(exErr.field, containerLevel);
      if (exclude.restrictedField && exField.starred !== exclude.restrictedField) continue;
      const values = exclude.values ?? [];
      if (values.length && !badValuesOf(exErr).every((bad) => values.some((v) => wildcardMatch(v, bad)))) continue;
      const target = byId.get(ex.id);
      if (!target) continue;
      const exName = exField.container ? containerName(part, exField.container) : undefined;
      const errs = target.result.errors;
      for (let i = 0; i < errs.length; i++) {
        const d = parseField(errs[i].field, containerLevel);
        const same = d.container
          ? d.starred === exField.starred && containerName(pod, d.container) === exName
          : d.starred === exField.starred;
        if (!same) continue;
        errs[i] = errs[errs.length - 1];
        errs.pop();
        break;
      }
      if (errs.length === 0) byId.delete(ex.id);
    }
  }
  return [...byId.values()];
}

/** Kyverno's FormatChecksPrint. */
export function formatChecks(failed: FailedCheck[]): string {
  return failed
    .map(
      (f) =>
        `(Forbidden reason: ${f.result.forbiddenReason ?? ''}, field error list: [${f.result.errors.map(describeFieldError).join(', ')}])`,
    )
    .join('');
}
