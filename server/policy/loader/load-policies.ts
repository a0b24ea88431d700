/**
 * Reads policy documents: Kyverno ClusterPolicy/Policy, Kyverno ValidatingPolicy, Kubernetes
 * ValidatingAdmissionPolicy (+Binding). Malformed policies are reported with their location;
 * other kinds are listed as ignored so nothing disappears silently.
 */
import { operatorFor, DEPRECATED_OPERATORS } from '../variables/operators';
import type { AnyPolicy, Conditions, ForEachValidation, KyvernoPolicy, PolicyBinding, Rule } from '../types';
import { readYamlDocuments, type LocatedError } from './yaml-documents';
import type { CelPolicyException, ExceptionSet, KyvernoPolicyException } from '../exceptions/exceptions';

export interface PolicySet {
  policies: AnyPolicy[];
  bindings: PolicyBinding[];
  exceptions: ExceptionSet;
  /** Policies of kinds this engine does not evaluate (MutatingPolicy, GeneratingPolicy, …), by name. */
  unsupported: Array<{ name: string; kind: string }>;
  errors: LocatedError[];
  /** Non-fatal notes: deprecated operators, documents that are not policies. */
  warnings: LocatedError[];
}

const KYVERNO_GROUP = /^kyverno\.io\//;
const CEL_KINDS: Record<string, RegExp> = {
  ValidatingAdmissionPolicy: /^admissionregistration\.k8s\.io\//,
  ValidatingPolicy: /^policies\.kyverno\.io\//,
};

export function emptyPolicySet(): PolicySet {
  return {
    policies: [],
    bindings: [],
    exceptions: { kyverno: [], cel: [] },
    unsupported: [],
    errors: [],
    warnings: [],
  };
}

