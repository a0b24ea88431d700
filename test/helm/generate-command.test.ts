// `helm-intent generate`: plan, write with --yes, keep user edits, --force, atomic record.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { generateCommand } from '../../server/cli/generate-command';
import { main } from '../../server/cli';
import { sha256 } from '../../server/compiler/output/generated-record';
import { REFERENCE_INTENT, replaceOnce } from '../support/fixtures';

let ws: string;
beforeEach(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'helm-intent-gen-'));
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), REFERENCE_INTENT);
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

async function generate(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await generateCommand.run(['intent/my-service.yaml', ...args], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd: ws,
    env: {},
  });
  return { code, out, err };
}

const chart = (...p: string[]) => path.join(ws, 'charts', 'my-service', ...p);
const read = (...p: string[]) => readFileSync(chart(...p), 'utf8');
const setIntent = (from: string, to: string) =>
  writeFileSync(
    path.join(ws, 'intent', 'my-service.yaml'),
    replaceOnce(readFileSync(path.join(ws, 'intent', 'my-service.yaml'), 'utf8'), from, to),
  );

describe('helm-intent generate', () => {
  test('without --yes: lists the files with line counts and writes nothing', async () => {
    const r = await generate();
    assert.equal(r.code, 0);
    assert.match(r.out, /Chart my-service → charts\/my-service\//);
    assert.match(r.out, /\+ templates\/rollout\.yaml {2}new \(\+\d+ -0\)/);
    assert.match(r.out, /Dry run: nothing written/);
    assert.equal(existsSync(path.join(ws, 'charts')), false);
  });

  test('--yes writes the chart into <chartOutputDir>/<name>, the record and the base copies', async () => {
    const r = await generate('--yes');
    assert.equal(r.code, 0, r.err);
    const record = JSON.parse(read('.helm-intent', 'generated.json'));
    assert.equal(record.version, 1);
    assert.equal(record.intent, '../../intent/my-service.yaml');
    assert.ok(Object.keys(record.files).length >= 15);
    for (const [p, entry] of Object.entries(record.files as Record<string, { sha256: string }>)) {
      assert.equal(sha256(read(p)), entry.sha256, p);
      assert.equal(read('.helm-intent', 'base', p), read(p), `base copy of ${p}`);
    }
    assert.ok(!readdirSync(chart()).some((f) => f.endsWith('.tmp')), 'no temp files left');
  });

  test('regenerating an unchanged intent changes nothing, byte for byte', async () => {
    await generate('--yes');
    const before = read('.helm-intent', 'generated.json');
    const r = await generate('--yes');
    assert.match(r.out, /0 new, 0 changed, 0 merged, 0 removed, \d+ unchanged, 0 kept/);
    assert.equal(read('.helm-intent', 'generated.json'), before);
  });

  test('a user edit survives a regenerate; other files follow the intent; --force overwrites', async () => {
    await generate('--yes');
    const edited = read('templates', 'service.yaml') + '# my own note\n';
    writeFileSync(chart('templates', 'service.yaml'), edited);
    const recordBefore = JSON.parse(read('.helm-intent', 'generated.json'));
    setIntent('tag: v2.3.1', 'tag: v2.4.0');

    const r = await generate('--yes');
    assert.equal(r.code, 0);
    assert.match(r.out, /\* templates\/service\.yaml {2}edited by you: kept/);
    assert.match(r.out, /~ Chart\.yaml {2}update \(\+1 -1\)/);
    assert.match(r.err, /1 file\(s\) differ from the generated version/);
    assert.equal(read('templates', 'service.yaml'), edited, 'user edit kept');
    assert.match(read('Chart.yaml'), /appVersion: v2\.4\.0/);
    const record = JSON.parse(read('.helm-intent', 'generated.json'));
    assert.equal(
      record.files['templates/service.yaml'].sha256,
      recordBefore.files['templates/service.yaml'].sha256,
      'kept file keeps the base it was edited from',
    );
    assert.notEqual(record.files['Chart.yaml'].sha256, recordBefore.files['Chart.yaml'].sha256);

    const again = await generate('--yes');
    assert.equal(read('templates', 'service.yaml'), edited, 'still kept on the next run');
    assert.match(again.out, /edited by you: kept/);

    const forced = await generate('--yes', '--force');
    assert.match(forced.out, /! templates\/service\.yaml {2}overwrite your edits/);
    assert.doesNotMatch(read('templates', 'service.yaml'), /my own note/);
    assert.equal(
      JSON.parse(read('.helm-intent', 'generated.json')).files['templates/service.yaml'].sha256,
      sha256(read('templates', 'service.yaml')),
    );
  });

  test('a file the chart no longer needs is deleted unless the user edited it', async () => {
    await generate('--yes');
    assert.ok(existsSync(chart('templates', 'rollout.yaml')));
    setIntent('strategy: canary', 'strategy: rolling');
    setIntent(
      `    steps:
      - setWeight: 20
      - pause: {duration: 2m}
      - setWeight: 50
      - pause: {duration: 2m}
      - setWeight: 100
`,
      '',
    );
    const r = await generate('--yes');
    assert.match(r.out, /- templates\/rollout\.yaml {2}no longer generated: delete/);
    assert.equal(existsSync(chart('templates', 'rollout.yaml')), false);
    assert.equal(existsSync(chart('.helm-intent', 'base', 'templates', 'rollout.yaml')), false);
    assert.equal(JSON.parse(read('.helm-intent', 'generated.json')).files['templates/rollout.yaml'], undefined);
  });

  test('files that exist but were never generated are not overwritten', async () => {
    mkdirSync(chart('templates'), { recursive: true });
    writeFileSync(chart('templates', 'service.yaml'), 'hand written\n');
    writeFileSync(chart('templates', 'extra.yaml'), 'mine\n');
    const r = await generate('--yes');
    assert.match(r.out, /\* templates\/service\.yaml {2}exists and was not generated by helm-intent: kept/);
    assert.equal(read('templates', 'service.yaml'), 'hand written\n');
    assert.equal(read('templates', 'extra.yaml'), 'mine\n', 'unknown files are never touched');
  });

  test('--out, .helm-intent.yaml chartOutputDir and --chart-version', async () => {
    writeFileSync(path.join(ws, '.helm-intent.yaml'), 'chartOutputDir: deploy/charts\n');
    await generate('--yes', '--chart-version', '1.2.3');
    assert.match(
      readFileSync(path.join(ws, 'deploy', 'charts', 'my-service', 'Chart.yaml'), 'utf8'),
      /^version: 1\.2\.3$/m,
    );
    // --out is the folder the chart goes into, like chartOutputDir: <out>/<metadata.name>
    const r = await generate('--yes', '--out', 'elsewhere');
    assert.ok(existsSync(path.join(ws, 'elsewhere', 'my-service', 'Chart.yaml')));
    assert.match(r.out, /^Review it: helm-intent validate elsewhere\/my-service$/m);
    await assert.rejects(
      generate('--yes', '--out', 'elsewhere/my-service'),
      /--out elsewhere\/my-service is itself a chart; --out names the folder the chart goes into \(<out>\/my-service\/\): use --out elsewhere/,
    );
    await assert.rejects(generate('--chart-version', '^1.0'), /exact SemVer/);
  });

  test('an invalid intent is refused with located errors and nothing is written', async () => {
    setIntent('tier: production', 'tier: prod');
    const r = await generate('--yes');
    assert.equal(r.code, 1);
    assert.match(r.err, /intent\/my-service\.yaml:\d+:\d+: error /);
    assert.match(r.err, /fix them first/);
    assert.equal(existsSync(path.join(ws, 'charts')), false);
  });

  test('through the CLI entry: registered, usage errors exit 2, missing file exits 2', async () => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), cwd: ws, env: {} };
    assert.equal(await main(['generate'], io), 2);
    assert.match(err, /name exactly one intent file/);
    assert.equal(await main(['generate', 'nope.yaml'], io), 2);
    assert.match(err, /nope\.yaml: no such file/);
    assert.equal(await main(['generate', 'intent/my-service.yaml'], io), 0);
    assert.match(out, /Dry run/);
  });
});
