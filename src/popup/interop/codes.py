"""Translating Popup's patron category and library codes into the ILS's own.

Popup's codes (``ADULT``, ``MAIN``) are whatever the library typed in its settings; Koha
refuses a patron CSV row whose ``categorycode`` or ``branchcode`` it does not have, and
Evergreen's offline ``register`` wants the numeric id of a permission group (``profile``) and
of an org unit (``home_ou``). A mapping file says what each Popup code is in the ILS. It is
TOML::

    [koha.categorycode]      # Popup category -> Koha categorycode
    ADULT = "PT"
    CHILD = "J"

    [koha.branchcode]        # Popup library code -> Koha branchcode
    MAIN = "CPL"

    [evergreen.profile]      # Popup category -> permission group id (permission.grp_tree)
    ADULT = 2

    [evergreen.home_ou]      # Popup library code -> org unit id (actor.org_unit)
    MAIN = 4

    [evergreen]
    ident_type = 3           # config.identification_type id ("Other" in a stock install)
    country = "USA"          # written in a sign-up's address (Evergreen requires one)

A Koha code not in the file is written unchanged (the export says which ones); Evergreen has
no text codes, so a sign-up whose category or library has no id cannot be written at all.
Without ``--codes``, the exports read ``ils-codes.toml`` in the data directory when it is
there (:func:`codes_or_default`), so the File menu's exports use it too.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from popup import paths
from popup.interop import InteropError

#: config.identification_type 3 is "Other" in Evergreen's seed data.
EVERGREEN_DEFAULT_IDENT_TYPE = 3


@dataclass(frozen=True)
class CodeMap:
    koha_category: dict[str, str] = field(default_factory=dict)
    koha_branch: dict[str, str] = field(default_factory=dict)
    evergreen_profile: dict[str, int] = field(default_factory=dict)
    evergreen_home_ou: dict[str, int] = field(default_factory=dict)
    evergreen_ident_type: int = EVERGREEN_DEFAULT_IDENT_TYPE
    evergreen_country: str = ""


def _table(data: dict[str, Any], path: Path, *keys: str) -> dict[str, Any]:
    node: Any = data
    for key in keys:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    if not isinstance(node, dict):
        raise InteropError(f"{path.name}: [{'.'.join(keys)}] must be a table of codes.")
    return node


def _texts(data: dict[str, Any], path: Path, *keys: str) -> dict[str, str]:
    table = _table(data, path, *keys)
    out: dict[str, str] = {}
    for code, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise InteropError(
                f"{path.name}: [{'.'.join(keys)}] {code} must be a code in quotes, not {value!r}."
            )
        out[code] = value.strip()
    return out


def _ids(data: dict[str, Any], path: Path, *keys: str) -> dict[str, int]:
    table = _table(data, path, *keys)
    out: dict[str, int] = {}
    for code, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InteropError(
                f"{path.name}: [{'.'.join(keys)}] {code} must be a whole number (an id),"
                f" not {value!r}."
            )
        out[code] = value
    return out


def load_codes(path: Path) -> CodeMap:
    """Read a mapping file; :class:`InteropError` names what is wrong with it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InteropError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InteropError(f"{path.name} is not a valid mapping file (TOML): {exc}") from None
    evergreen = _table(data, path, "evergreen")
    ident = evergreen.get("ident_type", EVERGREEN_DEFAULT_IDENT_TYPE)
    if isinstance(ident, bool) or not isinstance(ident, int) or ident < 1:
        raise InteropError(f"{path.name}: evergreen.ident_type must be an id, not {ident!r}.")
    country = evergreen.get("country", "")
    if not isinstance(country, str):
        raise InteropError(f"{path.name}: evergreen.country must be text in quotes.")
    return CodeMap(
        koha_category=_texts(data, path, "koha", "categorycode"),
        koha_branch=_texts(data, path, "koha", "branchcode"),
        evergreen_profile=_ids(data, path, "evergreen", "profile"),
        evergreen_home_ou=_ids(data, path, "evergreen", "home_ou"),
        evergreen_ident_type=ident,
        evergreen_country=country.strip(),
    )


def codes_or_default(codes: CodeMap | None, store_file: Path) -> CodeMap | None:
    """``codes``, else the data directory's ``ils-codes.toml`` when there is one."""
    if codes is not None:
        return codes
    default = paths.ils_codes_file(store_file.parent)
    return load_codes(default) if default.is_file() else None
