import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lsp-client';
import { REFERENCE_INTENT, replaceOnce, ROOT } from '../support/fixtures';
import { helmPath } from '../support/tools';
import { REVIEW_DATA } from '../../server/protocol/review-protocol';
import { reviewData } from '../../server/protocol/webview-protocol';

let ws: string;
let chart: string;
// In namespace production the seed policy's require-security-context rule applies.
const intentText = replaceOnce(
  REFERENCE_INTENT,
  '  name: my-service\n',
  '  name: my-service\n  namespace: production\n',
);

before(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'hi-review-'));
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(path.join(ws, 'intent', 'my-service.yaml'), intentText);
  // The organisation's policy (the seed helm-baseline) is its platform config's policies/, as in examples/.
  writeFileSync(path.join(ws, '.helm-intent.yaml'), 'policiesDir: policies\n');
  mkdirSync(path.join(ws, 'policies'));
  writeFileSync(
    path.join(ws, 'policies', 'helm-baseline.yaml'),
    readFileSync(path.join(ROOT, 'examples/policies/helm-baseline.yaml'), 'utf8'),
  );
  execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'generate', 'intent/my-service.yaml', '--yes'], {
    cwd: ws,
  });
  chart = path.join(ws, 'charts', 'my-service');
});

after(() => rmSync(ws, { recursive: true, force: true }));

const uri = (rel: string) => pathToFileURL(path.join(chart, rel)).href;
const diagnosticsOf = (client: LspClient, rel: string): Diagnostic[] => client.latest.get(uri(rel))?.diagnostics ?? [];

/** Runs `body` against a server started on the workspace with these options, then stops the server. */
async function withServer(
  options: { trusted: boolean; helmPath: string },
  body: (client: LspClient) => Promise<void>,
): Promise<void> {
  const client = await LspClient.start({ rootDir: ws, initializationOptions: options });
  try {
    await body(client);
  } finally {
    await client.stop();
  }
}

/** Opens a chart file (by default with its text on disk) and waits for the review that the open starts. */
function openAndReview(client: LspClient, rel: string, text = readFileSync(path.join(chart, rel), 'utf8')) {
  const done = client.reviewDone();
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uri(rel), languageId: 'yaml', version: 1, text },
  });
  return done;
}

test(
  'saving a values file reviews the chart: the policy finding lands on the template line, with the values key and intent field',
  { timeout: 120_000 },
  () =>
    withServer({ trusted: true, helmPath: helmPath() }, async (client) => {
      const valuesFile = path.join(chart, 'values.yaml');
      const values = readFileSync(valuesFile, 'utf8');
      assert.match(values, /securityContext:\n(?:  .*\n)*?  runAsNonRoot: true/);
      // The user turns runAsNonRoot off in the container securityContext of values.yaml and saves.
      const broken = values.replace(/(\nsecurityContext:\n(?:  .*\n)*?  runAsNonRoot: )true/, '$1false');
      assert.notEqual(broken, values);
      writeFileSync(valuesFile, broken);
      const status = await openAndReview(client, 'values.yaml', broken);
      assert.equal(status.state, 'done', status.message);
      assert.ok(status.errors >= 1);

      const pod = diagnosticsOf(client, 'templates/_pod.tpl');
      const seed = pod.find((d) => d.code === 'helm-baseline/require-security-context');
      assert.ok(seed, `expected the seed policy on _pod.tpl, got ${JSON.stringify(pod.map((d) => d.code))}`);
      const podLines = readFileSync(path.join(chart, 'templates/_pod.tpl'), 'utf8').split('\n');
      assert.match(podLines[seed.range.start.line], /^\s+securityContext:/, 'on the container securityContext line');
      assert.match(seed.message, /production/);
      const related = seed.relatedInformation ?? [];
      const valuesRel = related.find((r) => r.location.uri === uri('values.yaml'));
      assert.ok(valuesRel, 'related: the values key');
      assert.match(broken.split('\n')[valuesRel.location.range.start.line], /runAsNonRoot: false/);
      const intentUri = pathToFileURL(path.join(ws, 'intent', 'my-service.yaml')).href;
      assert.ok(
        related.some((r) => r.location.uri === intentUri),
        'related: the intent field',
      );

      // Fixing the values file and saving clears the finding.
      writeFileSync(valuesFile, values);
      const again = client.reviewDone();
      client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri('values.yaml') } });
      assert.equal((await again).state, 'done');
      assert.ok(
        !diagnosticsOf(client, 'templates/_pod.tpl').some((d) => d.code === 'helm-baseline/require-security-context'),
      );
    }),
);

test('in an untrusted workspace no helm runs and nothing is reported', { timeout: 60_000 }, () =>
  withServer({ trusted: false, helmPath: '/nonexistent/helm' }, async (client) => {
    const status = await openAndReview(client, 'values.yaml');
    assert.equal(status.state, 'untrusted');
    assert.deepEqual(diagnosticsOf(client, 'templates/_pod.tpl'), []);
  }),
);

test('a missing helm binary is one clear diagnostic on Chart.yaml', { timeout: 60_000 }, () =>
  withServer({ trusted: true, helmPath: '/nonexistent/helm' }, async (client) => {
    await openAndReview(client, 'Chart.yaml');
    const diags = diagnosticsOf(client, 'Chart.yaml');
    assert.equal(diags.length, 1, JSON.stringify(diags));
    assert.match(diags[0].message, /helm not found at \/nonexistent\/helm/);
    assert.match(diags[0].message, /helmIntent\.helmPath/);
  }),
);

test(
  'the Chart Review data comes from the same review: objects per environment with their findings',
  { timeout: 120_000 },
  () =>
    withServer({ trusted: true, helmPath: helmPath() }, async (client) => {
      const data = await client.request(REVIEW_DATA, { chartDir: chart });
      const checked = reviewData(data, 'reviewData'); // the webview's own validator accepts it
      assert.equal(checked.producer, 'review pipeline');
      const env = checked.environments.find((e) => e.name === 'default')!;
      assert.equal(env.namespace, 'production');
      const rollout = env.objects.find((o) => o.kind === 'Rollout')!;
      assert.ok(rollout, env.objects.map((o) => o.kind).join(','));
      assert.ok(
        rollout.findings.some(
          (f) => f.ruleId === 'helm-baseline/require-liveness-probe' && f.locations[0].role === 'template',
        ),
      );
    }),
);
