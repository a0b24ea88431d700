/**
 * Caps on what an endpoint may send back: a model (or a hostile endpoint) that answers with
 * hundreds of megabytes is stopped early instead of growing the process to gigabytes.
 */
import { fail } from './errors';
import { MAX_CHART_BYTES } from './chart-file-policy';

/** Longest answer text kept (JSON-escaped chart files: a few times the chart limit). */
export const MAX_ANSWER_CHARS = 4 * MAX_CHART_BYTES;
/** Largest non-streamed HTTP body read. */
export const MAX_BODY_BYTES = 8 * MAX_CHART_BYTES;

export class AnswerTooLargeError extends Error {
  constructor(readonly limit: string) {
    super(`the answer is larger than ${limit}`);
    this.name = 'AnswerTooLargeError';
  }
}

export function answerTooLarge(model: string, error: AnswerTooLargeError) {
  return fail(
    'bad-answer',
    `The answer of ${model} is larger than ${error.limit}; reading stopped and nothing was written.`,
  );
}

/** True when `error` or one of its causes is an AnswerTooLargeError. */
export function findTooLarge(error: unknown): AnswerTooLargeError | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof AnswerTooLargeError) return e;
  return undefined;
}

/** fetch for the SDK whose non-streamed bodies stop at MAX_BODY_BYTES (streams are capped by text length). */
export const cappedFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.body || /text\/event-stream/i.test(response.headers.get('content-type') ?? '')) return response;
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) {
    await response.body.cancel().catch(() => undefined);
    throw new AnswerTooLargeError(`${MAX_BODY_BYTES / 1048576} MB`);
  }
  let seen = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > MAX_BODY_BYTES) controller.error(new AnswerTooLargeError(`${MAX_BODY_BYTES / 1048576} MB`));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
};
