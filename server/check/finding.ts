import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { shiftRange } from '../yaml/yaml-file';

/** A quick-fix computed with the diagnostic, so the editor, the CLI and tests apply the same edits. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply with "Fix all"/auto-fix: only one per diagnostic. */
  preferred?: boolean;
}

export interface FindingData {
  fixes?: Fix[];
}

/** An LSP diagnostic with a stable string code and its fixes. */
export type Finding = Omit<Diagnostic, 'data' | 'code'> & { code: string; source: string; data?: FindingData };

export const SOURCE = 'helm-intent';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function severityName(s: DiagnosticSeverity | undefined): Severity {
  return s === DiagnosticSeverity.Warning
    ? 'warning'
    : s === DiagnosticSeverity.Information
      ? 'info'
      : s === DiagnosticSeverity.Hint
        ? 'hint'
        : 'error';
}

export function finding(code: string, severity: Severity, range: Range, message: string, fixes?: Fix[]): Finding {
  const f: Finding = { range, severity: SEVERITY[severity], code, source: SOURCE, message };
  if (fixes?.length) f.data = { fixes };
  return f;
}

/** Moves a finding (and its fix edits) by `lines`: chunk-local → file coordinates. */
export function shiftFinding(f: Finding, lines: number): Finding {
  if (lines === 0) return f;
  return {
    ...f,
    range: shiftRange(f.range, lines),
    data: f.data && {
      ...f.data,
      fixes: f.data.fixes?.map((x: Fix) => ({
        ...x,
        edits: x.edits.map((e: TextEdit) => ({ ...e, range: shiftRange(e.range, lines) })),
      })),
    },
  };
}
