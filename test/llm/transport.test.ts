// Endpoint trouble: retries, timeouts, bad keys, wrong models, unreachable hosts, refused output
// modes, cancellation — each a clear message and never the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { generateChartWithAI, type AiResult } from '../../server/llm';
import { filesAnswer } from './support/fake-openai';
import { GOOD_TEMPLATE, TEST_KEY, acceptingValidator, fakeOpenAI, harness, request } from './support/setup';

function failure(result: AiResult) {
  assert.equal(result.status, 'failed', JSON.stringify(result).slice(0, 1000));
  if (result.status !== 'failed') throw new Error('unreachable');
  return result.error;
}

/** Every text the user could see: progress lines, the error, problems, notes. */
function visibleText(result: AiResult, progress: Array<{ message: string }>): string {
  return [JSON.stringify(result), ...progress.map((p) => p.message)].join('\n');
}

test('429 then success: waits as Retry-After asks, then converges', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    [
      { status: 429, message: 'Rate limit reached', headers: { 'retry-after': '1' } },
      { answer: filesAnswer([GOOD_TEMPLATE]) },
    ],
    { validator: acceptingValidator() },
  );
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged');
  assert.equal(server.requests.length, 2);
  assert.equal(result.modelCalls, 2);
  const waited = server.requests[1].at - server.requests[0].at;
  assert.ok(waited >= 950, `waited ${waited} ms; Retry-After asked for 1 s`);
  const retry = h.progress.find((p) => p.phase === 'retry');
  assert.match(retry?.message ?? '', /HTTP 429 .* retrying in 1 s \(retry 1 of 3\)/);
});

test('5xx until retries run out: a server-error failure after 1 + maxRetries calls', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    () => ({
      status: 503,
      message: 'overloaded',
      headers: { 'retry-after-ms': '10' },
    }),
    { validator: acceptingValidator(), maxRetries: 2 },
  );
  const error = failure(await generateChartWithAI(request(server.baseURL), h.deps));
  assert.equal(error.code, 'server-error');
  assert.equal(error.status, 503);
  assert.match(
    error.message,
    /failed \(503\) and retries did not help\. Try again later\. The endpoint said: overloaded/,
  );
  assert.equal(server.requests.length, 3);
});

test('a Retry-After longer than the cap is not waited out: a rate-limited failure says how long', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    () => ({ status: 429, message: 'quota', headers: { 'retry-after': '3600' } }),
    { validator: acceptingValidator() },
  );
  const error = failure(await generateChartWithAI(request(server.baseURL), h.deps));
  assert.equal(error.code, 'rate-limited');
  assert.match(error.message, /asks to wait 3600 s before retrying/);
  assert.equal(server.requests.length, 1);
});

test('timeout: an endpoint that never answers fails after timeoutMs with what to do next', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ hang: true }), {
    validator: acceptingValidator(),
    timeoutMs: 400,
  });
  const started = performance.now();
  const error = failure(await generateChartWithAI(request(server.baseURL), h.deps));
  const elapsed = performance.now() - started;
  assert.equal(error.code, 'timeout');
  assert.match(
    error.message,
    /did not finish answering within 400 ms\. Try again, raise the timeout, or pick a faster model/,
  );
  assert.ok(elapsed >= 380 && elapsed < 3000, `took ${elapsed} ms`);
  assert.equal(server.requests.length, 1, 'a timeout is not retried');
});

test('the timeout also covers a streamed answer that stalls after its first pieces', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    () => ({
      answer: filesAnswer([GOOD_TEMPLATE]),
      cut: { after: 3, then: 'stall' },
    }),
    { validator: acceptingValidator(), timeoutMs: 500 },
  );
  const started = performance.now();
  const error = failure(await generateChartWithAI(request(server.baseURL), h.deps));
  assert.equal(error.code, 'timeout');
  assert.ok(performance.now() - started < 3000);
});

test('a connection that drops mid-stream is retried, and the complete answer is used', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    [
      { answer: filesAnswer([GOOD_TEMPLATE]), cut: { after: 2, then: 'drop' } },
      { answer: filesAnswer([GOOD_TEMPLATE]) },
    ],
    { validator: acceptingValidator(), maxRetryDelayMs: 50 },
  );
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged', JSON.stringify(result).slice(0, 800));
  assert.equal(server.requests.length, 2);
  assert.ok(
    h.progress.some(
      (p) => p.phase === 'retry' && /the connection dropped after \d+ characters of the answer/.test(p.message),
    ),
    h.progress.map((p) => p.message).join('\n'),
  );
});

