/**
 * What the CLI writes to a terminal: text from charts, policies and model answers can hold escape
 * sequences (retitle the window, hide lines, fake a clean result); they are made visible instead
 * of interpreted. And a closed pipe (`helm-intent validate … | head -3`) ends output quietly.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Control characters (except newline and tab; CRLF becomes LF) and bidi overrides shown as
 * text: an escape sequence loses its ESC and so its effect.
 */
export function sanitizeTerminalText(text: string): string {
  return visible(text.replace(/\r\n/g, '\n'));
}

/**
 * C0 as `\xNN`; DEL, C1 and bidi controls as `\uNNNN`, which is also a valid escape inside a JSON
 * string (JSON.stringify leaves those raw), so --format json/sarif output stays parseable.
 */
function visible(s: string): string {
  return s.replace(CONTROL, (c) =>
    c.charCodeAt(0) < 0x20
      ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
      : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A writer for stdout/stderr: sanitized, and silent once the reader went away (EPIPE). */
export function terminalWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw e;
  });
  return (text) => {
    if (closed) return;
    stream.write(sanitizeTerminalText(text));
  };
}
