#!/usr/bin/env bash
# Sign Popup.app with a Developer ID, the hardened runtime and the camera entitlement, have
# Apple notarise it, staple the ticket, and zip it for distribution.
#
#   packaging/macos/sign-and-notarize.sh [dist/Popup.app]
#
# Credentials come ONLY from the environment (CI secrets or your shell), never from this repo:
#   MACOS_SIGNING_IDENTITY   "Developer ID Application: Example Consortium (TEAMID1234)"
#   MACOS_KEYCHAIN           optional: the keychain holding that identity
# and one way to authenticate notarytool:
#   NOTARY_KEYCHAIN_PROFILE                        a profile saved by `notarytool store-credentials`
#   NOTARY_KEY_PATH + NOTARY_KEY_ID + NOTARY_ISSUER_ID   an App Store Connect API key (.p8)
#   APPLE_ID + APPLE_TEAM_ID + APPLE_APP_PASSWORD        an Apple ID with an app-specific password
#
# Writes dist/Popup-<version>-macos.zip next to the app. Needs Xcode command-line tools.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
APP="${1:-$ROOT/dist/Popup.app}"
ENTITLEMENTS="$HERE/entitlements.plist"
: "${MACOS_SIGNING_IDENTITY:?set MACOS_SIGNING_IDENTITY to the Developer ID Application identity}"
[[ -d "$APP" ]] || { echo "sign-and-notarize.sh: no app at $APP (run packaging/build.sh)" >&2; exit 2; }

if [[ -n "${NOTARY_KEYCHAIN_PROFILE:-}" ]]; then
  AUTH=(--keychain-profile "$NOTARY_KEYCHAIN_PROFILE")
elif [[ -n "${NOTARY_KEY_PATH:-}" ]]; then
  : "${NOTARY_KEY_ID:?set NOTARY_KEY_ID}" "${NOTARY_ISSUER_ID:?set NOTARY_ISSUER_ID}"
  AUTH=(--key "$NOTARY_KEY_PATH" --key-id "$NOTARY_KEY_ID" --issuer "$NOTARY_ISSUER_ID")
elif [[ -n "${APPLE_ID:-}" ]]; then
  : "${APPLE_TEAM_ID:?set APPLE_TEAM_ID}" "${APPLE_APP_PASSWORD:?set APPLE_APP_PASSWORD}"
  AUTH=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
else
  echo "sign-and-notarize.sh: set NOTARY_KEYCHAIN_PROFILE, NOTARY_KEY_PATH/_ID/ISSUER_ID" \
       "or APPLE_ID/APPLE_TEAM_ID/APPLE_APP_PASSWORD" >&2
  exit 2
fi
KEYCHAIN=()
[[ -n "${MACOS_KEYCHAIN:-}" ]] && KEYCHAIN=(--keychain "$MACOS_KEYCHAIN")

sign() {
  codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
    ${KEYCHAIN[@]+"${KEYCHAIN[@]}"} --sign "$MACOS_SIGNING_IDENTITY" "$1"
}

echo "== signing the bundle's native code (inside out)"
# Every Mach-O file first (Qt, Python, zxing-cpp, libzbar, numpy...), then the app itself.
while IFS= read -r -d '' file; do
  if file -b "$file" | grep -q "Mach-O"; then sign "$file"; fi
done < <(find "$APP/Contents" -type f \( -name "*.dylib" -o -name "*.so" -o -perm -u+x \) -print0)
while IFS= read -r -d '' framework; do sign "$framework"; done \
  < <(find "$APP/Contents" -type d -name "*.framework" -print0)
sign "$APP"
codesign --verify --deep --strict --verbose=2 "$APP"
codesign -d --entitlements - "$APP" | grep -q "com.apple.security.device.camera" \
  || { echo "the camera entitlement is missing from the signature" >&2; exit 1; }
/usr/libexec/PlistBuddy -c "Print :NSCameraUsageDescription" "$APP/Contents/Info.plist" >/dev/null

VERSION="$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")"
DIST="$(dirname "$APP")"
SUBMIT="$DIST/Popup-$VERSION-notarize.zip"
echo "== notarising (this waits for Apple)"
ditto -c -k --sequesterRsrc --keepParent "$APP" "$SUBMIT"
xcrun notarytool submit "$SUBMIT" "${AUTH[@]}" --wait --timeout 30m
rm -f "$SUBMIT"
xcrun stapler staple "$APP"
xcrun stapler validate "$APP"
spctl --assess --type execute --verbose=2 "$APP"

OUT="$DIST/Popup-$VERSION-macos.zip"
ditto -c -k --sequesterRsrc --keepParent "$APP" "$OUT"
echo "== $OUT"
