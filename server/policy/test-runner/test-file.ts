/**
 * Kyverno CLI test declarations (`kyverno-test.yaml`, `kind: Test`), values files (`kind: Values`)
 * and user-info files (`kind: UserInfo`): reading and checking their shape, with located errors.
 * Field names follow Kyverno's `cmd/cli/kubectl-kyverno/apis/v1alpha1` types.
 */
import type { PolicyValues } from '../engine/values';
import { readYamlDocuments, type LocatedError } from '../loader/yaml-documents';
import type { ResultStatus } from '../types';

/** Which CEL policy family a result row names (such rows carry no `rule`). */
export type CelFamily =
  | 'ValidatingAdmissionPolicy'
  | 'ValidatingPolicy'
  | 'MutatingPolicy'
  | 'GeneratingPolicy'
  | 'ImageValidatingPolicy'
  | 'DeletingPolicy'
  | 'MutatingAdmissionPolicy';

export interface ExpectedResult {
  policy: string;
  rule?: string;
  resources: string[];
  kind?: string;
  namespace?: string;
  result: ResultStatus;
  /** Set when the row carries one of Kyverno's `is…Policy: true` flags. */
  celFamily?: CelFamily;
  /** Expected mutated resource file (compared by the mutate module, when it is present). */
  patchedResources?: string;
  generatedResource?: string;
}

export interface TestDeclaration {
  name: string;
  policies: string[];
  resources: string[];
  variables?: string;
  userinfo?: string;
  exceptions: string[];
  clusterResources: string[];
  paramResources: string[];
  results: ExpectedResult[];
  /** Fields this runner reads but cannot act on. */
  ignored: string[];
}

export interface UserInfo {
  roles: string[];
  clusterRoles: string[];
  userInfo: { username: string; groups: string[] };
}

const STATUSES: ResultStatus[] = ['pass', 'fail', 'warn', 'error', 'skip'];

/** Row flags, compared without case and punctuation: real files spell them in several ways. */
const FLAGS: Record<string, CelFamily> = {
  isvalidatingadmissionpolicy: 'ValidatingAdmissionPolicy',
  isvalidatingpolicy: 'ValidatingPolicy',
  isvalidatingpolicies: 'ValidatingPolicy',
  ismutatingpolicy: 'MutatingPolicy',
  ismutatingpolicies: 'MutatingPolicy',
  isgeneratingpolicy: 'GeneratingPolicy',
  isgeneratingpolicies: 'GeneratingPolicy',
  isimagevalidatingpolicy: 'ImageValidatingPolicy',
  isdeletingpolicy: 'DeletingPolicy',
  ismutatingadmissionpolicy: 'MutatingAdmissionPolicy',
};

function celFamilyOf(row: Record<string, unknown>): CelFamily | undefined {
  for (const [k, v] of Object.entries(row)) {
    const family = FLAGS[k.toLowerCase().replace(/[^a-z]/g, '')];
    if (family && (v === true || v === 'true')) return family;
  }
  return undefined;
}

const KNOWN_TEST_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'policies',
  'resources',
  'variables',
  'values',
  'userinfo',
  'results',
  'exceptions',
  'policyExceptions',
  'clusterResources',
  'paramResources',
  'targetResources',
  'checks',
  'context',
  'jsonPayload',
]);

