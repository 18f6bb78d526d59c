#!/usr/bin/env bash
# Regenerates frontend/wailsjs (the bound Go services as JS + .d.ts, and the Go-derived
# TypeScript models in frontend/wailsjs/go/models.ts) from the Go code:
#   bash scripts/gen-bindings.sh           regenerate in place (commit the result)
#   bash scripts/gen-bindings.sh --check   fail when the committed frontend/wailsjs is stale
#                                          (the bindings stage of scripts/test.sh); changes nothing
# frontend/src/api/client.ts types every callBound call from these declarations, so vue-tsc
# (npm run build) fails when a Go method or field the frontend uses is renamed or removed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

command -v wails >/dev/null 2>&1 || die "wails CLI not found: run scripts/setup.sh"
WJS=frontend/wailsjs

if [[ "${1:-}" != "--check" ]]; then
  wails generate module -tags "$GO_TAGS" -nocolour >/dev/null
  log "regenerated $WJS"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$WJS" && cp -a "$tmp/committed" "$WJS"; rm -rf "$tmp"' EXIT
cp -a "$WJS" "$tmp/committed"
wails generate module -tags "$GO_TAGS" -nocolour >/dev/null
if ! diff -ru "$tmp/committed" "$WJS" >"$tmp/diff"; then
  head -n 80 "$tmp/diff"
  echo "$WJS is stale: run bash scripts/gen-bindings.sh and commit the result"
  exit 1
fi
log "$WJS is up to date"
