/**
 * The one owner of Helm Intent's version: package.json's `version`, put in by the build
 * (scripts/build.mjs `define`), read from package.json when run from source (tests, tsx).
 */
declare const HELM_INTENT_BUILD_VERSION: string | undefined;

export const VERSION: string =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tests run from source; the build inlines the version
  typeof HELM_INTENT_BUILD_VERSION === 'string' ? HELM_INTENT_BUILD_VERSION : (require('../../package.json') as { version: string }).version;
