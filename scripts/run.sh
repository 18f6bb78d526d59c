#!/usr/bin/env bash
# Builds the production app (wails build) and runs it; every argument goes to the app:
#   bash scripts/run.sh --data-dir /tmp/plantel-portable
# Without a display ($DISPLAY / $WAYLAND_DISPLAY unset) it runs under xvfb-run.
# PLANTEL_SKIP_SETUP=1 skips scripts/setup.sh; PLANTEL_SKIP_BUILD=1 reuses build/bin/plantel.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [[ "${PLANTEL_SKIP_SETUP:-}" != 1 ]]; then
  bash "$ROOT/scripts/setup.sh"
fi

if [[ "${PLANTEL_SKIP_BUILD:-}" == 1 && -x build/bin/plantel ]]; then
  log "run: reusing build/bin/plantel"
else
  log "run: wails build -tags $GO_TAGS -o plantel"
  # -m: no `go mod tidy` (go.mod is maintained by hand); -nosyncgomod: leave the Wails version alone.
  wails build -m -nosyncgomod -tags "$GO_TAGS" -o plantel
  keep_dist_placeholder
fi

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  log "run: build/bin/plantel $*"
  exec build/bin/plantel "$@"
else
  log "run: no display (\$DISPLAY is unset): running under xvfb-run -a -s \"$XVFB_ARGS\""
  exec xvfb-run -a -s "$XVFB_ARGS" build/bin/plantel "$@"
fi
