import OpenAI, { APIConnectionError, APIError } from 'openai';
import { answerTooLarge, AnswerTooLargeError, cappedFetch, findTooLarge, MAX_ANSWER_CHARS } from './answer-size';
import { AiError, explainError, fail, isRetryable, redact, seconds, type ErrorContext } from './errors';
import { OUTPUT_MODES, rejectsOutputMode, rejectsTemperature, responseFormat, type OutputMode } from './output-format';
import { backoffMs, retryAfterMs, sleep } from './retry';
import type { LlmSettings } from './settings';
import type { AiProgress } from './types';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelAnswer {
  text: string;
  finishReason: string | null;
}

export interface ModelSessionOptions {
  settings: LlmSettings;
  apiKey: string;
  keySource?: 'vscode' | 'cli';
  timeoutMs: number;
  maxRetries: number;
  maxRetryDelayMs: number;
  stream: boolean;
  maxOutputTokens?: number;
  signal?: AbortSignal;
  onProgress: (p: AiProgress) => void;
}

/** Emit a "receiving" progress line each time this much more of the answer arrived. */
const RECEIVE_STEP = 4096;

/**
 * Chat calls to one OpenAI-compatible endpoint for one generation: retries 429/5xx with backoff
 * (honouring Retry-After), steps down from json_schema to json_object to plain output when the
 * endpoint refuses a mode (and remembers it for the repair rounds), a timeout that covers the
 * whole streamed answer, and cancellation.
 */
export class ModelSession {
  /** HTTP requests made (each retry and each fallback counts). */
  calls = 0;
  private mode: OutputMode = 'json_schema';
  private sendTemperature = true;
  private readonly client: OpenAI;
  readonly errorContext: ErrorContext;

