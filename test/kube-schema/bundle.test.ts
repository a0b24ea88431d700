/**
 * The extension ships esbuild bundles without node_modules: every bundled kind's schema must load
 * from a bundle built like scripts/build.mjs, in a folder with nothing next to it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { bundledKinds } from '../../server/kube-schema';

const ROOT = path.join(__dirname, '../..');

test('every bundled kind loads and validates from a standalone esbuild bundle', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-schema-bundle-'));
  try {
    const entry = `import { validateObjects } from ${JSON.stringify(path.join(ROOT, 'server/kube-schema'))}; globalThis.validateObjects = validateObjects;`;
    await build({
      stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      logLevel: 'error',
      outfile: path.join(dir, 'bundle.js'),
    });
    // An unknown top-level field in each: every validator must run, strictly, to report it.
    const objects = bundledKinds().map(({ apiVersion, kind }) => ({
      object: { apiVersion, kind, metadata: { name: 'x' }, zzProbe: 1 },
    }));
    writeFileSync(path.join(dir, 'objects.json'), JSON.stringify(objects));
    const script = `require('./bundle.js');
      globalThis.validateObjects(require('./objects.json'), { kubernetesVersion: '1.15' })
        .then((f) => process.stdout.write(JSON.stringify(f)), (e) => { console.error(e); process.exit(1); });`;
    // 1.15: before every removal in the table, so no kind is skipped as removed.
    const run = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const findings = JSON.parse(run.stdout) as Array<{
      code: string;
      apiVersion: string;
      kind: string;
      path: string;
      message: string;
    }>;
    const unavailable = findings.filter((f) => f.code === 'k8s-schema-unavailable' || f.code === 'k8s-unknown-kind');
    assert.deepEqual(
      unavailable.map((f) => `${f.kind}: ${f.message}`),
      [],
    );
    assert.equal(run.stderr, '');
    const probed = findings
      .filter((f) => f.code === 'k8s-schema-unknown-field' && f.path === 'zzProbe')
      .map((f) => `${f.apiVersion}/${f.kind}`);
    assert.deepEqual(
      probed,
      bundledKinds().map((k) => `${k.apiVersion}/${k.kind}`),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
