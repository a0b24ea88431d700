/**
 * Kubernetes schema validation of rendered chart objects, strict like `kubeconform --strict`:
 * wrong types, missing required fields, values outside an enum or format, and unknown fields are
 * errors; API versions are checked against the target release; kinds without a bundled schema are
 * reported once per apiVersion/kind, never as errors.
 *
 * Asynchronous because the schema packages are ESM-only and each kind's validator is loaded on
 * first use (then cached for the process); validation itself is synchronous.
 */
import { closest } from '../check/suggest';
import { lifecycleIssue, parseRelease } from './api-lifecycle';
import { formatJsonPath } from '../policy/util/json-path';
import { isServedWithoutSchema, kindsOf } from './registry';
import { loadSchemaCheck, type SchemaCheck } from './schema-check';
import { schemaIssues } from './schema-issues';
import type { KubeSchemaCode, KubeSchemaFinding, KubeSchemaInput, KubeSchemaOptions, ObjectPath } from './types';

interface ObjectContext {
  apiVersion?: string;
  kind?: string;
  name?: string;
  source?: string;
  index?: number;
}

interface PendingCheck {
  object: Record<string, unknown>;
  context: ObjectContext;
  findings: KubeSchemaFinding[];
  check: Promise<SchemaCheck>;
}

export async function validateObjects(
  objects: KubeSchemaInput[],
  options: KubeSchemaOptions,
): Promise<KubeSchemaFinding[]> {
  const head: KubeSchemaFinding[] = [];
  const target = parseRelease(options.kubernetesVersion);
  if (target === undefined) {
    head.push({
      severity: 'error',
      code: 'k8s-version-invalid',
      message: `kubernetesVersion "${options.kubernetesVersion}" is not a version like 1.34; API removals were not checked`,
      path: '',
      segments: [],
    });
  }
  const perObject: KubeSchemaFinding[][] = [];
  const unknownKinds = new Map<string, { finding: KubeSchemaFinding; count: number }>();
  const pending: PendingCheck[] = [];

  for (const input of objects) {
    const findings: KubeSchemaFinding[] = [];
    perObject.push(findings);
    const object = input.object;
    if (object === null || object === undefined) continue;
    const context: ObjectContext = { source: input.source, index: input.index };
    const at = (
      severity: KubeSchemaFinding['severity'],
      code: KubeSchemaCode,
      message: string,
      segments: ObjectPath,
    ): KubeSchemaFinding => withContext({ severity, code, message, path: formatJsonPath(segments), segments }, context);

    if (typeof object !== 'object' || Array.isArray(object)) {
      findings.push(
        at(
          'error',
          'k8s-not-an-object',
          `A rendered document must be a Kubernetes object (a mapping with apiVersion and kind), got ${Array.isArray(object) ? 'a list' : typeof object}`,
          [],
        ),
      );
      continue;
    }
    const record = object as Record<string, unknown>;
    const apiVersion = record.apiVersion;
    const kind = record.kind;
    context.apiVersion = typeof apiVersion === 'string' ? apiVersion : undefined;
    context.kind = typeof kind === 'string' ? kind : undefined;
    const metadata = record.metadata as { name?: unknown } | undefined;
    context.name = typeof metadata?.name === 'string' ? metadata.name : undefined;
    const identity = identityIssues(apiVersion, kind);
    if (identity.length > 0) {
      for (const issue of identity) findings.push(at('error', issue.code, issue.message, [issue.field]));
      continue;
    }
    const v = apiVersion as string;
    const k = kind as string;

    const lifecycle = target === undefined ? undefined : lifecycleIssue(v, k, target, options.kubernetesVersion);
    if (lifecycle) findings.push(at(lifecycle.severity, lifecycle.code, lifecycle.message, ['apiVersion']));
    if (lifecycle?.code === 'k8s-api-removed') continue;

    const check = loadSchemaCheck(v, k);
    if (check) {
      pending.push({ object: record, context, findings, check });
      continue;
    }
    const key = `${v}/${k}`;
    const seen = unknownKinds.get(key);
    if (seen) seen.count++;
    else {
      const finding = at('info', 'k8s-unknown-kind', '', ['kind']);
      unknownKinds.set(key, { finding, count: 1 });
      findings.push(finding);
    }
  }

  for (const { finding, count } of unknownKinds.values()) describeUnknownKind(finding, count);
  await runChecks(pending);
  return [...head, ...perObject.flat()];
}

