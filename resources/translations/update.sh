#!/bin/sh
# Regenerate the string list translators work from, then compile any translations present.
set -e
cd "$(dirname "$0")/../.."
files=$(find src/popup/ui -name '*.py' | sort)
# shellcheck disable=SC2086  # one argument per file
.venv/bin/pyside6-lupdate $files -no-obsolete -ts resources/translations/popup.ts
for ts in resources/translations/popup_*.ts; do
    [ -e "$ts" ] && .venv/bin/pyside6-lrelease "$ts"
done
exit 0
