# shellcheck shell=bash
# Shared helpers for scripts/*.sh and tests/smoke/*.sh. Source it; do not run it.
#
#   ROOT            repository root (absolute)
#   WAILS_VERSION   the pinned Wails CLI version
#   GOLANGCI_LINT_VERSION  the pinned golangci-lint (v2; builds with Go 1.26)
#   XVFB_ARGS       server arguments for xvfb-run -s
#   GO_TAGS         build tags of every Linux build/run of the app
#   APT_PACKAGES    Debian packages the build, the app and the tests need

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# shellcheck disable=SC2034 # used by the scripts that source this file
WAILS_VERSION="v2.13.0"
# shellcheck disable=SC2034
GOLANGCI_LINT_VERSION="v2.15.0"
# shellcheck disable=SC2034
XVFB_ARGS="-screen 0 1280x900x24"
# shellcheck disable=SC2034
GO_TAGS="webkit2_41"
# shellcheck disable=SC2034
APT_PACKAGES=(libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config xvfb xauth imagemagick chromium xdotool nsis sqlite3 postgresql)

# Go lives at /usr/local/go on the CI machines and may not be on PATH there; the Wails CLI is
# installed into GOPATH/bin.
if [[ -d /usr/local/go/bin && ":$PATH:" != *":/usr/local/go/bin:"* ]]; then
  PATH="/usr/local/go/bin:$PATH"
fi
if command -v go >/dev/null 2>&1; then
  GOBIN_DIR="$(go env GOPATH)/bin"
  if [[ ":$PATH:" != *":$GOBIN_DIR:"* ]]; then
    PATH="$GOBIN_DIR:$PATH"
  fi
fi
export PATH

# GTK under Xvfb: no accessibility bus to wait for.
export NO_AT_BRIDGE=1

log() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# as_root CMD...: run as root, through sudo when we are not root.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

# real_convert: ImageMagick's convert, never a stand-in earlier on PATH.
real_convert() {
  if [[ -x /usr/bin/convert ]]; then
    /usr/bin/convert "$@"
  else
    convert "$@"
  fi
}

# wails_ok: the pinned Wails CLI is installed.
wails_ok() {
  local bin out
  bin="$(go env GOPATH)/bin/wails"
  [[ -x "$bin" ]] || return 1
  out="$("$bin" version 2>/dev/null)" || return 1
  grep -qwF "$WAILS_VERSION" <<<"$out"
}

# golangci_lint_ok: the pinned golangci-lint is installed.
golangci_lint_ok() {
  local bin out
  bin="$(go env GOPATH)/bin/golangci-lint"
  [[ -x "$bin" ]] || return 1
  out="$("$bin" version 2>/dev/null)" || return 1
  grep -qwF "${GOLANGCI_LINT_VERSION#v}" <<<"$out"
}

# node_modules_fresh: frontend/node_modules was installed after the last change of package-lock.json.
node_modules_fresh() {
  local fe="$ROOT/frontend"
  [[ -d "$fe/node_modules" ]] || return 1
  [[ -f "$fe/package-lock.json" ]] || return 0
  [[ -f "$fe/node_modules/.package-lock.json" && "$fe/node_modules/.package-lock.json" -nt "$fe/package-lock.json" ]] \
    || [[ "$fe/node_modules" -nt "$fe/package-lock.json" ]]
}

# keep_dist_placeholder: vite empties frontend/dist on build; the committed placeholder keeps
# `//go:embed all:frontend/dist` compiling in a fresh clone.
keep_dist_placeholder() {
  mkdir -p "$ROOT/frontend/dist"
  [[ -e "$ROOT/frontend/dist/.gitkeep" ]] || : >"$ROOT/frontend/dist/.gitkeep"
}

# elapsed SECONDS -> "1m23s"
elapsed() {
  local s=$1
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}
