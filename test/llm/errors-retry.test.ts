import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APIConnectionError, APIError } from 'openai';
import { explainError, isRetryable, redact } from '../../server/llm/errors';
import { rejectsOutputMode, rejectsTemperature } from '../../server/llm/output-format';
import { backoffMs, retryAfterMs, sleep } from '../../server/llm/retry';
import { resolveLlmSettings, settingsProblem } from '../../server/llm/settings';
import { defaultPlatformConfig } from '../../server/model/platform-config';

const ctx = {
  model: 'm',
  baseURL: 'https://llm.example.com/v1',
  keySource: 'cli' as const,
  apiKey: 'sk-live-0123456789abcdef',
  timeoutMs: 1000,
};
const idle = { timedOut: false, cancelled: false };

test('retryAfterMs: retry-after-ms, seconds, HTTP date, garbage', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  assert.equal(retryAfterMs(h({ 'retry-after-ms': '250' })), 250);
  assert.equal(retryAfterMs(h({ 'retry-after': '2' })), 2000);
  assert.equal(retryAfterMs(h({ 'retry-after': '0.5' })), 500);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(retryAfterMs(h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
  assert.equal(retryAfterMs(h({ 'retry-after': 'soon' })), undefined);
  assert.equal(retryAfterMs(h({})), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});

test('backoffMs grows exponentially from 1 s with up to 25 % jitter and a cap', () => {
  assert.deepEqual(
    [0, 1, 2, 3].map((a) => backoffMs(a, 60_000, () => 0)),
    [1000, 2000, 4000, 8000],
  );
  assert.equal(
    backoffMs(1, 60_000, () => 1),
    1500,
  );
  assert.equal(
    backoffMs(10, 5000, () => 0),
    5000,
  );
});

test('sleep rejects as soon as the signal aborts', async () => {
  const c = new AbortController();
  const started = performance.now();
  setTimeout(() => c.abort(new Error('stop')), 20);
  await assert.rejects(sleep(5000, c.signal), /stop/);
  assert.ok(performance.now() - started < 1000);
});

test('redact: the exact key, key-shaped tokens and bearer headers', () => {
  assert.equal(redact('key sk-live-0123456789abcdef here', ctx.apiKey), 'key [redacted] here');
  assert.equal(redact('other sk-proj-AAAAAAAAAAAAAAAA', undefined), 'other sk-pro…[redacted]');
  assert.equal(redact('Authorization: Bearer abc.def', undefined), 'Authorization: Bearer [redacted]');
});

test('explainError: connection codes along the cause chain, statuses, and never the key', () => {
  const refused = new APIConnectionError({
    cause: Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    }),
  });
  assert.match(
    explainError(refused, ctx, idle).message,
    /Cannot reach the LLM endpoint https:\/\/llm\.example\.com\/v1 \(ECONNREFUSED: nothing listens there\)/,
  );
  const dns = new APIConnectionError({
    cause: Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }),
    }),
  });
  const dnsFailure = explainError(dns, ctx, idle);
  assert.equal(dnsFailure.code, 'unreachable');
  assert.match(dnsFailure.message, /ENOTFOUND: the host name does not resolve/);

  const status = (s: number, message = `echo ${ctx.apiKey}`) =>
    APIError.generate(s, { error: { message } }, undefined, new Headers());
  assert.equal(explainError(status(401), ctx, idle).code, 'invalid-key');
  assert.match(
    explainError(status(401), ctx, idle).message,
    /Set the OPENAI_API_KEY environment variable to a valid key\. The endpoint said: echo \[redacted\]/,
  );
  assert.equal(explainError(status(403), ctx, idle).code, 'forbidden');
  assert.equal(explainError(status(404), ctx, idle).code, 'model-not-found');
  assert.equal(explainError(status(429), ctx, idle).code, 'rate-limited');
  assert.equal(explainError(status(502), ctx, idle).code, 'server-error');
  assert.equal(explainError(status(422), ctx, idle).code, 'bad-request');
  for (const s of [400, 401, 403, 404, 429, 500])
    assert.ok(!explainError(status(s), ctx, idle).message.includes(ctx.apiKey), String(s));
  assert.equal(explainError(new Error('x'), ctx, { timedOut: true, cancelled: false }).code, 'timeout');
  assert.equal(explainError(new Error('x'), ctx, { timedOut: false, cancelled: true }).code, 'cancelled');
});

