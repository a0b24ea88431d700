/**
 * The one owner of Helm Intent's version: package.json's `version`, put in by the build
 * (scripts/build.mjs `define`), read from package.json when run from source (tests, tsx).
 */
declare const HELM_INTENT_BUILD_VERSION: string | undefined;

/** package.json's version: inlined by the build; read from the file when tests run from source. */
function sourceVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when running from source
  return (require('../../package.json') as { version: string }).version;
}

export const VERSION: string =
  typeof HELM_INTENT_BUILD_VERSION === 'string' ? HELM_INTENT_BUILD_VERSION : sourceVersion();
