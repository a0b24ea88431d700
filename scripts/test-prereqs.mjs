// What `npm test` needs before any test runs, installed up front (idempotent) with one line per
// install saying what and why — or, where it cannot be installed here, a loud SKIP line naming the
// missing piece and the command that installs it. Used by scripts/test-all.mjs.
//   - helm + kubectl → .tools/bin (scripts/install-tools.mjs): chart reviews run the real helm;
//   - chromium (apt) + code-server (.tools/code-server) via test/e2e/setup.sh: the webview tests
//     drive chromium; the extension-host suite (test/vscode) and the e2e suite run in code-server.
// Env: HELM_INTENT_TEST_NO_INSTALL=1 installs nothing (every missing piece becomes a SKIP).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.HELM_INTENT_CHROMIUM ?? '/usr/bin/chromium';
export const CODE_SERVER = path.join(ROOT, '.tools/code-server/node_modules/.bin/code-server');
const CODE_SERVER_MARKER = path.join(ROOT, '.tools/code-server/.installed-4.100.3');
const HELM = path.join(ROOT, '.tools/bin/helm');
const SETUP = 'bash test/e2e/setup.sh';

const say = (line) => console.log(`[npm test] ${line}`);

/**
 * @returns {{ chromium: string | undefined, codeServer: string | undefined, helm: string | undefined, failures: string[] }}
 *   for each piece: undefined when present, else why it is missing and how to install it (a SKIP reason);
 *   `failures`: installs that were attempted and failed (the run must fail, not skip).
 */
export function ensureTestPrerequisites() {
  const noInstall = !!process.env.HELM_INTENT_TEST_NO_INSTALL;
  const isRoot = process.getuid?.() === 0;
  const failures = [];
  const missing = { chromium: undefined, codeServer: undefined, helm: undefined };

  if (!existsSync(HELM)) {
    if (noInstall) missing.helm = `no helm at .tools/bin/helm — install: node scripts/install-tools.mjs`;
    else {
      say(
        'installing helm + kubectl into .tools/bin (node scripts/install-tools.mjs) — chart review tests run the real helm',
      );
      if (!run(process.execPath, ['scripts/install-tools.mjs', '--quiet']))
        failures.push('node scripts/install-tools.mjs failed (see above)');
    }
  }

  const needsSetup = !existsSync(CHROMIUM) || !existsSync(CODE_SERVER_MARKER);
  if (needsSetup && !noInstall && isRoot) {
    // setup.sh prints one line per install it makes (what and why), nothing for what is there.
    if (!run('bash', ['test/e2e/setup.sh'])) failures.push(`${SETUP} failed (see above)`);
  }
  if (!existsSync(CHROMIUM))
    missing.chromium = `${CHROMIUM} is missing — install: apt-get install -y chromium (as root; npm test does it when run as root)`;
  if (!existsSync(CODE_SERVER_MARKER))
    missing.codeServer = `code-server is missing at .tools/code-server — install: ${SETUP} (as root)`;
  return { ...missing, failures };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  return r.status === 0;
}
