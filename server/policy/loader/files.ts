/** File-system helpers for the CLI: a path may be a file or a folder of YAML files. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function yamlFilesUnder(target: string): string[] {
  const st = statSync(target);
  if (!st.isDirectory()) return [target];
  const out: string[] = [];
  for (const name of readdirSync(target).sort()) {
    const full = path.join(target, name);
    if (statSync(full).isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
