import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { AiFailure, AiFailureCode } from './types';

/** What the messages need to say where to fix things. */
export interface ErrorContext {
  model: string;
  baseURL: string;
  keySource?: 'vscode' | 'cli';
  apiKey?: string;
  timeoutMs: number;
}

/** Thrown inside the generator; turned into an AiFailed result at the entry point. */
export class AiError extends Error {
  constructor(readonly failure: AiFailure) {
    super(failure.message);
    this.name = 'AiError';
  }
}

export function fail(code: AiFailureCode, message: string, status?: number): AiError {
  return new AiError({ code, message, ...(status !== undefined ? { status } : {}) });
}

/** Where the user sets the key, for the message's "what to do next". */
export function keyHint(source: ErrorContext['keySource'], which: 'the' | 'a valid' = 'the'): string {
  if (source === 'vscode') return `Run 'Helm Intent: Set API Key' to store ${which} key`;
  if (source === 'cli') return `Set the OPENAI_API_KEY environment variable to ${which} key`;
  return `Run 'Helm Intent: Set API Key' (VS Code) or set OPENAI_API_KEY (CLI) to ${which} key`;
}

export function missingKey(ctx: ErrorContext): AiError {
  return fail(
    'missing-key',
    `No API key for the AI generator (${ctx.baseURL}). ${keyHint(ctx.keySource)}. ` +
      'A local endpoint that needs no key (Ollama, LM Studio) accepts any value.',
  );
}

/**
 * Replaces the key (and anything shaped like an OpenAI key) in text that may reach the user:
 * error bodies can echo the Authorization header.
 */
export function redact(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out
    .replace(/\b(sk-[A-Za-z0-9_-]{3})[A-Za-z0-9_*-]{8,}/g, '$1…[redacted]')
    .replace(/(Bearer\s+)\S+/gi, '$1[redacted]');
}

/** True for answers worth retrying after a pause: 408, 409, 429 and 5xx. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof APIError) || error instanceof APIConnectionError) return false;
  const status = error.status ?? 0;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The endpoint's own error text, short and without the key. */
function serverSays(error: APIError, ctx: ErrorContext): string {
  const body = error.error as { message?: unknown } | undefined;
  const raw = typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s*/, '');
  const text = redact(raw, ctx.apiKey).replace(/\s+/g, ' ').trim();
  return text ? ` The endpoint said: ${text.length > 300 ? text.slice(0, 297) + '...' : text}` : '';
}

/** Turns anything the SDK threw into a failure that says what to do next. */
export function explainError(
  error: unknown,
  ctx: ErrorContext,
  state: { timedOut: boolean; cancelled: boolean },
): AiFailure {
  if (error instanceof AiError) return error.failure;
  if (state.cancelled) return { code: 'cancelled', message: 'AI generation was cancelled; nothing was written.' };
  if (state.timedOut || error instanceof APIConnectionTimeoutError) {
    return {
      code: 'timeout',
      message:
        `The model ${ctx.model} at ${ctx.baseURL} did not finish answering within ${seconds(ctx.timeoutMs)}. ` +
        'Try again, raise the timeout, or pick a faster model (llm.model in the platform config).',
    };
  }
  if (error instanceof APIUserAbortError)
    return { code: 'cancelled', message: 'AI generation was cancelled; nothing was written.' };
  if (error instanceof APIConnectionError) {
    const code = errorCode(error);
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name does not resolve'
        : code === 'ECONNREFUSED'
          ? 'nothing listens there'
          : 'the connection failed';
    return {
      code: 'unreachable',
      message:
        `Cannot reach the LLM endpoint ${ctx.baseURL} (${code ?? redact(error.message, ctx.apiKey)}: ${what}). ` +
        'Check that the server is running and llm.baseURL in the platform config (OpenAI-compatible servers usually end in /v1).',
    };
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const said = serverSays(error, ctx);
    if (status === 401)
      return {
        code: 'invalid-key',
        status,
        message: `The endpoint ${ctx.baseURL} rejected the API key (401). ${keyHint(ctx.keySource, 'a valid')}.${said}`,
      };
    if (status === 403)
      return {
        code: 'forbidden',
        status,
        message: `The API key may not use model ${ctx.model} at ${ctx.baseURL} (403). Check the key's project and model access.${said}`,
      };
    if (status === 404) {
      return {
        code: 'model-not-found',
        status,
        message: `Model '${ctx.model}' was not found at ${ctx.baseURL} (404). Set llm.model in the platform config to a model this endpoint serves, or fix llm.baseURL (usually ending in /v1).${said}`,
      };
    }
    if (status === 429)
      return {
        code: 'rate-limited',
        status,
        message: `The endpoint ${ctx.baseURL} is rate limiting requests (429) and retries did not help. Wait a minute and try again, or check the account's quota.${said}`,
      };
    if (status >= 500)
      return {
        code: 'server-error',
        status,
        message: `The endpoint ${ctx.baseURL} failed (${status}) and retries did not help. Try again later.${said}`,
      };
    return {
      code: 'bad-request',
      status,
      message: `The endpoint ${ctx.baseURL} refused the request (${status}).${said}`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'server-error', message: `The AI request failed: ${redact(message, ctx.apiKey)}` };
}

/** The first `code` (ECONNREFUSED, ENOTFOUND…) along the error's cause chain. */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) if (typeof inner?.code === 'string') return inner.code;
  }
  return undefined;
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}
