// One cold activation of the built extension (dist/) in this process, under the vscode shell:
// require extension.js (and, with --eager, the bundles it now loads lazily), then activate(),
// which starts the real language server and completes the LSP handshake. Prints JSON timings.
const path = require('node:path');
const { shell } = require('./vscode-shell.cjs');

const root = path.join(__dirname, '..', '..');
const eager = process.argv.includes('--eager');
const t0 = performance.now();
const ext = require(path.join(root, 'dist', 'extension.js'));
if (eager) for (const lazy of ['host-engine.js', 'review-panel.js']) require(path.join(root, 'dist', lazy));
const loaded = performance.now();
const context = {
  subscriptions: [],
  asAbsolutePath: (p) => path.join(root, p),
  extensionUri: shell('extensionUri'),
  secrets: shell('secrets'),
  workspaceState: shell('workspaceState'),
};
ext.activate(context).then(
  async () => {
    const activated = performance.now();
    process.stdout.write(JSON.stringify({ loadMs: loaded - t0, activateMs: activated - t0 }) + '\n');
    await ext.deactivate();
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`activation failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
setTimeout(() => {
  process.stderr.write('activation timed out\n');
  process.exit(2);
}, 30_000).unref();
