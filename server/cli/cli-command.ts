/** One `helm-intent <name>` sub-command. Commands write through `io` so tests can capture output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  summary: string;
  usage: string;
  /** Returns the process exit code. Throw `UsageError` for bad arguments (exit 2). */
  run(args: string[], io: CliIO): Promise<number>;
}

export class UsageError extends Error {}
