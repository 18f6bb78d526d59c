#!/usr/bin/env bash
# Repository hygiene (the repo-hygiene stage of scripts/test.sh), quick and offline:
#   - no tracked file is an executable binary (ELF, PE/COFF "MZ", Mach-O, universal Mach-O)
#   - no tracked file is over 1 MB unless .ci/large-files.txt lists it with a reason
#   - every test that skips itself under the race detector is listed in NO_RACE_TESTS of
#     scripts/test.sh, so it runs once more without -race
# Prints every offender and exits 1 if there is any.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

LIMIT=$((1024 * 1024))
ALLOW=.ci/large-files.txt
bad=0

declare -A allowed=()
if [[ -f $ALLOW ]]; then
  while read -r path reason; do
    [[ -z $path || $path == \#* ]] && continue
    if [[ -z $reason ]]; then
      echo "$ALLOW: $path is listed without a reason"
      bad=1
    fi
    allowed[$path]=1
  done <"$ALLOW"
fi

count=0 bytes=0
while IFS= read -r -d '' f; do
  [[ -f $f && ! -L $f ]] || continue # deleted in the work tree, or a symlink
  count=$((count + 1))
  size=$(stat -c %s -- "$f")
  bytes=$((bytes + size))
  magic=$(od -An -tx1 -N4 -- "$f" | tr -d ' \n')
  case $magic in
    7f454c46*) echo "$f: ELF executable or object (build output?)"; bad=1 ;;
    4d5a*) echo "$f: PE/COFF (Windows) executable (build output?)"; bad=1 ;;
    feedface | feedfacf | cefaedfe | cffaedfe | cafebabe)
      echo "$f: Mach-O executable (build output?)"; bad=1 ;;
  esac
  if ((size > LIMIT)) && [[ -z ${allowed[$f]:-} ]]; then
    echo "$f: $size bytes, over 1 MB and not listed in $ALLOW with a reason"
    bad=1
  fi
done < <(git ls-files -z)
echo "tracked: $count files, $bytes bytes"

# Tests that change behaviour under -race (they read raceOn, the build-tagged constant of
# race_on_test.go / race_off_test.go) must be listed in NO_RACE_TESTS of scripts/test.sh.
listed=$(sed -n '/^NO_RACE_TESTS=(/,/^)/p' scripts/test.sh)
while IFS= read -r file; do
  pkg="./$(dirname "$file")"
  # the enclosing function of each use of raceOn
  while read -r name; do
    if [[ $name != Test* ]]; then
      echo "$file: $name reads raceOn outside a Test function; read it in the test itself so this check can list it"
      bad=1
    elif ! grep -qF "\"$pkg $name\"" <<<"$listed"; then
      echo "$file: $name changes under -race but is not in NO_RACE_TESTS of scripts/test.sh (\"$pkg $name\")"
      bad=1
    fi
  done < <(awk '/^func / { fn = $2; sub(/\(.*/, "", fn); if (fn == "") fn = "a method" }
                /(^|[^A-Za-z0-9_])raceOn([^A-Za-z0-9_]|$)/ && !/^(const|var) raceOn/ && fn != "" { print fn }' "$file" | sort -u)
done < <(git grep -lw raceOn -- '*_test.go')

if ((bad)); then
  echo "repo-hygiene: FAILED"
  exit 1
fi
echo "repo-hygiene: ok"
