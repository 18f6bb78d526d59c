#!/usr/bin/env bash
# The whole test run (this is what CI runs through .ci/run):
#   repo-hygiene    scripts/check-repo.sh: no tracked binaries or unlisted files over 1 MB, every
#                   test that changes under -race listed in NO_RACE_TESTS below
#   setup           scripts/setup.sh (apt packages, Wails CLI, npm ci when needed)
#   bindings        scripts/gen-bindings.sh --check: the committed frontend/wailsjs (typed Go
#                   bindings and models the frontend is type-checked against) is not stale
#   frontend-build  npm run build in frontend/ (vue-tsc + vite) -> frontend/dist
#   go-vet          go vet -tags webkit2_41 ./...
#   lint            golangci-lint run (config .golangci.yml: errcheck, rowserrcheck, staticcheck,
#                   gosec, govet, ineffassign, unused), clean
#   go-test         go test -tags webkit2_41 -race -count=1 -timeout 30m ./... (+ the race-skipped
#                   tests without -race, + a short fuzz run of each FUZZ_TARGETS entry, a fixed
#                   count of inputs each; FUZZ_TIME=10m fuzzes each for that long instead);
#                   ends with the 10 slowest packages. In a run that has e2e too, it runs in the
#                   background (see "Beside go-test" below)
#   frontend-test   npm test in frontend/ (Vitest)
#   e2e             dev build of the app + node --test of each frontend/e2e/ spec (real Go bindings
#                   in Chromium), E2E_JOBS (2) specs at a time, then, once go-test has ended, the
#                   timed one (layout) alone; a failing spec runs once more and is reported as
#                   flaky if it passes
#   build           wails build (production binary build/bin/plantel, frontend already built)
#   smoke           tests/smoke/window.sh: the real window under Xvfb, screenshot checked
#   release         tests/release/check.sh: the .deb built with nfpm, installed into a scratch root
#                   and started under Xvfb, the single-instance rule, and the Windows .exe and NSIS
#                   installer cross-built and checked as PE files with the version resource (about
#                   20 s with a warm build cache, reusing frontend/dist from frontend-build; runs
#                   last, as make linux cleans build/bin)
# Beside go-test: go test -race keeps both cores busy, while Vitest (one worker on 2 cores) and
# the e2e specs (waiting on the browser and the app in turn: about half a core for two specs)
# leave one idle. So when a run has both go-test and e2e, go-test starts in the background at
# nice 10 (its output in artifacts/logs/go-test.log, printed whole when it ends) and
# frontend-test and the e2e spec lanes run in the foreground beside it, ahead of it for the CPU;
# the layout spec, which holds timings, waits for go-test to end, and so does every later stage.
# Every stage runs even when an earlier one failed (a stage whose input failed is skipped);
# before the summary, each failed stage's failing tests and error lines are printed again
# (CI shows the tail of the log); the last line is the plain summary "stages: N passed, N failed, N skipped". Exit status is 0
# only when every stage passed. Logs and screenshots go to ./artifacts/.
#
# Run only some stages: bash scripts/test.sh go-vet go-test   (names as above)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ARTIFACTS="$ROOT/artifacts"
LOGS="$ARTIFACTS/logs"

ALL_STAGES=(repo-hygiene setup bindings frontend-build go-vet lint go-test frontend-test e2e build smoke release)
# Stages that run only when named; none at present.
OPTIONAL_STAGES=()
# Stages that run beside a background go-test (see the header); any other stage waits for it.
BESIDE_GO_TEST=(frontend-test e2e)
declare -A NEEDS=(
  [e2e]="frontend-build"
  [build]="frontend-build"
  [smoke]="build"
)

# --- stages ------------------------------------------------------------------------------------
stage_repo_hygiene() { bash "$ROOT/scripts/check-repo.sh"; }

stage_setup() { bash "$ROOT/scripts/setup.sh"; }

stage_bindings() { bash "$ROOT/scripts/gen-bindings.sh" --check; }

