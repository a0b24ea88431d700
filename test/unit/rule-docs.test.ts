import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { RULE_DOCS } from '../../server/check/rule-docs';
import { ROOT } from '../support/fixtures';

/** Every string literal a check passes as a diagnostic code, read from the check sources. */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('rule-docs.ts')) {
        const src = readFileSync(p, 'utf8');
        for (const m of src.matchAll(
          /(?:report(?:Once)?\(\s*(?:seen,\s*)?|finding\(\s*|code: |\? )'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g,
        ))
          codes.add(m[1]);
      }
    }
  };
  walk(path.join(ROOT, 'server/check'));
  return codes;
}

test('every diagnostic code a check can emit is documented', () => {
  const codes = emittedCodes();
  assert.ok(codes.size > 40, `found only ${codes.size} codes: the scan is broken`);
  const undocumented = [...codes].filter((c) => !RULE_DOCS[c]);
  assert.deepEqual(undocumented, []);
});

test('the README lists every diagnostic code', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const missing = Object.keys(RULE_DOCS).filter((c) => !readme.includes(`\`${c}\``));
  assert.deepEqual(missing, []);
});
