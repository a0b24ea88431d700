// Waiting helpers shared by the status tests that run against the local Kubernetes API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StatusWatcher } from '../../../server/kube/status-watcher';
import type { StatusModel } from '../../../server/protocol/status-protocol';

/** Each test: its own KUBECACHEDIR and HOME, no inherited KUBECONFIG (unless given in `extra`). */
export function isolatedKubeEnv(prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, KUBECACHEDIR: path.join(dir, 'cache'), ...extra };
  if (!extra.KUBECONFIG) delete env.KUBECONFIG;
  return env;
}

/**
 * How long a wait may take before it fails. Generous: the tests share two cores with other work, and a wait
 * returns as soon as its condition holds, so only a failing test pays for it.
 */
export const WAIT_DEADLINE_MS = 30_000;

/** The first model (current or next) that matches; on timeout the error shows `describe(last model)`. */
export function waitForModel(
  watcher: StatusWatcher,
  predicate: (m: StatusModel) => boolean,
  describe: (m: StatusModel | undefined) => string,
  timeoutMs = WAIT_DEADLINE_MS,
): Promise<StatusModel> {
  return new Promise((resolve, reject) => {
    if (watcher.model && predicate(watcher.model)) return resolve(watcher.model);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`condition not met in ${timeoutMs} ms; ${describe(watcher.model)}`));
    }, timeoutMs);
    const off = watcher.onModel((m) => {
      if (predicate(m)) {
        clearTimeout(timer);
        off();
        resolve(m);
      }
    });
  });
}

/** Polls `check` until it holds; `what` names it in the timeout error (a function: what was seen by then). */
export async function until(
  check: () => boolean,
  what: string | (() => string),
  timeoutMs = WAIT_DEADLINE_MS,
  pollMs = 20,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