stage_frontend_build() {
  [[ -f frontend/package.json ]] || { echo "frontend/package.json does not exist"; return 1; }
  if ! node_modules_fresh; then
    echo "frontend/node_modules is missing or older than package-lock.json: npm ci"
    (cd frontend && npm ci --no-audit --no-fund)
  fi
  (cd frontend && npm run build)
  keep_dist_placeholder
  [[ -f frontend/dist/index.html ]] || { echo "npm run build did not produce frontend/dist/index.html"; return 1; }
}

stage_frontend_test() {
  # CI=true and no stdin: Vitest runs once instead of watching, whatever the package script says.
  (cd frontend && CI=true npm test </dev/null)
}

stage_go_vet() { go vet -tags "$GO_TAGS" ./...; }

stage_lint() { golangci-lint run --build-tags "$GO_TAGS" ./...; }

# The few tests too slow under the race detector skip themselves, or part of themselves, there
# (they read raceOn) and run here once more without it, so CI runs every test in full.
# scripts/check-repo.sh (stage repo-hygiene) fails when a test reading raceOn is not listed.
NO_RACE_TESTS=(
  "./backend/demo TestDemoDeterministic"
  "./backend/demo TestDemoRefusesNonEmpty"
  "./backend/demo TestDemoCreate"
  "./app TestDemoServiceSetup"
  "./backend/clients TestSpreadIsEvenAndLosesNothing"
  "./backend/clients TestMoveIsAtomicWhenCancelledOrFailing"
  "./backend/users TestListSearchMatchesPlainSQL"
  "./backend/store TestUpdateManyStoppedByProgressLeavesNothing"
  "./backend/avatar TestLargePicturesAreShrunkWithoutShiftingThem"
  "./backend/backup TestCrashSafety"
  "./backend/sync TestSyncSurvivesKill9"
  "./backend/avatar TestDeepPictureIsRefusedByItsDecodeMemory"
  "./backend/avatar TestPicturesAreDecodedOneAtATime"
  "./app TestEveryBoundMethodHasADeclaredGate"
  "./backend/cmd/plantel-bench TestBenchSmoke"
  "./backend/store TestMetadataKeepsTheFileSmall"
)
# go test's own default (10 minutes per package binary) failed the app package on a busy
# machine (load ~4: 7m56s for one test); CI has 90 minutes, so a package gets 30.
GO_TEST_TIMEOUT="${GO_TEST_TIMEOUT:-30m}"
# Fuzz targets of the hostile-file readers (memory limits inside each), fuzzed briefly on
# every run beyond their seed corpus (which the plain go test runs always).
FUZZ_TARGETS=(
  # Counts, not times: go1.26's fuzz coordinator fails a time-limited run at its deadline
  # with a bare "context deadline exceeded" when a worker is still busy (golang/go#75804,
  # fixed in go1.27); it failed FuzzReadCSV in CI on a loaded machine with nothing wrong.
  # Each count is about 4 s of fuzzing on a quiet 2-core machine (5 s runs: CSV 30k execs,
  # avatar 18k, push decoding 49k, push handler 15k); a busy machine only takes longer.
  "./backend/tabular FuzzReadCSV 15000x"
  # An XLSX input can take seconds (a large unzipped sheet within the caps).
  "./backend/tabular FuzzReadXLSX 150x"
  "./backend/avatar FuzzProcess 8000x"
  "./backend/syncwire FuzzDecodePush 25000x"
  "./backend/server FuzzPushHandler 8000x"
)
FUZZ_TIME="${FUZZ_TIME:-}" # set (e.g. 10m) to fuzz every target for that long instead
# slowest_packages prints the 10 slowest package binaries of a go test output (its
# "ok/FAIL <pkg> <secs>s" lines), so the suite's time stays visible in the log.
slowest_packages() {
  echo "slowest packages (go test -race, seconds per package binary):"
  { grep -E $'^(ok|FAIL)[ \t]+[^ \t]+[ \t]+[0-9.]+s' "$1" || true; } |
    awk '{ t = $3; sub(/s$/, "", t); printf "  %8.1f s  %-4s %s\n", t, $1, $2 }' | sort -rn | head -n 10
}

