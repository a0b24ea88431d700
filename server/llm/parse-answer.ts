import type { ChartFile, Problem } from './types';

export type ParsedAnswer =
  { ok: true; files: ChartFile[]; problems: Problem[] } | { ok: false; truncated: boolean; message: string };

/**
 * Reads `{"files": [{"path", "content"}]}` out of a model's answer. Tolerates a preamble, trailing
 * chatter and markdown fences (```json … ```); an answer that stops inside the JSON is reported as
 * truncated so no partial chart is ever used.
 */
export function parseAnswer(text: string, finishReason?: string | null): ParsedAnswer {
  const body = unfence(text);
  const start = jsonStart(body);
  if (start < 0) {
    return {
      ok: false,
      truncated: finishReason === 'length',
      message: `the answer holds no JSON object with "files" (it starts with: ${quoteStart(text)})`,
    };
  }
  const end = matchingEnd(body, start);
  if (end < 0) {
    return {
      ok: false,
      truncated: true,
      message: `the answer was cut off inside the JSON after ${text.length} characters${finishReason === 'length' ? ' (the model hit its output limit)' : ''}`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(body.slice(start, end + 1));
  } catch (e) {
    return { ok: false, truncated: false, message: `the answer is not valid JSON: ${(e as Error).message}` };
  }
  return readFiles(value);
}

function readFiles(value: unknown): ParsedAnswer {
  const list = Array.isArray(value) ? value : isObject(value) ? value.files : undefined;
  if (!Array.isArray(list)) return { ok: false, truncated: false, message: 'the JSON has no "files" array' };
  const files: ChartFile[] = [];
  const problems: Problem[] = [];
  list.forEach((item, i) => {
    if (isObject(item) && typeof item.path === 'string' && typeof item.content === 'string')
      files.push({ path: item.path, content: item.content });
    else
      problems.push({
        source: 'output',
        message: `files[${i}] is not {"path": string, "content": string}; it was ignored.`,
      });
  });
  return { ok: true, files, problems };
}

/** The inside of the first ```/```json fence when the answer has one (even an unclosed one). */
function unfence(text: string): string {
  const open = /```[a-zA-Z0-9_-]*[ \t]*\r?\n/.exec(text);
  if (!open) return text;
  const rest = text.slice(open.index + open[0].length);
  const close = rest.search(/\r?\n```/);
  const inside = close >= 0 ? rest.slice(0, close) : rest;
  // A fence around prose with the JSON elsewhere: fall back to the whole text.
  return jsonStart(inside) >= 0 ? inside : text;
}

/** Index of the JSON value: an object with a "files" key, else a top-level array of files. */
function jsonStart(text: string): number {
  const object = /\{\s*"files"\s*:/.exec(text);
  if (object) return object.index;
  const array = /\[\s*\{\s*"(path|content)"\s*:/.exec(text);
  return array ? array.index : -1;
}

/** Index of the bracket closing the one at `start` (string-aware), or -1 when the text ends first. */
function matchingEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quoteStart(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t ? JSON.stringify(t.length > 60 ? t.slice(0, 57) + '...' : t) : 'an empty answer';
}
