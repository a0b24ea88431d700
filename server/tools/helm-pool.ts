/**
 * One limit on concurrent helm processes for the whole process (review, AI validator, webview
 * fallback, cluster actions): two cores shared by an editor should not get twelve helms at once.
 */
const DEFAULT_LIMIT = 4;

let limit = Math.max(1, Number(process.env.HELM_INTENT_HELM_CONCURRENCY) || DEFAULT_LIMIT);
let running = 0;
/** Waiters; each is handed a slot directly (running is not decremented in between). */
const waiting: Array<(gotSlot: boolean) => void> = [];

/** Runs `task` when a slot is free. Cancelled while waiting: runs it without a slot (it sees the abort and starts nothing). */
export async function withHelmSlot<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  let slot = true;
  if (running >= limit) {
    slot = await new Promise<boolean>((resolve) => {
      const handOver = (got: boolean) => {
        signal?.removeEventListener('abort', cancel);
        resolve(got);
      };
      const cancel = () => {
        const i = waiting.indexOf(handOver);
        if (i >= 0) waiting.splice(i, 1);
        resolve(false);
      };
      waiting.push(handOver);
      signal?.addEventListener('abort', cancel, { once: true });
    });
  } else running++;
  try {
    return await task();
  } finally {
    if (slot) {
      const next = waiting.shift();
      if (next) next(true);
      else running--;
    }
  }
}

/** For tests and benchmarks. */
export function setHelmConcurrency(n: number): void {
  limit = Math.max(1, Math.floor(n));
}

export function helmPoolState(): { running: number; waiting: number; limit: number } {
  return { running, waiting: waiting.length, limit };
}
