/**
 * The one confinement rule for every write and delete Helm Intent makes (generate, AI answers,
 * records, dependency stand-ins, caches): the target's real path stays inside `root`, no existing
 * folder on the way is a symlink that leads out, and a path from a file (config, keyword, record,
 * dependency, model answer) is never trusted to be relative. Paths that break it are refused with
 * a one-line ConfinementError, before anything is touched.
 */
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export class ConfinementError extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`refused to touch ${target}: ${reason}`);
    this.name = 'ConfinementError';
  }
}

/** True when `candidate` (absolute, resolved) is `root` or below it. */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

/** The real path of `p`, resolving the part that does not exist yet lexically below its nearest existing ancestor. */
function realPathOf(p: string): string {
  const missing: string[] = [];
  let cur = p;
  for (;;) {
    try {
      return path.join(realpathSync(cur), ...missing.reverse());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      const parent = path.dirname(cur);
      if (parent === cur) return path.join(cur, ...missing.reverse());
      missing.push(path.basename(cur));
      cur = parent;
    }
  }
}

/**
 * The absolute path of `rel` under `root`, or a ConfinementError: `..` or an absolute path that
 * leaves root, a NUL byte, or an existing symlink (folder or file) whose real path leaves root.
 */
export function confinedPath(root: string, rel: string): string {
  const absRoot = path.resolve(root);
  if (typeof rel !== 'string' || rel === '' || rel.includes('\0'))
    throw new ConfinementError(String(rel), 'not a usable path');
  const target = path.resolve(absRoot, rel);
  if (!isInside(absRoot, target)) throw new ConfinementError(rel, `it is outside ${absRoot}`);
  const realRoot = realPathOf(absRoot);
  // Every existing step from root to the target: a symlink may point anywhere, so check where it lands.
  let cur = absRoot;
  for (const part of path.relative(absRoot, target).split(path.sep).filter(Boolean)) {
    cur = path.join(cur, part);
    let isLink = false;
    try {
      isLink = lstatSync(cur).isSymbolicLink();
    } catch {
      break; // the rest does not exist yet: nothing to follow
    }
    if (isLink && !isInside(realRoot, realPathOf(cur)))
      throw new ConfinementError(rel, `${path.relative(absRoot, cur)} is a symlink that leads outside ${absRoot}`);
  }
  return target;
}

export function mkdirConfined(root: string, rel: string): string {
  const dir = confinedPath(root, rel);
  mkdirSync(dir, { recursive: true });
  // mkdir -p may have walked through a folder created meanwhile: check the result too.
  confinedPath(root, rel);
  return dir;
}

let tempCounter = 0;

/** Writes through a temp file and a rename (readers never see half a file), inside root only. */
export function writeConfined(root: string, rel: string, content: string | Buffer): string {
  const file = confinedPath(root, rel);
  mkdirConfined(root, path.relative(path.resolve(root), path.dirname(file)) || '.');
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${Date.now()}.${++tempCounter}.tmp`,
  );
  try {
    writeFileSync(temp, content, { flag: 'wx' });
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  return file;
}

export type DeleteOutcome = 'deleted' | 'absent' | 'changed';

/**
 * Deletes a file inside root. With `sha256`, only when the file still has that content (a file
 * Helm Intent generated and nobody edited since); otherwise 'changed' and the file stays.
 * A symlink is removed itself, never its target.
 */
export function deleteConfined(root: string, rel: string, expect: { sha256?: string } = {}): DeleteOutcome {
  const file = confinedPath(root, rel);
  let stat;
  try {
    stat = lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
  if (!stat.isFile() && !stat.isSymbolicLink()) throw new ConfinementError(rel, 'it is not a file');
  if (expect.sha256 !== undefined) {
    if (stat.isSymbolicLink()) return 'changed';
    if (createHash('sha256').update(readFileSync(file)).digest('hex') !== expect.sha256) return 'changed';
  }
  unlinkSync(file);
  return 'deleted';
}
