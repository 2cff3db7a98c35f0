from __future__ import annotations

import pytest

from popup.domain import messages
from popup.domain.cards import (
    CardFormat,
    InvalidNumber,
    NumberProblem,
    ScanKind,
    luhn_check_digit,
    parse_scan,
    qr_payload,
    scan_readings,
    strip_codabar,
)


@pytest.mark.parametrize(("payload", "digit"), [("5819800094399", 6), ("2111200069813", 2)])
def test_luhn_examples_from_the_issue(payload: str, digit: int) -> None:
    assert luhn_check_digit(payload) == digit


def test_valid_patron_and_item_numbers() -> None:
    fmt = CardFormat()
    assert fmt.validate("21112000698132") == (ScanKind.PATRON, "21112000698132")
    item = fmt.make(ScanKind.ITEM, 42, "1120")
    assert item.startswith("31120") and len(item) == 14
    assert fmt.validate(item)[0] is ScanKind.ITEM


def test_bad_check_digit_names_the_scan_and_expected_digit() -> None:
    with pytest.raises(InvalidNumber) as err:
        CardFormat().validate("21112000698139")
    message = str(err.value)
    assert "21112000698139" in message
    assert "expected 2" in message


@pytest.mark.parametrize(
    ("scan", "words"),
    [
        ("2111200069813", "13 characters"),  # partial scan
        ("21112A00698132", "other than digits"),
        ("51112000698132", "starts with neither"),
        ("", "empty"),
    ],
)
def test_malformed_numbers_get_specific_messages(scan: str, words: str) -> None:
    with pytest.raises(InvalidNumber, match=words):
        CardFormat().validate(scan)


def test_institution_is_checked_when_configured() -> None:
    fmt = CardFormat(institution="1120")
    good = fmt.make(ScanKind.PATRON, 7)
    assert fmt.validate(good)[1] == good
    other = CardFormat().make(ScanKind.PATRON, 7, "9999")
    with pytest.raises(InvalidNumber, match="institution 9999"):
        fmt.validate(other)


def test_other_library_formats_are_configurable() -> None:
    fmt = CardFormat(length=10, patron_prefix="P", item_prefix="B", luhn=False, digits_only=False)
    assert fmt.validate("P123456789") == (ScanKind.PATRON, "P123456789")
    assert fmt.validate("B000000001")[0] is ScanKind.ITEM
    assert CardFormat.from_dict(fmt.to_dict()) == fmt
    with pytest.raises(ValueError, match="distinguishable"):
        CardFormat(patron_prefix="2", item_prefix="21")


def test_qr_payload_and_bare_number_both_read() -> None:
    assert qr_payload("21112000698132") == "POPUP:1:21112000698132"
    assert parse_scan("POPUP:1:21112000698132") == "21112000698132"
    assert parse_scan(" 21112000698132\n") == "21112000698132"
    with pytest.raises(InvalidNumber, match="version 9"):
        parse_scan("POPUP:9:21112000698132")


@pytest.mark.parametrize(
    "scan", ["A21112000698132A", "b21112000698132d", "C21112000698132a", " D21112000698132B\r\n"]
)
def test_codabar_start_stop_characters_are_accepted(scan: str) -> None:
    """#16: a scanner set to send Codabar's start/stop characters (either case, matching or
    not) reads the card everywhere: bare scans, validation, the patron check."""
    fmt = CardFormat()
    assert parse_scan(scan) == "21112000698132"
    assert fmt.validate(scan) == (ScanKind.PATRON, "21112000698132")
    assert fmt.validate_patron(scan) == "21112000698132"
    item = fmt.make(ScanKind.ITEM, 42, "1120")
    assert fmt.validate(f"A{item}A") == (ScanKind.ITEM, item)


@pytest.mark.parametrize(
    "text",
    ["A21112000698132", "21112000698132A", "E21112000698132E", "AB", "A12-3A", "TAB12CD34-000001"],
)
def test_only_a_pair_around_digits_is_stripped(text: str) -> None:
    assert strip_codabar(text) == text


def test_codabar_wrapped_number_with_a_bad_check_digit_is_still_refused() -> None:
    with pytest.raises(InvalidNumber, match="expected 2"):
        CardFormat().validate("A21112000698139A")


#: A library whose numbers have letters of their own, which look like Codabar's start/stop
#: characters: patron cards C…, items B…, ten characters.
LETTERS = CardFormat(length=10, patron_prefix="C", item_prefix="B", luhn=False, digits_only=False)