test('a connection closed before any answer is retried too (unlike a refused one)', async (t) => {
  const { server, h } = await fakeOpenAI(t, [{ hangup: true }, { answer: filesAnswer([GOOD_TEMPLATE]) }], {
    validator: acceptingValidator(),
    maxRetryDelayMs: 50,
  });
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged', JSON.stringify(result).slice(0, 800));
  assert.equal(server.requests.length, 2);
});

test('cancellation through the AbortSignal stops a pending request at once', async (t) => {
  const controller = new AbortController();
  const { server, h } = await fakeOpenAI(t, () => ({ hang: true }), {
    validator: acceptingValidator(),
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 150);
  const started = performance.now();
  const error = failure(await generateChartWithAI(request(server.baseURL), h.deps));
  assert.equal(error.code, 'cancelled');
  assert.match(error.message, /cancelled; nothing was written/);
  assert.ok(performance.now() - started < 2000);
});

test('401: the key is rejected — what to do next, and the echoed key is redacted', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    (req) => ({
      status: 401,
      message: `Incorrect API key provided: ${String(req.headers.authorization).replace('Bearer ', '')}`,
    }),
    { validator: acceptingValidator() },
  );
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  const error = failure(result);
  assert.equal(error.code, 'invalid-key');
  assert.equal(error.status, 401);
  assert.match(error.message, /rejected the API key \(401\)\. Run 'Helm Intent: Set API Key' to store a valid key\./);
  assert.match(error.message, /Incorrect API key provided: \[redacted\]/);
  assert.equal(server.requests.length, 1, 'a 401 is not retried');
  assert.ok(!visibleText(result, h.progress).includes(TEST_KEY));
  assert.ok(!visibleText(result, h.progress).includes('SECRET-4f9c'), 'not even a fragment');
});

test('404 for an unknown model names the model and the setting to change', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    () => ({
      status: 404,
      message: 'The model `gpt-nope` does not exist or you do not have access to it.',
      body: undefined,
    }),
    { validator: acceptingValidator() },
  );
  const error = failure(
    await generateChartWithAI(request(server.baseURL, { llm: { baseURL: server.baseURL, model: 'gpt-nope' } }), h.deps),
  );
  assert.equal(error.code, 'model-not-found');
  assert.match(
    error.message,
    /Model 'gpt-nope' was not found at http:\/\/127\.0\.0\.1:\d+\/v1 \(404\)\. Set llm\.model in the platform config/,
  );
  assert.equal(server.requests[0].body.model, 'gpt-nope');
});

test('an unreachable endpoint (nothing listens on the port): ECONNREFUSED, fast, with the URL to check', async () => {
  const port = await freePort();
  const h = harness({ validator: acceptingValidator() });
  try {
    const started = performance.now();
    const error = failure(await generateChartWithAI(request(`http://127.0.0.1:${port}/v1`), h.deps));
    assert.equal(error.code, 'unreachable');
    assert.match(
      error.message,
      new RegExp(
        `Cannot reach the LLM endpoint http://127\\.0\\.0\\.1:${port}/v1 \\(ECONNREFUSED: nothing listens there\\)\\. Check that the server is running and llm\\.baseURL`,
      ),
    );
    assert.ok(performance.now() - started < 3000, 'not retried with backoff');
  } finally {
    h.cleanup();
  }
});

test('missing key: no request, and the message says where the key comes from', async (t) => {
  const { server, h } = await fakeOpenAI(t, [], {
    validator: acceptingValidator(),
    apiKey: undefined,
    keySource: 'cli',
  });
  const error = failure(await generateChartWithAI(request(server.baseURL), h.deps));
  assert.equal(error.code, 'missing-key');
  assert.match(error.message, /Set the OPENAI_API_KEY environment variable to the key\./);
  const vscode = failure(
    await generateChartWithAI(request(server.baseURL), { ...h.deps, apiKey: '  ', keySource: 'vscode' }),
  );
  assert.match(vscode.message, /Run 'Helm Intent: Set API Key'/);
  assert.equal(server.requests.length, 0);
});

test('an endpoint that refuses json_schema gets json_object, then plain text; the choice sticks for repairs', async (t) => {
  const validator = {
    async validate(files: Array<{ path: string; content: string }>) {
      return {
        problems: files.some((f) => f.content === 'kind: [') ? [{ source: 'test', message: 'broken YAML' }] : [],
      };
    },
  };
  const { server, h } = await fakeOpenAI(
    t,
    (req, i) => {
      const type = req.body.response_format?.type;
      if (type === 'json_schema')
        return {
          status: 400,
          message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        };
      if (type === 'json_object') return { status: 400, message: 'Bad Request' };
      return { answer: i < 3 ? filesAnswer([{ ...GOOD_TEMPLATE, content: 'kind: [' }]) : filesAnswer([GOOD_TEMPLATE]) };
    },
    { validator },
  );
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged');
  assert.deepEqual(
    server.requests.map((r) => r.body.response_format?.type ?? 'plain'),
    ['json_schema', 'json_object', 'plain', 'plain'],
  );
  assert.ok(h.progress.some((p) => /refused json_schema output \(400\); asking for json_object/.test(p.message)));
});

