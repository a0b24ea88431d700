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
