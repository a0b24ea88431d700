// The CLI as a newcomer meets it: --help names how helm is found, usage errors are readable,
// `validate <intent>` prints locations that exist, `generate --out` and `validate` agree.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../server/cli';
import type { CliIO } from '../../server/cli/cli-command';
import { REFERENCE_INTENT, replaceOnce } from '../support/fixtures';
import { tempDir } from '../support/temp';
import { helmPath } from '../support/tools';

async function cli(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), cwd, env };
  const code = await main(args, io);
  return { code, out, err };
}

function workspace(intent = REFERENCE_INTENT): string {
  const ws = tempDir('helm-intent-cli-');
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), intent);
  return ws;
}

/** Every `file:line:col` a text report names (primary and related lines). */
function locations(text: string): { file: string; line: number }[] {
  return [...text.matchAll(/^\s*(?:[a-z]+: )?([^\s:][^:\n]*):(\d+):(\d+)/gm)].map((m) => ({
    file: m[1],
    line: Number(m[2]),
  }));
}

describe('helm-intent CLI conventions', () => {
  test('--help documents the helm resolution rule', async () => {
    const r = await cli(['--help'], process.cwd());
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /--helm <path>, else \$HELM_INTENT_HELM, else the helmIntent\.helmPath setting, else helm on PATH, else \.tools\/bin\/helm/,
    );
    const v = await cli(['validate', '--help'], process.cwd());
    assert.match(v.out, /--helm <path> +the helm binary\. Which helm: --helm <path>, else \$HELM_INTENT_HELM/);
  });

  test('an unknown option is one readable line with balanced quotes, exit 2', async () => {
    const r = await cli(['validate', '--bogus', 'x'], process.cwd());
    assert.equal(r.code, 2);
    const first = r.err.split('\n')[0];
    assert.equal(
      first,
      "helm-intent validate: unknown option '--bogus' (a positional argument that starts with '-' goes after '--', e.g. -- --bogus)",
    );
    assert.equal((first.match(/'/g) ?? []).length % 2, 0, `unbalanced quotes: ${first}`);
    assert.equal((first.match(/"/g) ?? []).length % 2, 0, `unbalanced quotes: ${first}`);
  });

  test('generate --help and status --help state their conventions', async () => {
    const g = await cli(['generate', '--help'], process.cwd());
    assert.match(g.out, /Writes the chart into <dir>\/<name>\//);
    assert.match(g.out, /helm-intent validate <dir>\/<name>/);
    const s = await cli(['status', '--help'], process.cwd());
    assert.match(s.out, /Like `kubectl rollout status`: watches/);
    assert.match(s.out, /--watch=false/);
  });

  test('generate --out DIR writes DIR/<name>, and `validate DIR/<name>` reviews that chart', async () => {
    const ws = workspace();
    const g = await cli(['generate', 'intent/my-service.yaml', '--out', 'out', '--yes'], ws);
    assert.equal(g.code, 0, g.err);
    assert.ok(existsSync(path.join(ws, 'out', 'my-service', 'Chart.yaml')));
    const v = await cli(['validate', 'out/my-service', '--helm', helmPath(), '--format', 'json'], ws);
    assert.equal(JSON.parse(v.out).chart, path.join(ws, 'out', 'my-service'));
  });

  test('validate <intent> without a chart: findings at the intent line and at files that exist, and it says where the chart is', async () => {
    // privileged: a finding the intent controls (security) and that the chart's template places.
    const ws = workspace(
      replaceOnce(REFERENCE_INTENT, '    dropAllCapabilities: true', '    dropAllCapabilities: false'),
    );
    const r = await cli(['validate', 'intent/my-service.yaml', '--helm', helmPath()], ws);
    const where = /compiled it into (\S+) for this review/.exec(r.err);
    assert.ok(where, `validate does not say where it compiled the chart:\n${r.err}`);
    assert.ok(existsSync(path.join(where[1], 'Chart.yaml')), 'the compiled chart it names is gone');
    const locs = locations(r.out);
    assert.ok(locs.length > 0, `no findings printed:\n${r.out}`);
    for (const l of locs)
      assert.ok(existsSync(path.resolve(ws, l.file)), `printed location ${l.file}:${l.line} does not exist`);
    assert.ok(
      locs.some((l) => l.file === path.join('intent', 'my-service.yaml')),
      `no finding at the intent:\n${r.out}`,
    );
  });

  test('validate finds the helm of this installation (.tools/bin) when none is on PATH and nothing is set', async () => {
    const ws = workspace();
    await cli(['generate', 'intent/my-service.yaml', '--yes'], ws);
    const r = await cli(['validate', 'charts/my-service', '--format', 'json'], ws, { PATH: path.join(ws, 'no-bin') });
    const result = JSON.parse(r.out);
    assert.ok(
      result.environments.length > 0 && result.environments.every((e: { rendered: boolean }) => e.rendered),
      `did not render with the installed helm:\n${r.err}`,
    );
  });

  test('validate --helm with a missing binary names every way to set helm', async () => {
    const ws = workspace();
    await cli(['generate', 'intent/my-service.yaml', '--yes'], ws);
    const r = await cli(['validate', 'charts/my-service', '--helm', path.join(ws, 'nope', 'helm')], ws);
    assert.notEqual(r.code, 0);
    assert.match(r.out + r.err, /--helm, HELM_INTENT_HELM or the helmIntent\.helmPath setting/);
  });
});
