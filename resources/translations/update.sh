#!/bin/sh
# Regenerate the string list translators work from, bring every translation up to date with it
# (new strings arrive in popup_<lang>.ts as unfinished; strings gone from the code are dropped),
# then compile each translation to the popup_<lang>.qm the app loads.
set -e
cd "$(dirname "$0")/../.."
files="$(find src/popup/ui -name '*.py' | sort) src/popup/domain/messages.py"
# shellcheck disable=SC2086  # one argument per file
.venv/bin/pyside6-lupdate $files -no-obsolete -ts resources/translations/popup.ts
# English is the source text, so popup_en.ts holds only the plural forms ("%n event(s)" ->
# "1 event" / "2 events"): without it English screens would show "event(s)".
.venv/bin/pyside6-lupdate $files -no-obsolete -pluralonly -ts resources/translations/popup_en.ts
for ts in resources/translations/popup_*.ts; do
    [ -e "$ts" ] || continue
    [ "$ts" = resources/translations/popup_en.ts ] && {
        .venv/bin/python resources/translations/english_plurals.py "$ts"
        .venv/bin/pyside6-lrelease "$ts"
        continue
    }
    # shellcheck disable=SC2086
    .venv/bin/pyside6-lupdate $files -no-obsolete -ts "$ts"
    .venv/bin/pyside6-lrelease "$ts"
done
exit 0
