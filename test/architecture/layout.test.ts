// ARCHITECTURE.md, kept true by the layout: who may import what, and one owner per decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return readdirSync(abs).flatMap((name) => {
    const p = path.join(abs, name);
    return statSync(p).isDirectory()
      ? sources(path.join(dir, name))
      : name.endsWith('.ts')
        ? [path.join(dir, name)]
        : [];
  });
}

/** Runtime imports (not `import type`) and requires of a file: [specifier, resolved repo path or package]. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [
    ...[...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]),
    ...[...text.matchAll(/^export\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]),
    ...[...text.matchAll(/\brequire\('([^']+)'\)/g)].map((m) => m[1]),
  ];
  return specs.map((s) =>
    s.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), s)) : s,
  );
}

test('client/ runs only vscode, the language client, Node and the typed protocol; the engine only through client/engine.ts', () => {
  const allowed = (spec: string, file: string) =>
    spec === 'vscode' ||
    spec.startsWith('vscode-languageclient') ||
    spec.startsWith('node:') ||
    spec.startsWith('client/') ||
    spec.startsWith('server/protocol/') ||
    spec === 'server/core/intent-kind' ||
    (spec === 'server/host' && file === 'client/engine.ts');
  const bad = sources('client').flatMap((f) =>
    runtimeImports(f)
      .filter((s) => !allowed(s, f))
      .map((s) => `${f} → ${s}`),
  );
  assert.deepEqual(bad, []);
});

test('webview/ runs only its own modules and the protocol (a browser bundle)', () => {
  const bad = sources('webview').flatMap((f) =>
    runtimeImports(f)
      .filter((s) => !s.startsWith('webview/') && !s.startsWith('server/protocol/'))
      .map((s) => `${f} → ${s}`),
  );
  assert.deepEqual(bad, []);
});

test('server/ and webview/ never import vscode', () => {
  const bad = [...sources('server'), ...sources('webview')].filter((f) => runtimeImports(f).includes('vscode'));
  assert.deepEqual(bad, []);
});

test('server/core depends on nothing but the model and itself (so every layer can use it)', () => {
  const bad = sources('server/core').flatMap((f) =>
    runtimeImports(f)
      .filter(
        (s) =>
          !s.startsWith('node:') &&
          !s.startsWith('server/core/') &&
          !s.startsWith('server/model/') &&
          s !== 'package.json',
      )
      .map((s) => `${f} → ${s}`),
  );
  assert.deepEqual(bad, []);
});

test('one owner per decision: each pattern appears only in its owner', () => {
  const owners: Array<{ what: string; pattern: RegExp; owner: string[] }> = [
    {
      what: 'intent kind recognition',
      pattern: /kind:.{0,20}DeploymentIntent\|ServiceIntent/,
      owner: ['server/core/intent-kind.ts'],
    },
    {
      what: 'values-<env> file naming',
      pattern: /\^values-|values-\$\{[^}]+\}\.ya\?ml/,
      owner: ['server/core/environments.ts'],
    },
    {
      what: 'Go duration parsing',
      pattern: /function (parseDuration|durationMs|durationSeconds)\b/,
      owner: ['server/core/duration.ts'],
    },
    {
      what: 'quantity parsing',
      pattern: /function (parseQuantity|quantityValue)\b/,
      owner: ['server/core/quantity.ts'],
    },
    { what: 'label-selector expressions', pattern: /case 'DoesNotExist'/, owner: ['server/core/label-selector.ts'] },
    { what: 'reading helmIntent.* settings', pattern: /getConfiguration\(/, owner: ['client/settings.ts'] },
    { what: 'the policies folder', pattern: /config\.policiesDir\b/, owner: ['server/core/policies-folder.ts'] },
    { what: 'default canary steps', pattern: /\{ setWeight: 20 \}/, owner: ['server/core/canary-steps.ts'] },
    {
      what: 'loading the policies folder',
      pattern: /function loadPolicyFolder\b|readdirSync\(.*policies/i,
      owner: ['server/review/policy-source.ts'],
    },
    { what: 'the version', pattern: /HELM_INTENT_VERSION|version: '0\.1\.0'/, owner: [] },
  ];
  const files = [...sources('server'), ...sources('client'), ...sources('webview')];
  for (const { what, pattern, owner } of owners) {
    const found = files.filter((f) => pattern.test(readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(
      found.filter((f) => !owner.includes(f)),
      [],
      `${what} belongs to ${owner.join(', ') || 'package.json (via core/version.ts)'}`,
    );
  }
});
