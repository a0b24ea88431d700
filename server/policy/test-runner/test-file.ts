/**
 * Kyverno CLI test declarations (`kyverno-test.yaml`, `kind: Test`) and values files
 * (`kind: Values`): reading and checking their shape, with located errors.
 */
import type { PolicyValues } from '../engine/values';
import { readYamlDocuments, type LocatedError } from '../loader/yaml-documents';
import type { ResultStatus } from '../types';

export interface ExpectedResult {
  policy: string;
  rule?: string;
  resources: string[];
  kind?: string;
  namespace?: string;
  result: ResultStatus;
  isValidatingAdmissionPolicy?: boolean;
  isValidatingPolicy?: boolean;
  /** File with the object the policy's mutations must produce (`patchedResource`). */
  patchedResource?: string;
}

export interface TestDeclaration {
  name: string;
  policies: string[];
  resources: string[];
  variables?: string;
  results: ExpectedResult[];
  /** Fields this runner reads but cannot act on. */
  ignored: string[];
}

const STATUSES: ResultStatus[] = ['pass', 'fail', 'warn', 'error', 'skip'];

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
    if (x === undefined) return [];
    if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) {
      problems.push(at(`'${key}' must be a list of file paths`));
      return [];
    }
    return x;
  };
  const policies = strings('policies');
  const resources = strings('resources');
  if (policies.length === 0) problems.push(at("'policies' must list at least one policy file"));
  const variables = typeof v.variables === 'string' ? v.variables : typeof v.values === 'string' ? (v.values as string) : undefined;
  const results: ExpectedResult[] = [];
  if (!Array.isArray(v.results)) problems.push(at("'results' must be a list"));
  else {
    v.results.forEach((r: Record<string, unknown>, i: number) => {
      const where = `results[${i}]`;
      if (!r || typeof r !== 'object') return problems.push(at(`${where} must be a mapping`));
      const result = String(r.result ?? '').toLowerCase() as ResultStatus;
      if (!STATUSES.includes(result)) problems.push(at(`${where}.result must be one of ${STATUSES.join(', ')}`));
      if (typeof r.policy !== 'string') problems.push(at(`${where}.policy is required`));
      const isCel = r.isValidatingAdmissionPolicy === true || r.isValidatingPolicy === true || r.isMutatingPolicy === true;
      if (!isCel && typeof r.rule !== 'string') problems.push(at(`${where}.rule is required for Kyverno policies`));
      const names = Array.isArray(r.resources) ? r.resources.map(String) : typeof r.resource === 'string' ? [r.resource] : [];
      if (names.length === 0) problems.push(at(`${where} names no resources ('resources' or 'resource')`));
      results.push({
        policy: String(r.policy),
        rule: typeof r.rule === 'string' ? r.rule : undefined,
        resources: names,
        kind: typeof r.kind === 'string' ? r.kind : undefined,
        namespace: typeof r.namespace === 'string' ? r.namespace : undefined,
        result,
        isValidatingAdmissionPolicy: r.isValidatingAdmissionPolicy === true,
        isValidatingPolicy: r.isValidatingPolicy === true,
        patchedResource: typeof r.patchedResource === 'string' ? r.patchedResource : typeof r.patchedResources === 'string' ? r.patchedResources : undefined,
      });
    });
  }
  const ignored = ['userinfo', 'exceptions', 'targetResources', 'checks'].filter((k) => v[k] !== undefined);
  const name = typeof v.name === 'string' ? v.name : String((v.metadata as { name?: unknown } | undefined)?.name ?? file);
  if (problems.length) return { errors: problems };
  return { test: { name, policies, resources, variables, results, ignored }, errors: [] };
}

export function parseValues(text: string, file: string): { values?: PolicyValues; errors: LocatedError[] } {
  const { documents, errors } = readYamlDocuments(text, file);
  if (errors.length) return { errors };
  const v = (documents[0]?.value ?? {}) as Record<string, unknown>;
  const values: PolicyValues = {};
  if (v.globalValues && typeof v.globalValues === 'object') values.globalValues = v.globalValues as Record<string, unknown>;
  if (Array.isArray(v.policies)) values.policies = v.policies as PolicyValues['policies'];
  if (Array.isArray(v.namespaceSelector)) values.namespaceSelector = v.namespaceSelector as PolicyValues['namespaceSelector'];
  return { values, errors: [] };
}
