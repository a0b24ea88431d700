/**
 * Runs Kyverno CLI test suites (`kyverno test <dir>`): each `kyverno-test.yaml` applies its
 * policies to its resources (with its values file) and compares the results it declares.
 * A declared `skip` also holds when the rule does not apply to the resource at all, as in Kyverno.
 */
import path from 'node:path';
import { evaluatePolicies } from '../engine/engine';
import { yamlFilesUnder, readText } from '../loader/files';
import { emptyPolicySet, loadPolicies } from '../loader/load-policies';
import { emptyResourceSet, loadResources } from '../loader/load-resources';
import { formatLocated } from '../loader/yaml-documents';
import type { PolicyResult } from '../types';
import { patchedResourceOf } from '../mutate/mutate-resources';
import { comparePatched } from '../mutate/patched-resource';
import { parseTestDeclaration, parseValues, type ExpectedResult } from './test-file';

export interface TestRow {
  policy: string;
  rule: string;
  resource: string;
  expected: string;
  actual: string;
  ok: boolean;
  reason: string;
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

export function findTestFiles(dir: string, fileName = 'kyverno-test.yaml'): string[] {
  return yamlFilesUnder(dir).filter((f) => path.basename(f) === fileName);
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
  const resources = emptyResourceSet();
  for (const rel of test.resources) for (const { f, text: t } of read(rel)) loadResources(t, f, resources);
  let values;
  if (test.variables) {
    const [v] = read(test.variables);
    if (v) {
      const pv = parseValues(v.text, v.f);
      report.errors.push(...pv.errors.map(formatLocated));
      values = pv.values;
    }
  }
  report.errors.push(...policies.errors.map(formatLocated), ...resources.errors.map(formatLocated));
  report.policyCount = policies.policies.length;
  report.resourceCount = resources.resources.length;
  if (report.errors.length) return report;
  const actual = evaluatePolicies(policies.policies, resources.resources, { values, bindings: policies.bindings });
  const known = new Set(actual.map((r) => `${r.policy}\u0000${r.rule}`));
  const ruleNames = new Set(policies.policies.flatMap((p) => ('rules' in p.spec && Array.isArray(p.spec.rules) ? p.spec.rules.map((r) => `${policyId(p)}\u0000${r.name}`) : [`${policyId(p)}\u0000`])));
  for (const exp of test.results) {
    for (const name of exp.resources) {
      const row = compare(exp, name, actual, known, ruleNames, resources.resources.map((r) => r.metadata?.name ?? ''));
      if (exp.patchedResource && row.ok) checkPatchedRow(row, exp, name, actual, dir);
      report.rows.push(row);
    }
  }
  return report;
}

/** A row naming `patchedResource` also needs the mutated object to equal the expected one. */
function checkPatchedRow(row: TestRow, exp: ExpectedResult, resourceName: string, actual: PolicyResult[], dir: string): void {
  const name = resourceName.includes('/') ? resourceName.split('/', 2)[1] : resourceName;
  const hit = actual.find((r) => r.policy === exp.policy && r.rule === (exp.rule ?? '') && r.resource.name === name && (!exp.kind || r.resource.kind === exp.kind) && patchedResourceOf(r));
  const patched = hit && patchedResourceOf(hit);
  if (!patched) return;
  const file = path.resolve(dir, exp.patchedResource ?? '');
  let text: string;
  try {
    text = readText(file);
  } catch {
    Object.assign(row, { ok: false, reason: `cannot read patched resource '${exp.patchedResource}'` });
    return;
  }
  const check = comparePatched(patched, text, file);
  if (!check.ok) Object.assign(row, { ok: false, reason: check.reason });
}

function policyId(p: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return p.kind === 'Policy' ? `${p.metadata.namespace ?? 'default'}/${p.metadata.name}` : p.metadata.name;
}

function compare(exp: ExpectedResult, resourceName: string, actual: PolicyResult[], known: Set<string>, ruleNames: Set<string>, resourceNames: string[]): TestRow {
  const [ns, name] = resourceName.includes('/') ? resourceName.split('/', 2) : [exp.namespace, resourceName];
  const rule = exp.rule ?? '';
  const hits = actual.filter(
    (r) => r.policy === exp.policy && r.rule === rule && r.resource.name === name && (!exp.kind || r.resource.kind === exp.kind) && (!ns || r.resource.namespace === ns),
  );
  const row: TestRow = { policy: exp.policy, rule, resource: `${exp.kind ? `${exp.kind}/` : ''}${resourceName}`, expected: exp.result, actual: '', ok: false, reason: '' };
  if (hits.length === 0) {
    // A rule that does not apply to a resource is reported as skip by `kyverno test`.
    const ruleExists = ruleNames.has(`${exp.policy}\u0000${rule}`) || known.has(`${exp.policy}\u0000${rule}`) || (rule.startsWith('autogen-') && ruleNames.has(`${exp.policy}\u0000${rule.replace(/^autogen-(cronjob-)?/, '')}`));
    if (ruleExists && resourceNames.includes(name)) {
      row.actual = 'skip';
      row.ok = exp.result === 'skip';
      row.reason = row.ok ? 'Ok' : `Want ${exp.result}, got skip (rule does not apply)`;
    } else {
      row.reason = 'Not found';
    }
    return row;
  }
  const results = [...new Set(hits.map((h) => h.result))];
  row.actual = results.join(',');
  row.ok = results.length === 1 && results[0] === exp.result;
  row.reason = row.ok ? 'Ok' : `Want ${exp.result}, got ${row.actual}${hits[0].message ? ` (${shorten(hits[0].message)})` : ''}`;
  return row;
}

/** The table and summary `kyverno test` prints. */
export function formatSuites(reports: SuiteReport[]): { text: string; failed: number; passed: number } {
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const r of reports) {
    out.push(`Loading test  ( ${r.file} ) ...`);
    for (const n of r.notes) out.push(`  Note: ${n}`);
    if (r.errors.length) {
      out.push(...r.errors.map((e) => `  Error: ${e}`), '');
      failed++;
      continue;
    }
    out.push(`  Applying ${r.policyCount} ${r.policyCount === 1 ? 'policy' : 'policies'} to ${r.resourceCount} ${r.resourceCount === 1 ? 'resource' : 'resources'} ...`, '  Checking results ...', '');
    const rows = r.rows.map((row, i) => [String(i + 1), row.policy, row.rule, row.resource, row.ok ? 'Pass' : 'Fail', row.reason]);
    out.push(...table(['ID', 'POLICY', 'RULE', 'RESOURCE', 'RESULT', 'REASON'], rows), '');
    for (const row of r.rows) row.ok ? passed++ : failed++;
  }
  out.push(`Test Summary: ${passed} tests passed and ${failed} tests failed`);
  return { text: `${out.join('\n')}\n`, failed, passed };
}

function shorten(s: string): string {
  return s.length > 90 ? `${s.slice(0, 87)}...` : s;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = `│${widths.map((w) => '─'.repeat(w + 2)).join('│')}│`;
  const fmt = (cells: string[]) => `│${cells.map((c, i) => ` ${c.padEnd(widths[i])} `).join('│')}│`;
  return [line, fmt(header), line, ...rows.map(fmt), line];
}
