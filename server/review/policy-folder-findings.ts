import type { LocatedError } from '../policy/loader/yaml-documents';
import type { ReviewFinding } from './findings';
import type { PolicyContext } from './policy-source';

/**
 * A policies folder that could not be read whole is a finding on the policy file's line: an error for a
 * policy that was not loaded (the review is missing it), info for a document that was ignored.
 */
export function policyFolderFindings(context: PolicyContext | undefined): ReviewFinding[] {
  const finding = (e: LocatedError, severity: 'error' | 'info', code: string): ReviewFinding => {
    const line = Math.max(0, e.line - 1);
    const character = Math.max(0, e.column - 1);
    return {
      severity,
      code,
      source: 'policy',
      message: e.message,
      remediation:
        severity === 'error'
          ? 'Fix the policy file: the chart was reviewed without it.'
          : 'Only validating and mutating policies, PolicyExceptions and bindings are read from the policies folder.',
      environments: [],
      namespaces: [],
      primary: {
        file: e.file,
        range: { start: { line, character }, end: { line, character } },
        role: 'policy',
      },
      related: [],
    };
  };
  return [
    ...(context?.errors ?? []).map((e) => finding(e, 'error', 'policy-load')),
    ...(context?.warnings ?? []).map((e) => finding(e, 'info', 'policy-ignored')),
  ];
}
