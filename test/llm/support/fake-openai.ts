// A scripted OpenAI-compatible endpoint on 127.0.0.1 for the AI generator's tests: it answers
// POST /v1/chat/completions (and /chat/completions) from a per-test script, streamed (SSE) or not
// as the request asks, and records every request.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when it was not JSON). */
  body: any;
  /** ms since the server started. */
  at: number;
}

export type Reply =
  /**
   * A chat completion whose message content is `answer`. `cut` (streaming only) stops after that
   * many content pieces of 7: `drop` closes the connection, `stall` keeps it open silently.
   */
  | { answer: string; finishReason?: string; refusal?: string; cut?: { after: number; then: 'drop' | 'stall' } }
  /** An HTTP error with an OpenAI-style `{error: {message}}` body (or `body` verbatim). */
  | { status: number; message?: string; body?: unknown; headers?: Record<string, string> }
  /** Never answers (until the client gives up or the server closes). */
  | { hang: true }
  /** Closes the connection without any answer. */
  | { hangup: true };

export type Script = Reply[] | ((request: RecordedRequest, index: number) => Reply);

export interface FakeOpenAI {
  /** e.g. `http://127.0.0.1:41234/v1` */
  baseURL: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeOpenAI(script: Script): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const started = performance.now();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '').split('?')[0];
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body,
        at: performance.now() - started,
      };
      if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/chat/completions')) {
        return sendJson(res, 404, {
          error: { message: `fake server: no route ${req.method} ${path}`, type: 'invalid_request_error' },
        });
      }
      const index = requests.length;
      requests.push(recorded);
      const reply = typeof script === 'function' ? script(recorded, index) : script[index];
      if (!reply)
        return sendJson(res, 418, { error: { message: `fake server: no scripted reply for request #${index + 1}` } });
      respond(res, reply, body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function respond(res: ServerResponse, reply: Reply, body: any): void {
  if ('hang' in reply) return;
  if ('hangup' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('status' in reply) {
    const payload = reply.body ?? {
      error: { message: reply.message ?? `HTTP ${reply.status}`, type: 'fake_error', code: null },
    };
    return sendJson(res, reply.status, payload, reply.headers);
  }
  const model = typeof body?.model === 'string' ? body.model : 'fake-model';
  const finish = reply.finishReason ?? 'stop';
  if (body?.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    if (reply.refusal) res.write(chunk({ refusal: reply.refusal }, null));
    // Several pieces, so the client really assembles a stream.
    const size = Math.max(1, Math.ceil(reply.answer.length / 7));
    for (let i = 0, piece = 0; i < reply.answer.length; i += size, piece++) {
      if (reply.cut && piece === reply.cut.after) {
        // Let the pieces so far reach the client first, so the break really is mid-answer.
        if (reply.cut.then === 'drop') setTimeout(() => res.socket?.destroy(), 30);
        return;
      }
      res.write(chunk({ content: reply.answer.slice(i, i + size) }, null));
    }
    res.write(chunk({}, finish));
    res.end('data: [DONE]\n\n');
    return;
  }
  sendJson(res, 200, {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.answer, refusal: reply.refusal ?? null },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}

/** The answer a well-behaved model gives: `{"files": [...]}`. */
export function filesAnswer(files: Array<{ path: string; content: string }>): string {
  return JSON.stringify({ files });
}

/** Text of the last user message of a recorded chat request. */
export function lastUserMessage(request: RecordedRequest): string {
  const messages = (request.body?.messages ?? []) as Array<{ role: string; content: string }>;
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}
