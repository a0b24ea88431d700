/** The answer the model must give: the chart files it adds or changes. */
export const CHART_FILES_SCHEMA = {
  type: 'object',
  properties: {
    files: {
      type: 'array',
      description: 'Chart files to add or replace; paths relative to the chart folder. Empty content deletes a file.',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Relative path, e.g. templates/deployment.yaml' },
          content: { type: 'string', description: 'The complete file content' },
        },
        required: ['path', 'content'],
        additionalProperties: false,
      },
    },
  },
  required: ['files'],
  additionalProperties: false,
} as const;

/**
 * How strictly the answer's shape is requested, strictest first. Endpoints that reject a mode
 * (older vLLM, LM Studio, some Azure deployments) get the next one.
 */
export type OutputMode = 'json_schema' | 'json_object' | 'plain';
export const OUTPUT_MODES: OutputMode[] = ['json_schema', 'json_object', 'plain'];

/** The `response_format` request field for a mode (none for plain text). */
export function responseFormat(mode: OutputMode): Record<string, unknown> | undefined {
  if (mode === 'json_schema')
    return { type: 'json_schema', json_schema: { name: 'helm_chart_files', strict: true, schema: CHART_FILES_SCHEMA } };
  if (mode === 'json_object') return { type: 'json_object' };
  return undefined;
}

/**
 * True when a 400/422/501 answer may be about response_format, so a weaker mode may work: it
 * names it, or it names nothing else we know (many servers just say "Bad Request").
 */
export function rejectsOutputMode(status: number | undefined, message: string): boolean {
  if (status !== 400 && status !== 422 && status !== 501) return false;
  if (/response_format|json_schema|json_object|structured output|guided|grammar/i.test(message)) return true;
  return !/temperature|context length|context_length|maximum context|too long|max_tokens|max_completion_tokens/i.test(
    message,
  );
}

/** True when a 400 answer refuses the temperature (reasoning models accept only the default). */
export function rejectsTemperature(status: number | undefined, message: string): boolean {
  return status === 400 && /temperature/i.test(message);
}
