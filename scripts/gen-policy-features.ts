// Writes the Kyverno feature table into README.md from the engine's own list
// (server/policy/features.ts). `--check` only reports whether README.md is current (exit 1 if not).
// Usage: node --import tsx scripts/gen-policy-features.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withFeatureTable } from '../server/policy/features';

const readme = path.join(__dirname, '..', 'README.md');
const text = readFileSync(readme, 'utf8');
const updated = withFeatureTable(text);
if (updated === undefined) {
  console.error('README.md has no policy-features markers');
  process.exit(1);
}
if (process.argv.includes('--check')) {
  if (updated !== text) {
    console.error('README.md policy feature table is out of date: run npm run gen:policy-features');
    process.exit(1);
  }
  console.log('README.md policy feature table is current');
} else if (updated !== text) {
  writeFileSync(readme, updated);
  console.log('README.md policy feature table updated');
}
