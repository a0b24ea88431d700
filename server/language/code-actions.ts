import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { SOURCE, type FindingData } from '../check/finding';

/** Quick-fixes for our diagnostics: their fixes were computed with them and travel in `data`. */
export function quickFixes(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const fixes = (d.data as FindingData | undefined)?.fixes ?? [];
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
  }
  return actions;
}
