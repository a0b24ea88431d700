/** The rule reference (docs/rules.md) written from the catalogue, so the two cannot drift apart. */
import { CATALOG } from './catalog';

const QUICK_FIXES = new Set([
  'HI-K8S-001',
  'HI-K8S-002',
  'HI-K8S-003',
  'HI-K8S-005',
  'HI-K8S-006',
  'HI-K8S-007',
  'HI-K8S-013',
  'HI-K8S-014',
  'HI-K8S-015',
  'HI-K8S-016',
  'HI-K8S-017',
  'HI-K8S-021',
  'HI-K8S-022',
  'HI-K8S-026',
  'HI-K8S-030',
  'HI-K8S-035',
  'HI-K8S-036',
]);

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function ruleDocsMarkdown(): string {
  const rows = CATALOG.map((c) => {
    const eq = c.equivalents;
    return `| ${c.id} | ${c.severity} | ${c.category} | ${cell(c.title)} | ${cell(c.doc)} | ${cell(c.remediation)} | ${eq.pss ?? '—'} | ${eq.kubeLinter?.map((k) => `\`${k}\``).join(', ') ?? '—'} | ${eq.checkov?.join(', ') ?? '—'} | ${QUICK_FIXES.has(c.id) ? 'yes' : '—'} |`;
  });
  return [
    '# Built-in review rules',
    '',
    '<!-- Written from server/policy/baseline/catalog.ts by ruleDocsMarkdown(); test/policy/rule-docs.test.ts keeps them equal. -->',
    '',
    'The default pack of `helm-intent validate` and the editor review. Severity `high` fails a review (error), `medium`',
    'and `low` warn, `info` is advice only. Equivalents name the same check in the Pod Security Standards, kube-linter',
    '(check names from its generated check list) and Checkov (check IDs); `—` means there is none. Quick-fix: the',
    'editor offers an edit of the intent field or the values key the finding was traced to. Organisation policies',
    "(Kyverno files in the platform config's `policiesDir`) come on top; none is built in.",
    '',
    '| ID | Severity | Category | Rule | Why | Fix | Pod Security Standards | kube-linter | Checkov | Quick-fix |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export function hasQuickFix(id: string): boolean {
  return QUICK_FIXES.has(id);
}
