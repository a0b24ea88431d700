/**
 * A request's time budget. Work that can stop early (per document of a file, per outline node)
 * checks it and returns what it has — a partial answer rather than none; `undefined` never expires.
 */
export type Deadline = number | undefined;

/** Time a language-server request may take before it answers with what it has. */
export const REQUEST_BUDGET_MS = 1500;

export function deadlineIn(ms: number): Deadline {
  return performance.now() + ms;
}

export function expired(deadline: Deadline): boolean {
  return deadline !== undefined && performance.now() > deadline;
}
