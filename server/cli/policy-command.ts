/**
 * `helm-intent policy apply` — apply Kyverno-compatible policies (and/or the built-in baseline)
 * to rendered manifests; `helm-intent policy test <dir>` — run `kyverno-test.yaml` suites.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BaselineConfigError, runBaseline } from '../policy/baseline/pack';
import { evaluatePolicies } from '../policy/engine/engine';
import { parseValues } from '../policy/test-runner/test-file';
import { readText, yamlFilesUnder } from '../policy/loader/files';
import { emptyPolicySet, loadPolicies } from '../policy/loader/load-policies';
import { emptyResourceSet, loadResources } from '../policy/loader/load-resources';
import { formatLocated } from '../policy/loader/yaml-documents';
import { formatJson, formatText } from '../policy/report/format';
import { findTestFiles, formatSuites, runTestFile } from '../policy/test-runner/run-tests';
import type { PolicyResult } from '../policy/types';
import { UsageError, type CliCommand, type CliIO } from './cli-command';

const USAGE = `helm-intent policy apply [<policy file|dir>...] [--policy <file|dir>]... [--exception <file|dir>]... [--baseline] --resource <file|dir>... [--namespace <ns>] [--values <file>] [--rollouts] [--format text|json] [--verbose]
         baseline options: [--tier development|staging|production] [--allowed-registry <r>]... [--kubernetes-version 1.34] [--disable <RULE>=<reason>]...
       helm-intent policy test <dir|kyverno-test.yaml>... [--file-name kyverno-test.yaml] [--detailed-results] [--format text|json]`;

function files(inputs: string[], io: CliIO, what: string): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(io.cwd, input);
    try {
      out.push(...yamlFilesUnder(abs));
    } catch {
      throw new UsageError(`${what} '${input}' does not exist`);
    }
  }
  return out;
}

async function apply(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      policy: { type: 'string', multiple: true, short: 'p' },
      resource: { type: 'string', multiple: true, short: 'r' },
      exception: { type: 'string', multiple: true, short: 'e' },
      baseline: { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
      tier: { type: 'string' },
      values: { type: 'string', short: 'f' },
      rollouts: { type: 'boolean' },
      format: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      'allowed-registry': { type: 'string', multiple: true },
      'kubernetes-version': { type: 'string' },
      disable: { type: 'string', multiple: true },
    },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  // `kyverno apply POLICY... --resource R` takes policies positionally; --policy stays.
  values.policy = [...positionals, ...(values.policy ?? [])];
  if (!values.policy?.length && !values.baseline)
    throw new UsageError('give at least one --policy, or --baseline for the built-in pack');
  if (!values.resource?.length) throw new UsageError('give at least one --resource');
  if (values.tier && !['development', 'staging', 'production'].includes(values.tier))
    throw new UsageError(`--tier must be development, staging or production`);
  const namespace = values.namespace ?? 'default';

  const policies = emptyPolicySet();
  for (const f of files(values.policy ?? [], io, 'policy'))
    loadPolicies(readText(f), path.relative(io.cwd, f) || f, policies);
  // PolicyExceptions come from --exception files (as `kyverno apply --exception`) or sit among the policies.
  for (const f of files(values.exception ?? [], io, 'exception'))
    loadPolicies(readText(f), path.relative(io.cwd, f) || f, policies);
  const resources = emptyResourceSet();
  for (const f of files(values.resource, io, 'resource'))
    loadResources(readText(f), path.relative(io.cwd, f) || f, resources);
  let policyValues;
  if (values.values) {
    const file = path.resolve(io.cwd, values.values);
    const parsed = parseValues(readText(file), values.values);
    if (parsed.errors.length) {
      io.err(parsed.errors.map((e) => `helm-intent policy: ${formatLocated(e)}\n`).join(''));
      return 2;
    }
    policyValues = parsed.values;
  }
  for (const w of policies.warnings) io.err(`warning: ${formatLocated(w)}\n`);
  const errors = [...policies.errors, ...resources.errors];
  if (errors.length) {
    io.err(errors.map((e) => `helm-intent policy: ${formatLocated(e)}\n`).join(''));
    return 2;
  }
  if (values.policy?.length && policies.policies.length === 0)
    throw new UsageError('no policies found in the given --policy paths');

  const results: PolicyResult[] = evaluatePolicies(policies.policies, resources.resources, {
    namespace,
    values: policyValues,
    rollouts: values.rollouts ?? false,
    bindings: policies.bindings,
    exceptions: policies.exceptions,
  });
  let disabled: Array<{ rule: string; reason: string }> = [];
  if (values.baseline) {
    const disable = (values.disable ?? []).map((d) => {
      const eq = d.indexOf('=');
      if (eq <= 0) throw new UsageError(`--disable needs RULE=reason, got '${d}'`);
      return { rule: d.slice(0, eq), reason: d.slice(eq + 1) };
    });
    try {
      const report = runBaseline(resources.resources, {
        namespace,
        tier: values.tier as 'production' | undefined,
        allowedRegistries: values['allowed-registry'],
        kubernetesVersion: values['kubernetes-version'],
        disabled: disable,
      });
      results.push(...report.results);
      disabled = report.disabled;
    } catch (e) {
      if (e instanceof BaselineConfigError) throw new UsageError(e.message);
      throw e;
    }
  }
  const count = policies.policies.length + (values.baseline ? 1 : 0);
  const header = `Applying ${count} ${count === 1 ? 'policy source' : 'policy sources'} to ${resources.resources.length} resources (namespace ${namespace})...`;
  const notes = disabled.map((d) => `disabled: ${d.rule} (${d.reason})`).join('\n');
  io.out(
    format === 'json'
      ? formatJson(results, { namespace, disabled })
      : formatText(results, { verbose: values.verbose, header }) + (notes ? `${notes}\n` : ''),
  );
  return results.some((r) => r.result === 'fail' || r.result === 'error') ? 1 : 0;
}

async function test(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'file-name': { type: 'string', short: 'f' },
      format: { type: 'string' },
      'detailed-results': { type: 'boolean' },
    },
  });
  if (positionals.length === 0)
    throw new UsageError('give a folder (searched recursively) or a kyverno-test.yaml file');
  if (values.format && values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const fileName = values['file-name'] ?? 'kyverno-test.yaml';
  if (fileName.includes('/') || fileName.includes('\\')) throw new UsageError('--file-name is a file name, not a path');
  const testFiles: string[] = [];
  for (const p of positionals) {
    try {
      testFiles.push(...findTestFiles(path.resolve(io.cwd, p), fileName));
    } catch {
      throw new UsageError(`'${p}' does not exist`);
    }
  }
  if (testFiles.length === 0) {
    io.err(`helm-intent policy test: no ${fileName} under ${positionals.join(', ')}\n`);
    return 1;
  }
  const reports = testFiles.map((f) => runTestFile(f));
  for (const r of reports) r.file = path.relative(io.cwd, r.file) || r.file;
  const { text, failed, passed, skipped } = formatSuites(reports, { detailed: values['detailed-results'] });
  if (values.format === 'json') io.out(`${JSON.stringify({ passed, failed, skipped, suites: reports }, null, 2)}\n`);
  else io.out(text);
  return failed > 0 ? 1 : 0;
}

export const policyCommand: CliCommand = {
  summary: 'Apply Kyverno-compatible policies to rendered manifests, or run kyverno-test.yaml suites',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'apply') return apply(rest, io);
    if (sub === 'test') return test(rest, io);
    throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'missing subcommand: apply or test');
  },
};
