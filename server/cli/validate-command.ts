import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compileChart } from '../compiler/index';
import { applyChartWrite } from '../compiler/output/apply-plan';
import { planChartWrite } from '../compiler/output/write-plan';
import { intentFromText } from '../generate/intent-source';
import { chartDirFor } from '../generate/chart-location';
import { ChartFileTooLargeError, findChartDir } from '../review/chart-source';
import type { ReviewFinding } from '../review/findings';
import { reviewChart } from '../review/pipeline';
import { workspacePolicies } from '../review/policy-source';
import { toSarif } from '../review/sarif';
import { kubeSchemaValidator } from '../review/kube-schema-validator';
import { HELM_RESOLUTION_HELP, locateHelm } from '../tools/helm-location';
import { findPlatformConfig, loadPlatformConfigFile } from '../workspace/platform-config-loader';
import { readFileSync } from 'node:fs';
import { UsageError, type CliCommand, type CliIO } from './cli-command';
import { VERSION } from '../core/version';

/** Relative to the current folder; outside it (a chart compiled into the temp dir) absolute, so it opens from anywhere. */
function shown(cwd: string, file: string): string {
  const r = path.relative(cwd, file);
  return !r || r.startsWith('..') ? file : r;
}

function printText(findings: ReviewFinding[], io: CliIO): void {
  const rel = (f: string) => shown(io.cwd, f);
  for (const f of findings) {
    const p = f.primary;
    io.out(
      `${rel(p.file)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${f.severity} ${f.code} ${f.message}${f.environments.length ? ` [${f.environments.join(', ')}]` : ''}\n`,
    );
    // An approximate place says so, as in the Problems panel.
    if (p.note) io.out(`    location: ${p.note}\n`);
    for (const r of f.related)
      io.out(`    ${r.role}: ${rel(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1}\n`);
    if (f.remediation && f.severity !== 'hint') io.out(`    fix: ${f.remediation}\n`);
  }
}

export const validateCommand: CliCommand = {
  summary: "Review a chart (or an intent's chart): helm lint/template per environment, Kubernetes schemas, policies",
  usage: `helm-intent validate <chart-dir|intent-file> [--env e]… [--kube-version 1.34] [--policies dir] [--format text|json|sarif] [--helm path] [--config .helm-intent.yaml]

  <chart-dir>     a chart folder, e.g. the one \`helm-intent generate\` wrote (charts/<name>, or <out>/<name>)
  <intent-file>   reviews the intent's chart where \`generate\` writes it; if there is none yet, compiles it
                  into a new folder under the system temp dir, says where, and keeps it so every location
                  opens. Findings the intent controls are reported at the intent's line.
  --helm <path>   the helm binary. Which ${HELM_RESOLUTION_HELP}.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        env: { type: 'string', multiple: true },
        'kube-version': { type: 'string' },
        policies: { type: 'string' },
        format: { type: 'string', default: 'text' },
        helm: { type: 'string' },
        config: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('name one chart folder or intent file');
    if (!['text', 'json', 'sarif'].includes(values.format!))
      throw new UsageError(`--format must be text, json or sarif, not '${values.format}'`);
    if (values['kube-version'] && !/^1\.\d+(\.\d+)?$/.test(values['kube-version']))
      throw new UsageError(`--kube-version must look like 1.34, not '${values['kube-version']}'`);
    const target = path.resolve(io.cwd, positionals[0]);
    if (!existsSync(target)) throw new UsageError(`${positionals[0]}: no such file or folder`);
    const configFile = values.config
      ? path.resolve(io.cwd, values.config)
      : findPlatformConfig(statSync(target).isDirectory() ? target : path.dirname(target));
    const { config } = loadPlatformConfigFile(configFile);
    const helmPath = locateHelm({ flag: values.helm, env: io.env }).path;

    let chartDir: string | undefined = statSync(target).isDirectory() ? (findChartDir(target) ?? undefined) : undefined;
    let compiled = false;
    if (!chartDir) {
      // An intent: review its generated chart, or compile one into a temporary folder.
      if (statSync(target).size > 5 * 1024 * 1024) throw new UsageError(`${positionals[0]} is larger than 5 MB`);
      const text = readFileSync(target, 'utf8');
      const source = intentFromText(text, config, positionals[0]);
      if (!source.ok) {
        io.err(`${source.message}\n`);
        for (const e of source.errors)
          io.err(
            `${positionals[0]}:${e.range.start.line + 1}:${e.range.start.character + 1}: error ${e.code} ${e.message}\n`,
          );
        return 1;
      }
      const existing = chartDirFor(target, source.intent.metadata.name, config, [io.cwd]);
      if (existsSync(path.join(existing, 'Chart.yaml'))) chartDir = existing;
      else {
        // Kept (not deleted): every location printed below must open. A fresh folder: nothing else's to overwrite.
        chartDir = path.join(mkdtempSync(path.join(tmpdir(), 'helm-intent-validate-')), source.intent.metadata.name);
        applyChartWrite(planChartWrite(chartDir, compileChart(source.intent, config)), {
          intentPath: path.relative(chartDir, target),
        });
        compiled = true;
        io.err(
          `${positionals[0]} has no generated chart yet: compiled it into ${chartDir} for this review (\`helm-intent generate ${positionals[0]}\` writes it next to the intent)\n`,
        );
      }
    }
    try {
      const result = await reviewChart(chartDir, {
        helmPath,
        config,
        kubernetesVersion: values['kube-version'],
        ...workspacePolicies(config, values.policies ? { dir: values.policies, cwd: io.cwd } : undefined),
        environments: values.env,
        objectValidator: kubeSchemaValidator,
        log: io.env.HELM_INTENT_DEBUG ? (l) => io.err(`$ ${l}\n`) : undefined,
      });
      const findings = compiled ? result.findings.map((f) => preferIntent(f)) : result.findings;
      if (values.format === 'json')
        io.out(
          JSON.stringify(
            {
              chart: chartDir,
              environments: result.renders.map((r) => ({
                name: r.name,
                namespace: r.namespace,
                objects: r.manifests.length,
                rendered: r.ok,
              })),
              findings,
            },
            null,
            2,
          ) + '\n',
        );
      else if (values.format === 'sarif') io.out(JSON.stringify(toSarif(findings, io.cwd, VERSION), null, 2) + '\n');
      else {
        printText(findings, io);
        const count = (s: string) => findings.filter((f) => f.severity === s).length;
        io.err(
          `${shown(io.cwd, chartDir)}: ${result.renders.length} environment(s) (${result.renders.map((r) => `${r.name}→${r.namespace}`).join(', ')}), ${result.renders.reduce((n, r) => n + r.manifests.length, 0)} objects: ${count('error')} error(s), ${count('warning')} warning(s) in ${(result.millis.total / 1000).toFixed(1)} s\n`,
        );
      }
      return findings.some((f) => f.severity === 'error') ? 1 : 0;
    } catch (e) {
      if (!(e instanceof ChartFileTooLargeError)) throw e;
      io.err(`${shown(io.cwd, e.file)}:1:1: error chart-file-too-large ${e.message}\n`);
      return 1;
    }
  },
};

/** For a chart compiled only for this review, the intent line is the location worth printing first. */
function preferIntent(f: ReviewFinding): ReviewFinding {
  const intent = f.related.find((r) => r.role === 'intent');
  return intent ? { ...f, primary: intent, related: [f.primary, ...f.related.filter((r) => r !== intent)] } : f;
}
