// Attack: the model (or whoever answers at the endpoint, or whoever wrote the workspace's answer
// cache) hands back a chart that reads host files, queries the cluster, hard-codes credentials or
// is simply enormous. None of it is "validated cleanly"; each refusal names the file and reason.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { answerContentProblems } from '../../server/llm/answer-review';
import { generateChartWithAI } from '../../server/llm/generate';
import { filesAnswer, startFakeOpenAI } from '../llm/support/fake-openai';
import { acceptingValidator, GOOD_TEMPLATE, harness, request, TEST_KEY } from '../llm/support/setup';
import { REFERENCE_INTENT } from '../support/fixtures';
import { tempDir } from '../support/temp';
import { helmPath } from '../support/tools';
import { runCli } from './support/attack';

const HOSTILE: Array<{ what: string; file: { path: string; content: string }; reason: RegExp }> = [
  {
    what: '.Files.Get of /etc/passwd',
    file: {
      path: 'templates/leak.yaml',
      content:
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  p: {{ .Files.Get "/etc/passwd" | quote }}\n',
    },
    reason: /\.Files\.Get "\/etc\/passwd" reads outside the chart/,
  },
  {
    what: '.Files.Glob with ..',
    file: { path: 'templates/glob.yaml', content: '{{ range $p, $_ := .Files.Glob "../../**" }}{{ $p }}{{ end }}\n' },
    reason: /reads outside the chart/,
  },
  {
    what: 'lookup',
    file: {
      path: 'templates/lookup.yaml',
      content:
        '{{- $s := (lookup "v1" "Secret" "kube-system" "admin") }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    },
    reason: /`lookup` queries the live cluster/,
  },
  {
    what: 'a file:// dependency outside the chart',
    file: {
      path: 'Chart.yaml',
      content:
        'apiVersion: v2\nname: my-service\nversion: 0.1.0\ndependencies:\n  - name: home\n    version: 1.0.0\n    repository: file://../../../home/user\n',
    },
    reason: /Dependency home uses file:\/\/\.\.\/\.\.\/\.\.\/home\/user, outside the chart/,
  },
  {
    what: 'a Secret with hard-coded data',
    file: {
      path: 'templates/secret.yaml',
      content: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-production\n',
    },
    reason: /A Secret with hard-coded data \(password\)/,
  },
  {
    what: 'a password in values.yaml',
    file: { path: 'values.yaml', content: 'db:\n  host: db\n  password: hunter2-production\n' },
    reason: /Hard-coded credential\(s\) at db\.password/,
  },
];

for (const attack of HOSTILE) {
  test(`AI answer with ${attack.what}: never converges, the problem names the file and reason`, async () => {
    const server = await startFakeOpenAI(() => ({ answer: filesAnswer([attack.file]) }));
    const h = harness({ validator: acceptingValidator(), cacheDir: undefined });
    try {
      const result = await generateChartWithAI(request(server.baseURL), h.deps);
      assert.equal(result.status, 'gave-up', 'not accepted even though helm found nothing');
      if (result.status === 'gave-up') {
        const problem = result.problems.find((p) => attack.reason.test(p.message));
        assert.ok(problem, result.problems.map((p) => p.message).join(' | '));
        assert.equal(problem.file, attack.file.path);
        assert.ok(!problem.message.includes('\n'));
      }
    } finally {
      await server.close();
      h.cleanup();
    }
  });
}

test('templated secrets and .Files inside the chart are fine (no false refusal)', () => {
  assert.deepEqual(
    answerContentProblems([
      {
        path: 'templates/secret.yaml',
        content:
          'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {{ .Values.db.password | quote }}\n',
      },
      { path: 'templates/cm.yaml', content: 'data:\n  conf: {{ .Files.Get "files/app.conf" | quote }}\n' },
      { path: 'values.yaml', content: 'db:\n  password: ""\n  passwordSecretRef: db-credentials\n' },
    ]),
    [],
  );
});

test('AI answer: a privileged container fails the baseline review on the rendered objects (real helm)', async () => {
  const privileged = {
    path: 'templates/debug-pod.yaml',
    content:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: registry.corp/tools:1.0.0\n      securityContext:\n        privileged: true\n',
  };
  const server = await startFakeOpenAI(() => ({ answer: filesAnswer([privileged]) }));
  const h = harness({ maxRepairRounds: 0 });
  try {
    const result = await generateChartWithAI(request(server.baseURL), h.deps);
    assert.equal(result.status, 'gave-up');
    if (result.status === 'gave-up')
      assert.ok(
        result.problems.some(
          (p) => p.source === 'policy' && /HI-K8S-001/.test(p.message) && p.file === 'templates/debug-pod.yaml',
        ),
        result.problems.map((p) => p.message).join(' | '),
      );
  } finally {
    await server.close();
    h.cleanup();
  }
});

test('a tampered cache entry is reviewed again and not used', async () => {
  const server = await startFakeOpenAI(() => ({ answer: filesAnswer([GOOD_TEMPLATE]) }));
  const h = harness({ validator: acceptingValidator() });
  const cacheDir = path.join(h.tempDir, 'cache');
  try {
    const first = await generateChartWithAI(request(server.baseURL), { ...h.deps, cacheDir });
    assert.equal(first.status, 'converged');
    const [entryFile] = readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
    const entry = JSON.parse(readFileSync(path.join(cacheDir, entryFile), 'utf8'));
    entry.files.push({ path: 'templates/x.yaml', content: '{{ lookup "v1" "Secret" "" "" }}\n' });
    writeFileSync(path.join(cacheDir, entryFile), JSON.stringify(entry));
    const second = await generateChartWithAI(request(server.baseURL), { ...h.deps, cacheDir });
    assert.equal(second.status, 'converged');
    if (second.status === 'converged') {
      assert.equal(second.fromCache, false);
      assert.ok(!second.files.some((f) => f.path === 'templates/x.yaml'));
    }
    assert.equal(server.requests.length, 2, 'the model was asked again');
    assert.ok(second.notes.some((n) => /cached answer .* did not pass review again/.test(n)));
  } finally {
    await server.close();
    h.cleanup();
  }
});

/** An endpoint that streams answer text forever (or a JSON body that never ends) and counts bytes. */
async function endlessEndpoint(): Promise<{ baseURL: string; sent: () => number; close: () => Promise<void> }> {
  let sent = 0;
  const piece = 'x'.repeat(64 * 1024);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const stream = JSON.parse(body).stream;
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
      if (!stream)
        res.write(
          '{"id":"x","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"',
        );
      const pump = () => {
        while (!res.destroyed) {
          const chunk = stream
            ? `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`
            : piece;
          sent += chunk.length;
          if (sent > 400 * 1024 * 1024) return void res.destroy();
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    sent: () => sent,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

for (const stream of [true, false]) {
  test(`an endless ${stream ? 'streamed' : 'non-streamed'} answer is cut off early with a one-line failure and flat memory`, async (t) => {
    const endpoint = await endlessEndpoint();
    const h = harness({ validator: acceptingValidator(), stream, maxRetries: 0 });
    try {
      const rssBefore = process.memoryUsage().rss;
      const result = await generateChartWithAI(request(endpoint.baseURL), h.deps);
      const grown = process.memoryUsage().rss - rssBefore;
      t.diagnostic(
        `endpoint sent ${Math.round(endpoint.sent() / 1048576)} MB before the client stopped; RSS grew ${Math.round(grown / 1048576)} MB`,
      );
      assert.equal(result.status, 'failed');
      if (result.status === 'failed') {
        assert.equal(result.error.code, 'bad-answer');
        assert.match(
          result.error.message,
          /^The answer of gpt-4\.1-mini is larger than \d+ MB; reading stopped and nothing was written\.$/,
        );
      }
      assert.ok(
        endpoint.sent() < 200 * 1024 * 1024,
        `stopped reading after ${Math.round(endpoint.sent() / 1048576)} MB`,
      );
      assert.ok(grown < 300 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1048576)} MB`);
    } finally {
      await endpoint.close();
      h.cleanup();
    }
  });
}

test('CLI generate --ai: the workspace’s own policies apply to the AI chart too (exit 1, nothing written)', async () => {
  const server = await startFakeOpenAI(() => ({ answer: filesAnswer([GOOD_TEMPLATE]) }));
  const ws = tempDir('hi-sec-ai-policy-');
  try {
    writeFileSync(path.join(ws, 'my-service.yaml'), REFERENCE_INTENT);
    writeFileSync(path.join(ws, '.helm-intent.yaml'), 'policiesDir: policies\n');
    mkdirSync(path.join(ws, 'policies'));
    writeFileSync(
      path.join(ws, 'policies', 'no-audit.yaml'),
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: no-audit-configmaps }\nspec:\n  rules:\n    - name: deny\n      match: { any: [ { resources: { kinds: [ConfigMap], names: ["*-audit"] } } ] }\n      validate:\n        message: "audit ConfigMaps are managed centrally"\n        deny: {}\n',
    );
    const run = await runCli(['generate', 'my-service.yaml', '--ai', '--yes', '--llm-base-url', server.baseURL], ws, {
      OPENAI_API_KEY: TEST_KEY,
      HELM_INTENT_HELM: helmPath(),
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /no-audit-configmaps\/deny: .*audit ConfigMaps are managed centrally/);
    assert.ok(!existsSync(path.join(ws, 'charts')), 'nothing written');
  } finally {
    await server.close();
  }
});
