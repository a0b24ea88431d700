import { build } from 'esbuild';
import path from 'node:path';
import { ROOT, ours, type ServerSpec } from './servers';

/** Bundles bench/fixtures/minimal-server.ts like scripts/build.mjs bundles our server (minified CJS). */
export async function floorServer(outDir: string): Promise<ServerSpec> {
  const outfile = path.join(outDir, 'minimal-server.js');
  await build({
    entryPoints: [path.join(ROOT, 'bench/fixtures/minimal-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
  });
  return { ...ours, name: 'minimal vscode-languageserver', entry: outfile };
}
