// The suite's shared lifecycle: one code-server + one browser for every scenario (starting them
// costs ~20 s), each scenario one node:test test with named steps, screenshots and a time limit.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { dumpLogs, RESULTS_DIR, startCodeServer } from './code-server.mjs';
import { openWorkbench } from './workbench.mjs';

/** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
let server;
/** @type {Awaited<ReturnType<typeof openWorkbench>> | undefined} */
let workbench;
let failed = false;

/**
 * Registers the hooks that start code-server (with `options`, see startCodeServer) and the
 * workbench before the first scenario and stop them after the last. Call it before any scenario.
 * @param {Parameters<typeof startCodeServer>[0]} options
 */
export function useCodeServer(options) {
  before(
    async () => {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      for (const f of fs.readdirSync(RESULTS_DIR)) if (f.endsWith('.png')) fs.rmSync(path.join(RESULTS_DIR, f));
      const t0 = Date.now();
      try {
        server = await startCodeServer(options);
        const t1 = Date.now();
        workbench = await openWorkbench({
          url: server.url,
          workspace: server.dirs.workspace,
          browserProfile: server.dirs.browserProfile,
        });
        console.log(
          `# code-server up in ${t1 - t0} ms (${server.url}, pid ${server.pid}); workbench ready after ${Date.now() - t1} ms`,
        );
      } catch (e) {
        failed = true;
        throw new Error(`starting code-server and the workbench failed: ${/** @type {Error} */ (e).message}`, {
          cause: e,
        });
      }
    },
    { timeout: 180_000 },
  );

  after(async () => {
    if (failed && server) {
      console.error(`\n===== e2e failed: logs of ${server.dirs.run} (kept) =====\n${dumpLogs(server.dirs)}`);
      if (workbench?.pageErrors.length)
        console.error(`===== browser page errors =====\n${workbench.pageErrors.join('\n')}`);
    }
    await workbench?.context.close().catch(() => {});
    await server?.stop();
    if (server && !failed && !process.env.E2E_KEEP)
      fs.rmSync(server.dirs.run, { recursive: true, force: true, maxRetries: 5 });
  });
}

/**
 * @typedef {object} ScenarioContext
 * @property {import('playwright-core').Page} page
 * @property {string} ws the workspace folder code-server opened
 * @property {NonNullable<typeof server>['dirs']} dirs the run's dirs (logs, user data)
 * @property {<T>(label: string, fn: () => Promise<T>) => Promise<T>} step runs one named action; a failure names it
 * @property {(name: string) => Promise<unknown>} shot saves test-results/e2e/<name>.png
 * @property {(message: string) => void} note a diagnostic line in the test output
 */

/**
 * One scenario = one test. `step` labels each action so a failure says which one broke;
 * `shot` saves test-results/e2e/<name>.png. A failure also saves <first letter of title>-FAILED.png.
 * @param {string} title
 * @param {(ctx: ScenarioContext) => Promise<void>} body
 * @param {{ limitMs?: number }} [options]
 */
export function scenario(title, body, { limitMs = 120_000 } = {}) {
  // Our own time limit (below node:test's) so a hung step still fails through the catch below,
  // which keeps the logs, and names the step it hung in.
  test(title, { timeout: limitMs + 30_000 }, async (t) => {
    if (!workbench || !server) throw new Error('code-server/workbench did not start (see the before hook error above)');
    const page = workbench.page;
    const dirs = server.dirs;
    let current = '(before the first step)';
    /** @type {ScenarioContext['step']} */
    const step = async (label, fn) => {
      current = label;
      const started = Date.now();
      try {
        const result = await fn();
        t.diagnostic(`${label}: ${Date.now() - started} ms`);
        return result;
      } catch (e) {
        throw new Error(`step "${label}" failed: ${/** @type {Error} */ (e).message}`, { cause: e });
      }
    };
    const shot = (name) => page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
    let timer;
    const timeLimit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`scenario exceeded ${limitMs / 1000}s in step "${current}"`)), limitMs);
    });
    try {
      await Promise.race([
        body({ page, ws: dirs.workspace, dirs, step, shot, note: (m) => t.diagnostic(m.replace(/\n\s*/g, ' | ')) }),
        timeLimit,
      ]);
    } catch (e) {
      failed = true;
      await shot(`${title.slice(0, 1)}-FAILED`).catch(() => {});
      throw e;
    } finally {
      clearTimeout(timer);
    }
  });
}
