"""A library's settings on the server, read and written through :mod:`popup.domain.settings`.

``Library.settings`` holds the JSON value of every setting of scope ``LIBRARY``, each checked
by its declaration when it was set (:func:`initial`, :func:`checked`), so a value the laptops
could not use is refused where an administrator types it. The library's identity settings
(``library_code``, ``library_name``) come from the library row itself. Readers go through
:func:`values`: a value stored before these checks existed that its declaration now refuses
reads as the default, and is logged by key only (a value may be anything an admin typed).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from popup.domain import settings as declared
from popup.domain.due_dates import local_date, zone_named
from popup.domain.settings import Scope, Setting, SettingError
from popup_sync.models import Library

log = logging.getLogger(__name__)

#: The settings every device downloads (entity ``setting``), in key order.
SERVED = tuple(sorted(s.key for s in declared.in_scope(Scope.IDENTITY, Scope.LIBRARY)))
#: The settings kept in ``Library.settings``.
STORED = tuple(s.key for s in declared.in_scope(Scope.LIBRARY))

_NOT_HERE = {
    Scope.IDENTITY: "comes from the library itself (its code and name), not from its settings",
    Scope.LAPTOP: "is set on each laptop, not at the server",
}


def checked(key: str, value: object) -> object:
    """The JSON value to store for ``key``, or :class:`SettingError` saying what is wrong."""
    decl = declared.setting(key)
    if decl.scope is not Scope.LIBRARY:
        raise SettingError(key, _NOT_HERE[decl.scope])
    return decl.check(value)


def initial(given: Mapping[str, object] | None = None) -> dict[str, object]:
    """The stored settings of a new library: every library setting, its default unless given."""
    chosen = dict(given or {})
    stored = {key: checked(key, value) for key, value in chosen.items()}
    for key in STORED:
        stored.setdefault(key, declared.BY_KEY[key].default_json)
    return stored


def values(library: Library) -> declared.Values:
    """The library's typed settings; a stored value its declaration refuses reads as the
    default, and is logged (by key only)."""
    typed = declared.Values(library.settings or {})
    for key, _problem in typed.problems:
        log.warning(
            "library %s: stored setting %s is not valid; read as its default", library.code, key
        )
    return typed


def served(library: Library, keys: Iterable[str]) -> dict[str, object]:
    """The JSON values devices download for ``keys`` (keys nobody declared are left out)."""
    wanted = [k for k in keys if k in declared.BY_KEY and k in SERVED]
    out: dict[str, object] = {}
    stored = [k for k in wanted if declared.BY_KEY[k].scope is Scope.LIBRARY]
    if stored:
        out.update(values(library).json(stored))
    identity = {declared.LIBRARY_CODE.key: library.code, declared.LIBRARY_NAME.key: library.name}
    out.update({k: identity[k] for k in wanted if k in identity})
    return out


def listing(library: Library) -> list[tuple[Setting[Any], object]]:
    """Every setting devices download with the library's value, in the declarations' order."""
    values = served(library, SERVED)
    return [(decl, values[decl.key]) for decl in declared.SETTINGS if decl.key in values]


def today(library: Library) -> date:
    """Today in the library's time zone (what its holds' dates mean)."""
    return local_date(datetime.now(UTC), zone_named(values(library)[declared.TIMEZONE]))
