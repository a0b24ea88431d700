// The extension-host test runner module (VS Code's `extensionTestsPath`): runs every bundled
// test/vscode/*.test.ts with mocha inside the extension host and reports back to the process that
// started VS Code. code-server's web workbench gives no exit code back, so the results also go to
// $HELM_INTENT_VSCODE_RESULTS (a JSON file test/vscode/run.mjs waits for and prints).
// @vscode/test-cli (.vscode-test.mjs) loads the same test files with its own mocha instead.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    timeout: 60_000,
    color: false,
    reporter: 'spec',
    ...(process.env.HELM_INTENT_VSCODE_GREP ? { grep: process.env.HELM_INTENT_VSCODE_GREP } : {}),
  });
  // $HELM_INTENT_VSCODE_SUITE=untrusted: the restricted-mode tests (test/vscode/untrusted/), run in an untrusted workspace.
  const dir = process.env.HELM_INTENT_VSCODE_SUITE === 'untrusted' ? path.join(__dirname, 'untrusted') : __dirname;
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(dir, f));
  const results: TestResult[] = [];
  const resultsFile = process.env.HELM_INTENT_VSCODE_RESULTS;
  const write = (done: boolean, fatal?: string) => {
    if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ done, fatal, results }, null, 2));
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write(true);
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
        write(false);
      });
      runner.on('fail', (t, err: Error) => {
        results.push({
          title: t.fullTitle(),
          state: 'failed',
          durationMs: t.duration ?? 0,
          error: err?.stack ?? String(err),
        });
        write(false);
      });
    } catch (e) {
      write(true, (e as Error).stack ?? String(e));
      reject(e);
    }
  });
}
