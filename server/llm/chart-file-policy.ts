import type { ChartFile, Problem } from './types';

/** Largest file the model may return (UTF-8 bytes). */
export const MAX_FILE_BYTES = 256 * 1024;
/** Largest chart (all files together). */
export const MAX_CHART_BYTES = 2 * 1024 * 1024;
const MAX_PATH_LENGTH = 200;

/** Files a chart may contain; anything else in an answer is refused. */
const ALLOWED = [
  /^Chart\.yaml$/,
  /^values(-[A-Za-z0-9._-]+)?\.yaml$/,
  /^values\.schema\.json$/,
  /^README\.md$/,
  /^\.helmignore$/,
  /^templates\/.+/,
  /^charts\/.+/,
];
const ALLOWED_TEXT =
  'Chart.yaml, values.yaml, values-<env>.yaml, values.schema.json, README.md, .helmignore, templates/**, charts/**';

/** Why `path` may not be written inside the chart folder, or undefined when it may. */
export function unsafePathReason(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL character';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path)) return 'the path contains control characters';
  if (path.length > MAX_PATH_LENGTH) return `the path is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.includes('\\')) return 'backslashes are not allowed (use / between folders)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
    return 'absolute paths are not allowed: paths are relative to the chart folder';
  if (path.startsWith('~')) return 'home-relative paths are not allowed';
  const segments = path.split('/');
  if (segments.includes('..')) return "'..' would leave the chart folder";
  if (segments.some((s) => s === '' || s === '.')) return 'empty or "." path segments are not allowed';
  // Names tools turn into something else than a plain file inside the chart.
  if (segments.some((s) => s.includes(':'))) return "':' is not allowed (drive letters, Windows alternate streams)";
  if (segments.some((s) => /[. ]$/.test(s))) return 'names ending in "." or a space are not allowed';
  if (segments.some((s) => /^(\.git|\.helm-intent)$/.test(s)))
    return `'${segments.find((s) => /^(\.git|\.helm-intent)$/.test(s))}' is reserved`;
  if (/\.(lnk|url)$/i.test(path) || segments.some((s) => /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s)))
    return 'link files and device names are not allowed';
  if (!ALLOWED.some((re) => re.test(path))) return `not a chart file (allowed: ${ALLOWED_TEXT})`;
  return undefined;
}

/** Why `content` may not be a chart file, or undefined when it may. */
export function unsafeContentReason(content: unknown): string | undefined {
  if (typeof content !== 'string') return 'the content is not text';
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_FILE_BYTES) return `the file is ${kb(bytes)}; the limit is ${kb(MAX_FILE_BYTES)}`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0e-\x1f\x7f]|\uFFFD/.test(content)) return 'binary content (control characters) is not allowed';
  return undefined;
}

export interface CheckedFiles {
  /** The files that passed, in answer order, last one winning on a duplicate path. */
  accepted: ChartFile[];
  /** One problem per refused file. */
  rejected: Problem[];
  /** Harmless oddities (a path returned twice). */
  notes: string[];
}

/**
 * Sorts an answer's files into safe and refused. A refused file is never part of a chart;
 * its problem names the path and the reason. A file holding the API key is refused too, so an
 * endpoint that echoes it cannot get it written into a repository.
 */
export function checkAnswerFiles(files: ChartFile[], apiKey?: string): CheckedFiles {
  const accepted = new Map<string, ChartFile>();
  const rejected: Problem[] = [];
  const notes: string[] = [];
  const leaks = (s: unknown) => !!apiKey && apiKey.length >= 8 && typeof s === 'string' && s.includes(apiKey);
  for (const file of files) {
    const reason =
      unsafePathReason(file.path) ??
      unsafeContentReason(file.content) ??
      (leaks(file.path) || leaks(file.content) ? 'it contains the API key' : undefined);
    if (reason) {
      const shown = leaks(file.path) ? '(a path containing the API key)' : printable(file.path);
      rejected.push({ source: 'output', file: shown, message: `Refused file '${shown}': ${reason}.` });
      continue;
    }
    if (accepted.has(file.path)) notes.push(`The model returned ${file.path} twice; the last copy is used.`);
    accepted.set(file.path, file);
  }
  return { accepted: [...accepted.values()], rejected, notes };
}

/** Problem when the whole chart is too large, else undefined. */
export function chartSizeProblem(files: ChartFile[]): Problem | undefined {
  const total = files.reduce((sum, f) => sum + Buffer.byteLength(f.content, 'utf8'), 0);
  return total > MAX_CHART_BYTES
    ? { source: 'output', message: `The chart is ${kb(total)}; the limit is ${kb(MAX_CHART_BYTES)}.` }
    : undefined;
}

/**
 * Models often prefix every path with the chart's folder (`my-service/templates/…`): when all of
 * them do, the prefix is dropped.
 */
export function stripChartFolderPrefix(files: ChartFile[], chartName: string): ChartFile[] {
  const prefix = `${chartName}/`;
  if (files.length === 0 || !files.every((f) => typeof f.path === 'string' && f.path.startsWith(prefix))) return files;
  return files.map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A path as it may appear in a message: control characters escaped, length capped. */
function printable(path: unknown): string {
  const s = typeof path === 'string' ? path : String(path);
  // eslint-disable-next-line no-control-regex
  const escaped = s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > 120 ? escaped.slice(0, 117) + '...' : escaped;
}
