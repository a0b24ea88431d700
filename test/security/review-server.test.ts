// The same flag-injection chart through the language server: trusted, the review publishes one
// located diagnostic on Chart.yaml's name line and nothing appears in the workspace; untrusted,
// no helm process starts at all (a recording helm sees no call).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { ReviewStatus } from '../../server/protocol/review-protocol';
import { LspClient } from '../support/lsp-client';
import { tempDir } from '../support/temp';
import { helmPath } from '../support/tools';
import { recordingHelm, tree, writeChart } from './support/attack';

const HOSTILE = 'apiVersion: v2\nname: "--output-dir=pwnout"\nversion: 0.1.0\n';

async function openAndReview(client: LspClient, chartYaml: string): Promise<ReviewStatus> {
  const done = client.reviewDone();
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: pathToFileURL(chartYaml).href, languageId: 'yaml', version: 1, text: HOSTILE },
  });
  return done;
}

test(
  'trusted: the review locates the hostile name on Chart.yaml line 2 and writes nothing',
  { timeout: 120_000 },
  async () => {
    delete process.env.HELM_INTENT_HELM;
    const ws = tempDir('hi-sec-lsp-review-');
    writeChart(path.join(ws, 'chart'), HOSTILE);
    const before = tree(ws);
    const client = await LspClient.start({
      rootDir: ws,
      cwd: ws,
      initializationOptions: { trusted: true, helmPath: helmPath() },
    });
    try {
      const status = await openAndReview(client, path.join(ws, 'chart', 'Chart.yaml'));
      assert.equal(status.state, 'done', status.message);
      const diagnostics =
        client.latest.get(pathToFileURL(path.join(ws, 'chart', 'Chart.yaml')).href)?.diagnostics ?? [];
      const refused = diagnostics.filter((d) => d.code === 'invalid-release-name');
      assert.equal(refused.length, 1, JSON.stringify(diagnostics.map((d) => d.code)));
      assert.equal(refused[0].range.start.line, 1);
      assert.ok(!refused[0].message.includes('\n'));
    } finally {
      await client.stop();
    }
    assert.deepEqual(tree(ws), before);
  },
);

test('untrusted: opening the chart starts no helm process', { timeout: 60_000 }, async () => {
  delete process.env.HELM_INTENT_HELM;
  const ws = tempDir('hi-sec-lsp-untrusted-');
  const helm = recordingHelm(tempDir('hi-sec-lsp-helm-'));
  writeChart(path.join(ws, 'chart'), HOSTILE);
  const client = await LspClient.start({
    rootDir: ws,
    cwd: ws,
    initializationOptions: { trusted: false, helmPath: helm.path },
  });
  try {
    const status = await openAndReview(client, path.join(ws, 'chart', 'Chart.yaml'));
    assert.equal(status.state, 'untrusted');
    assert.match(status.message ?? '', /not trusted/);
  } finally {
    await client.stop();
  }
  assert.equal(helm.calls().length, 0);
});
