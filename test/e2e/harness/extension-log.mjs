// The extension's "Helm Intent" output channel as VS Code writes it to disk
// (<user-data>/logs/<session>/exthost1/helm-intent.helm-intent/Helm Intent.log). The chart review
// logs there when it is done (`Review of <name>: N error(s), …`), which tells a finished review
// from one not yet started (the status bar shows the sum over all charts).
import fs from 'node:fs';
import path from 'node:path';

const LOG_NAME = 'Helm Intent.log';

function logFiles(dirs) {
  const root = path.join(dirs.userData, 'logs');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === LOG_NAME)
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** The output channel's text so far ('' before the extension logged anything). */
export function extensionLog(dirs) {
  return logFiles(dirs)
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

/**
 * Waits until the log, after character `from` (an earlier `extensionLog(dirs).length`), shows a
 * finished review of the chart in `chartDir`; returns its summary line
 * (`Review of my-service: 1 error(s), 4 warning(s) in default (812 ms)`). A failed review throws.
 * The summary names the chart only (a cached review logs no `$ helm` line with its dir), so callers
 * must not be reviewing another chart of the same name at the same time.
 */
export async function waitForReview(dirs, chartDir, from, timeoutMs = 60_000) {
  const name = path.basename(chartDir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = extensionLog(dirs).slice(from).split('\n');
    const done = lines.find((l) => l.includes(`] Review of ${name}: `) || l.includes(`] Review of ${name} failed: `));
    if (done?.includes(' failed: ')) throw new Error(`the review of ${chartDir} failed: ${done}`);
    if (done) return done.replace(/^.*?\] /, '');
    if (Date.now() > deadline) {
      throw new Error(
        `no finished review of ${chartDir} in the Helm Intent output within ${timeoutMs / 1000}s; its new lines:\n${lines.slice(-15).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every finished review's summary line logged after character `from`. */
export function reviewsSince(dirs, from) {
  return extensionLog(dirs)
    .slice(from)
    .split('\n')
    .filter((l) => /\] Review of \S+(: \d+ error| failed: )/.test(l))
    .map((l) => l.replace(/^\S+ (\S+) \[\w+\] /, '$1 '));
}