test('isRetryable: 408/409/429/5xx only, never connection failures', () => {
  const s = (n: number) => APIError.generate(n, { message: 'x' }, undefined, new Headers());
  assert.deepEqual(
    [400, 401, 404, 408, 409, 429, 500, 503].map((n) => isRetryable(s(n))),
    [false, false, false, true, true, true, true, true],
  );
  assert.equal(isRetryable(new APIConnectionError({ cause: new Error('x') })), false);
});

test('which 400s mean "try a weaker output mode" or "drop the temperature"', () => {
  assert.equal(rejectsOutputMode(400, "'response_format' of type 'json_schema' is not supported"), true);
  assert.equal(rejectsOutputMode(400, 'Bad Request'), true, 'a bare 400 may be about the format');
  assert.equal(rejectsOutputMode(400, "This model's maximum context length is 8192 tokens"), false);
  assert.equal(rejectsOutputMode(401, 'response_format'), false);
  assert.equal(rejectsTemperature(400, "Unsupported value: 'temperature'"), true);
  assert.equal(rejectsTemperature(500, 'temperature'), false);
});

test('settings: platform config llm section, overrides win, checked before any request', () => {
  const config = defaultPlatformConfig();
  assert.deepEqual(resolveLlmSettings(config, {}, {}), {
    model: 'gpt-4.1-mini',
    baseURL: 'https://api.openai.com/v1',
    temperature: 0.1,
    endpointSource: 'default',
  });
  const tuned = { ...config, llm: { model: 'llama3.1', baseURL: 'http://localhost:11434/v1/', temperature: 0.2 } };
  assert.deepEqual(resolveLlmSettings(tuned, {}, {}), {
    model: 'llama3.1',
    baseURL: 'http://localhost:11434/v1',
    temperature: 0.2,
    endpointSource: 'repo',
    confirmed: false,
  });
  assert.deepEqual(
    resolveLlmSettings(tuned, { model: 'qwen', temperature: 0, confirmedRepoBaseURL: 'http://localhost:11434/v1' }, {}),
    { model: 'qwen', baseURL: 'http://localhost:11434/v1', temperature: 0, endpointSource: 'repo', confirmed: true },
  );
  assert.deepEqual(resolveLlmSettings(tuned, {}, { OPENAI_BASE_URL: 'https://llm.example/v1' }), {
    model: 'llama3.1',
    baseURL: 'https://llm.example/v1',
    temperature: 0.2,
    endpointSource: 'env',
  });
  const user = (baseURL: string, extra: object = {}) => ({
    model: 'm',
    baseURL,
    temperature: 0,
    endpointSource: 'user' as const,
    ...extra,
  });
  assert.match(settingsProblem({ ...user('https://x'), model: '' })?.message ?? '', /No model is configured/);
  assert.match(settingsProblem(user('ftp://x'))?.message ?? '', /not an http\(s\) URL/);
  assert.match(settingsProblem(user('https://x', { temperature: 3 }))?.message ?? '', /outside 0–2/);
  assert.equal(settingsProblem(user('http://evil.example/v1'))?.code, 'insecure-endpoint');
  assert.equal(settingsProblem(user('http://127.0.0.1:8080/v1')), undefined);
  assert.equal(
    settingsProblem({ ...user('https://llm.attacker.example/v1'), endpointSource: 'repo' })?.code,
    'endpoint-unconfirmed',
  );
});
