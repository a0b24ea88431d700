import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CATALOG } from '../../server/policy/baseline/catalog';
import { hasQuickFix, ruleDocsMarkdown } from '../../server/policy/baseline/rule-docs';
import { reviewFixes } from '../../server/review/review-fixes';

test('docs/rules.md is the catalogue (regenerate with ruleDocsMarkdown() after a catalogue change)', () => {
  assert.equal(readFileSync(path.join(__dirname, '../../docs/rules.md'), 'utf8'), ruleDocsMarkdown());
  for (const c of CATALOG) assert.match(ruleDocsMarkdown(), new RegExp(`^\\| ${c.id} \\|`, 'm'));
});

test('the Quick-fix column says yes exactly for the rules reviewFixes has a remedy for', () => {
  const source = {
    dir: '/nowhere',
    name: 'x',
    dependencies: [],
    templates: [],
    values: new Map(),
    environments: [],
    fingerprint: '',
    intentFile: '/nowhere/intent.yaml',
  };
  for (const c of CATALOG) {
    const finding = {
      severity: 'error' as const,
      code: c.id,
      source: 'policy' as const,
      message: '',
      environments: [],
      namespaces: [],
      primary: {
        file: '/x',
        role: 'template' as const,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
      related: [],
    };
    const fixes = reviewFixes(
      finding,
      source,
      () =>
        'spec:\n  image:\n    tag: latest\n  security: {}\n  serviceAccount: {}\n  resources: {}\n  pdb: {}\n  networkPolicy: {}\nsecurityContext: {}\n',
    );
    assert.equal(fixes.length > 0, hasQuickFix(c.id), c.id);
  }
});
