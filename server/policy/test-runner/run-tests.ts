/**
 * Runs Kyverno CLI test suites (`kyverno test <dir>`): each `kyverno-test.yaml` applies its
 * policies to its resources (with its values, user info, exceptions and cluster resources) and
 * compares the results it declares, row by row, the way Kyverno's `printTestResult` does:
 * - an engine response exists for every resource × Kyverno policy (and VAP / ValidatingPolicy
 *   that was evaluated); a row whose policy/kind/resource has none is "Not found" (a failure);
 * - within it, a row naming rule `X` takes the results of `X`, `autogen-X` and `autogen-cronjob-X`;
 *   a row flagged `isValidatingPolicy` (etc.) takes all of the policy's results;
 * - a response with no such result means the resource was "Excluded": that row passes.
 * Results this engine cannot produce (unsupported features) are rows of their own: `skipped`.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { clusterDataFrom } from '../context/cluster-data';
import { skipReason } from '../features';
import { evaluatePolicies, type EngineOptions } from '../engine/engine';
import { yamlFilesUnder, readText } from '../loader/files';
import { emptyPolicySet, loadPolicies, type PolicySet } from '../loader/load-policies';
import { emptyResourceSet, loadResources } from '../loader/load-resources';
import { patchedResourceOf } from '../mutate/mutate-resources';
import { mutateStep } from '../mutate/test-step';
import { formatLocated } from '../loader/yaml-documents';
import type { AnyPolicy, CelPolicy, KyvernoPolicy, PolicyResult, Resource } from '../types';
import {
  parseTestDeclaration,
  parseUserInfo,
  parseValues,
  type ExpectedResult,
  type TestDeclaration,
} from './test-file';

export type RowStatus = 'pass' | 'fail' | 'skipped';

export interface TestRow {
  policy: string;
  rule: string;
  resource: string;
  expected: string;
  actual: string;
  /** The row holds as Kyverno would report it. */
  ok: boolean;
  /** pass / fail, or `skipped` when this engine cannot evaluate what the row checks. */
  status: RowStatus;
  reason: string;
  message: string;
}

export interface SuiteReport {
  file: string;
  name: string;
  rows: TestRow[];
  errors: string[];
  notes: string[];
  policyCount: number;
  resourceCount: number;
}

/**
 * Seam for the mutate module: runs before validation for each test, may replace resources by
 * their mutated form and add its own results; and checks a row's `patchedResources`.
 */
export interface MutateStep {
  apply(input: {
    policies: PolicySet;
    resources: Resource[];
    options: EngineOptions;
    test: TestDeclaration;
    dir: string;
  }): { resources: Resource[]; results: PolicyResult[] };
  comparePatched?(input: { expectedFile: string; actual: Resource; dir: string }): { ok: boolean; reason: string };
}

export const testRunnerSteps: { mutate?: MutateStep } = { mutate: mutateStep };

/** Every file named `fileName` below `dir` (or `dir` itself when it is such a file), in path order. */
export function findTestFiles(dir: string, fileName = 'kyverno-test.yaml'): string[] {
  if (!statSync(dir).isDirectory()) return path.basename(dir) === fileName ? [dir] : [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '.git') out.push(...findTestFiles(full, fileName));
    } else if (entry.name === fileName) out.push(full);
  }
  return out;
}

/** One (policy, resource) pair Kyverno would have an engine response for, with its rule results. */
interface Response {
  policyNames: string[];
  kind: string;
  names: string[];
  namespaces: string[];
  resource: Resource;
  results: PolicyResult[];
}

