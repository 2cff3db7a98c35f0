#!/usr/bin/env bash
# Build Popup's packaged app on Linux or macOS with PyInstaller (packaging/popup.spec).
#
#   packaging/build.sh [--dist DIR] [--work DIR] [--deb] [--self-test]
#
#   --dist DIR    where the app goes (default: dist/); Linux: DIR/popup/popup,
#                 macOS: DIR/Popup.app (and DIR/popup/, the same files unbundled)
#   --work DIR    PyInstaller's work folder (default: build/pyinstaller); reusing it makes
#                 rebuilds faster, nothing in it is needed afterwards
#   --deb         Linux: also build DIR/popup_<version>_<arch>.deb (packaging/linux/build-deb.sh)
#   --self-test   run the built app's --self-test (offscreen) and fail the build if it fails
#
# Uses $PYTHON, else .venv/bin/python when present (packaging/dev/setup.sh makes it), else
# python3. Needs libzbar on the build machine (apt install libzbar0 / brew install zbar): it is
# bundled; on Linux also binutils and a C compiler (the spec strips libraries and rebuilds
# ICU's data library).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
DEB=0
SELF_TEST=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dist) DIST="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --deb) DEB=1; shift ;;
    --self-test) SELF_TEST=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ "$(uname -s)" == Linux ]] && ! command -v objdump >/dev/null; then
  echo "build.sh: PyInstaller needs objdump on Linux: apt-get install binutils" >&2
  exit 2
fi
if [[ "$(uname -s)" == Linux ]] && ! command -v cc >/dev/null; then
  echo "build.sh: the spec rebuilds ICU's data library with cc on Linux: apt-get install gcc" >&2
  exit 2
fi
if [[ $DEB == 1 ]] && ! command -v dpkg-deb >/dev/null; then
  echo "build.sh: --deb needs dpkg-deb (Debian/Ubuntu)" >&2
  exit 2
fi
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[[ -x "$PYTHON" ]] || PYTHON="$(command -v python3)"
mkdir -p "$DIST" "$WORK"
DIST="$(cd "$DIST" && pwd)"
WORK="$(cd "$WORK" && pwd)"

start=$SECONDS
echo "== pyinstaller ($("$PYTHON" -m PyInstaller --version)) -> $DIST"
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/popup.spec"
echo "== built in $((SECONDS - start)) s"

case "$(uname -s)" in
  Darwin) APP="$DIST/Popup.app/Contents/MacOS/popup"; BUNDLE="$DIST/Popup.app" ;;
  *) APP="$DIST/popup/popup"; BUNDLE="$DIST/popup" ;;
esac
echo "== bundle size: $(du -sh "$BUNDLE" | cut -f1) ($BUNDLE)"

if [[ $SELF_TEST == 1 ]]; then
  echo "== self-test"
  QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$APP" --self-test
fi
if [[ $DEB == 1 ]]; then
  bash "$ROOT/packaging/linux/build-deb.sh" "$DIST/popup" "$DIST"
fi
