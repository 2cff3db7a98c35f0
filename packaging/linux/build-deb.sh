#!/usr/bin/env bash
# Package a built Linux onedir app (packaging/build.sh) as a .deb with dpkg-deb.
#
#   packaging/linux/build-deb.sh APP_DIR OUT_DIR
#
# APP_DIR is dist/popup (holding the `popup` executable). The package installs it to
# /opt/popup, links /usr/bin/popup, and adds the menu entry and the icon. Writes
# OUT_DIR/popup_<version>_<arch>.deb and prints its path. DEB_COMPRESSION (default xz) and
# DEB_LEVEL (default 1) choose dpkg-deb's compression. On the shared 2-core machine, for the
# 197 MB bundle: xz -1 67 MB in about 70 s, xz -6 60 MB in about 400 s (under load), gzip -6
# 80 MB.
#
# Depends: the fixed list below (OpenGL/EGL and xcb-cursor are opened at run time, so nothing
# links to them) plus, for every library the bundle links to and does not carry (the system
# libraries packaging/popup.spec leaves out on purpose: SYSTEM_LIBS), the package that holds
# it on this machine (dpkg -S). Build on the oldest release the .deb is for (CI: Ubuntu 22.04).
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

# Libraries the bundle links to but does not carry -> the packages that hold them here. Not the
# gtk3 platform theme's: it is optional (Qt falls back without GTK) and must not pull GTK in.
system_packages() {
  local bundled lib path pkg
  bundled="$(find "$APP_DIR" -name '*.so*' -printf '%f\n' | sort -u)"
  find "$APP_DIR" -type f \( -name '*.so*' -o -name popup \) -not -path '*/platformthemes/*' \
    -exec readelf -d {} + 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u \
    | comm -23 - <(echo "$bundled") | while read -r lib; do
      path="$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')"
      if [[ -z "$path" ]]; then
        echo "build-deb.sh: WARNING $lib is not installed here; no package depends on it" >&2
        continue
      fi
      pkg=""
      for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
        pkg="$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1)" && [[ -n "$pkg" ]] && break
      done
      [[ -n "$pkg" ]] || { echo "build-deb.sh: WARNING no package holds $path" >&2; continue; }
      echo "$pkg"
    done | grep -v '^libc6$' | sort -u
}
DEPENDS="libc6 (>= 2.31), libgl1, libegl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0"
for pkg in $(system_packages); do
  [[ ", $DEPENDS," == *", $pkg,"* || ", $DEPENDS," == *", $pkg ("* ]] || DEPENDS="$DEPENDS, $pkg"
done

SIZE_KB="$(du -sk "$STAGE" | cut -f1)"
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: popup
Version: $VERSION
Section: misc
Priority: optional
Architecture: $ARCH
Installed-Size: $SIZE_KB
Depends: $DEPENDS
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
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" -z"${DEB_LEVEL:-1}" --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
