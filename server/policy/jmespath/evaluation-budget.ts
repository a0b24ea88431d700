/**
 * A time budget for JMESPath and CEL evaluation, so one rule cannot block a review (or the language
 * server's background review). The engine may wrap a whole rule in `withEvaluationBudget`; each
 * expression evaluated outside such a wrapper gets its own budget. Kyverno functions and regex
 * calls are the checkpoints: every call checks the deadline and throws once it has passed.
 */
export const DEFAULT_EVALUATION_BUDGET_MS = 2000;

export class EvaluationBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(`evaluation stopped: it exceeded its ${budgetMs} ms budget`);
  }
}

let deadline: number | undefined;
let budgetMs = DEFAULT_EVALUATION_BUDGET_MS;

/** Runs `run` under a deadline `ms` from now; nested calls keep the outer (earlier) deadline. */
export function withEvaluationBudget<T>(run: () => T, ms = DEFAULT_EVALUATION_BUDGET_MS): T {
  if (deadline !== undefined) return run();
  deadline = performance.now() + ms;
  budgetMs = ms;
  try {
    return run();
  } finally {
    deadline = undefined;
  }
}

/** Throws when the current budget is spent. */
export function checkEvaluationBudget(): void {
  if (deadline !== undefined && performance.now() > deadline) throw new EvaluationBudgetError(budgetMs);
}