def test_a_number_with_letters_of_its_own_is_not_stripped() -> None:
    """Review of #16: 'B12345678A' was cut to '12345678' and refused; it is a valid item."""
    assert LETTERS.validate("B12345678A") == (ScanKind.ITEM, "B12345678A")
    assert LETTERS.validate(" C12345678D\r\n") == (ScanKind.PATRON, "C12345678D")
    assert LETTERS.validate_patron("C12345678D") == "C12345678D"
    assert LETTERS.is_patron_shaped("C12345678D") and LETTERS.is_item_shaped("B12345678A")
    assert parse_scan("B12345678A", LETTERS) == "B12345678A"
    assert parse_scan(qr_payload("C12345678D"), LETTERS) == "C12345678D"
    # A lookup tries the scan as it came first, then without the pair.
    assert scan_readings(" B12345678A ") == ("B12345678A", "12345678")
    assert scan_readings("21112000698132") == ("21112000698132",)
    assert scan_readings(qr_payload("A21112000698132A")) == ("A21112000698132A",)


def test_start_stop_characters_are_still_stripped_when_the_scan_is_not_a_number() -> None:
    # A digits-only library: the letters can only be Codabar's.
    assert parse_scan("A21112000698132A", CardFormat()) == "21112000698132"
    # A letter library whose own numbers are wrapped by a scanner that sends the pair.
    wrapped = CardFormat(
        length=8, patron_prefix="2", item_prefix="3", luhn=False, digits_only=False
    )
    assert wrapped.validate("A21234567A") == (ScanKind.PATRON, "21234567")
    assert parse_scan("A21234567A", wrapped) == "21234567"


def test_when_neither_reading_is_valid_the_problem_is_the_one_staff_can_act_on() -> None:
    # Digits only: the stripped number's problem (its check digit), as before.
    with pytest.raises(InvalidNumber) as digits:
        CardFormat().validate("A21112000698139A")
    assert digits.value.key is NumberProblem.CHECK_DIGIT
    # Letters of its own: the scan's own problem, by its own length.
    with pytest.raises(InvalidNumber) as letters:
        LETTERS.validate("B1234567A")
    assert letters.value.key is NumberProblem.WRONG_LENGTH
    assert dict(letters.value.params)["length"] == 9


def test_validate_patron_refuses_an_item_barcode() -> None:
    fmt = CardFormat()
    item = fmt.make(ScanKind.ITEM, 1, "1120")
    with pytest.raises(InvalidNumber, match="item barcode, not a patron card"):
        fmt.validate_patron(item)
    assert fmt.validate_patron(qr_payload("21112000698132")) == "21112000698132"


@pytest.mark.parametrize(
    ("fmt", "scan", "key", "specifics"),
    [
        (CardFormat(), " ", NumberProblem.EMPTY, {}),
        (CardFormat(), "21112A00698132", NumberProblem.NOT_DIGITS, {}),
        (CardFormat(), "2111200069813", NumberProblem.WRONG_LENGTH, {"length": 13, "expected": 14}),
        (
            CardFormat(),
            "51112000698132",
            NumberProblem.UNKNOWN_PREFIX,
            {"patron_prefix": "2", "item_prefix": "3"},
        ),
        (
            CardFormat(institution="1120"),
            CardFormat().make(ScanKind.PATRON, 7, "9999"),
            NumberProblem.OTHER_INSTITUTION,
            {"institution": "9999", "expected": "1120"},
        ),
        (CardFormat(), "21112000698139", NumberProblem.CHECK_DIGIT, {"expected": "2", "got": "9"}),
    ],
)
def test_each_problem_has_a_key_and_its_specifics(
    fmt: CardFormat, scan: str, key: NumberProblem, specifics: dict[str, object]
) -> None:
    with pytest.raises(InvalidNumber) as err:
        fmt.validate(scan)
    assert err.value.key is key
    assert dict(err.value.params) == {"scanned": scan, **specifics}
    # The English comes from the message table, naming the scan first.
    assert str(err.value) == messages.NUMBERS.english(key, err.value.params)
    assert str(err.value).startswith(f"“{scan}” ")


def test_item_in_patron_field_and_unknown_qr_version_have_keys() -> None:
    item = CardFormat().make(ScanKind.ITEM, 1, "1120")
    with pytest.raises(InvalidNumber) as err:
        CardFormat().validate_patron(item)
    assert (err.value.key, err.value.params) == (
        NumberProblem.ITEM_NOT_PATRON,
        (("scanned", item),),
    )
    with pytest.raises(InvalidNumber) as err:
        parse_scan("POPUP:9:21112000698132")
    assert err.value.key is NumberProblem.QR_VERSION
    assert dict(err.value.params) == {"scanned": "POPUP:9:21112000698132", "version": "9"}


def test_the_scan_in_params_is_the_one_the_english_shows() -> None:
    scan = "2\x1b" + "1" * 50  # a control character and a runaway scan
    with pytest.raises(InvalidNumber) as err:
        CardFormat().validate(scan)
    shown = dict(err.value.params)["scanned"]
    assert isinstance(shown, str) and shown.endswith("…") and len(shown) == 38
    assert f"“{shown}”" in str(err.value)