  constructor(private readonly options: ModelSessionOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.settings.baseURL,
      organization: null,
      project: null,
      webhookSecret: null,
      // Our own loop retries (with progress and an abortable wait) and our own timer times out.
      maxRetries: 0,
      timeout: options.timeoutMs + 5_000,
      logLevel: 'off',
      fetch: cappedFetch,
    });
    this.errorContext = {
      model: options.settings.model,
      baseURL: options.settings.baseURL,
      keySource: options.keySource,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs,
    };
  }

  get outputMode(): OutputMode {
    return this.mode;
  }

  async complete(messages: ChatMessage[], round: number): Promise<ModelAnswer> {
    const { settings, maxRetries, maxRetryDelayMs, signal } = this.options;
    for (let retries = 0; ;) {
      const state = { timedOut: false, cancelled: false };
      try {
        return await this.once(messages, round, state);
      } catch (error) {
        if (error instanceof AiError) throw error;
        const tooLarge = findTooLarge(error);
        if (tooLarge) throw answerTooLarge(settings.model, tooLarge);
        if (state.cancelled || state.timedOut || signal?.aborted)
          throw new AiError(
            explainError(error, this.errorContext, { ...state, cancelled: state.cancelled || !!signal?.aborted }),
          );
        const status = error instanceof APIError && !(error instanceof APIConnectionError) ? error.status : undefined;
        const said = error instanceof Error ? error.message : '';
        if (this.sendTemperature && rejectsTemperature(status, said)) {
          this.sendTemperature = false;
          this.progress('retry', `${settings.model} refuses a temperature setting; using the model's default`, round);
          continue;
        }
        if (this.mode !== 'plain' && rejectsOutputMode(status, said)) {
          const from = this.mode;
          this.mode = OUTPUT_MODES[OUTPUT_MODES.indexOf(this.mode) + 1];
          this.progress(
            'retry',
            `The endpoint refused ${from} output (${status}); asking for ${this.mode === 'plain' ? 'plain text' : this.mode} instead`,
            round,
          );
          continue;
        }
        const dropped = connectionDropped(error);
        if ((isRetryable(error) || dropped) && retries < maxRetries) {
          const asked = error instanceof APIError ? retryAfterMs(error.headers ?? undefined) : undefined;
          if (asked !== undefined && asked > maxRetryDelayMs) {
            throw fail(
              'rate-limited',
              `The endpoint ${settings.baseURL} asks to wait ${seconds(asked)} before retrying (more than ${seconds(maxRetryDelayMs)}). Try again later.`,
              status,
            );
          }
          const wait = asked ?? backoffMs(retries, maxRetryDelayMs);
          retries++;
          const why =
            error instanceof StreamDroppedError ? error.message : dropped ? 'the connection dropped' : `HTTP ${status}`;
          this.progress(
            'retry',
            `${why} from ${settings.baseURL}; retrying in ${seconds(Math.round(wait))} (retry ${retries} of ${maxRetries})`,
            round,
          );
          try {
            await sleep(wait, signal);
          } catch {
            throw fail('cancelled', 'AI generation was cancelled; nothing was written.');
          }
          continue;
        }
        throw new AiError(explainError(error, this.errorContext, state));
      }
    }
  }

  /** One HTTP request; `state` records whether our timer or the caller aborted it. */
  private async once(
    messages: ChatMessage[],
    round: number,
    state: { timedOut: boolean; cancelled: boolean },
  ): Promise<ModelAnswer> {
    const { settings, signal, timeoutMs } = this.options;
    if (signal?.aborted) {
      state.cancelled = true;
      throw fail('cancelled', 'AI generation was cancelled; nothing was written.');
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      state.timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => {
      state.cancelled = true;
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.calls++;
    const format = responseFormat(this.mode);
    const body = {
      model: settings.model,
      messages,
      ...(this.sendTemperature ? { temperature: settings.temperature } : {}),
      ...(format ? { response_format: format } : {}),
      ...(this.options.maxOutputTokens ? { max_completion_tokens: this.options.maxOutputTokens } : {}),
    };
    try {
      if (!this.options.stream) {
        const completion = await this.client.chat.completions.create(
          { ...body, stream: false } as OpenAI.ChatCompletionCreateParamsNonStreaming,
          { signal: controller.signal },
        );
        const choice = completion.choices?.[0];
        this.refusalCheck(choice?.message?.refusal);
        return { text: choice?.message?.content ?? '', finishReason: choice?.finish_reason ?? null };
      }
      const stream = await this.client.chat.completions.create(
        { ...body, stream: true } as OpenAI.ChatCompletionCreateParamsStreaming,
        { signal: controller.signal },
      );
      let text = '';
      let refusal = '';
      let finishReason: string | null = null;
      let reported = 0;
      try {
        for await (const chunk of stream) {
          // Azure sends chunks without choices (content-filter results); they carry no text.
          const choice = chunk.choices?.[0];
          if (!choice) continue;
          text += choice.delta?.content ?? '';
          refusal += choice.delta?.refusal ?? '';
          if (text.length + refusal.length > MAX_ANSWER_CHARS) {
            controller.abort();
            throw new AnswerTooLargeError(`${MAX_ANSWER_CHARS / 1048576} MB`);
          }
          if (choice.finish_reason) finishReason = choice.finish_reason;
          if (text.length - reported >= RECEIVE_STEP) {
            reported = text.length;
            this.progress(
              'receiving',
              `Receiving the chart from ${settings.model}: ${Math.floor(text.length / 1024)} KB`,
              round,
            );
          }
        }
      } catch (error) {
        if (error instanceof AnswerTooLargeError) throw answerTooLarge(settings.model, error);
        if (controller.signal.aborted) throw error;
        throw new StreamDroppedError(text.length, error);
      }
      // The SDK ends the iteration quietly when aborted: a partial answer must not pass as complete.
      if (controller.signal.aborted) throw new Error('aborted while the answer was arriving');
      this.refusalCheck(refusal);
      return { text, finishReason };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private refusalCheck(refusal: string | null | undefined): void {
    if (refusal)
      throw fail(
        'bad-answer',
        `The model ${this.options.settings.model} refused to generate the chart: ${redact(refusal, this.options.apiKey).slice(0, 300)}`,
      );
  }

  private progress(phase: AiProgress['phase'], message: string, round: number): void {
    this.options.onProgress({ phase, message: redact(message, this.options.apiKey), round });
  }
}

/** The connection broke after the endpoint had started answering. */
class StreamDroppedError extends Error {
  constructor(received: number, cause: unknown) {
    super(`the connection dropped after ${received} characters of the answer`, { cause });
    this.name = 'StreamDroppedError';
  }
}

/**
 * A connection that broke (reset, closed by the other side, dropped mid-answer): worth another
 * try. Not a refused connection or an unknown host — those fail at once with a clear message —
 * and not a bug of ours.
 */
function connectionDropped(error: unknown): boolean {
  if (error instanceof StreamDroppedError) return true;
  if (error instanceof APIError && !(error instanceof APIConnectionError)) return false;
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (
      /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(
        String((e as { code?: unknown }).code ?? ''),
      )
    )
      return false;
  }
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    const message = e instanceof Error ? e.message : '';
    if (/^(ECONNRESET|EPIPE|UND_ERR_)/.test(code) || /terminated|other side closed|socket hang up/i.test(message))
      return true;
  }
  return false;
}
