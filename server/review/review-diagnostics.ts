import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { SEVERITY } from '../check/finding';
import type { ReviewFinding } from './findings';

export const REVIEW_SOURCE = 'helm-intent review';

/** Review findings as LSP diagnostics per file: on the template line, with the values key and intent field as related information. */
export function reviewDiagnostics(
  findings: ReviewFinding[],
  fidPrefix = '',
  withIntentCopies = true,
): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const add = (file: string, d: Diagnostic) => {
    const uri = pathToFileURL(file).href;
    const list = out.get(uri) ?? [];
    list.push(d);
    out.set(uri, list);
  };
  findings.forEach((f, index) => {
    const envs = f.environments.length
      ? ` [${f.environments.join(', ')}${f.namespaces.length ? ` → ns ${f.namespaces.join(', ')}` : ''}]`
      : '';
    const base: Diagnostic = {
      range: f.primary.range,
      severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
      code: f.code,
      source: REVIEW_SOURCE,
      // An approximate place says so (the block that rendered the field, not its own line).
      message: `${f.message}${envs}${f.primary.note ? `\nLocation: ${f.primary.note}` : ''}${f.remediation ? `\nFix: ${f.remediation}` : ''}`,
      relatedInformation: f.related.map((r) => ({
        location: { uri: pathToFileURL(r.file).href, range: r.range },
        message:
          r.role === 'intent'
            ? 'intent field that produced this'
            : r.role === 'values'
              ? 'values key used here'
              : r.role,
      })),
      data: {
        review: {
          fid: `${fidPrefix}#${index}`,
          code: f.code,
          policy: f.policy,
          rule: f.rule,
          environments: f.environments,
          objectPath: f.objectPath,
          object: f.object,
        },
      },
    };
    add(f.primary.file, base);
    // On a generated chart the intent is where the user works: show the finding there too.
    const intent = f.related.find((r) => r.role === 'intent');
    if (withIntentCopies && intent && f.severity !== 'hint') {
      add(intent.file, {
        ...base,
        range: intent.range,
        relatedInformation: [
          {
            location: { uri: pathToFileURL(f.primary.file).href, range: f.primary.range },
            message: 'template line that renders it',
          },
          ...(base.relatedInformation ?? []).filter((r) => r.message !== 'intent field that produced this'),
        ],
      });
    }
  });
  return out;
}
