import picomatch from 'picomatch';
import type { FileRole } from '../check/check-chunk';
import { isIntentText } from '../core/intent-kind';

export const PLATFORM_CONFIG_FILE = '.helm-intent.yaml';
const INTENT_GLOBS = ['**/*.intent.yaml', '**/*.intent.yml', '**/intent/*.yaml', '**/intent/*.yml'];
const isIntentPath = picomatch(INTENT_GLOBS, { dot: true });

/** What a file is to us: an intent (by name or by its top-level kind), the platform config, or nothing. */
export function fileRole(filePath: string, text: string): FileRole | undefined {
  const normalized = filePath.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  if (base === PLATFORM_CONFIG_FILE || base === '.helm-intent.yml') return 'platform-config';
  if (isIntentPath(normalized.startsWith('/') ? normalized.slice(1) : normalized)) return 'intent';
  if (/\.ya?ml$/i.test(base) && isIntentText(text.length > 200_000 ? text.slice(0, 200_000) : text)) return 'intent';
  return undefined;
}
