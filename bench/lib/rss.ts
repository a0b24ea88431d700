import { readFileSync } from 'node:fs';

/**
 * Memory of a process from /proc/<pid>/status (Linux), in MB: VmRSS (what the targets use) and its
 * private part RssAnon. VmRSS also counts the node binary's mapped pages (~34 MB for `node -e 0`).
 */
export function memoryMb(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
    if (!m) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(m[1]) / 1024;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}
