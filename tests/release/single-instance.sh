#!/usr/bin/env bash
# single-instance.sh BIN: under an X server (run it with xvfb-run), a second launch of BIN on
# the data folder of a running one ends within 15 s, says so, and leaves the first running
# (issue 12.6). Without a D-Bus session bus (as here) the data folder's lock file decides;
# with one, Wails' lock also brings the first window to the front.
set -euo pipefail
BIN=$1
data="$(mktemp -d -t plantel-si-XXXXXX)"
setsid "$BIN" --data-dir "$data" >"$data/first.log" 2>&1 &
first=$!
cleanup() { kill -TERM -- "-$first" 2>/dev/null || true; sleep 1; kill -KILL -- "-$first" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 50); do [[ -s "$data/logs/plantel.log" ]] && grep -q '"starting"' "$data/logs/plantel.log" && break; sleep 0.2; done
set +e
out="$(timeout 15 "$BIN" --data-dir "$data" 2>&1)"
rc=$?
set -e
((rc != 124)) || { echo "single-instance: FAIL: the second launch was still running after 15 s"; exit 1; }
grep -q 'already running' <<<"$out" || { echo "single-instance: FAIL: the second launch did not say why it ended: $out"; exit 1; }
kill -0 "$first" 2>/dev/null || { echo "single-instance: FAIL: the first instance died"; exit 1; }
echo "single-instance: PASS (second launch ended with exit $rc; the first keeps running)"