stage_go_test() {
  local rc=0 out="$LOGS/go-test-packages.txt"
  go_test_all "$out" || rc=$?
  slowest_packages "$out" || true
  return "$rc"
}

# go_test_all is the go-test stage proper; every step returns its failure explicitly (set -e
# does not act inside a function called with ||). $1 receives the main run's output.
go_test_all() {
  go test -tags "$GO_TAGS" -race -count=1 -timeout "$GO_TEST_TIMEOUT" ./... 2>&1 | tee "$1"
  [[ ${PIPESTATUS[0]} -eq 0 ]] || return 1
  # one run per package: ./pkg -run '^(TestA|TestB)$'
  local t pkg
  declare -A names=()
  for t in "${NO_RACE_TESTS[@]}"; do
    names[${t% *}]+="${names[${t% *}]:+|}${t#* }"
  done
  for pkg in "${!names[@]}"; do
    go test -tags "$GO_TAGS" -count=1 -timeout "$GO_TEST_TIMEOUT" -v "$pkg" -run "^(${names[$pkg]})\$" | grep -E '^(--- |ok|FAIL|PASS)'
    [[ ${PIPESTATUS[0]} -eq 0 ]] || return 1
  done
  local pkg_ target ftime
  for t in "${FUZZ_TARGETS[@]}"; do
    read -r pkg_ target ftime <<<"$t"
    if [[ -n "$FUZZ_TIME" ]]; then ftime="$FUZZ_TIME"; fi
    echo "fuzz $target for $ftime"
    go test -tags "$GO_TAGS" -run '^$' -fuzz "^${target}\$" -fuzztime "$ftime" -parallel 2 "$pkg_" || return 1
  done
}

# E2E_JOBS spec files run at once (each its own Xvfb, app, data dir, port and Chromium): one
# spec alone left a core of the 2-core CI machine idle most of the time (a spec waits on the
# browser and the app in turn). The specs in E2E_ALONE hold timings and run alone, after the
# others. Longest first (the previous CI's durations), so the two lanes end together.
E2E_JOBS="${E2E_JOBS:-2}"
E2E_ALONE=(layout)
E2E_ORDER=(polish org dashboard agenda sync synccopy profile clients invites xss users security import bulk profiles foundation session release followup-owner password avatar)

# e2e_spec runs one spec file (once more when it fails) with its output in its own log, then
# prints the log whole (under a lock, so parallel specs do not interleave) and writes its
# result (ok, flaky, failed) and what failed beside it. Always returns 0.
e2e_spec() {
  local spec=$1 name out log
  name=$(basename "$spec" .mjs)
  out="$ARTIFACTS/e2e/$name"
  log="$out.log"
  run_one() {
    PLANTEL_DEV_BIN="$ROOT/build/bin/plantel-dev" E2E_ARTIFACTS="$ARTIFACTS/e2e" \
      node --test --test-reporter=spec "$spec" >"$log" 2>&1
  }
  if run_one; then
    echo ok >"$out.result"
  else
    { echo "==> e2e: $spec, first run:"; sed -n '/failing tests:/,$p' "$log" | head -40; } >"$out.failures"
    mv "$log" "$out.first.log"
    if run_one; then
      echo flaky >"$out.result"
      echo "==> e2e: $spec passed when run again (flaky)" >>"$out.failures"
    else
      echo failed >"$out.result"
      { echo "==> e2e: $spec, second run:"; sed -n '/failing tests:/,$p' "$log" | head -40; } >>"$out.failures"
    fi
  fi
  (
    flock 9
    echo "==> e2e: $spec: $(cat "$out.result")"
    if [[ -f "$out.first.log" ]]; then
      echo "==> e2e: $spec, first run:"
      cat "$out.first.log"
      echo "==> e2e: $spec, run once more:"
    fi
    cat "$log"
  ) 9>"$ARTIFACTS/e2e/.print.lock"
  return 0
}

