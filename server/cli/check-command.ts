import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkText, MAX_FILE_BYTES } from '../check/check-text';
import { severityName, type Finding } from '../check/finding';
import { fileRole } from '../workspace/file-role';
import {
  findPlatformConfig,
  loadPlatformConfigFile,
  type LoadedPlatformConfig,
} from '../workspace/platform-config-loader';
import { UsageError, type CliCommand, type CliIO } from './cli-command';

const SKIP_DIRS = new Set(['node_modules', '.git', '.tools', 'dist', 'charts', '.helm-intent']);

/** Intent files and platform configs under a folder (by name, or by their top-level kind). */
function discover(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) discover(full, out);
    } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
      const size = statSync(full).size;
      const head = size > MAX_FILE_BYTES ? '' : readFileSync(full, 'utf8');
      if (fileRole(full, head)) out.push(full);
    }
  }
}

export interface FileReport {
  file: string;
  findings: Finding[];
  /** Set when the file could not be checked at all. */
  failure?: string;
}

export function checkFiles(inputs: string[], cwd: string, configPath?: string): FileReport[] {
  const files: string[] = [];
  const reports: FileReport[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      reports.push({ file: input, findings: [], failure: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) discover(abs, files);
    else files.push(abs);
  }
  const configs = new Map<string, LoadedPlatformConfig>();
  const configFor = (file: string) => {
    const p = configPath ? path.resolve(cwd, configPath) : findPlatformConfig(path.dirname(file));
    const key = p ?? '';
    if (!configs.has(key)) configs.set(key, loadPlatformConfigFile(p));
    return configs.get(key)!;
  };
  for (const file of [...new Set(files)]) {
    const rel = path.relative(cwd, file) || file;
    try {
      const size = statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        reports.push({
          file: rel,
          findings: [],
          failure: `file is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB`,
        });
        continue;
      }
      const text = readFileSync(file, 'utf8');
      const role = fileRole(file, text) ?? 'intent';
      reports.push({ file: rel, findings: checkText(text, role, configFor(file).config) });
    } catch (e) {
      reports.push({
        file: rel,
        findings: [],
        failure: (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a folder' : (e as Error).message,
      });
    }
  }
  return reports;
}

function printText(reports: FileReport[], io: CliIO): void {
  for (const r of reports) {
    if (r.failure) io.out(`${r.file}: error cannot-read ${r.failure}\n`);
    for (const f of r.findings)
      io.out(
        `${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${severityName(f.severity)} ${f.code} ${f.message}\n`,
      );
  }
}

function printJson(reports: FileReport[], io: CliIO): void {
  const rows = reports.flatMap((r) => [
    ...(r.failure
      ? [{ file: r.file, line: 0, column: 0, severity: 'error', code: 'cannot-read', message: r.failure }]
      : []),
    ...r.findings.map((f) => ({
      file: r.file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      severity: severityName(f.severity),
      code: f.code,
      message: f.message,
      fixes: f.data?.fixes?.map((x: { title: string }) => x.title) ?? [],
    })),
  ]);
  io.out(JSON.stringify(rows, null, 2) + '\n');
}

export const checkCommand: CliCommand = {
  summary: 'Check intent files and .helm-intent.yaml: the same diagnostics as the editor',
  usage: 'helm-intent check <file|folder…> [--format text|json] [--config .helm-intent.yaml]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, config: { type: 'string' } },
    });
    if (positionals.length === 0) throw new UsageError('name at least one intent file or folder');
    if (values.format !== 'text' && values.format !== 'json')
      throw new UsageError(`--format must be text or json, not '${values.format}'`);
    const reports = checkFiles(positionals, io.cwd, values.config);
    if (values.format === 'json') printJson(reports, io);
    else printText(reports, io);
    const all = reports.flatMap((r) => r.findings);
    const errors =
      all.filter((f) => severityName(f.severity) === 'error').length + reports.filter((r) => r.failure).length;
    const warnings = all.filter((f) => severityName(f.severity) === 'warning').length;
    if (values.format === 'text')
      io.err(`${reports.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)\n`);
    if (reports.length === 0)
      io.err(
        'no intent files found (names *.intent.yaml, intent/*.yaml, or YAML with kind: DeploymentIntent/ServiceIntent)\n',
      );
    return reports.some((r) => r.failure) ? 2 : errors > 0 ? 1 : 0;
  },
};
