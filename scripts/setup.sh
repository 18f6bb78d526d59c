#!/usr/bin/env bash
# Installs what building, running and testing Plantel needs, and only what is missing:
#   - Debian packages (GTK 3, WebKitGTK 4.1, Xvfb, ImageMagick, Chromium, xdotool)
#   - the pinned Wails CLI and golangci-lint into $(go env GOPATH)/bin
#   - frontend/node_modules (npm ci), unless it is newer than frontend/package-lock.json
# Safe to run again: each step says whether it installed or skipped.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# --- toolchains that the machine must already have -------------------------------------------
command -v go >/dev/null 2>&1 || die "Go not found (expected Go 1.26 at /usr/local/go)"
command -v node >/dev/null 2>&1 || die "node not found (expected Node 20)"
command -v npm >/dev/null 2>&1 || die "npm not found"
log "go: $(go version | awk '{print $3}'), node: $(node --version), npm: $(npm --version)"

# --- Debian packages ---------------------------------------------------------------------------
installed() {
  local status
  status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" || return 1
  [[ "$status" == "install ok installed" ]]
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  log "apt: skip, already installed: ${APT_PACKAGES[*]}"
else
  log "apt: installing ${missing[*]}"
  apt_opts=(-y -q -o DPkg::Lock::Timeout=600)
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=600
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" "${missing[@]}"
  for pkg in "${missing[@]}"; do
    installed "$pkg" || die "apt: $pkg is still not installed"
  done
  log "apt: installed ${missing[*]}"
fi

# --- Wails CLI ---------------------------------------------------------------------------------
if wails_ok; then
  log "wails: skip, $(go env GOPATH)/bin/wails is $WAILS_VERSION"
else
  log "wails: installing github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
  go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
  wails_ok || die "wails: $(go env GOPATH)/bin/wails does not report $WAILS_VERSION after install"
  log "wails: installed $WAILS_VERSION"
fi

# --- golangci-lint (the lint stage of scripts/test.sh; config in .golangci.yml) ---------------
if golangci_lint_ok; then
  log "golangci-lint: skip, $(go env GOPATH)/bin/golangci-lint is $GOLANGCI_LINT_VERSION"
else
  log "golangci-lint: installing github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
  go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
  golangci_lint_ok || die "golangci-lint: $(go env GOPATH)/bin/golangci-lint does not report $GOLANGCI_LINT_VERSION after install"
  log "golangci-lint: installed $GOLANGCI_LINT_VERSION"
fi

# --- frontend node_modules ---------------------------------------------------------------------
if [[ ! -f frontend/package.json ]]; then
  warn "npm: frontend/package.json does not exist yet; skipping npm ci"
elif [[ ! -f frontend/package-lock.json ]]; then
  die "npm: frontend/package-lock.json is missing; npm ci needs it (run npm install in frontend/ and commit the lock file)"
elif node_modules_fresh; then
  log "npm: skip, frontend/node_modules is newer than package-lock.json"
else
  log "npm: npm ci in frontend/"
  (cd frontend && npm ci --no-audit --no-fund)
  log "npm: installed frontend/node_modules"
fi

# `wails build` runs frontend:install (npm ci) again unless frontend/package.json.md5 holds the
# MD5 of package.json; node_modules is now installed for this package.json, so say so.
if [[ -f frontend/package.json && -d frontend/node_modules ]]; then
  md5sum frontend/package.json | cut -d' ' -f1 | tr -d '\n' >frontend/package.json.md5
fi

keep_dist_placeholder
log "setup: done"