export function runTestFile(file: string): SuiteReport {
  const report: SuiteReport = { file, name: file, rows: [], errors: [], notes: [], policyCount: 0, resourceCount: 0 };
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    report.errors.push(`cannot read ${file}: ${(e as Error).message}`);
    return report;
  }
  const parsed = parseTestDeclaration(text, file);
  if (!parsed.test) {
    report.errors.push(...parsed.errors.map(formatLocated));
    return report;
  }
  const test = parsed.test;
  report.name = test.name;
  if (test.ignored.length) report.notes.push(`not supported here, ignored: ${test.ignored.join(', ')}`);
  const dir = path.dirname(file);
  const read = (rel: string) => {
    const p = path.resolve(dir, rel);
    try {
      return yamlFilesUnder(p).map((f) => ({ f, text: readText(f) }));
    } catch {
      report.errors.push(`${file}: cannot read '${rel}'`);
      return [];
    }
  };
  const policies = emptyPolicySet();
  for (const rel of test.policies) for (const { f, text: t } of read(rel)) loadPolicies(t, f, policies);
  // Only the test's `exceptions` files count, as with `kyverno test` (exceptions among the policies are ignored).
  const exceptions = emptyPolicySet();
  for (const rel of test.exceptions) for (const { f, text: t } of read(rel)) loadPolicies(t, f, exceptions);
  report.errors.push(...exceptions.errors.map(formatLocated));
  const resources = emptyResourceSet();
  for (const rel of test.resources) for (const { f, text: t } of read(rel)) loadResources(t, f, resources);
  const extra = emptyResourceSet();
  for (const rel of [...test.clusterResources, ...test.paramResources])
    for (const { f, text: t } of read(rel)) loadResources(t, f, extra);
  const params = emptyResourceSet();
  for (const rel of test.paramResources) for (const { f, text: t } of read(rel)) loadResources(t, f, params);
  const options: EngineOptions = {
    bindings: policies.bindings,
    exceptions: exceptions.exceptions,
    namespaceLabelsComplete: true,
    user: { roles: [], clusterRoles: [], userInfo: { username: '', groups: [] } },
  };
  if (test.variables) {
    const [v] = read(test.variables);
    if (v) {
      const pv = parseValues(v.text, v.f);
      report.errors.push(...pv.errors.map(formatLocated));
      options.values = pv.values;
    }
  }
  if (test.userinfo) {
    const [u] = read(test.userinfo);
    if (u) {
      const pu = parseUserInfo(u.text, u.f);
      report.errors.push(...pu.errors.map(formatLocated));
      if (pu.userInfo) options.user = pu.userInfo;
    }
  }
  if (test.clusterResources.length)
    options.cluster = clusterDataFrom([...expandClusterResources(extra.resources), ...resources.resources]);
  if (test.paramResources.length) options.params = [...params.resources, ...resources.resources];
  // Kyverno skips a policy that fails validation (its rows are then "Not found"); so do we.
  report.notes.push(...policies.errors.map((e) => `policy not loaded: ${formatLocated(e)}`));
  report.errors.push(...resources.errors.map(formatLocated), ...extra.errors.map(formatLocated));
  report.policyCount = policies.policies.length + policies.unsupported.length;
  report.resourceCount = resources.resources.length;
  if (report.errors.length) return report;

  let objects = resources.resources;
  const actual: PolicyResult[] = [];
  const mutate = testRunnerSteps.mutate;
  if (mutate) {
    const m = mutate.apply({ policies, resources: objects, options, test, dir });
    objects = m.resources;
    actual.push(...m.results);
  }
  // The step already mutated the objects: validation must not mutate them again.
  actual.push(...evaluatePolicies(policies.policies, objects, mutate ? { ...options, mutate: false } : options));
  const responses = engineResponses(policies.policies, objects, actual);
  const unsupportedPolicies = new Map(policies.unsupported.map((u) => [u.name, u.kind]));
  for (const exp of test.results) {
    for (const name of exp.resources)
      report.rows.push(
        ...compare(exp, name, responses, unsupportedPolicies, (f, r) =>
          mutate?.comparePatched?.({ expectedFile: f, actual: r, dir }),
        ),
      );
  }
  return report;
}

