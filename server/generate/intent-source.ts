import { checkText } from '../check/check-text';
import { severityName, type Finding } from '../check/finding';
import type { AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';
import { parseFile } from '../yaml/yaml-file';

export type IntentSource = { ok: true; intent: AnyIntent } | { ok: false; errors: Finding[]; message: string };

/**
 * The intent of a file, only when the checks find no error: the compiler trusts schema-valid input,
 * and a chart built from a broken intent would hide the real problem.
 */
export function intentFromText(text: string, config: PlatformConfig, shownName: string): IntentSource {
  const errors = checkText(text, 'intent', config).filter((f) => severityName(f.severity) === 'error');
  if (errors.length)
    return {
      ok: false,
      errors,
      message: `${shownName} has ${errors.length} error(s); fix them first (see the Problems panel or run helm-intent check).`,
    };
  const main = parseFile(text).find((c) => c.chunk.doc?.contents != null);
  const value = main?.chunk.toJS().value as AnyIntent | undefined;
  if (!value || typeof value !== 'object' || !('kind' in value))
    return {
      ok: false,
      errors: [],
      message: `${shownName} holds no intent (kind: DeploymentIntent or ServiceIntent).`,
    };
  return { ok: true, intent: value };
}
