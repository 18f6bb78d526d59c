#!/usr/bin/env bash
# Repository hygiene (the repo-hygiene stage of scripts/test.sh), quick and offline:
#   - no tracked file is an executable binary (ELF, PE/COFF "MZ", Mach-O, universal Mach-O)
#   - no tracked file is over 1 MB unless .ci/large-files.txt lists it with a reason
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

if ((bad)); then
  echo "repo-hygiene: FAILED"
  exit 1
fi
echo "repo-hygiene: ok"
