#!/usr/bin/env bash
# Release check (issue 11): builds the Linux package and the Windows files and checks them
# as a user's machine would see them.
#
#   bash tests/release/check.sh            # .deb and Windows
#   RELEASE_SKIP_WINDOWS=1 bash tests/release/check.sh
#
# Linux: `make deb`, then the package declares GTK 3 and WebKitGTK 4.1, carries the .desktop
# entry and the icon; it is unpacked with dpkg -x into a scratch root, the installed binary
# answers --version with wails.json's version, and it opens its window under Xvfb (the smoke
# test, with a screenshot in artifacts/release/), and a second launch on the same data folder
# ends while the first keeps running.
# Windows: `make windows` (cross-built, NSIS), then plantel.exe is a PE for amd64 whose version
# resource says wails.json's version, and the installer is a PE (NSIS installers are 32-bit
# x86 programs that install the amd64 app).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$ROOT"
OUT="$ROOT/artifacts/release"
mkdir -p "$OUT"
VERSION="$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)"
fail() { printf 'release: FAIL: %s\n' "$*" >&2; exit 1; }

# scripts/test.sh sets PLANTEL_FRONTEND_BUILT=1 when its frontend-build stage has just built
# frontend/dist: make then takes the frontend target as done (-o) instead of building it twice more.
MAKE_OPTS=()
if [[ "${PLANTEL_FRONTEND_BUILT:-}" == 1 && -f frontend/dist/index.html ]]; then
  MAKE_OPTS=(-o frontend)
  log "release: frontend/dist as the frontend-build stage built it"
fi

log "release: make deb (version $VERSION)"
make "${MAKE_OPTS[@]}" deb
deb="build/bin/plantel_${VERSION}_amd64.deb"
[[ -s "$deb" ]] || fail "$deb was not built"
info="$(dpkg-deb -I "$deb")"
grep -q 'Depends:.*libgtk-3-0' <<<"$info" || fail "the package does not depend on libgtk-3-0"
grep -q 'Depends:.*libwebkit2gtk-4.1-0' <<<"$info" || fail "the package does not depend on libwebkit2gtk-4.1-0"
contents="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/plantel ./usr/share/applications/plantel.desktop ./usr/share/icons/hicolor/512x512/apps/plantel.png; do
  grep -q " $f\$" <<<"$contents" || fail "the package lacks $f"
done
root="$(mktemp -d -t plantel-deb-root-XXXXXX)"
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
grep -q '^Exec=plantel$' "$root/usr/share/applications/plantel.desktop" || fail "the .desktop entry does not run plantel"
got="$("$root/usr/bin/plantel" --version)"
log "release: installed binary says: $got"
[[ "$got" == "plantel $VERSION "* ]] || fail "--version says '$got', want version $VERSION"
PLANTEL_BIN="$root/usr/bin/plantel" bash tests/smoke/window.sh --reuse
cp artifacts/smoke/window.png "$OUT/deb-window.png"
log "release: the installed .deb opened its window ($OUT/deb-window.png)"
xvfb-run -a -s "$XVFB_ARGS" bash tests/release/single-instance.sh "$root/usr/bin/plantel"

if [[ "${RELEASE_SKIP_WINDOWS:-}" == 1 ]]; then
  log "release: Windows skipped (RELEASE_SKIP_WINDOWS=1)"
  exit 0
fi
command -v makensis >/dev/null || fail "makensis is missing (apt-get install nsis)"
log "release: make windows"
make "${MAKE_OPTS[@]}" windows
python3 tests/release/pecheck.py build/bin/plantel.exe amd64 "$VERSION"
installer="$(ls build/bin/*installer*.exe 2>/dev/null | head -1)"
[[ -n "$installer" ]] || fail "no NSIS installer in build/bin"
python3 tests/release/pecheck.py "$installer" i386
log "release: PASS"