/** `kind: ClusterResource` (cli.kyverno.io) wraps objects in `spec.resources`; plain objects are taken as they are. */
function expandClusterResources(objects: Resource[]): Resource[] {
  return objects.flatMap((o) => {
    if (o.kind !== 'ClusterResource' || !String(o.apiVersion).startsWith('cli.kyverno.io/')) return [o];
    const list = (o.spec as { resources?: unknown } | undefined)?.resources;
    return Array.isArray(list) ? (list.filter((r) => r && typeof r === 'object') as Resource[]) : [];
  });
}

function policyNames(p: AnyPolicy): string[] {
  const ns = (p as KyvernoPolicy).metadata.namespace;
  return p.kind === 'Policy'
    ? [`${ns ?? 'default'}/${p.metadata.name}`, p.metadata.name]
    : ns
      ? [p.metadata.name, `${ns}/${p.metadata.name}`]
      : [p.metadata.name];
}

/** Whether Kyverno's CLI would have an engine response for this policy and resource even with no rule result. */
function alwaysResponds(p: AnyPolicy): boolean {
  if (p.kind === 'ClusterPolicy' || p.kind === 'Policy')
    return (p.spec.rules ?? []).some((r) => r.validate || r.mutate || r.verifyImages);
  if (p.kind === 'ValidatingAdmissionPolicy') return true;
  // A ValidatingPolicy with no result is dropped when it selects by namespace or object labels.
  const c = (p as CelPolicy).spec.matchConstraints;
  return !(c?.namespaceSelector || c?.objectSelector);
}

