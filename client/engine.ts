/**
 * The one door from the extension to engine code that runs in its process (server/host): a separate
 * bundle, dist/host-engine.js, required on first use. The build (scripts/build.mjs) points this
 * require at that bundle; run from source (tests) it loads the TypeScript module itself.
 */
import type * as HostEngine from '../server/host';

let loaded: typeof HostEngine | undefined;

export function engine(): typeof HostEngine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('../server/host') as typeof HostEngine);
}
