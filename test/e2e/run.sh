#!/usr/bin/env bash
# `npm run test:e2e`: installs what is missing (setup.sh), packages the extension
# (dist/helm-intent.vsix) and runs the real-VS-Code scenarios with Node's test runner.
# Exits non-zero on any failure. Screenshots and, on failure, logs: test-results/e2e/.
# Env: E2E_SKIP_PACKAGE=1 reuses an existing dist/helm-intent.vsix (or E2E_VSIX=<file>).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

now_ms() { date +%s%3N; }
secs() { local ms=$(( $(now_ms) - $1 )); printf '%d.%03ds' $((ms / 1000)) $((ms % 1000)); }
total=$(now_ms)

t=$(now_ms)
bash test/e2e/setup.sh
echo "[e2e] setup took $(secs "$t")"

if [ -z "${E2E_SKIP_PACKAGE:-}" ] && [ -z "${E2E_VSIX:-}" ]; then
  t=$(now_ms)
  npm run package
  [ -f dist/helm-intent.vsix ] || { echo "[e2e] ERROR: npm run package did not produce dist/helm-intent.vsix" >&2; exit 1; }
  echo "[e2e] npm run package took $(secs "$t")"
fi

t=$(now_ms)
status=0
node --test test/e2e/e2e.test.mjs || status=$?
echo "[e2e] scenarios took $(secs "$t"); whole run $(secs "$total"); screenshots in test-results/e2e/"
[ "$status" = 0 ] || echo "[e2e] FAILED (exit $status): see the step messages and logs above" >&2
exit "$status"
