import type { YAMLError } from 'yaml';

/** A refusal to export, with where the problem is (a file and line, or an input field). */
export class GitOpsExportError extends Error {
  constructor(
    /** The problem alone, without the location prefix. */
    readonly reason: string,
    /** What the problem is about: a chart file (`Chart.yaml`, `values-prod.yaml`) or an input (`source`, `namespace`). */
    readonly at: string,
    /** 1-based line in `at`, when it is a file. */
    readonly line?: number,
  ) {
    super(`${at}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'GitOpsExportError';
  }
}

/** Throws a GitOpsExportError at the first YAML syntax error of `doc` (message without yaml's own position). */
export function throwOnYamlError(doc: { errors: ReadonlyArray<YAMLError> }, file: string): void {
  if (!doc.errors.length) return;
  const e = doc.errors[0];
  throw new GitOpsExportError(
    `not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    file,
    e.linePos?.[0].line,
  );
}