async function runChecks(pending: PendingCheck[]): Promise<void> {
  const failedKinds = new Set<string>();
  for (const item of pending) {
    let check: SchemaCheck;
    try {
      check = await item.check;
    } catch (e) {
      const key = `${item.context.apiVersion}/${item.context.kind}`;
      if (!failedKinds.has(key)) {
        failedKinds.add(key);
        item.findings.push(
          withContext(
            {
              severity: 'warning',
              code: 'k8s-schema-unavailable',
              message: `The bundled schema for ${item.context.apiVersion} ${item.context.kind} could not be loaded (${firstLine(e)}); not validated`,
              path: 'kind',
              segments: ['kind'],
            },
            item.context,
          ),
        );
      }
      continue;
    }
    let issues;
    try {
      issues = schemaIssues(check(item.object), item.object);
    } catch (e) {
      // A document the validator cannot walk (e.g. a YAML alias cycle) is reported, not thrown.
      item.findings.push(
        withContext(
          {
            severity: 'warning',
            code: 'k8s-schema-unavailable',
            message: `${item.context.apiVersion} ${item.context.kind} could not be validated (${firstLine(e)})`,
            path: '',
            segments: [],
          },
          item.context,
        ),
      );
      continue;
    }
    for (const issue of issues) {
      item.findings.push(
        withContext(
          {
            severity: 'error',
            code: issue.code,
            message: issue.message,
            path: formatJsonPath(issue.segments),
            segments: issue.segments,
          },
          item.context,
        ),
      );
    }
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

function identityIssues(
  apiVersion: unknown,
  kind: unknown,
): Array<{ code: KubeSchemaCode; field: string; message: string }> {
  const out: Array<{ code: KubeSchemaCode; field: string; message: string }> = [];
  for (const [field, value] of [
    ['apiVersion', apiVersion],
    ['kind', kind],
  ] as const) {
    if (value === undefined || value === '')
      out.push({ code: 'k8s-schema-required', field, message: `The object is missing required field "${field}"` });
    else if (typeof value !== 'string')
      out.push({
        code: 'k8s-schema-type',
        field,
        message: `${field} must be a string, got ${Array.isArray(value) ? 'a list' : typeof value}`,
      });
  }
  return out;
}

/** Warning when the kind looks like a typo of a built-in kind; otherwise info (a CRD we have no schema for). */
function describeUnknownKind(finding: KubeSchemaFinding, count: number): void {
  const apiVersion = finding.apiVersion!;
  const kind = finding.kind!;
  const objects = `${count} object${count === 1 ? '' : 's'}`;
  finding.count = count;
  const near =
    isBuiltInGroup(apiVersion) && !isServedWithoutSchema(apiVersion, kind)
      ? closest(kind, kindsOf(apiVersion), 1).filter((c) => c !== kind)
      : [];
  if (near.length > 0) {
    finding.severity = 'warning';
    finding.message = `${apiVersion} has no kind "${kind}" (did you mean "${near[0]}"?); ${objects} not validated`;
  } else {
    finding.message = `No schema bundled for ${apiVersion} ${kind}; ${objects} not validated`;
  }
}

function isBuiltInGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return !group.includes('.') || group.endsWith('.k8s.io');
}

function withContext(finding: KubeSchemaFinding, context: ObjectContext): KubeSchemaFinding {
  const out: KubeSchemaFinding = { ...finding };
  if (context.apiVersion !== undefined) out.apiVersion = context.apiVersion;
  if (context.kind !== undefined) out.kind = context.kind;
  if (context.name !== undefined) out.name = context.name;
  if (context.source !== undefined) out.source = context.source;
  if (context.index !== undefined) out.index = context.index;
  return out;
}