function engineResponses(policies: AnyPolicy[], resources: Resource[], actual: PolicyResult[]): Response[] {
  const byKey = new Map<string, PolicyResult[]>();
  for (const r of actual) {
    const key = `${r.policy}\u0000${r.resourceIndex}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const out: Response[] = [];
  for (const p of policies) {
    const names = policyNames(p);
    const always = alwaysResponds(p);
    resources.forEach((resource, i) => {
      const results = byKey.get(`${names[0]}\u0000${i}`) ?? [];
      if (!always && results.length === 0) return;
      const name = resource.metadata?.name ?? '';
      const ns = resource.metadata?.namespace ?? '';
      const seenNs = results[0]?.resource.namespace ?? ns;
      out.push({
        policyNames: names,
        kind: resource.kind ?? '',
        names: [name, `${ns}/${name}`, `${seenNs}/${name}`],
        namespaces: [ns, seenNs],
        resource,
        results,
      });
    });
  }
  return out;
}

function compare(
  exp: ExpectedResult,
  resourceName: string,
  responses: Response[],
  unsupportedPolicies: Map<string, string>,
  comparePatched: (file: string, r: Resource) => { ok: boolean; reason: string } | undefined,
): TestRow[] {
  const rule = exp.rule ?? '';
  const base = {
    policy: exp.policy,
    rule,
    resource: `${exp.kind ? `${exp.kind}/` : ''}${exp.namespace ? `${exp.namespace}/` : ''}${resourceName}`,
    expected: exp.result,
  };
  const rows: TestRow[] = [];
  const matching = responses.filter(
    (r) =>
      r.policyNames.includes(exp.policy) &&
      (!exp.kind || r.kind === exp.kind) &&
      r.names.includes(resourceName) &&
      (!exp.namespace || r.namespaces.includes(exp.namespace)),
  );
  for (const response of matching) {
    const hits = exp.celFamily
      ? response.results
      : response.results.filter(
          (h) => h.rule === rule || h.rule === `autogen-${rule}` || h.rule === `autogen-cronjob-${rule}`,
        );
    for (const hit of hits) {
      if (hit.unsupported) {
        rows.push({
          ...base,
          actual: 'skip',
          ok: false,
          status: 'skipped',
          reason: `not evaluated: ${hit.message}`,
          message: hit.message,
        });
        continue;
      }
      let ok = hit.result === exp.result;
      let reason = ok ? 'Ok' : `Want ${exp.result}, got ${hit.result}`;
      if (exp.patchedResources) {
        // Kyverno compares the object as this policy's mutations left it (earlier policies included).
        const c = comparePatched(exp.patchedResources, patchedResourceOf(hit) ?? response.resource);
        if (!c) {
          rows.push({
            ...base,
            actual: hit.result,
            ok: false,
            status: 'skipped',
            reason: 'not evaluated: patchedResources comparison needs the mutate module (no MutateStep registered)',
            message: hit.message,
          });
          continue;
        }
        if (!c.ok) [ok, reason] = [false, c.reason];
      }
      rows.push({ ...base, actual: hit.result, ok, status: ok ? 'pass' : 'fail', reason, message: hit.message });
    }
    // A response without a result for the rule: the resource was excluded, which Kyverno counts as a pass.
    if (hits.length === 0)
      rows.push({ ...base, actual: 'excluded', ok: true, status: 'pass', reason: 'Excluded', message: 'Excluded' });
  }
  if (rows.length === 0) {
    const kind = unsupportedPolicies.get(exp.policy);
    if (kind)
      rows.push({
        ...base,
        actual: '',
        ok: false,
        status: 'skipped',
        reason: `not evaluated: ${kind} ${skipReason(/Mutating/.test(kind) ? 'kind.MutatingPolicy' : 'kind.other')}`,
        message: '',
      });
    else rows.push({ ...base, actual: '', ok: false, status: 'fail', reason: 'Not found', message: 'Not found' });
  }
  return rows;
}

export interface SuiteTotals {
  text: string;
  passed: number;
  failed: number;
  skipped: number;
}

/** The tables and summary `kyverno test` prints (plus a count of rows this engine could not evaluate). */
export function formatSuites(reports: SuiteReport[], options: { detailed?: boolean } = {}): SuiteTotals {
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of reports) {
    out.push(`Loading test  ( ${r.file} ) ...`);
    for (const n of r.notes) out.push(`  Note: ${n}`);
    if (r.errors.length) {
      out.push(...r.errors.map((e) => `  Error: ${e}`), '');
      failed++;
      continue;
    }
    out.push(
      `  Applying ${r.policyCount} ${r.policyCount === 1 ? 'policy' : 'policies'} to ${r.resourceCount} ${r.resourceCount === 1 ? 'resource' : 'resources'} ...`,
    );
    if (r.rows.length === 0) {
      out.push('');
      continue;
    }
    out.push('  Checking results ...', '');
    const header = ['ID', 'POLICY', 'RULE', 'RESOURCE', 'RESULT', 'REASON', ...(options.detailed ? ['MESSAGE'] : [])];
    const rows = r.rows.map((row, i) => [
      String(i + 1),
      row.policy,
      row.rule,
      row.resource,
      row.status === 'skipped' ? 'Skip' : row.ok ? 'Pass' : 'Fail',
      row.status === 'fail' && row.message && row.reason.startsWith('Want') && !options.detailed
        ? `${row.reason} (${shorten(row.message)})`
        : row.reason,
      ...(options.detailed ? [row.message] : []),
    ]);
    out.push(...table(header, rows), '');
    for (const row of r.rows) {
      if (row.status === 'skipped') skipped++;
      else if (row.ok) passed++;
      else failed++;
    }
  }
  out.push(
    `Test Summary: ${passed} tests passed and ${failed} tests failed${skipped ? ` (${skipped} not evaluated by this engine, listed as Skip)` : ''}`,
  );
  return { text: `${out.join('\n')}\n`, failed, passed, skipped };
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 90 ? `${one.slice(0, 87)}...` : one;
}

function table(header: string[], rows: string[][]): string[] {
  const clean = rows.map((r) => r.map((c) => c.replace(/\s+/g, ' ')));
  const widths = header.map((h, i) => Math.max(h.length, ...clean.map((r) => r[i].length)));
  const line = `│${widths.map((w) => '─'.repeat(w + 2)).join('│')}│`;
  const fmt = (cells: string[]) => `│${cells.map((c, i) => ` ${c.padEnd(widths[i])} `).join('│')}│`;
  return [line, fmt(header), line, ...clean.map(fmt), line];
}
