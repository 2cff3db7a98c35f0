"""Helper for the crash test: sign patrons up in a loop, printing each committed card number.

Usage: ``python signup_burst.py STORE_FILE COUNT``. Each line is printed and flushed only after
its transaction has committed, so every printed number must survive a SIGKILL.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.store.db import Store
from popup.store.signup import register


def main() -> int:
    path, count = Path(sys.argv[1]), int(sys.argv[2])
    store = Store.open(path, path.parent / "backups")
    today = date.today()
    for n in range(count):
        form = rules.SignupForm(
            name=f"Burst Patron {n}",
            date_of_birth="1980-01-01",
            email=f"p{n}@example.org",
            consent=True,
        )
        clean = rules.validate(form, today=today, bands=DEFAULT_CATEGORY_BANDS)
        done = register(store, clean, allow_duplicate=True)
        sys.stdout.write(f"{done.card_number}\n")
        sys.stdout.flush()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