export function loadPolicies(text: string, file: string, into: PolicySet = emptyPolicySet()): PolicySet {
  const { documents, errors } = readYamlDocuments(text, file);
  into.errors.push(...errors);
  for (const { value, line } of documents) {
    const at = (message: string): LocatedError => ({ file, line, column: 1, message });
    const kind = value.kind;
    const apiVersion = String(value.apiVersion ?? '');
    const name = (value.metadata as { name?: unknown } | undefined)?.name;
    if ((kind === 'ClusterPolicy' || kind === 'Policy') && KYVERNO_GROUP.test(apiVersion)) {
      const problems = checkKyvernoPolicy(value as unknown as KyvernoPolicy);
      if (problems.length) into.errors.push(...problems.map((p) => at(`${kind} ${String(name ?? '?')}: ${p}`)));
      else {
        into.policies.push(value as unknown as KyvernoPolicy);
        into.warnings.push(...deprecations(value as unknown as KyvernoPolicy).map(at));
      }
    } else if (typeof kind === 'string' && CEL_KINDS[kind]?.test(apiVersion)) {
      const spec = value.spec as Record<string, unknown> | undefined;
      if (typeof name !== 'string' || !name) into.errors.push(at(`${kind}: metadata.name is required`));
      else if (!spec || !Array.isArray(spec.validations))
        into.errors.push(at(`${kind} ${name}: spec.validations must be a list`));
      else into.policies.push(value as unknown as AnyPolicy);
    } else if (kind === 'MutatingPolicy' && /^policies\.kyverno\.io\//.test(apiVersion)) {
      const spec = value.spec as Record<string, unknown> | undefined;
      if (typeof name !== 'string' || !name) into.errors.push(at(`${kind}: metadata.name is required`));
      else if (!spec || !Array.isArray(spec.mutations))
        into.errors.push(at(`${kind} ${name}: spec.mutations must be a list`));
      else into.policies.push(value as unknown as AnyPolicy);
    } else if (
      kind === 'PolicyException' &&
      (KYVERNO_GROUP.test(apiVersion) || /^policies\.kyverno\.io\//.test(apiVersion))
    ) {
      const spec = value.spec as Record<string, unknown> | undefined;
      if (typeof name !== 'string' || !name || !isMapping(spec))
        into.errors.push(at('PolicyException: metadata.name and spec are required'));
      else if (KYVERNO_GROUP.test(apiVersion)) into.exceptions.kyverno.push(value as unknown as KyvernoPolicyException);
      else into.exceptions.cel.push(value as unknown as CelPolicyException);
    } else if (kind === 'ValidatingAdmissionPolicyBinding') {
      into.bindings.push(value as unknown as PolicyBinding);
    } else {
      if (
        typeof kind === 'string' &&
        typeof name === 'string' &&
        /Policy$/.test(kind) &&
        /kyverno\.io\/|admissionregistration\.k8s\.io\//.test(apiVersion)
      )
        into.unsupported.push({ name, kind });
      const what = [String(kind ?? 'document without kind'), typeof name === 'string' ? name : '']
        .filter(Boolean)
        .join(' ');
      into.warnings.push(
        at(`ignored ${what} (${apiVersion || 'no apiVersion'}): not a validating policy this engine evaluates`),
      );
    }
  }
  return into;
}

const isList = Array.isArray;
const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Conditions are a list, or a mapping of `any` / `all` lists, of {key, operator, value}. */
function checkConditions(c: unknown, where: string, problems: string[]): void {
  if (c === undefined || c === null) return;
  const lists = isList(c) ? [['', c]] : isMapping(c) ? Object.entries(c) : undefined;
  if (!lists) return void problems.push(`${where} must be a list of conditions or a mapping with any/all`);
  for (const [k, list] of lists) {
    if (k !== '' && k !== 'any' && k !== 'all') problems.push(`${where}.${k}: only 'any' and 'all' are allowed`);
    else if (!isList(list) || !list.every(isMapping))
      problems.push(`${where}${k ? `.${k}` : ''} must be a list of {key, operator, value}`);
  }
}

function checkContext(c: unknown, where: string, problems: string[]): void {
  if (c === undefined) return;
  if (!isList(c) || !c.every((e) => isMapping(e) && typeof e.name === 'string'))
    problems.push(`${where} must be a list of entries with a name`);
}

function checkForeach(list: unknown, where: string, problems: string[]): void {
  if (!isList(list)) return void problems.push(`${where} must be a list`);
  list.forEach((fe, i) => {
    const at = `${where}[${i}]`;
    if (!isMapping(fe)) return void problems.push(`${at} must be a mapping`);
    if (typeof fe.list !== 'string') problems.push(`${at}.list must be a JMESPath expression (a string)`);
    checkContext(fe.context, `${at}.context`, problems);
    checkConditions(fe.preconditions, `${at}.preconditions`, problems);
    if (fe.deny !== undefined && !isMapping(fe.deny)) problems.push(`${at}.deny must be a mapping`);
    else if (isMapping(fe.deny)) checkConditions(fe.deny.conditions, `${at}.deny.conditions`, problems);
    if (fe.anyPattern !== undefined && !isList(fe.anyPattern)) problems.push(`${at}.anyPattern must be a list`);
    if (fe.foreach !== undefined) checkForeach(fe.foreach, `${at}.foreach`, problems);
  });
}

function checkValidate(v: unknown, where: string, problems: string[]): void {
  if (!isMapping(v)) return void problems.push(`${where} must be a mapping`);
  const forms = ['pattern', 'anyPattern', 'deny', 'foreach', 'cel', 'podSecurity', 'manifests', 'assert'].filter(
    (k) => v[k] !== undefined,
  );
  if (forms.length > 1) problems.push(`${where} may use only one of ${forms.join(', ')}`);
  if (v.anyPattern !== undefined && !isList(v.anyPattern)) problems.push(`${where}.anyPattern must be a list`);
  if (v.deny !== undefined && !isMapping(v.deny)) problems.push(`${where}.deny must be a mapping`);
  else if (isMapping(v.deny)) checkConditions(v.deny.conditions, `${where}.deny.conditions`, problems);
  if (v.foreach !== undefined) checkForeach(v.foreach, `${where}.foreach`, problems);
  if (v.cel !== undefined) {
    const cel = v.cel;
    if (
      !isMapping(cel) ||
      !isList(cel.expressions) ||
      !cel.expressions.every((e) => isMapping(e) && typeof e.expression === 'string')
    ) {
      problems.push(`${where}.cel.expressions must be a list of {expression}`);
    }
  }
}

function checkKyvernoPolicy(p: KyvernoPolicy): string[] {
  const problems: string[] = [];
  if (!p.metadata || typeof p.metadata.name !== 'string' || !p.metadata.name)
    problems.push('metadata.name is required');
  if (!p.spec || !Array.isArray(p.spec.rules)) return [...problems, 'spec.rules must be a list'];
  const names = new Set<string>();
  p.spec.rules.forEach((r: Rule, i) => {
    if (!r || typeof r !== 'object') return problems.push(`spec.rules[${i}] must be a mapping`);
    if (typeof r.name !== 'string' || !r.name) problems.push(`spec.rules[${i}].name is required`);
    else if (names.has(r.name)) problems.push(`spec.rules[${i}]: duplicate rule name '${r.name}'`);
    else names.add(r.name);
    if (!r.match) problems.push(`spec.rules[${i}] (${r.name}): match is required`);
    else if (!isMapping(r.match)) problems.push(`spec.rules[${i}] (${r.name}): match must be a mapping`);
    const before = problems.length;
    const at = `spec.rules[${i}] (${r.name})`;
    if (r.validate !== undefined) checkValidate(r.validate, `${at}: validate`, problems);
    checkContext(r.context, `${at}: context`, problems);
    checkConditions(r.preconditions, `${at}: preconditions`, problems);
    if (problems.length > before) return;
    for (const op of operators(r)) {
      if (!operatorFor(op)) problems.push(`spec.rules[${i}] (${r.name}): unknown condition operator '${op}'`);
    }
  });
  return problems;
}

function conditionList(c: Conditions | undefined): Array<{ operator?: string }> {
  if (!c) return [];
  return Array.isArray(c) ? c : [...(c.any ?? []), ...(c.all ?? [])];
}

function foreachOperators(list: ForEachValidation[] | undefined): string[] {
  return (list ?? []).flatMap((f) =>
    [...conditionList(f.preconditions), ...conditionList(f.deny?.conditions)]
      .map((c) => c.operator ?? '')
      .concat(foreachOperators(f.foreach)),
  );
}

function operators(r: Rule): string[] {
  return [...conditionList(r.preconditions), ...conditionList(r.validate?.deny?.conditions)]
    .map((c) => c.operator ?? '')
    .concat(foreachOperators(r.validate?.foreach));
}

/** Fields Kubernetes always gives an object (or list) value. */
const OBJECT_FIELDS = new Set([
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'securityContext',
  'resources',
  'limits',
  'requests',
  'capabilities',
  'seccompProfile',
  'metadata',
  'labels',
  'annotations',
  'template',
  'spec',
  'volumes',
  'containers',
  'env',
]);

/**
 * A string pattern other than "*" on such a field (e.g. `livenessProbe: "?*"`) can never match
 * in Kyverno: string patterns compare text and the value is an object. Worth a warning.
 */
function objectFieldStringPatterns(node: unknown, path: string[], out: string[]): void {
  if (Array.isArray(node)) node.forEach((n) => objectFieldStringPatterns(n, path, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      const key = /^[+<=X^]?\((.+)\)$/.exec(k)?.[1] ?? k;
      if (typeof v === 'string' && v !== '*' && v !== 'null' && !v.includes('{{') && OBJECT_FIELDS.has(key))
        out.push([...path, key].join('.'));
      objectFieldStringPatterns(v, [...path, key], out);
    }
  }
}

function deprecations(p: KyvernoPolicy): string[] {
  const out: string[] = [];
  for (const r of p.spec.rules ?? []) {
    const found: string[] = [];
    for (const pattern of [r.validate?.pattern, ...(r.validate?.anyPattern ?? [])])
      objectFieldStringPatterns(pattern, [], found);
    for (const f of found)
      out.push(
        `${p.metadata.name}/${r.name}: the string pattern at ${f} never matches: Kubernetes gives this field an object. Use "*" to require it to be present`,
      );
  }
  for (const r of p.spec.rules ?? []) {
    for (const op of operators(r)) {
      const canonical = Object.keys(DEPRECATED_OPERATORS).find((d) => d.toLowerCase() === op.toLowerCase());
      if (canonical)
        out.push(
          `${p.metadata.name}/${r.name}: operator ${canonical} is deprecated; use ${DEPRECATED_OPERATORS[canonical]}`,
        );
    }
  }
  return out;
}
