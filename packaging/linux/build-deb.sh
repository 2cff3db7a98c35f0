#!/usr/bin/env bash
# Package a built Linux onedir app (packaging/build.sh) as a .deb with dpkg-deb.
#
#   packaging/linux/build-deb.sh APP_DIR OUT_DIR
#
# APP_DIR is dist/popup (holding the `popup` executable). The package installs it to
# /opt/popup, links /usr/bin/popup, and adds the menu entry and the icon. Writes
# OUT_DIR/popup_<version>_<arch>.deb and prints its path. DEB_COMPRESSION (default gzip) and
# DEB_LEVEL (default 6) choose dpkg-deb's compression; xz is smaller but several times slower.
set -euo pipefail
APP_DIR="$(cd "$1" && pwd)"
OUT_DIR="$(mkdir -p "$2" && cd "$2" && pwd)"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ -x "$APP_DIR/popup" ]] || { echo "build-deb.sh: no popup executable in $APP_DIR" >&2; exit 2; }

VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/src/popup/__init__.py")"
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps" "$STAGE/usr/share/icons/hicolor/512x512/apps" \
  "$STAGE/usr/share/doc/popup"
cp -a "$APP_DIR" "$STAGE/opt/popup"
ln -s /opt/popup/popup "$STAGE/usr/bin/popup"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$ROOT/packaging/linux/popup.desktop"
fi
install -m 644 "$ROOT/packaging/linux/popup.desktop" "$STAGE/usr/share/applications/popup.desktop"
install -m 644 "$ROOT/resources/icons/app/popup-256.png" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps/popup.png"
install -m 644 "$ROOT/resources/icons/app/popup.png" \
  "$STAGE/usr/share/icons/hicolor/512x512/apps/popup.png"
printf 'Popup %s\nLicense: GPL-3.0-or-later\n' "$VERSION" > "$STAGE/usr/share/doc/popup/copyright"

SIZE_KB="$(du -sk "$STAGE" | cut -f1)"
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: popup
Version: $VERSION
Section: misc
Priority: optional
Architecture: $ARCH
Installed-Size: $SIZE_KB
Depends: libc6 (>= 2.31), libgl1, libegl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0
Maintainer: Popup maintainers <popup@example.org>
Homepage: https://github.com/popup-library/popup
Description: Offline-first circulation for bookmobiles and pop-up libraries
 Checkout and return at outreach stops, patron sign-up with QR library cards and
 event attendance, stored on the laptop first and uploaded to the consortium's sync
 server when a connection is available. Run "popup --self-test" after installing.
CONTROL
cat > "$STAGE/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
POSTINST
chmod 755 "$STAGE/DEBIAN/postinst"

DEB="$OUT_DIR/popup_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-gzip}" -z"${DEB_LEVEL:-6}" --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
