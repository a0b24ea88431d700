// @vscode/test-cli config: `npm run test:vscode:desktop` runs the extension-host suite in a desktop
// VS Code that @vscode/test-electron downloads (where that is possible). `npm run test:vscode` runs
// the same bundled files inside code-server instead (test/vscode/run.mjs), which needs no download.
// Build first: node scripts/build.mjs && node scripts/build-vscode-tests.mjs (the script does).
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The tests edit files and generate charts: they get a fresh copy of examples/, never the repo's.
const workspace = mkdtempSync(path.join(tmpdir(), 'helm-intent-vscode-test-'));
cpSync('examples', workspace, { recursive: true });

export default defineConfig({
  // In this order (as test/vscode/index.ts runs them): review.test.js reviews the chart generate.test.js writes.
  files: ['activation', 'generate', 'language', 'review'].map((name) => `dist/vscode-test/${name}.test.js`),
  version: '1.100.3',
  workspaceFolder: workspace,
  mocha: { ui: 'tdd', timeout: 60_000 },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: { HELM_INTENT_HELM: path.resolve('.tools/bin/helm') },
});
