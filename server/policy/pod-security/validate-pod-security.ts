/**
 * A `validate.podSecurity` rule on one object, as Kyverno's validate_pss.go handles it: the pod
 * (or a controller's pod template) is checked against the level/version, `exclude` entries
 * drop what they cover, and a failure message names every failed check with its field errors.
 * DELETE requests are not checked (Kyverno returns no result for them).
 */
import type { RuleOutcome } from '../engine/validate-rule';
import type { Resource, Rule } from '../types';
import type { JsonPath } from '../util/json-path';
import type { Obj, PodView } from './checks';
import { evaluatePod, formatChecks, parseLevel, parseVersion, type PssExclude } from './evaluate';

const TEMPLATE_KINDS = new Set([
  'DaemonSet',
  'Deployment',
  'Job',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'Rollout',
]);

interface PodSecuritySpec {
  level?: unknown;
  version?: unknown;
  exclude?: unknown;
}

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** The pod a rule sees, and where its `spec` sits in the object (for failure paths). */
function podOf(resource: Resource): { pod: PodView; specPath: JsonPath; metaPath: JsonPath } | undefined {
  const kind = resource.kind ?? '';
  const spec = obj(resource.spec);
  if (kind === 'Pod')
    return { pod: { metadata: obj(resource.metadata), spec }, specPath: ['spec'], metaPath: ['metadata'] };
  if (TEMPLATE_KINDS.has(kind)) {
    const template = obj(spec.template);
    return {
      pod: { metadata: obj(template.metadata), spec: obj(template.spec) },
      specPath: ['spec', 'template', 'spec'],
      metaPath: ['spec', 'template', 'metadata'],
    };
  }
  if (kind === 'CronJob') {
    const job = obj(spec.jobTemplate);
    // Kyverno reads the job template's metadata here, not the pod template's.
    const template = obj(obj(job.spec).template);
    return {
      pod: { metadata: obj(job.metadata), spec: obj(template.spec) },
      specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      metaPath: ['spec', 'jobTemplate', 'metadata'],
    };
  }
  return undefined;
}

function excludesOf(raw: unknown): PssExclude[] | Error {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return new Error('podSecurity.exclude must be a list');
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
  return raw.map((e) => {
    const o = obj(e);
    return {
      controlName: typeof o.controlName === 'string' ? o.controlName : undefined,
      images: strings(o.images),
      restrictedField: typeof o.restrictedField === 'string' ? o.restrictedField : undefined,
      values: strings(o.values),
    };
  });
}

/** `spec.containers[0].securityContext` → segments under the object's pod spec. */
function toJsonPath(field: string, specPath: JsonPath, metaPath: JsonPath): JsonPath {
  const segments: JsonPath = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]+)\]/g)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(m[3]);
  }
  if (segments[0] === 'spec') return [...specPath, ...segments.slice(1)];
  if (segments[0] === 'metadata') return [...metaPath, ...segments.slice(1)];
  return segments;
}

export function validatePodSecurity(rule: Rule, resource: Resource, operation: string): RuleOutcome {
  if (operation === 'DELETE') return { status: 'skip', message: 'pod security is not checked on DELETE' };
  const ps = obj(rule.validate?.podSecurity) as PodSecuritySpec;
  const located = podOf(resource);
  if (!located)
    return { status: 'error', message: 'Error while getting new resource: could not find correct resource type' };
  const level = parseLevel(ps.level);
  if (level instanceof Error) return { status: 'error', message: `invalid pod security level: ${level.message}` };
  const version = parseVersion(ps.version);
  if (version instanceof Error)
    return { status: 'error', message: `failed to parse pod security api version: ${version.message}` };
  const excludes = excludesOf(ps.exclude);
  if (excludes instanceof Error) return { status: 'error', message: excludes.message };
  const { allowed, failed } = evaluatePod({ level, version }, excludes, located.pod);
  if (allowed) return { status: 'pass', message: `Validation rule '${rule.name}' passed.` };
  const shownVersion = typeof ps.version === 'string' ? ps.version : '';
  const paths = failed.flatMap((f) =>
    f.result.errors.map((e) => toJsonPath(e.field, located.specPath, located.metaPath)),
  );
  return {
    status: 'fail',
    message: `Validation rule '${rule.name}' failed. It violates PodSecurity "${String(ps.level)}:${shownVersion}": ${formatChecks(failed)}`,
    paths: paths.length ? paths : undefined,
  };
}