stage_e2e() {
  if [[ ! -f frontend/node_modules/playwright-core/package.json ]]; then
    echo "playwright-core is not in frontend/node_modules: it belongs in frontend/package.json devDependencies"
    return 1
  fi
  echo "go build -tags dev,$GO_TAGS -o build/bin/plantel-dev ."
  go build -tags "dev,$GO_TAGS" -o build/bin/plantel-dev .
  rm -rf "$ARTIFACTS/e2e"
  mkdir -p "$ARTIFACTS/e2e"
  # Every spec file runs (node --test runs each file in its own process anyway). A spec that
  # fails is run once more on its own: when the second run passes the stage still passes, but
  # the failure is printed again after the summary (artifacts/e2e/failures.txt), so a story that
  # fails only on a loaded machine is seen, not hidden.
  local spec name n=0 lanes=() alone=() failed=() flaky=()
  declare -A listed=()
  for name in "${E2E_ORDER[@]}"; do
    [[ -f "frontend/e2e/$name-test.mjs" ]] && lanes+=("frontend/e2e/$name-test.mjs") && listed[$name]=1
  done
  for name in "${E2E_ALONE[@]}"; do
    [[ -f "frontend/e2e/$name-test.mjs" ]] && alone+=("frontend/e2e/$name-test.mjs") && listed[$name]=1
  done
  for spec in frontend/e2e/*-test.mjs; do # a spec not in the lists runs too, last in the lanes
    name=$(basename "$spec" -test.mjs)
    [[ -n "${listed[$name]:-}" ]] || lanes+=("$spec")
  done
  echo "e2e: ${#lanes[@]} specs, $E2E_JOBS at a time; then alone: ${alone[*]}"
  for spec in "${lanes[@]}"; do
    e2e_spec "$spec" &
    n=$((n + 1))
    if ((n >= E2E_JOBS)); then
      wait -n || true
      n=$((n - 1))
    fi
  done
  wait || true
  if ((${#alone[@]})) && [[ -f "$LOGS/.go-test.running" ]]; then
    echo "e2e: waiting for go-test (in the background) to end before the timed specs"
    while [[ -f "$LOGS/.go-test.running" ]]; do sleep 2; done
  fi
  for spec in "${alone[@]}"; do
    e2e_spec "$spec"
  done
  rm -f "$ARTIFACTS/e2e/failures.txt" "$ARTIFACTS/e2e/.print.lock"
  for spec in "${lanes[@]}" "${alone[@]}"; do
    name="$ARTIFACTS/e2e/$(basename "$spec" .mjs)"
    [[ -f "$name.failures" ]] && cat "$name.failures" >>"$ARTIFACTS/e2e/failures.txt"
    case "$(cat "$name.result" 2>/dev/null || echo failed)" in
      ok) ;;
      flaky) flaky+=("$spec") ;;
      *) failed+=("$spec") ;;
    esac
  done
  ((${#flaky[@]} == 0)) || echo "==> e2e: flaky (failed once, then passed): ${flaky[*]}"
  if ((${#failed[@]})); then
    echo "==> e2e: failed twice: ${failed[*]}"
    return 1
  fi
}

stage_build() {
  rm -f build/bin/plantel
  # -s: the frontend was built by frontend-build; -skipbindings: keep the committed frontend/wailsjs
  # (the frontend was type-checked against it); -m / -nosyncgomod: leave go.mod alone.
  wails build -m -nosyncgomod -s -skipbindings -tags "$GO_TAGS" -o plantel
  [[ -x build/bin/plantel ]] || { echo "wails build did not produce build/bin/plantel"; return 1; }
  ls -l build/bin/plantel
}

stage_smoke() { PLANTEL_SKIP_SETUP=1 bash "$ROOT/tests/smoke/window.sh" --reuse; }

stage_release() {
  local built=0
  [[ "${RESULT[frontend-build]:-}" == ok ]] && built=1
  PLANTEL_FRONTEND_BUILT=$built bash "$ROOT/tests/release/check.sh"
}

# failure_digest prints, from a failed stage's log, the failing tests and their error lines:
# go test's "--- FAIL" blocks, FAIL lines, compile errors and a panic with the tests it names
# (a timeout lists the tests still running); node --test's spec output
# from "✖ failing tests:" (each "✖" line and what follows it up to the stack); Vitest's
# " FAIL " blocks up to their "❯" location. A log none of these match gets its last 15 lines.
# CI shows the tail of the log, so this is printed just before the summary. Never fails.
DIGEST_MAX_LINES=80
failure_digest() {
  local log=$1 digest plain
  [[ -f $log ]] || { echo "    (no log: $log)"; return 0; }
  plain="$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" || true)"
  digest="$(printf '%s\n' "$plain" | awk -v nodesum="$(grep -c '^✖ failing tests:' "$log" || true)" '
    # node --test: only the final "failing tests" section when there is one (it repeats the
    # errors printed inline).
    /^✖ failing tests:/ { insum = 1; next }
    nodesum > 0 && !insum && /✖/ { next }
    /✖/ { print; nd = 1; next }
    nd && /^[ \t]+at / { nd = 0; next }
    nd && /^test at / { nd = 0 }
    nd { if ($0 !~ /^[ \t]*$/) print; next }
    insum && /^test at / { print; next }
    # go test
    /^[ \t]*--- FAIL/ || /^panic: / { print; gf = 1; next }
    gf && /^[ \t]+[^ \t]/ && !/^[ \t]*--- (PASS|SKIP)/ { print; next }
    { gf = 0 }
    /^(FAIL|fatal error:)/ || /\[(build|setup) failed\]/ || /^[^ \t]+\.go:[0-9]+(:[0-9]+)?: / { print; next }
    # Vitest
    /^ FAIL / { print; vf = 1; n = 0; next }
    vf && /❯/ { print; vf = 0; next }
    vf && n++ < 12 { if ($0 !~ /^[ \t]*$/) print; next }
    { vf = 0 }
  ' || true)"
  if [[ -z $digest ]]; then
    digest="$(printf '%s\n' "$plain" | tail -n 15 || true)"
  fi
  [[ -n ${digest//[[:space:]]/} ]] || digest="(the log is empty)"
  local total
  total=$(printf '%s\n' "$digest" | wc -l)
  printf '%s\n' "$digest" | head -n "$DIGEST_MAX_LINES" | sed 's/^/    /'
  if ((total > DIGEST_MAX_LINES)); then
    printf '    … %d more lines: %s\n' $((total - DIGEST_MAX_LINES)) "${log#"$ROOT"/}"
  fi
  return 0
}

# --- runner ------------------------------------------------------------------------------------
declare -A RESULT=() TOOK=() T_START=()
ORDER=()

# finish_stage records a stage's exit status and time and prints its closing line.
finish_stage() {
  local name=$1 rc=$2
  TOOK[$name]=$((SECONDS - T_START[$name]))
  if ((rc == 0)); then RESULT[$name]="ok"; else RESULT[$name]="failed"; fi
  printf -- '---------- %s: %s (exit %d, %s)\n' "$name" "${RESULT[$name]}" "$rc" "$(elapsed "${TOOK[$name]}")"
}

# start_background starts a stage in the background at nice 10 (more than the run's own), its
# output in its log only; the file $LOGS/.NAME.running exists until it ends (the e2e stage
# waits on it before the timed specs).
BACKGROUND=""
start_background() {
  local name=$1
  printf '\n========== %s: started in the background (its log follows when it ends)\n' "$name"
  T_START[$name]=$SECONDS
  touch "$LOGS/.$name.running"
  (
    # 10 more than the run's own niceness (renice -n sets it, it does not add), at most 19
    ni=$(($(ps -o ni= -p "$BASHPID") + 10))
    renice -n $((ni > 19 ? 19 : ni)) -p "$BASHPID" >/dev/null || true
    set +e
    ( set -e; "stage_${name//-/_}" ) >"$LOGS/$name.log" 2>&1
    echo $? >"$LOGS/.$name.rc"
    rm -f "$LOGS/.$name.running"
  ) &
  BACKGROUND="$name $!"
}

# wait_background waits for the background stage, if any, prints its log and records it.
wait_background() {
  [[ -n $BACKGROUND ]] || return 0
  local name=${BACKGROUND% *} pid=${BACKGROUND#* } rc
  BACKGROUND=""
  wait "$pid" || true
  rc=$(cat "$LOGS/.$name.rc" 2>/dev/null || echo 1)
  rm -f "$LOGS/.$name.rc" "$LOGS/.$name.running"
  printf '\n========== %s (ran in the background)\n' "$name"
  cat "$LOGS/$name.log"
  finish_stage "$name" "$rc"
}

run_stage() {
  local name=$1 dep rc
  ORDER+=("$name")
  [[ " ${BESIDE_GO_TEST[*]} " == *" $name "* ]] || wait_background
  for dep in ${NEEDS[$name]:-}; do
    if [[ " ${ORDER[*]} " == *" $dep "* && "${RESULT[$dep]:-}" != ok ]]; then
      printf '\n========== %s: skipped (needs %s, which %s)\n' "$name" "$dep" "${RESULT[$dep]}"
      RESULT[$name]="skipped"
      TOOK[$name]=0
      return 0
    fi
  done
  if [[ $name == go-test && " ${stages[*]} " == *" e2e "* ]]; then
    start_background "$name"
    return 0
  fi
  printf '\n========== %s\n' "$name"
  T_START[$name]=$SECONDS
  set +e
  ( set -e; "stage_${name//-/_}" ) 2>&1 | tee "$LOGS/$name.log"
  rc=${PIPESTATUS[0]}
  set -e
  finish_stage "$name" "$rc"
}

stages=("$@")
((${#stages[@]})) || stages=("${ALL_STAGES[@]}")
for s in "${stages[@]}"; do
  [[ " ${ALL_STAGES[*]} ${OPTIONAL_STAGES[*]} " == *" $s "* ]] || die "unknown stage '$s' (stages: ${ALL_STAGES[*]})"
done

# A full run starts from an empty artifacts/; a partial run replaces only its stages' output.
((${#stages[@]} == ${#ALL_STAGES[@]})) && rm -rf "$ARTIFACTS"
mkdir -p "$LOGS"
rm -f "$LOGS"/.*.running "$LOGS"/.*.rc # left by a run that was stopped
T0=$SECONDS
log "test.sh: stages ${stages[*]}; logs in artifacts/logs/"
for s in "${stages[@]}"; do
  run_stage "$s"
done
wait_background

passed=0 failed=0 skipped=0 bad=()
for s in "${ORDER[@]}"; do
  if [[ ${RESULT[$s]} == failed ]]; then
    printf '\n========== %s failed: what failed (full log: artifacts/logs/%s.log)\n' "$s" "$s"
    failure_digest "$LOGS/$s.log" || true
  fi
done
printf '\n========== summary\n'
for s in "${ORDER[@]}"; do
  printf '  %-16s %-8s %s\n' "$s" "${RESULT[$s]}" "$(elapsed "${TOOK[$s]}")"
  case "${RESULT[$s]}" in
    ok) passed=$((passed + 1)) ;;
    failed) failed=$((failed + 1)); bad+=("$s") ;;
    *) skipped=$((skipped + 1)); bad+=("$s (skipped)") ;;
  esac
done
printf '  %-16s %-8s %s\n' "total" "" "$(elapsed $((SECONDS - T0)))"
if [[ -s "$ARTIFACTS/e2e/failures.txt" ]]; then
  printf '\ne2e failures (artifacts/e2e/failures.txt):\n'
  cat "$ARTIFACTS/e2e/failures.txt"
fi
if ((${#bad[@]})); then
  printf -v joined '%s, ' "${bad[@]}"
  printf 'not passed: %s\n' "${joined%, }"
fi
printf 'stages: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
((failed == 0 && skipped == 0))