test('model and temperature overrides are sent; a temperature above 0.2 comes with a note', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ answer: filesAnswer([]) }), { validator: acceptingValidator() });
  const low = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.deepEqual(low.notes, []);
  const high = await generateChartWithAI(
    request(server.baseURL, { llm: { baseURL: server.baseURL, model: 'llama3.1:8b', temperature: 0.7 } }),
    h.deps,
  );
  assert.equal(high.status, 'converged');
  assert.deepEqual([server.requests[1].body.model, server.requests[1].body.temperature], ['llama3.1:8b', 0.7]);
  assert.deepEqual(high.notes, [
    'Temperature 0.7 is above the recommended 0.2: the same intent may give different charts.',
  ]);
});

test('a model that refuses the temperature is asked again without one', async (t) => {
  const { server, h } = await fakeOpenAI(
    t,
    (req) =>
      'temperature' in req.body
        ? { status: 400, message: "Unsupported value: 'temperature' does not support 0.1 with this model." }
        : { answer: filesAnswer([]) },
    { validator: acceptingValidator() },
  );
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged');
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[1].body.response_format.type, 'json_schema', 'the output mode is kept');
});

test('a long streamed answer reports its progress as it arrives', async (t) => {
  const readme = { path: 'README.md', content: '# my-service\n' + 'A line of documentation.\n'.repeat(1000) };
  const { server, h } = await fakeOpenAI(t, [{ answer: filesAnswer([readme]) }], { validator: acceptingValidator() });
  const result = await generateChartWithAI(request(server.baseURL), h.deps);
  assert.equal(result.status, 'converged');
  const receiving = h.progress
    .filter((p) => p.phase === 'receiving')
    .map((p) => Number(/: (\d+) KB$/.exec(p.message)?.[1]));
  assert.ok(receiving.length >= 3, JSON.stringify(h.progress));
  assert.deepEqual(
    [...receiving].sort((a, b) => a - b),
    receiving,
    'growing',
  );
  assert.ok(receiving[receiving.length - 1] >= 20);
});

test('non-streaming mode and the /chat/completions route without /v1 work too', async (t) => {
  const { server, h } = await fakeOpenAI(t, [{ answer: filesAnswer([GOOD_TEMPLATE]) }], {
    validator: acceptingValidator(),
    stream: false,
  });
  const result = await generateChartWithAI(request(server.baseURL.replace(/\/v1$/, '')), h.deps);
  assert.equal(result.status, 'converged');
  assert.equal(server.requests[0].path, '/chat/completions');
  assert.equal(server.requests[0].body.stream, false);
});

test('a refusal is a clear failure, not a repair loop', async (t) => {
  const { server, h } = await fakeOpenAI(t, () => ({ answer: '', refusal: 'I cannot help with that.' }), {
    validator: acceptingValidator(),
  });
  const error = failure(await generateChartWithAI(request(server.baseURL), h.deps));
  assert.equal(error.code, 'bad-answer');
  assert.match(error.message, /refused to generate the chart: I cannot help with that\./);
  assert.equal(server.requests.length, 1);
});

test('the key never appears in errors, progress, results or the cache, even when the endpoint echoes it', async (t) => {
  const echo = (req: { headers: Record<string, unknown> }) =>
    `auth was ${String(req.headers.authorization)} key=${TEST_KEY}`;
  const { server, h } = await fakeOpenAI(
    t,
    (req, i) => {
      if (i === 0) return { status: 500, message: echo(req), headers: { 'retry-after-ms': '1' } };
      if (i === 1)
        return {
          answer:
            `Using key ${TEST_KEY}: ${filesAnswer([{ path: `templates/${TEST_KEY}.yaml`, content: 'x' }])}`.replace(
              /\.yaml/,
              '.yaml',
            ),
        };
      return { status: 403, message: echo(req) };
    },
    {
      validator: {
        async validate() {
          return { problems: [{ source: 'test', message: `validator saw ${TEST_KEY}` }] };
        },
      },
    },
  );
  const result = await generateChartWithAI(request(server.baseURL), { ...h.deps, cacheDir: h.tempDir });
  const error = failure(result);
  assert.equal(error.code, 'forbidden');
  const text = visibleText(result, h.progress);
  assert.ok(!text.includes(TEST_KEY), text);
  assert.ok(!text.includes('SECRET-4f9c'), text);
  assert.match(text, /\[redacted\]/);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
