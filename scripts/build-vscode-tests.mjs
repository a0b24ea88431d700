// Bundles the extension-host suite (test/vscode/*.ts) into dist/vscode-test/: the runner module
// index.js (VS Code's extensionTestsPath) and one file per *.test.ts (what .vscode-test.mjs lists).
// `vscode` comes from the extension host and mocha from node_modules at run time.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';

const OUT = 'dist/vscode-test';
rmSync(OUT, { recursive: true, force: true });
const entryPoints = [
  ...readdirSync('test/vscode')
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => `test/vscode/${f}`),
  ...readdirSync('test/vscode/untrusted')
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/vscode/untrusted/${f}`),
];
await build({
  entryPoints,
  outdir: OUT,
  outbase: 'test/vscode',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode', 'mocha'],
  loader: { '.json': 'json' },
});
