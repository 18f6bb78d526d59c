#!/usr/bin/env bash
# Window smoke test: the production binary opens a real window titled "Plantel" under Xvfb,
# and a screenshot of it is not a single flat colour.
#
#   bash tests/smoke/window.sh           # builds build/bin/plantel first (wails build)
#   bash tests/smoke/window.sh --reuse   # reuses build/bin/plantel when it exists (scripts/test.sh)
#
# Artifacts: artifacts/smoke/window.png (the whole screen), artifacts/smoke/app-window.png (the
# window alone), artifacts/smoke/app.log (the app's output).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$ROOT"

OUT="$ROOT/artifacts/smoke"
BIN="${PLANTEL_BIN:-$ROOT/build/bin/plantel}" # PLANTEL_BIN: another binary, for debugging
WAIT_WINDOW=30 # seconds to wait for the window to appear
WAIT_PAINT=3   # seconds to let the page paint afterwards

# stddev FILE: the image's standard deviation over all channels (0 = one flat colour).
stddev() { real_convert "$1" -format '%[standard-deviation]' info:; }

# find_window: the id of the visible window titled exactly "Plantel" (xdotool's regex ignores
# case, and GTK also maps a 10x10 client-leader window named after the program, "plantel").
find_window() {
  local id
  for id in $(xdotool search --onlyvisible --name '^Plantel$' 2>/dev/null || true); do
    if [[ "$(xdotool getwindowname "$id" 2>/dev/null)" == "Plantel" ]]; then
      echo "$id"
      return 0
    fi
  done
}

APP_PID=""
# stop_app: end the app's process group (TERM, then KILL after 5 s).
stop_app() {
  [[ -n "$APP_PID" ]] || return 0
  kill -TERM -- "-$APP_PID" 2>/dev/null || true
  for _ in $(seq 1 25); do
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

# Runs inside xvfb-run, so DISPLAY/XAUTHORITY are the ones of the server xvfb-run started and
# the app, xdotool and import all talk to the same one.
inside_xvfb() {
  local data_dir=$1 wid="" start sd

  log "smoke: DISPLAY=$DISPLAY, data dir $data_dir"
  # setsid: the app (and its WebKit helper processes) get their own process group to kill.
  setsid "$BIN" --data-dir "$data_dir" >"$OUT/app.log" 2>&1 &
  APP_PID=$!
  trap stop_app EXIT

  start=$SECONDS
  while ((SECONDS - start < WAIT_WINDOW)); do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      printf 'smoke: FAIL: the app exited before its window appeared; last lines of app.log:\n' >&2
      tail -n 30 "$OUT/app.log" >&2 || true
      return 1
    fi
    wid="$(find_window)"
    [[ -n "$wid" ]] && break
    sleep 0.5
  done
  if [[ -z "$wid" ]]; then
    printf 'smoke: FAIL: no window named "Plantel" within %ss; last lines of app.log:\n' "$WAIT_WINDOW" >&2
    tail -n 30 "$OUT/app.log" >&2 || true
    import -window root "$OUT/window.png" 2>/dev/null || true
    return 1
  fi
  log "smoke: window $wid \"$(xdotool getwindowname "$wid")\" appeared after $((SECONDS - start))s; $(xdotool getwindowgeometry "$wid" | tr -s ' \n' ' ')"

  sleep "$WAIT_PAINT"
  kill -0 "$APP_PID" 2>/dev/null || { printf 'smoke: FAIL: the app died after opening its window\n' >&2; return 1; }

  import -window root "$OUT/window.png"
  import -window "$wid" "$OUT/app-window.png" || warn "smoke: could not capture the window alone"
  [[ -s "$OUT/window.png" ]] || { printf 'smoke: FAIL: %s was not written\n' "$OUT/window.png" >&2; return 1; }

  sd="$(stddev "$OUT/window.png")"
  log "smoke: window.png $(real_convert "$OUT/window.png" -format '%wx%h' info:), standard deviation $sd"
  if ! awk -v s="$sd" 'BEGIN { exit !(s + 0 > 0) }'; then
    printf 'smoke: FAIL: the screenshot is one flat colour\n' >&2
    return 1
  fi
  if [[ -s "$OUT/app-window.png" ]]; then
    sd="$(stddev "$OUT/app-window.png")"
    log "smoke: app-window.png $(real_convert "$OUT/app-window.png" -format '%wx%h' info:), standard deviation $sd"
    if ! awk -v s="$sd" 'BEGIN { exit !(s + 0 > 0) }'; then
      printf 'smoke: FAIL: the window is one flat colour (the page did not paint)\n' >&2
      return 1
    fi
  fi
  log "smoke: PASS ($OUT/window.png)"
}

if [[ "${1:-}" == --inside-xvfb ]]; then
  inside_xvfb "$2"
  exit
fi

reuse=0
[[ "${1:-}" == --reuse ]] && reuse=1

if ((reuse)) && [[ -x "$BIN" ]]; then
  log "smoke: reusing $BIN"
else
  ((reuse)) && log "smoke: $BIN does not exist; building it"
  [[ "${PLANTEL_SKIP_SETUP:-}" == 1 ]] || bash "$ROOT/scripts/setup.sh"
  log "smoke: wails build -tags $GO_TAGS -o plantel"
  wails build -m -nosyncgomod -tags "$GO_TAGS" -o plantel
  keep_dist_placeholder
fi
[[ -x "$BIN" ]] || die "smoke: $BIN was not built"

mkdir -p "$OUT"
rm -f "$OUT/window.png" "$OUT/app-window.png" "$OUT/app.log"
data_dir="$(mktemp -d -t plantel-smoke-XXXXXX)"
trap 'rm -rf "$data_dir"' EXIT

xvfb-run -a -s "$XVFB_ARGS" bash "${BASH_SOURCE[0]}" --inside-xvfb "$data_dir"