export function parseTestDeclaration(text: string, file: string): { test?: TestDeclaration; errors: LocatedError[] } {
  const { documents, errors } = readYamlDocuments(text, file);
  if (errors.length) return { errors };
  const doc = documents[0];
  if (!doc) return { errors: [{ file, line: 1, column: 1, message: 'empty test file' }] };
  const at = (message: string): LocatedError => ({ file, line: doc.line, column: 1, message });
  const v = doc.value as Record<string, unknown>;
  const problems: LocatedError[] = [];
  const strings = (key: string): string[] => {
    const x = v[key];
    if (x === undefined || x === null) return [];
    if (typeof x === 'string') return [x];
    if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) {
      problems.push(at(`'${key}' must be a list of file paths`));
      return [];
    }
    return x;
  };
  const policies = strings('policies');
  const resources = strings('resources');
  if (policies.length === 0) problems.push(at("'policies' must list at least one policy file"));
  const variables =
    typeof v.variables === 'string' ? v.variables : typeof v.values === 'string' ? (v.values as string) : undefined;
  const results: ExpectedResult[] = [];
  // A test without `results` is valid: Kyverno applies it and checks nothing.
  if (v.results !== undefined && v.results !== null && !Array.isArray(v.results))
    problems.push(at("'results' must be a list"));
  else {
    ((v.results as unknown[]) ?? []).forEach((item, i) => {
      const where = `results[${i}]`;
      if (!item || typeof item !== 'object' || Array.isArray(item))
        return problems.push(at(`${where} must be a mapping`));
      const r = item as Record<string, unknown>;
      // `status` is the deprecated name of `result`.
      const result = String(r.result ?? r.status ?? '').toLowerCase() as ResultStatus;
      if (!STATUSES.includes(result)) problems.push(at(`${where}.result must be one of ${STATUSES.join(', ')}`));
      if (typeof r.policy !== 'string') problems.push(at(`${where}.policy is required`));
      const names = Array.isArray(r.resources)
        ? r.resources.map(String)
        : typeof r.resource === 'string'
          ? [r.resource]
          : [];
      results.push({
        policy: String(r.policy),
        rule: typeof r.rule === 'string' ? r.rule : undefined,
        resources: names,
        kind: typeof r.kind === 'string' ? r.kind : undefined,
        namespace: typeof r.namespace === 'string' ? r.namespace : undefined,
        result,
        celFamily: celFamilyOf(r),
        patchedResources:
          typeof r.patchedResources === 'string'
            ? r.patchedResources
            : typeof r.patchedResource === 'string'
              ? r.patchedResource
              : undefined,
        generatedResource: typeof r.generatedResource === 'string' ? r.generatedResource : undefined,
      });
    });
  }
  const ignored = ['targetResources', 'checks', 'context', 'jsonPayload'].filter((k) => v[k] !== undefined);
  const unknown = Object.keys(v).filter((k) => !KNOWN_TEST_FIELDS.has(k));
  if (unknown.length) ignored.push(`unknown field(s) ${unknown.join(', ')}`);
  const name =
    typeof v.name === 'string' ? v.name : String((v.metadata as { name?: unknown } | undefined)?.name ?? file);
  if (problems.length) return { errors: problems };
  return {
    test: {
      name,
      policies,
      resources,
      variables,
      userinfo: typeof v.userinfo === 'string' ? v.userinfo : undefined,
      exceptions: [...strings('exceptions'), ...strings('policyExceptions')],
      clusterResources: strings('clusterResources'),
      paramResources: strings('paramResources'),
      results,
      ignored,
    },
    errors: [],
  };
}

const isMapping = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x);

export function parseValues(text: string, file: string): { values?: PolicyValues; errors: LocatedError[] } {
  const { documents, errors } = readYamlDocuments(text, file);
  if (errors.length) return { errors };
  const doc = documents[0];
  const v = (doc?.value ?? {}) as Record<string, unknown>;
  const problems: LocatedError[] = [];
  const at = (message: string): LocatedError => ({ file, line: doc?.line ?? 1, column: 1, message });
  // Lists of mappings: anything else is a located error rather than a crash later.
  const mappings = <T>(key: string): T[] | undefined => {
    const x = v[key];
    if (x === undefined || x === null) return undefined;
    if (!Array.isArray(x) || !x.every(isMapping)) {
      problems.push(at(`values file: '${key}' must be a list of mappings`));
      return undefined;
    }
    return x as T[];
  };
  const values: PolicyValues = {};
  if (v.globalValues !== undefined && v.globalValues !== null) {
    if (isMapping(v.globalValues)) values.globalValues = v.globalValues;
    else problems.push(at("values file: 'globalValues' must be a mapping"));
  }
  values.policies = mappings<NonNullable<PolicyValues['policies']>[number]>('policies');
  values.namespaceSelector = mappings<NonNullable<PolicyValues['namespaceSelector']>[number]>('namespaceSelector');
  values.subresources = mappings<NonNullable<PolicyValues['subresources']>[number]>('subresources');
  for (const p of values.policies ?? []) {
    for (const key of ['rules', 'resources'] as const) {
      const list = (p as Record<string, unknown>)[key];
      if (list !== undefined && (!Array.isArray(list) || !list.every(isMapping)))
        problems.push(at(`values file: policies[${String(p.name)}].${key} must be a list of mappings`));
    }
  }
  if (problems.length) return { errors: problems };
  return { values, errors: [] };
}

/** `kind: UserInfo` (or the legacy bare form): the requesting user's roles, cluster roles and name. */
export function parseUserInfo(text: string, file: string): { userInfo?: UserInfo; errors: LocatedError[] } {
  const { documents, errors } = readYamlDocuments(text, file);
  if (errors.length) return { errors };
  const v = (documents[0]?.value ?? {}) as Record<string, unknown>;
  const info = (v.requestInfo && typeof v.requestInfo === 'object' ? v.requestInfo : v) as Record<string, unknown>;
  const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  const user = (info.userInfo ?? {}) as Record<string, unknown>;
  return {
    userInfo: {
      roles: list(info.roles),
      clusterRoles: list(info.clusterRoles),
      userInfo: { username: typeof user.username === 'string' ? user.username : '', groups: list(user.groups) },
    },
    errors: [],
  };
}
