"""Taking what the store needs from one record's fields: title, author, ISBN and one item
row per holdings field with a barcode."""

from __future__ import annotations

import unicodedata

from popup.domain.marc.records import STATUS_ORDER, Fields, HoldingsMap, ItemRow, MarcOptions

_ISBD_TAIL = " /:;,.=+"
_COLUMN_LIMITS = {
    "title": 500,
    "author": 300,
    "isbn": 20,
    "call_number": 100,
    "item_type": 32,
    "home_library": 32,
}


def _clean(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    text = text.rstrip(_ISBD_TAIL).strip()
    return text[:limit] or None


def _values(subfields: list[tuple[str, str]], code: str | None) -> list[str]:
    return [v.strip() for c, v in subfields if c == code and v.strip()]


def _first(fields: Fields, tag: str, *codes: str) -> str | None:
    for subfields in fields.get(tag, ()):
        values = [v.strip() for c, v in subfields if c in codes and v.strip()]
        if values:
            return " ".join(values)
    return None


def item_status(subfields: list[tuple[str, str]], holdings: HoldingsMap) -> str:
    """The status a holdings field gives its item: the first of withdrawn, lost, not for loan,
    damaged, restricted whose subfield holds a value other than 0 (Koha keeps 0 for "not
    set"; a negative $7 is "ordered", not for loan either), else available."""
    for code, status in zip(holdings.status_subfields(), STATUS_ORDER, strict=True):
        if code is not None and any(v != "0" for v in _values(subfields, code)):
            return status
    return "available"


def extract(
    fields: Fields, options: MarcOptions, home_library: str
) -> tuple[list[ItemRow], list[str], str | None]:
    """``(item rows, warnings, reason to skip)`` for the fields of one record."""
    holdings = options.holdings
    warnings: list[str] = []
    title = _clean(_first(fields, "245", "a", "b"), _COLUMN_LIMITS["title"])
    if title is None:
        title = "[no title]"
        warnings.append("no title in 245 $a")
    author = _clean(
        _first(fields, "100", "a") or _first(fields, "110", "a", "b") or _first(fields, "700", "a"),
        _COLUMN_LIMITS["author"],
    )
    isbn_text = _first(fields, "020", "a")
    isbn = _clean(isbn_text.split()[0], _COLUMN_LIMITS["isbn"]) if isbn_text else None
    bib_call = (
        _first(fields, "092", "a", "b")
        or _first(fields, "082", "a")
        or _first(fields, "050", "a", "b")
    )
    bib_type = _first(fields, "942", "c")
    occurrences = fields.get(holdings.tag, [])
    if not occurrences:
        return [], warnings, f"no holdings field {holdings.tag}, so no item to import"
    rows: list[ItemRow] = []
    for number, subfields in enumerate(occurrences, start=1):
        label = f"holdings field {holdings.tag}" + (f" #{number}" if len(occurrences) > 1 else "")
        barcodes = _values(subfields, holdings.barcode)
        if not barcodes:
            warnings.append(f"{label} has no barcode in ${holdings.barcode}")
            continue
        barcode = barcodes[0]
        if (
            len(barcode) > 64
            or any(not ch.isprintable() or ch.isspace() for ch in barcode)
            or "\ufffd" in barcode
        ):
            warnings.append(f"{label} has an unusable barcode {barcode[:40]!r}")
            continue
        types = _values(subfields, holdings.item_type)
        item_type = (types[0] if types else bib_type or options.default_item_type).upper()
        call = " ".join(v for code in holdings.call_number for v in _values(subfields, code))
        homes = _values(subfields, holdings.home_library)
        status = item_status(subfields, holdings)
        rows.append(
            ItemRow(
                barcode=barcode,
                title=title,
                author=author,
                isbn=isbn,
                call_number=_clean(call or bib_call, _COLUMN_LIMITS["call_number"]),
                item_type=item_type[: _COLUMN_LIMITS["item_type"]],
                home_library=(homes[0] if homes else home_library)[
                    : _COLUMN_LIMITS["home_library"]
                ],
                status=status,
            )
        )
    for value in (title, author, isbn):
        if value and "\ufffd" in value:
            warnings.append("some characters are not valid UTF-8 (MARC-8 or Latin-1?); shown as �")
            break
    if not rows:
        return [], warnings, f"no item barcode in any {holdings.tag} ${holdings.barcode}"
    return rows, warnings, None
