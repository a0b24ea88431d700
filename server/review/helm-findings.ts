import path from 'node:path';
import type { LintMessage } from '../tools/helm-output';
import type { ChartLocator } from './locate';
import type { ReviewFinding, ReviewLocation } from './findings';

interface Env {
  name: string;
  namespace: string;
}

/** `- at '/replicaCount': maximum: got 50, want 10` (helm v4) or `- replicaCount: Must be…` (helm v3). */
const SCHEMA_LINE = [/^-\s+at\s+'\/([^']*)':\s*(.+)$/, /^-\s+([A-Za-z0-9_.]+):\s*(.+)$/];
/** `chart/templates/x.yaml:16:22` in template execution errors (helm v3 `template: …`, helm v4 `Error: …`). */
const EXEC_LOCATION = /([\w.-]+\/templates\/[^\s:()]+):(\d+)(?::(\d+))?/;
const PARSE_ERROR = /parse error at \(([\w.-]+\/templates\/[^:)]+):(\d+)\):\s*(.+)/;
const YAML_ERROR =
  /YAML parse error on ([\w.-]+\/templates\/[^:\s]+):\s*(?:error converting YAML to JSON:\s*)?(?:yaml:\s*)?(?:line (\d+):\s*)?(.+)/;

function finding(
  env: Env,
  source: ReviewFinding['source'],
  code: string,
  severity: ReviewFinding['severity'],
  message: string,
  locations: ReviewLocation[],
): ReviewFinding {
  return {
    severity,
    code,
    source,
    message,
    environments: [env.name],
    namespaces: [env.namespace],
    primary: locations[0],
    related: locations.slice(1),
  };
}

/** Errors of `helm template`/`helm lint` text, each on the template line or values key it names. */
export function helmErrorFindings(
  text: string,
  env: Env,
  locator: ChartLocator,
  source: 'helm-lint' | 'helm-template',
): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  const lines = text.split('\n').map((l) => l.trim());
  for (const line of lines) {
    for (const re of SCHEMA_LINE) {
      const m = re.exec(line);
      if (!m) continue;
      const keyPath = m[1].split(/[/.]/).filter(Boolean);
      const at = locator.valuesLocation(keyPath, env.name) ?? {
        file: path.join(locator.source.dir, 'values.yaml'),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        role: 'values' as const,
      };
      const intent = locator.intentLocation(keyPath, env.name);
      out.push(
        finding(
          env,
          source,
          'values-schema',
          'error',
          `values.schema.json: ${keyPath.join('.') || '(root)'}: ${m[2]}`,
          [at, ...(intent ? [intent] : [])],
        ),
      );
      break;
    }
  }
  const parse = PARSE_ERROR.exec(text);
  if (parse) {
    const file = locator.templatePathOf(parse[1]);
    if (file)
      out.push(
        finding(env, source, 'template-syntax', 'error', `Template syntax error: ${parse[3]}`, [
          locator.templateLine(file, Number(parse[2]) - 1),
        ]),
      );
  }
  const yaml = YAML_ERROR.exec(text);
  if (yaml) {
    const file = locator.templatePathOf(yaml[1]);
    const renderedLine = yaml[2] ? Number(yaml[2]) : undefined;
    if (file)
      out.push(
        finding(
          env,
          source,
          'rendered-yaml-invalid',
          'error',
          `The rendered ${file} is not valid YAML${renderedLine ? ` (line ${renderedLine} of its output)` : ''}: ${yaml[3]}. Check indentation (nindent) of the template around that line.`,
          [locator.templateLine(file, Math.max(0, (renderedLine ?? 1) - 1))],
        ),
      );
  }
  if (!parse && !yaml) {
    const exec = EXEC_LOCATION.exec(text);
    if (exec && /executing|template:/.test(text)) {
      const file = locator.templatePathOf(exec[1]);
      const detail = text
        .slice(exec.index + exec[0].length)
        .replace(/\s+/g, ' ')
        .replace(/^:\s*/, '')
        .trim();
      if (file)
        out.push(
          finding(env, source, 'template-error', 'error', `Template error: ${detail || text.trim()}`, [
            locator.templateLine(file, Number(exec[2]) - 1, exec[3] ? Number(exec[3]) - 1 : 0),
          ]),
        );
    }
  }
  return out;
}

/** `helm lint` messages that are not already covered by a located error. */
export function lintFindings(messages: LintMessage[], env: Env, locator: ChartLocator): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  for (const m of messages) {
    const located = helmErrorFindings(m.message, env, locator, 'helm-lint');
    if (located.length) {
      out.push(...located);
      continue;
    }
    const severity = m.severity === 'ERROR' ? 'error' : m.severity === 'WARNING' ? 'warning' : 'hint';
    const file = m.path.replace(/\/$/, '');
    const target =
      file === 'Chart.yaml' || file === ''
        ? locator.chartLocation()
        : locator.templates.file(file)
          ? locator.templateLine(file, 0)
          : file.startsWith('values')
            ? {
                file: path.join(locator.source.dir, file),
                range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                role: 'values' as const,
              }
            : locator.chartLocation();
    out.push(finding(env, 'helm-lint', 'helm-lint', severity, `helm lint: ${m.message}`, [target]));
  }
  return out;
}
