// Runs every bench/*-bench.ts in turn (through tsx), passing on any arguments; the exit code is
// the first failure's, but every benchmark still runs.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('-bench.ts'))
  .sort();
if (benches.length === 0) {
  console.error(`no *-bench.ts files in ${here}`);
  process.exit(1);
}
let exitCode = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  const code = res.status ?? 1;
  if (code !== 0) console.error(`${file} exited with ${res.signal ?? code}`);
  if (code !== 0 && exitCode === 0) exitCode = code;
}
process.exit(exitCode);
