// What the extension wrote, read straight from the workspace on disk (the UI can claim anything).
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir` (relative posix path → content); a missing dir is empty. */
export function readTree(dir) {
  /** @type {Map<string, string>} */
  const out = new Map();
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath ?? e.path, e.name);
    out.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return out;
}

/**
 * Polls `read()` until `accept(value)` holds (VS Code writes asynchronously after the UI updates);
 * returns the accepted value. The error shows `describe(last value)`.
 * @template T
 * @param {string} what
 * @param {() => T} read
 * @param {(value: T) => boolean} accept
 * @param {{ timeoutMs?: number, describe?: (value: T) => string }} [options]
 */
export async function waitForDisk(
  what,
  read,
  accept,
  { timeoutMs = 30_000, describe = (v) => JSON.stringify(v) } = {},
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value;
    try {
      value = read();
      if (accept(value)) return value;
    } catch (e) {
      value = /** @type {any} */ (`(read failed: ${/** @type {Error} */ (e).message})`);
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting on disk for ${what}; last seen: ${describe(/** @type {T} */ (value))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The 1-based number of the first line matching `pattern` (after line `after`, 1-based); throws if none. */
export function lineOf(text, pattern, after = 0, what = String(pattern)) {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) if (pattern.test(lines[i])) return i + 1;
  throw new Error(`no line matching ${what}${after ? ` after line ${after}` : ''}`);
}
