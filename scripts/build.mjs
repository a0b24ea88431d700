// Bundles the three entry points with esbuild: the VS Code client, the language server and the CLI.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Minified: V8 compiles a smaller bundle faster, which is most of the language server's start-up.
  minify: true,
  sourcesContent: !production,
  logLevel: 'warning',
  // JSON schemas are imported as modules so the bundle carries them.
  loader: { '.json': 'json' },
  // server/core/version.ts: the one place the version comes from.
  define: { HELM_INTENT_BUILD_VERSION: JSON.stringify(version) },
};

// The Kubernetes schemas (~2 MiB) live in their own bundle, loaded on the first review: the language
// server and the CLI start without parsing them.
const lazyKubeSchema = {
  name: 'lazy-kube-schema',
  setup(b) {
    b.onResolve({ filter: /^helm-intent-kube-schema$/ }, () => ({ path: './kube-schema.js', external: true }));
  },
};

// @kubernetes/client-node (~3 MiB with its dependencies) is only needed for live status: its own
// bundle, loaded on first use, keeps it out of extension activation and CLI start-up.
const lazyKubeClient = {
  name: 'lazy-kube-client',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: './kube-client.js', external: true }));
  },
};

// The extension loads the engine parts it runs in-process (server/host) on first use, from their own
// bundle (client/engine.ts): extension.js holds the client, the typed protocol and vscode-languageclient.
const lazyHostEngine = {
  name: 'lazy-host-engine',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/server\/host$/ }, () => ({ path: './host-engine.js', external: true }));
  },
};
// Likewise the Chart Review panel (client/review-panel/register.ts requires it when a panel opens).
const lazyReviewPanel = {
  name: 'lazy-review-panel',
  setup(b) {
    b.onResolve({ filter: /^\.\/review-panel$/ }, (args) =>
      args.kind === 'require-call' && args.importer.endsWith('register.ts')
        ? { path: './review-panel.js', external: true }
        : undefined,
    );
  },
};

mkdirSync('dist', { recursive: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['client/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [lazyHostEngine, lazyReviewPanel, lazyKubeClient, lazyKubeSchema],
  }),
  build({
    ...common,
    entryPoints: ['client/review-panel/review-panel.ts'],
    outfile: 'dist/review-panel.js',
    external: ['vscode'],
    plugins: [lazyHostEngine, lazyKubeClient, lazyKubeSchema],
  }),
  build({
    ...common,
    entryPoints: ['server/host/index.ts'],
    outfile: 'dist/host-engine.js',
    plugins: [lazyKubeClient, lazyKubeSchema],
  }),
  build({
    ...common,
    entryPoints: ['server/server.ts'],
    outfile: 'dist/server.js',
    plugins: [lazyKubeSchema, lazyKubeClient],
  }),
  build({
    ...common,
    entryPoints: ['server/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [lazyKubeSchema, lazyKubeClient],
  }),
  build({
    ...common,
    stdin: { contents: "module.exports = require('@kubernetes/client-node');", resolveDir: '.', loader: 'js' },
    outfile: 'dist/kube-client.js',
  }),
  build({ ...common, entryPoints: ['server/kube-schema/index.ts'], outfile: 'dist/kube-schema.js' }),
  // Chart Review webview: dist/webview/main.js + main.css, loaded under a nonce CSP.
  build({
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
  }),
]);
chmodSync('dist/cli.js', 0o755);
