"""The translation message table: every sentence the Qt-free core says to staff, written once.

The core reports what happened by a stable *key* and its *specifics* (``params``): a concern
about a patron or item, a refused scan, a sign-up field error, a sync status line. Each family of
keys has a :class:`Catalogue` here holding one English *source* sentence per key, with named
placeholders for the specifics. From the same source:

* the core renders the English sentence (:meth:`Catalogue.english`): ``str()`` of a refusal,
  ``Concern.message``, what the server, the command line, payloads and logs keep;
* the UI translates the source in the catalogue's context and fills in the specifics as the UI
  language writes them (``popup.ui.text``). ``lupdate`` reads the ``QT_TRANSLATE_NOOP`` calls
  below (``resources/translations/update.sh`` lists this file), and the ``#:`` comments above
  them reach translators.

Conventions for params (a UI relies on them): dates are ISO text under ``expiry``, ``due``,
``born``, ``today``, ``lost``; money is whole cents under a name ending in ``_cents`` and its
placeholder drops the suffix (``{owed}`` for ``owed_cents``); counts are ``int``; everything
else (library codes, item types, patron categories, initials, scanned numbers, what staff typed)
is shown as it is. ``{problem}`` is the sentence of a scanned number's problem, where a sentence
embeds one.

Adding a sentence: add its key and source to the right catalogue, raise or report it by key,
then run ``resources/translations/update.sh`` (see CONTRIBUTING.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Specifics of a message as ``(name, value)`` pairs, sorted by name: hashable and frozen.
Params = tuple[tuple[str, str | int], ...]


def specifics(**values: str | int) -> Params:
    """``Params`` from keyword arguments, in a stable order."""
    return tuple(sorted(values.items()))


def format_money(cents: int) -> str:
    """Cents as the core writes an amount: ``650`` -> ``"6.50"`` (no currency sign)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for lupdate under ``context``; the UI translates it where it is shown."""
    del context
    return text


class _Kept(dict[str, str]):
    """Placeholders without a value stay visible instead of failing the sentence."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def english_values(params: Params) -> dict[str, str]:
    """The specifics as the English sentence shows them."""
    values: dict[str, str] = {}
    for name, value in params:
        if name.endswith("_cents") and isinstance(value, int):
            values[name.removesuffix("_cents")] = format_money(value)
        else:
            values[name] = str(value)
    return values


@dataclass(frozen=True)
class Catalogue:
    """One family of sentences: a name, the translation context, and key -> English source."""

    name: str
    context: str
    sources: Mapping[str, str]

    def source(self, key: str) -> str | None:
        return self.sources.get(key)

    def english(self, key: str, params: Params = (), extra: Mapping[str, str] | None = None) -> str:
        """The English sentence for ``key`` with its specifics filled in."""
        source = self.sources.get(key)
        if source is None:
            raise KeyError(f"the {self.name} catalogue has no sentence {key!r}")
        values = english_values(params)
        values.update(extra or {})
        return source.format_map(_Kept(values))


# Blocks and item problems, per ``Concern.key`` (the code, or ``CODE.variant``).
# Money params lose their ``_cents`` ({owed} for ``owed_cents``).
CONCERNS = Catalogue(
    "concerns",
    "desk",
    {
        #: {expiry} is a date written as the desk writes dates.
        "CARD_EXPIRED": QT_TRANSLATE_NOOP("desk", "Card expired on {expiry}"),
        #: {owed} and {limit} are amounts of money, e.g. 6.50 (no currency sign).
        "FINES_OVER_LIMIT": QT_TRANSLATE_NOOP("desk", "Owes {owed}, over the limit of {limit}"),
        #: {reason} is what staff typed when they blocked the patron.
        "MANUAL_BLOCK": QT_TRANSLATE_NOOP("desk", "Blocked by staff: {reason}"),
        "MANUAL_BLOCK.no_reason": QT_TRANSLATE_NOOP("desk", "Blocked by staff: no reason given"),
        #: {count} and {limit} are numbers of items; word it so that 1 reads right too.
        "TOO_MANY_ITEMS": QT_TRANSLATE_NOOP(
            "desk", "Already has {count} item(s) out; the limit is {limit}"
        ),
        #: {initials}: the other borrower's initials, e.g. "G. H."; {due}: a date.
        "ITEM_ON_LOAN_TO_OTHER": QT_TRANSLATE_NOOP(
            "desk", "Still on loan to {initials}, due {due}; that loan will be closed"
        ),
        "ITEM_ALREADY_ON_LOAN_TO_PATRON": QT_TRANSLATE_NOOP(
            "desk", "Already on loan to this patron, due {due} (renew it instead?)"
        ),
        "ITEM_ON_HOLD": QT_TRANSLATE_NOOP("desk", "Item is on hold for another patron"),
        "ITEM_ON_HOLD.renewal": QT_TRANSLATE_NOOP(
            "desk", "Another patron is waiting for this item"
        ),
        #: {item_type} and {category} are the library's own codes, e.g. REFERENCE, ADULT.
        "ITEM_NOT_FOR_LOAN": QT_TRANSLATE_NOOP(
            "desk", "{item_type} items are not for loan to {category} patrons"
        ),
        "ITEM_NOT_FOR_LOAN.no_rule": QT_TRANSLATE_NOOP(
            "desk", "No loan rule covers patron category {category} with item type {item_type}"
        ),
        #: {status} is one of the words lost, missing, withdrawn, not for loan, damaged,
        #: restricted (translated on their own).
        "ITEM_UNAVAILABLE": QT_TRANSLATE_NOOP("desk", "Item is marked {status}"),
        #: {count} and {limit} are numbers of renewals; word it so that 1 reads right too.
        "MAX_RENEWALS_REACHED": QT_TRANSLATE_NOOP(
            "desk", "Renewed {count} time(s) already; the limit is {limit}"
        ),
        "ITEM_NOT_ON_LOAN": QT_TRANSLATE_NOOP("desk", "Item was not on loan"),
        "HOLD_TRAP": QT_TRANSLATE_NOOP("desk", "A patron is waiting: hold shelf"),
        #: {library} is a library's code, e.g. EAST.
        "HOLD_TRAP.elsewhere": QT_TRANSLATE_NOOP("desk", "A patron at {library} is waiting"),
        "ROUTE_ITEM": QT_TRANSLATE_NOOP("desk", "Send to {library}"),
        # A patron's block as a volunteer sees it (#17): no amount, no reason.
        "CARD_EXPIRED.ask_staff": QT_TRANSLATE_NOOP("desk", "Please ask a staff member."),
        "FINES_OVER_LIMIT.ask_staff": QT_TRANSLATE_NOOP("desk", "Please ask a staff member."),
        "MANUAL_BLOCK.ask_staff": QT_TRANSLATE_NOOP("desk", "Please ask a staff member."),
        "TOO_MANY_ITEMS.ask_staff": QT_TRANSLATE_NOOP("desk", "Please ask a staff member."),
    },
)


# Item statuses a concern may name (``ItemStatus`` values).
ITEM_STATUSES = Catalogue(
    "item_statuses",
    "desk",
    {
        #: An item's status, shown in "Item is marked {status}".
        "lost": QT_TRANSLATE_NOOP("desk", "lost"),
        "missing": QT_TRANSLATE_NOOP("desk", "missing"),
        "withdrawn": QT_TRANSLATE_NOOP("desk", "withdrawn"),
        "not_for_loan": QT_TRANSLATE_NOOP("desk", "not for loan"),
        "damaged": QT_TRANSLATE_NOOP("desk", "damaged"),
        "restricted": QT_TRANSLATE_NOOP("desk", "restricted"),
    },
)


# What is wrong with a scanned number, per ``InvalidNumber.key`` (``NumberProblem``).
NUMBERS = Catalogue(
    "numbers",
    "desk",
    {
        #: {scanned} is what the scanner read. These sentences also stand alone.
        "EMPTY": QT_TRANSLATE_NOOP("desk", "“{scanned}” is empty: nothing was scanned"),
        "NOT_DIGITS": QT_TRANSLATE_NOOP(
            "desk", "“{scanned}” contains characters other than digits"
        ),
        "WRONG_LENGTH": QT_TRANSLATE_NOOP(
            "desk",
            "“{scanned}” has {length} characters; this library's numbers have {expected}"
            " (a partial scan?)",
        ),
        "UNKNOWN_PREFIX": QT_TRANSLATE_NOOP(
            "desk",
            "“{scanned}” starts with neither {patron_prefix} (patron card) nor {item_prefix}"
            " (item)",
        ),
        "OTHER_INSTITUTION": QT_TRANSLATE_NOOP(
            "desk",
            "“{scanned}” belongs to institution {institution}, not this library ({expected})",
        ),
        "CHECK_DIGIT": QT_TRANSLATE_NOOP(
            "desk", "“{scanned}” has a wrong check digit: expected {expected}, got {got}"
        ),
        "ITEM_NOT_PATRON": QT_TRANSLATE_NOOP(
            "desk", "“{scanned}” is an item barcode, not a patron card"
        ),
        "QR_VERSION": QT_TRANSLATE_NOOP(
            "desk", "“{scanned}” is a Popup card of version {version}, which this app cannot read"
        ),
    },
)


# Why the desk refused, per ``DeskError.key`` (``popup.store.circulation.Problem``).
DESK = Catalogue(
    "desk",
    "desk",
    {
        "OVERRIDE_WITHOUT_REASON": QT_TRANSLATE_NOOP(
            "desk", "An override needs a reason; type why the rule is being set aside."
        ),
        #: {reason} is what reached the reason box: a number, e.g. a card scanned into it.
        "OVERRIDE_REASON_IS_A_SCAN": QT_TRANSLATE_NOOP(
            "desk",
            "“{reason}” is a number, not a reason: it looks like a scan. Type in words why the"
            " rule is being set aside.",
        ),
        "IN_HOUSE_COUNT": QT_TRANSLATE_NOOP(
            "desk", "In-house use count must be between 1 and 999, not {count}."
        ),
        #: {problem} is one of the "“{scanned}” …" sentences about a scanned number.
        "PATRON_INVALID_CARD": QT_TRANSLATE_NOOP("desk", "No patron card: {problem}"),
        "PATRON_ITEM_SCANNED": QT_TRANSLATE_NOOP(
            "desk",
            "“{number}” is an item barcode, not a patron card. Scan the patron's card first.",
        ),
        "PATRON_NOT_FOUND": QT_TRANSLATE_NOOP(
            "desk", "No patron with card “{number}” on this laptop."
        ),
        "ITEM_PATRON_SCANNED": QT_TRANSLATE_NOOP(
            "desk", "“{number}” is a patron card, not an item. Scan the item's barcode."
        ),
        "ITEM_INVALID_BARCODE": QT_TRANSLATE_NOOP("desk", "Not in the catalogue: {problem}"),
        "ITEM_NOT_FOUND": QT_TRANSLATE_NOOP(
            "desk", "No item with barcode “{barcode}” in this laptop's catalogue."
        ),
        "LOAN_NOT_OPEN": QT_TRANSLATE_NOOP(
            "desk", "That loan is no longer open; it may have been returned."
        ),
        "UNDO_NO_SUCH_ACTION": QT_TRANSLATE_NOOP(
            "desk", "There is no action number {seq} to undo."
        ),
        "UNDO_ALREADY_UNDONE": QT_TRANSLATE_NOOP("desk", "Action {seq} was already undone."),
        #: {kind} is the action's internal name, e.g. patron_register.
        "UNDO_NOT_UNDOABLE": QT_TRANSLATE_NOOP("desk", "A {kind} action cannot be undone here."),
        "UNDO_ITEM_GONE": QT_TRANSLATE_NOOP(
            "desk", "The item of that action is no longer in the catalogue."
        ),
        "UNDO_RETURNED_SINCE": QT_TRANSLATE_NOOP(
            "desk", "{title} has been returned since; nothing to undo."
        ),
        "UNDO_LENT_AGAIN_SINCE": QT_TRANSLATE_NOOP(
            "desk", "{title} has been lent again since; nothing to undo."
        ),
        #: {title} is the item's title; {due} its due date, which a renewal today would keep.
        "RENEWAL_WOULD_NOT_MOVE": QT_TRANSLATE_NOOP(
            "desk",
            "{title} is not due to move yet: due {due} either way. No renewal was used.",
        ),
        #: A scan of a card that was replaced because it was lost. {number}: the card;
        #: {lost}: the day it was reported lost (a date).
        "CARD_REPORTED_LOST": QT_TRANSLATE_NOOP(
            "desk",
            "Card “{number}” was reported lost on {lost} and cannot be used. Find the patron"
            " by name (Ctrl+K).",
        ),
        "LOOKUP_TOO_SHORT": QT_TRANSLATE_NOOP(
            "desk", "Type at least two letters of the patron's name."
        ),
        #: {typed}: what was typed as a date of birth.
        "LOOKUP_BAD_BIRTH_DATE": QT_TRANSLATE_NOOP(
            "desk",
            "“{typed}” is not a date of birth; type it as on the sign-up form, or leave it empty.",
        ),
        #: In-house use of an item still on loan. {initials}: the borrower's, e.g. "A. L.";
        #: {card}: the last four digits of their card; {due}: a date.
        "IN_HOUSE_ON_LOAN": QT_TRANSLATE_NOOP(
            "desk",
            "{title} is on loan to {initials}, card ending {card}, due {due}: return it before"
            " counting the use.",
        ),
    },
)


# What Undo took back, per the undone action's kind: the whole sentence staff read.
UNDONE = Catalogue(
    "undone",
    "desk",
    {
        #: {title} is the item's title.
        "checkout": QT_TRANSLATE_NOOP("desk", "Checkout of {title} undone."),
        "checkin": QT_TRANSLATE_NOOP("desk", "Return of {title} undone."),
        "renew": QT_TRANSLATE_NOOP("desk", "Renewal of {title} undone."),
        "in_house_use": QT_TRANSLATE_NOOP("desk", "In-house use of {title} undone."),
    },
)


# What is wrong beside a sign-up field, per ``FieldError.key``; shown beside the field,
# so a sentence need not name it.
FIELDS = Catalogue(
    "fields",
    "signup",
    {
        "REQUIRED.name": QT_TRANSLATE_NOOP("signup", "Name is required"),
        "REQUIRED.date_of_birth": QT_TRANSLATE_NOOP(
            "signup", "Date of birth is required (it sets the patron's category)"
        ),
        "REQUIRED.address": QT_TRANSLATE_NOOP("signup", "Address is required"),
        "REQUIRED.phone": QT_TRANSLATE_NOOP("signup", "Phone is required"),
        "REQUIRED.email": QT_TRANSLATE_NOOP("signup", "Email is required"),
        "REQUIRED.language": QT_TRANSLATE_NOOP("signup", "Preferred language is required"),
        "REQUIRED.notes": QT_TRANSLATE_NOOP("signup", "Notes are required"),
        #: {length} and {limit} are numbers of characters.
        "TOO_LONG": QT_TRANSLATE_NOOP("signup", "Too long ({length} characters; at most {limit})"),
        #: {name} is what staff typed as the name.
        "NAME_NO_LETTERS": QT_TRANSLATE_NOOP("signup", "“{name}” is not a name: it has no letters"),
        #: {text} is what staff typed as the date of birth; keep YYYY-MM-DD as it is typed.
        "DATE_FORMAT": QT_TRANSLATE_NOOP(
            "signup", "“{text}” is not a date; type it as YYYY-MM-DD, e.g. 2014-03-09"
        ),
        #: The same, where the UI's language writes month/day/year (US English).
        "DATE_FORMAT_MDY": QT_TRANSLATE_NOOP(
            "signup",
            "“{text}” is not a date; type it as month/day/year, e.g. 03/09/2014, or YYYY-MM-DD",
        ),
        #: The same, where the UI's language writes day/month/year (Spanish); keep YYYY-MM-DD.
        "DATE_FORMAT_DMY": QT_TRANSLATE_NOOP(
            "signup",
            "“{text}” is not a date; type it as day/month/year, e.g. 09/03/2014, or YYYY-MM-DD",
        ),
        "DATE_NOT_REAL": QT_TRANSLATE_NOOP(
            "signup", "“{text}” is not a real date (check the month and day)"
        ),
        #: {born} and {today} are dates written as the desk writes dates.
        "DATE_IN_FUTURE": QT_TRANSLATE_NOOP(
            "signup", "Date of birth {born} is in the future (today is {today})"
        ),
        #: {max_age} is a number of years.
        "TOO_OLD": QT_TRANSLATE_NOOP(
            "signup", "Date of birth {born} would make the patron over {max_age}; check the year"
        ),
        #: {email} is what staff typed as the email address.
        "EMAIL_SPACE": QT_TRANSLATE_NOOP(
            "signup", "“{email}” is not an email address: it contains a space"
        ),
        "EMAIL_AT": QT_TRANSLATE_NOOP(
            "signup", "“{email}” is not an email address: it needs exactly one @"
        ),
        "EMAIL_PARTS": QT_TRANSLATE_NOOP(
            "signup", "“{email}” is not an email address: text is missing before or after the @"
        ),
        "EMAIL_DOTS": QT_TRANSLATE_NOOP(
            "signup", "“{email}” is not an email address: it has misplaced dots"
        ),
        "EMAIL_FORM": QT_TRANSLATE_NOOP(
            "signup",
            "“{email}” is not an email address (expected something like name@example.org)",
        ),
        #: {phone} is what staff typed as the phone number.
        "PHONE_CHARS": QT_TRANSLATE_NOOP(
            "signup", "“{phone}” is not a phone number: use digits, spaces, dashes and a leading +"
        ),
        #: {digits} is how many digits were typed.
        "PHONE_SHORT": QT_TRANSLATE_NOOP(
            "signup", "“{phone}” is too short for a phone number ({digits} digits; at least 7)"
        ),
        "PHONE_LONG": QT_TRANSLATE_NOOP(
            "signup", "“{phone}” is too long for a phone number ({digits} digits; at most 15)"
        ),
        "CONTACT_REQUIRED": QT_TRANSLATE_NOOP(
            "signup", "Give a phone number or an email address (at least one)"
        ),
        #: {age} is the patron's age in years.
        "NO_CATEGORY": QT_TRANSLATE_NOOP("signup", "No patron category fits age {age}"),
        #: {age} and {adult_age} are ages in years.
        "GUARDIAN_REQUIRED": QT_TRANSLATE_NOOP(
            "signup", "A guardian's name is required: the patron is {age}, under {adult_age}"
        ),
        #: {problem} is one of the "“{scanned}” …" sentences about a scanned number.
        "GUARDIAN_CARD": QT_TRANSLATE_NOOP("signup", "Guardian's card: {problem}"),
        "CONSENT_REQUIRED": QT_TRANSLATE_NOOP(
            "signup", "The patron must agree to the privacy notice before signing up"
        ),
    },
)


# Why the store refused a sign-up, per ``SignupError.key`` (``SignupProblem``).
SIGNUP = Catalogue(
    "signup",
    "signup",
    {
        "NO_DEVICE": QT_TRANSLATE_NOOP(
            "signup", "This store has no device identity; open it with Popup to create one"
        ),
        "NUMBER_MISMATCH": QT_TRANSLATE_NOOP(
            "signup", "Internal error: the temporary card number and action seq differ"
        ),
        #: {first} and {last} are card sequence numbers.
        "BAD_BLOCK": QT_TRANSLATE_NOOP(
            "signup", "A card block must run from a number up to a larger one ({first}-{last})"
        ),
        "BLOCK_OVERLAPS": QT_TRANSLATE_NOOP(
            "signup", "The card block {first}-{last} overlaps a block this device holds"
        ),
        #: {card} is a card number.
        "NO_TEMPORARY_PATRON": QT_TRANSLATE_NOOP(
            "signup", "No patron with temporary card “{card}” on this laptop"
        ),
        "NOT_TEMPORARY": QT_TRANSLATE_NOOP("signup", "Card “{card}” is not a temporary card"),
        "CARD_IN_USE": QT_TRANSLATE_NOOP(
            "signup", "Card “{card}” already belongs to a patron on this laptop"
        ),
        #: {count} is how many patrons on this laptop look like the one being signed up.
        "POSSIBLE_DUPLICATE": QT_TRANSLATE_NOOP(
            "signup",
            "{count} patron(s) on this laptop may be the same person; open the existing patron"
            " or create the new one anyway",
        ),
    },
)


# The parts of the sync status line, per ``Line.key``; joined by " · ".
SYNC_STATUS = Catalogue(
    "sync_status",
    "sync",
    {
        "NOT_CONNECTED": QT_TRANSLATE_NOOP("sync", "Not connected to a sync server"),
        "CHECKING": QT_TRANSLATE_NOOP("sync", "Checking the sync server…"),
        "ONLINE": QT_TRANSLATE_NOOP("sync", "Online"),
        "OFFLINE": QT_TRANSLATE_NOOP("sync", "Offline"),
        #: {count} is a number of actions not yet uploaded.
        "WAITING": QT_TRANSLATE_NOOP("sync", "{count} waiting to upload"),
        "LAST_SYNC.never": QT_TRANSLATE_NOOP("sync", "last sync never"),
        "LAST_SYNC.just_now": QT_TRANSLATE_NOOP("sync", "last sync just now"),
        #: {count} is a number of minutes.
        "LAST_SYNC.minutes": QT_TRANSLATE_NOOP("sync", "last sync {count} min ago"),
        #: {count} is a number of hours.
        "LAST_SYNC.hours": QT_TRANSLATE_NOOP("sync", "last sync {count} h ago"),
        #: {count} is a number of days.
        "LAST_SYNC.days": QT_TRANSLATE_NOOP("sync", "last sync {count} days ago"),
        #: {count} is a number of inbox entries staff have not marked done.
        "TO_REVIEW": QT_TRANSLATE_NOOP("sync", "{count} to review"),
        "CLOCK_BEHIND": QT_TRANSLATE_NOOP("sync", "this laptop's clock is {minutes} min behind"),
        "CLOCK_AHEAD": QT_TRANSLATE_NOOP("sync", "this laptop's clock is {minutes} min ahead"),
    },
)


# Why a sync step stopped, per ``SyncError.key``. The server's own words ({message})
# and the network library's ({problem}) stay as they are.
SYNC_ERRORS = Catalogue(
    "sync_errors",
    "sync",
    {
        #: {url} is the server address staff typed.
        "BAD_URL": QT_TRANSLATE_NOOP(
            "sync", "The sync server address “{url}” must start with http:// or https://."
        ),
        "NOT_ENROLLED": QT_TRANSLATE_NOOP(
            "sync", "This laptop is not enrolled with a sync server."
        ),
        #: {seconds} is a number of seconds.
        "TIMEOUT": QT_TRANSLATE_NOOP(
            "sync", "The sync server did not answer within {seconds} seconds."
        ),
        "UNREACHABLE": QT_TRANSLATE_NOOP(
            "sync", "Cannot reach the sync server at {url} (no network, or it is down)."
        ),
        #: {problem} is the network library's own (English) description.
        "EXCHANGE_FAILED": QT_TRANSLATE_NOOP(
            "sync", "The exchange with the sync server failed: {problem}"
        ),
        #: {path} is a server address path, {status} an HTTP status number.
        "UNREADABLE_ANSWER": QT_TRANSLATE_NOOP(
            "sync", "The sync server sent an unreadable answer to {path} (status {status})."
        ),
        #: {message} is the server's own (English) message.
        "UNAVAILABLE": QT_TRANSLATE_NOOP(
            "sync", "The sync server is temporarily unavailable: {message}"
        ),
        "NOT_RECOGNISED": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server does not recognise this laptop. Enroll it again with a new code from"
            " the administrator; the data on this laptop is kept.",
        ),
        "REVOKED": QT_TRANSLATE_NOOP(
            "sync",
            "This laptop was revoked at the sync server, so it cannot upload or download. Its data"
            " stays on the laptop; ask the administrator for a new enrollment code.",
        ),
        "REFUSED": QT_TRANSLATE_NOOP("sync", "The sync server refused this laptop: {message}"),
        #: {seq} is the number of an action of this laptop.
        "SEQ_STALL": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server keeps asking for action {seq}; the upload cannot continue. Tell the"
            " administrator.",
        ),
        #: The server already holds other actions under this laptop's numbers (409 SEQ_CONFLICT).
        "SEQ_CONFLICT": QT_TRANSLATE_NOOP(
            "sync",
            "This laptop's actions do not match what the sync server already has from it (its"
            " data was probably restored from an older copy), so nothing more can be uploaded."
            " Ask the administrator for a new enrollment code and enroll this laptop again; the"
            " actions waiting here then upload.",
        ),
        "ENROLL_NO_CODE": QT_TRANSLATE_NOOP(
            "sync", "Type the enrollment code the administrator gave you."
        ),
        #: {code} is the code staff typed; {url} the sync server's address.
        "ENROLL_BAD_CODE": QT_TRANSLATE_NOOP(
            "sync",
            "The code “{code}” is not valid at {url}: it is unknown, already used or expired."
            " Ask the administrator for a new one.",
        ),
        #: {message} is the server's own (English) message.
        "ENROLL_REFUSED": QT_TRANSLATE_NOOP(
            "sync", "The sync server refused the enrollment: {message}"
        ),
        #: {field} is the name of a field of the server's answer, e.g. 'token'.
        "ENROLL_ANSWER_LACKS": QT_TRANSLATE_NOOP(
            "sync", "The sync server's enrollment answer lacks {field}."
        ),
        #: {problem} names the field of the upload that does not fit (English, for the admin).
        "MALFORMED_UPLOAD": QT_TRANSLATE_NOOP(
            "sync",
            "This laptop's upload is malformed ({problem}); nothing was sent. Tell the"
            " administrator.",
        ),
        "EMPTY_UPLOAD_ANSWER": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server answered the upload without any results; it will be tried again"
            " later.",
        ),
        "OTHER_ACTION": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server's answer for action {seq} names another action (different id)."
            " Nothing was recorded; tell the administrator.",
        ),
        "SEQ_BEFORE_ENROLLMENT": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server expects action {seq} of this enrollment, which was uploaded under the"
            " laptop's earlier enrollment. Nothing was skipped; tell the administrator.",
        ),
        "SEQ_MISSING": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server expects action {seq}, which this laptop no longer has. Nothing was"
            " skipped; tell the administrator.",
        ),
        "DOWNLOAD_RESTARTS": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server keeps restarting the download from scratch; it will be tried again"
            " later. Tell the administrator if this goes on.",
        ),
        #: {url} is the sync server's address. POPUP_ALLOW_INSECURE_HTTP is a setting's name.
        "INSECURE_HTTP": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server address {url} is not secure (http:// sends the laptop's key and"
            " patrons' data over the network unprotected); nothing was sent. Use its https://"
            " address, or ask the administrator (who can allow it with"
            " POPUP_ALLOW_INSECURE_HTTP=1).",
        ),
        #: {url} is the sync server's address.
        "UNTRUSTED_SERVER": QT_TRANSLATE_NOOP(
            "sync",
            "The sync server's identity could not be verified at {url} (its security certificate"
            " was not accepted), so nothing was sent. Check the address and the laptop's date,"
            " and tell the administrator; do not sync on this network until it is fixed.",
        ),
        "DEVICE_CHANGED": QT_TRANSLATE_NOOP(
            "sync",
            "This store is not the one this laptop was enrolled with (it was replaced or"
            " started afresh), so nothing was uploaded. Run “popup recover”, or enroll this"
            " laptop again with a new code from the administrator.",
        ),
        "TOKEN_EXPIRED": QT_TRANSLATE_NOOP(
            "sync",
            "This laptop's key for the sync server has expired, so it cannot upload or download."
            " Enroll it again with a new code from the administrator; the data on this laptop"
            " is kept.",
        ),
        "SYNC_RUNNING": QT_TRANSLATE_NOOP(
            "sync", "A sync is already running on this laptop; this one was not started."
        ),
    },
)


# What happened, per outcome code: the inbox's first explanation of an entry.
HAPPENED = Catalogue(
    "happened",
    "sync",
    {
        "OPEN_CIRCULATION_EXISTS": QT_TRANSLATE_NOOP(
            "sync",
            "The item was still on loan to another patron when it was checked out here. The"
            " checkout was accepted and the other loan was closed at the time of this checkout.",
        ),
        "PATRON_BLOCKED_AT_TIME": QT_TRANSLATE_NOOP(
            "sync",
            "The patron was blocked at the consortium when this was done. It was accepted.",
        ),
        "CARD_EXPIRED": QT_TRANSLATE_NOOP(
            "sync", "The patron's card had expired. The action was accepted."
        ),
        "ITEM_NOT_FOUND": QT_TRANSLATE_NOOP(
            "sync",
            "The server does not know this item barcode, so the action was not recorded there.",
        ),
        "PATRON_NOT_FOUND": QT_TRANSLATE_NOOP(
            "sync",
            "The server does not know this patron card, so the action was not recorded there.",
        ),
        "MAX_RENEWALS_REACHED": QT_TRANSLATE_NOOP(
            "sync", "The loan had already been renewed as often as allowed."
        ),
        "POSSIBLE_DUPLICATE_PATRON": QT_TRANSLATE_NOOP(
            "sync", "This sign-up looks like a patron who is already registered."
        ),
        "ROUTE_ITEM": QT_TRANSLATE_NOOP(
            "sync", "The returned item belongs to, or is needed at, another library."
        ),
        "HOLD_TRAP": QT_TRANSLATE_NOOP("sync", "The returned item is on hold for a patron."),
        "HOLD_TRAP.here": QT_TRANSLATE_NOOP(
            "sync", "This item was returned here and a patron of this library is waiting for it."
        ),
        #: {library} is a library's code, e.g. EAST.
        "HOLD_TRAP.elsewhere": QT_TRANSLATE_NOOP(
            "sync", "This item was returned here and a patron at {library} is waiting for it."
        ),
        "HOLD_TRAP.checkout": QT_TRANSLATE_NOOP(
            "sync", "This item was lent here while another patron was waiting for it."
        ),
        #: {library} is a library's code, e.g. EAST.
        "ROUTE_ITEM.library": QT_TRANSLATE_NOOP(
            "sync", "This item was returned here, but it belongs to, or is needed at, {library}."
        ),
        #: Added after what happened when staff overrode a warning for this action at the
        #: desk; {reason} is what they typed.
        "OVERRIDDEN": QT_TRANSLATE_NOOP(
            "sync", "Staff overrode this at the desk; the reason given was “{reason}”."
        ),
        "CLOCK_SKEW": QT_TRANSLATE_NOOP(
            "sync",
            "This laptop's clock was wrong when the action was made; the action keeps the time"
            " the laptop gave it.",
        ),
        "LOAN_NOT_FOUND": QT_TRANSLATE_NOOP(
            "sync", "The server had no record of the loan this action refers to."
        ),
        "ITEM_NOT_ON_LOAN": QT_TRANSLATE_NOOP(
            "sync", "The item was returned here but the server had it as not on loan."
        ),
        "TEMPORARY_CARD_REPLACED": QT_TRANSLATE_NOOP(
            "sync",
            "The temporary card number given at sign-up was replaced by a real card number.",
        ),
        "CARD_REPORTED_LOST": QT_TRANSLATE_NOOP(
            "sync",
            "The card used had been reported lost before this was done, so it was not recorded.",
        ),
        "RENEWAL_WOULD_NOT_MOVE": QT_TRANSLATE_NOOP(
            "sync",
            "The loan was already due on that date (renewed the same day elsewhere), so this"
            " renewal changed nothing and used no renewal.",
        ),
        "HOLD_FILLED": QT_TRANSLATE_NOOP(
            "sync", "The checkout filled the patron's hold: they picked it up."
        ),
        "HOLD_FILLED_ELSEWHERE": QT_TRANSLATE_NOOP(
            "sync",
            "The patron's hold had already been filled by another copy before this checkout."
            " The loan was accepted.",
        ),
        "HOLD_EXPIRED": QT_TRANSLATE_NOOP(
            "sync",
            "The hold this was meant for had expired or was cancelled by then. The action was"
            " accepted.",
        ),
        "ILS_REFUSED": QT_TRANSLATE_NOOP(
            "sync",
            "The library system refused this action when the server passed it on; its reason is"
            " in the message.",
        ),
        "ILS_ANSWER_LOST": QT_TRANSLATE_NOOP(
            "sync",
            "The server passed this on to the library system but its answer was lost, and it"
            " could not check whether it was recorded there.",
        ),
        "ILS_BY_HAND": QT_TRANSLATE_NOOP(
            "sync",
            "The library system cannot be told this automatically (a waiver, or taking back"
            " something it already has).",
        ),
        "PAYMENT_EXCEEDS_BALANCE": QT_TRANSLATE_NOOP(
            "sync",
            "By the time this payment reached the server the patron owed less than at the desk."
            " The whole payment was recorded and the rest kept as a credit (a waiver only"
            " waived what was still owed).",
        ),
        "STAFF_UNKNOWN": QT_TRANSLATE_NOOP(
            "sync",
            "The server does not know the staff member who made this action (an account made on"
            " another server, or removed).",
        ),
        "STAFF_NOT_ALLOWED": QT_TRANSLATE_NOOP(
            "sync",
            "The staff member who made this action may not make it (a volunteer's override with"
            " no staff approval, or an account disabled by then).",
        ),
        "REJECTED": QT_TRANSLATE_NOOP("sync", "The server did not accept this action."),
        #: {code} is the server's outcome code, e.g. NEW_RULE.
        "UNKNOWN_CODE": QT_TRANSLATE_NOOP("sync", "The server reported “{code}” for this action."),
    },
)


# What to do, per outcome code: the inbox's second explanation of an entry.
TODO = Catalogue(
    "todo",
    "sync",
    {
        "OPEN_CIRCULATION_EXISTS": QT_TRANSLATE_NOOP(
            "sync",
            "Check the shelf and the other patron's account; if they still have a copy, contact"
            " them.",
        ),
        "PATRON_BLOCKED_AT_TIME": QT_TRANSLATE_NOOP(
            "sync", "Tell the patron about the block at their next visit."
        ),
        "CARD_EXPIRED": QT_TRANSLATE_NOOP("sync", "Renew the patron's card at their next visit."),
        "ITEM_NOT_FOUND": QT_TRANSLATE_NOOP(
            "sync", "Look at the item: re-label it or give it to cataloguing."
        ),
        "PATRON_NOT_FOUND": QT_TRANSLATE_NOOP(
            "sync", "Find the patron's correct card and redo the action, or register the patron."
        ),
        "MAX_RENEWALS_REACHED": QT_TRANSLATE_NOOP(
            "sync",
            "Ask the patron to return the item, or extend it at the library if policy allows.",
        ),
        "POSSIBLE_DUPLICATE_PATRON": QT_TRANSLATE_NOOP(
            "sync",
            "Compare the two records at the consortium and merge them if they are the same person.",
        ),
        "ROUTE_ITEM": QT_TRANSLATE_NOOP(
            "sync", "Put it in the transit box for the library named in the message."
        ),
        "HOLD_TRAP": QT_TRANSLATE_NOOP(
            "sync", "Set it aside with a hold slip for the pickup library in the message."
        ),
        "HOLD_TRAP.here": QT_TRANSLATE_NOOP("sync", "Put it on the hold shelf with a hold slip."),
        #: {library} is a library's code, e.g. EAST.
        "HOLD_TRAP.elsewhere": QT_TRANSLATE_NOOP(
            "sync", "Put a hold slip in it and send it to {library} in the transit box."
        ),
        "HOLD_TRAP.checkout": QT_TRANSLATE_NOOP(
            "sync", "Tell the holds staff, so that the waiting patron is looked after."
        ),
        #: {library} is a library's code, e.g. EAST.
        "ROUTE_ITEM.library": QT_TRANSLATE_NOOP("sync", "Put it in the transit box for {library}."),
        "CLOCK_SKEW": QT_TRANSLATE_NOOP(
            "sync", "Set the laptop's date and time correctly in the system settings."
        ),
        "LOAN_NOT_FOUND": QT_TRANSLATE_NOOP(
            "sync", "Check the item's status at the consortium and correct it there if needed."
        ),
        "ITEM_NOT_ON_LOAN": QT_TRANSLATE_NOOP(
            "sync", "Nothing to do unless the item's status at the consortium looks wrong."
        ),
        "TEMPORARY_CARD_REPLACED": QT_TRANSLATE_NOOP(
            "sync", "Print the new card and give it to the patron at their next visit."
        ),
        "CARD_REPORTED_LOST": QT_TRANSLATE_NOOP(
            "sync",
            "Someone may be using a lost card: check the item and tell the patron who owns"
            " the card.",
        ),
        "RENEWAL_WOULD_NOT_MOVE": QT_TRANSLATE_NOOP(
            "sync", "Nothing to do: the due date the patron was given still holds."
        ),
        "HOLD_FILLED": QT_TRANSLATE_NOOP("sync", "Nothing to do."),
        "HOLD_FILLED_ELSEWHERE": QT_TRANSLATE_NOOP(
            "sync", "Nothing to do unless the patron now has two copies they did not want."
        ),
        "HOLD_EXPIRED": QT_TRANSLATE_NOOP(
            "sync", "If a copy was set aside for the hold, shelve it or send it home."
        ),
        "ILS_REFUSED": QT_TRANSLATE_NOOP(
            "sync", "Record it in the library system by hand, or settle why it refused."
        ),
        "ILS_ANSWER_LOST": QT_TRANSLATE_NOOP(
            "sync", "Look in the library system; record it there by hand if it is missing."
        ),
        "ILS_BY_HAND": QT_TRANSLATE_NOOP("sync", "Record it in the library system by hand."),
        "PAYMENT_EXCEEDS_BALANCE": QT_TRANSLATE_NOOP(
            "sync",
            "Ask the patron whether to refund the credit or keep it for later fines; the amount"
            " is in the message.",
        ),
        "STAFF_UNKNOWN": QT_TRANSLATE_NOOP(
            "sync", "Check the item or patron by hand, and ask the administrator about the account."
        ),
        "STAFF_NOT_ALLOWED": QT_TRANSLATE_NOOP(
            "sync",
            "A staff member should look at the patron and the item and redo the action if it"
            " was right.",
        ),
        "REJECTED": QT_TRANSLATE_NOOP(
            "sync", "Read the message, then redo the action correctly or tell the administrator."
        ),
        "UNKNOWN_CODE": QT_TRANSLATE_NOOP(
            "sync", "Read the message and tell the administrator if it is unclear."
        ),
    },
)


# Why the event screen refused, per ``EventError.key`` (and ``CountRefused.key``).
EVENTS = Catalogue(
    "events",
    "events",
    {
        "EMPTY.stop_name": QT_TRANSLATE_NOOP("events", "The stop name is empty; type a stop name."),
        "EMPTY.title": QT_TRANSLATE_NOOP(
            "events", "The event title is empty; type an event title."
        ),
        "EMPTY.event_type": QT_TRANSLATE_NOOP(
            "events", "The event type is empty; type an event type."
        ),
        "EMPTY.name": QT_TRANSLATE_NOOP("events", "The name is empty; type a name."),
        #: {length} and {limit} are numbers of characters.
        "TOO_LONG.stop_name": QT_TRANSLATE_NOOP(
            "events", "The stop name is too long ({length} characters, at most {limit})."
        ),
        "TOO_LONG.place": QT_TRANSLATE_NOOP(
            "events", "The place is too long ({length} characters, at most {limit})."
        ),
        "TOO_LONG.title": QT_TRANSLATE_NOOP(
            "events", "The event title is too long ({length} characters, at most {limit})."
        ),
        "TOO_LONG.event_type": QT_TRANSLATE_NOOP(
            "events", "The event type is too long ({length} characters, at most {limit})."
        ),
        "TOO_LONG.audience": QT_TRANSLATE_NOOP(
            "events", "The audience is too long ({length} characters, at most {limit})."
        ),
        "TOO_LONG.name": QT_TRANSLATE_NOOP(
            "events", "The name is too long ({length} characters, at most {limit})."
        ),
        "NO_TIME_ZONE.start": QT_TRANSLATE_NOOP(
            "events", "The stop's start time has no time zone."
        ),
        "NO_TIME_ZONE.end": QT_TRANSLATE_NOOP("events", "The stop's end time has no time zone."),
        "ENDS_BEFORE_START": QT_TRANSLATE_NOOP(
            "events", "The stop ends before it starts; check the start and end times."
        ),
        "STOP_GONE": QT_TRANSLATE_NOOP(
            "events", "That stop is not on this laptop any more; choose another stop."
        ),
        "EVENT_GONE": QT_TRANSLATE_NOOP(
            "events", "That event is not on this laptop any more; choose another event."
        ),
        "REGISTRATION_GONE": QT_TRANSLATE_NOOP(
            "events", "That registration is not on this laptop any more."
        ),
        #: {capacity} is the number staff typed.
        "CAPACITY": QT_TRANSLATE_NOOP(
            "events", "The capacity must be 1 or more, not {capacity}; leave it empty."
        ),
        #: {problem} is one of the "“{scanned}” …" sentences about a scanned number.
        "NOT_A_CARD": QT_TRANSLATE_NOOP("events", "Not a library card: {problem}"),
        "ITEM_SCANNED": QT_TRANSLATE_NOOP(
            "events", "“{number}” is an item barcode, not a library card."
        ),
        "CARD_REPORTED_LOST": QT_TRANSLATE_NOOP(
            "events",
            "Card “{number}” was reported lost on {lost} and cannot be used: count the person"
            " with the +1 of their age band instead.",
        ),
        "ALREADY_LISTED": QT_TRANSLATE_NOOP(
            "events", "Card {number} is already on this event's list."
        ),
        #: {name} is the name on the event's list.
        "ALREADY_CANCELLED": QT_TRANSLATE_NOOP(
            "events", "{name}'s registration was already cancelled."
        ),
        "REGISTRATION_CANCELLED": QT_TRANSLATE_NOOP(
            "events", "{name}'s registration was cancelled; register them again."
        ),
        "ALREADY_CHECKED_IN": QT_TRANSLATE_NOOP(
            "events", "{name} is already checked in and counted."
        ),
        #: {delta} is a number.
        "COUNT_DELTA": QT_TRANSLATE_NOOP("events", "A counter changes by +1 or -1, not {delta}."),
        #: {band} is the library's name for an age band, e.g. "Children 0–5".
        "COUNT_ZERO": QT_TRANSLATE_NOOP(
            "events", "The {band} count is already zero; there is nothing to take off."
        ),
        #: {code} is a band code; {known} lists the library's band codes.
        "NO_SUCH_BAND": QT_TRANSLATE_NOOP(
            "events", "There is no age band “{code}”; the bands are {known}."
        ),
        #: {subject} is the attendee's name, or "Card 2112… (not on this laptop)".
        "BAND_NEEDED": QT_TRANSLATE_NOOP(
            "events", "{subject}: choose the age band to count them in."
        ),
    },
)


# What is wrong with the store file (``StoreError.key``): why Popup cannot open it, why a
# save failed ("WRITE_...": each says "Not saved" itself), why a recovery stopped. {path} is
# a file, {folder} a folder, as the operating system writes them; the recovery advice names
# the command ``popup recover``.
STORE = Catalogue(
    "store",
    "store",
    {
        "DAMAGED": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} is damaged or is not a Popup store, so Popup cannot open it."
            " It was not changed. Quit Popup and run “popup recover”: it keeps this file and"
            " the files beside it, and copies everything that can still be read. Do not move"
            " or delete these files by hand.",
        ),
        #: {count} is a number of problems.
        "INTEGRITY_FAILED": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} is damaged: its integrity check found {count} problem(s)."
            " It was not changed. Quit Popup and run “popup recover”: it keeps this file and"
            " the files beside it, and copies everything that can still be read. Do not move"
            " or delete these files by hand.",
        ),
        "EMPTY_FILE": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} is empty (0 bytes), so it is damaged or is not a Popup"
            " store. It was not changed. Quit Popup and run “popup recover”: it keeps this file"
            " and starts a new store.",
        ),
        #: {journal} is the store's journal file (its name ends in -wal).
        "STALE_JOURNAL": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} is intact, but the journal beside it ({journal}) belongs to"
            " another copy of the file, so together they look damaged. Nothing was changed."
            " Quit Popup and run “popup recover”: it sets that journal aside, keeping it, and"
            " opens the store.",
        ),
        "ORPHAN_JOURNAL": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} is missing, but its journal {journal} is still there and may"
            " hold confirmed actions. If you moved the store file, put it back beside its"
            " journal and start Popup again; otherwise run “popup recover”, which keeps the"
            " journal and starts a new store.",
        ),
        "NOT_POPUP": QT_TRANSLATE_NOOP(
            "store",
            "The file {path} holds a database that is not a Popup store. It was not changed."
            " Start Popup with another data folder, or run “popup recover” to set the file"
            " aside (keeping it) and start a new store.",
        ),
        #: {revision} is a schema name, e.g. 0005.
        "NEWER_SCHEMA": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} was written by a newer version of Popup (schema {revision})."
            " Install that version again; this file was not changed.",
        ),
        "LOCKED": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} is locked by another program. Close any other Popup window"
            " or database tool using it, then start Popup again. If it is still locked after"
            " restarting the computer, run “popup recover”.",
        ),
        "IN_USE": QT_TRANSLATE_NOOP(
            "store",
            "Popup or another program is still using the store file {path}. Close every Popup"
            " window and any database tool, then run “popup recover” again. Nothing was"
            " changed.",
        ),
        "READ_ONLY_FILE": QT_TRANSLATE_NOOP(
            "store",
            "The file {path} is read-only, so Popup cannot save anything. It is not damaged."
            " Make it writable for your user account (in its properties or permissions), then"
            " start Popup again.",
        ),
        "READ_ONLY_FOLDER": QT_TRANSLATE_NOOP(
            "store",
            "The data folder {folder} is read-only, so Popup cannot keep its store there."
            " Nothing is damaged. Make the folder writable for your user account, or start"
            " Popup with another data folder (--home).",
        ),
        "IS_FOLDER": QT_TRANSLATE_NOOP(
            "store",
            "There is a folder where the store file should be: {path}. Popup did not change"
            " it. Move or rename that folder, then start Popup again.",
        ),
        #: {needed_mb} and {free_mb} are numbers of megabytes.
        "NO_ROOM_FOR_BACKUP": QT_TRANSLATE_NOOP(
            "store",
            "Popup backs up the store before updating it, but there is not enough free disk"
            " space in {folder}: {needed_mb} MB needed, {free_mb} MB free. Nothing was changed."
            " Free some space, then start Popup again.",
        ),
        "BACKUP_FAILED": QT_TRANSLATE_NOOP(
            "store",
            "Popup could not back up the store to {folder} before updating it: the disk refused"
            " the copy. Nothing was changed and no partial copy was left. Check that the disk"
            " has room and works, then start Popup again.",
        ),
        "NO_ROOM_TO_RECOVER": QT_TRANSLATE_NOOP(
            "store",
            "The recovery needs {needed_mb} MB of free disk space in {folder} for its copies,"
            " and only {free_mb} MB are free. Nothing was changed. Free some space, then run"
            " “popup recover” again.",
        ),
        "RECOVERY_UNFINISHED": QT_TRANSLATE_NOOP(
            "store",
            "A recovery of the store file {path} was interrupted. Run “popup recover” again to"
            " finish it; nothing is lost.",
        ),
        "SOURCE_DAMAGED": QT_TRANSLATE_NOOP(
            "store",
            "The file {path} is damaged or is not a Popup store, so it cannot replace the"
            " store. Nothing was changed.",
        ),
        "DISK_FULL": QT_TRANSLATE_NOOP(
            "store",
            "The disk that holds {path} is full, so Popup cannot start. Free some space on"
            " this laptop, then start Popup again.",
        ),
        "IO_ERROR": QT_TRANSLATE_NOOP(
            "store",
            "The disk reported an error while Popup was using {path}. Copy the data folder to"
            " a safe place and check the disk, then start Popup again.",
        ),
        "NO_WAL": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} cannot keep the journal Popup needs for safe saving (is it"
            " on a network drive?). Keep the data folder on this laptop's own disk.",
        ),
        #: {reason} is the operating system's own (English) words.
        "CANNOT_OPEN": QT_TRANSLATE_NOOP(
            "store", "The store file {path} cannot be opened: {reason}"
        ),
        # The store's key (encryption at rest). {where} is the key file or the credential
        # store's name; {backend} is keyring's name for the credential store.
        "WRONG_KEY": QT_TRANSLATE_NOOP(
            "store",
            "The key in {where} is not the key of the store file {path}, so Popup cannot read"
            " the store. Put back this laptop's own key (or key file) and start Popup again."
            " Nothing was changed.",
        ),
        "WRONG_PASSPHRASE": QT_TRANSLATE_NOOP(
            "store",
            "That passphrase does not open the store {path}. Nothing was changed: start Popup"
            " again and type the passphrase chosen for this laptop.",
        ),
        "PASSPHRASE_NEEDED": QT_TRANSLATE_NOOP(
            "store",
            "The store {path} is locked with a passphrase, and none was typed. Start Popup"
            " again and type it when asked.",
        ),
        "PASSPHRASE_TOO_SHORT": QT_TRANSLATE_NOOP(
            "store", "Choose a passphrase of at least {count} characters."
        ),
        "NO_KEYRING": QT_TRANSLATE_NOOP(
            "store",
            "This computer has no credential store Popup can use ({backend}), and the store's"
            " key was kept in one. Start Popup in the session where it was set up.",
        ),
        "KEYRING_FAILED": QT_TRANSLATE_NOOP(
            "store",
            "The computer's credential store ({backend}) did not answer, so the store's key"
            " could not be read or kept. Unlock it (sign in to the session again) and start"
            " Popup again.",
        ),
        "KEY_NOT_IN_KEYRING": QT_TRANSLATE_NOOP(
            "store",
            "The key of the store {path} is no longer in this computer's credential store, so"
            " Popup cannot read the store. Nothing was changed; ask the administrator.",
        ),
        "KEY_FILE_MISSING": QT_TRANSLATE_NOOP(
            "store",
            "The store's key file {path} is missing or cannot be read, so Popup cannot read"
            " the store. Put the key file back (is its drive plugged in?) and start Popup"
            " again.",
        ),
        "KEY_FILE_UNWRITABLE": QT_TRANSLATE_NOOP(
            "store", "The store's key file {path} cannot be written. Choose a folder you can write."
        ),
        "KEY_RECORD_UNREADABLE": QT_TRANSLATE_NOOP(
            "store",
            "The file {path}, which says where the store's key is kept, cannot be read."
            " Nothing was changed; ask the administrator.",
        ),
        #: {record} is the key record file (<store>.cipher.json) that is not there.
        "KEY_RECORD_MISSING": QT_TRANSLATE_NOOP(
            "store",
            "The store file {path} is encrypted, but the file that says where its key is kept,"
            " {record}, is missing. Nothing was changed: restore {record} from where it was"
            " copied (with the store, a backup drive) and start Popup again. Without its key"
            " the store cannot be read.",
        ),
        "KEY_FILE_EXISTS": QT_TRANSLATE_NOOP(
            "store",
            "A key file {path} is already there, and Popup never writes over a key: it may be"
            " the key of a store. Nothing was changed: move it away only if no store needs it,"
            " or choose another place for the new key (POPUP_KEY_FILE).",
        ),
        #: {value} is what POPUP_KEY_STORE was set to.
        "KEY_STORE_UNKNOWN": QT_TRANSLATE_NOOP(
            "store",
            "POPUP_KEY_STORE is “{value}”: it must be keyring, file or passphrase.",
        ),
        "ENCRYPT_CHECK_FAILED": QT_TRANSLATE_NOOP(
            "store",
            "The encrypted copy of the store {path} did not match it, so the store was not"
            " replaced and is still unencrypted. Quit Popup and run “popup recover”.",
        ),
        # Why a save failed: each says what is wrong and what to do; the UI puts it after
        # its own "Not saved:".
        "WRITE_DISK_FULL": QT_TRANSLATE_NOOP(
            "store", "Not saved: the disk is full. Free some space on this laptop, then try again."
        ),
        "WRITE_LOCKED": QT_TRANSLATE_NOOP(
            "store",
            "Not saved: another program is holding the store locked. Close any other Popup"
            " window or database tool, then try again.",
        ),
        "WRITE_READ_ONLY": QT_TRANSLATE_NOOP(
            "store",
            "Not saved: the store file {path} has become read-only. Make it writable for your"
            " user account, then try again.",
        ),
        "WRITE_IO_ERROR": QT_TRANSLATE_NOOP(
            "store",
            "Not saved: the disk reported an error. Try again; if it happens again, quit"
            " Popup, copy the data folder to a safe place and check the disk.",
        ),
        "WRITE_DAMAGED": QT_TRANSLATE_NOOP(
            "store",
            "Not saved: the store file turned out to be damaged. Quit Popup and run"
            " “popup recover”.",
        ),
    },
)


# The clock warning (``popup.domain.clock``): what looks wrong with this laptop's date and time,
# per ``ClockWarning.key``, then ADVICE. {amount} is one of the ABOUT.* phrases below.
CLOCK = Catalogue(
    "clock",
    "clock",
    {
        "JUMPED.forward": QT_TRANSLATE_NOOP(
            "clock", "The clock on this laptop jumped {amount} forward while Popup was open."
        ),
        "JUMPED.back": QT_TRANSLATE_NOOP(
            "clock", "The clock on this laptop jumped {amount} back while Popup was open."
        ),
        "BEHIND_ACTION": QT_TRANSLATE_NOOP(
            "clock",
            "The date and time on this laptop are {amount} earlier than the last action"
            " recorded on it.",
        ),
        "BEHIND_SERVER": QT_TRANSLATE_NOOP(
            "clock",
            "The date and time on this laptop are {amount} earlier than the sync server's at"
            " the last sync.",
        ),
        "OFF_SERVER.ahead": QT_TRANSLATE_NOOP(
            "clock", "The clock on this laptop is {amount} ahead of the sync server's."
        ),
        "OFF_SERVER.behind": QT_TRANSLATE_NOOP(
            "clock", "The clock on this laptop is {amount} behind the sync server's."
        ),
        "LONG_GAP": QT_TRANSLATE_NOOP(
            "clock", "The date on this laptop is {amount} after the last time it was used."
        ),
        "ADVICE": QT_TRANSLATE_NOOP(
            "clock",
            "Actions are recorded with this laptop's date and time: if they are wrong, fix them"
            " in the system settings.",
        ),
        #: How far off the clock is, rounded: "about a minute", "about 20 minutes", ...
        "ABOUT.minute": QT_TRANSLATE_NOOP("clock", "about a minute"),
        #: {count} is a number of minutes (2 or more).
        "ABOUT.minutes": QT_TRANSLATE_NOOP("clock", "about {count} minutes"),
        "ABOUT.hour": QT_TRANSLATE_NOOP("clock", "about an hour"),
        #: {count} is a number of hours (2 or more).
        "ABOUT.hours": QT_TRANSLATE_NOOP("clock", "about {count} hours"),
        "ABOUT.day": QT_TRANSLATE_NOOP("clock", "about a day"),
        #: {count} is a number of days (2 or more).
        "ABOUT.days": QT_TRANSLATE_NOOP("clock", "about {count} days"),
        "ABOUT.month": QT_TRANSLATE_NOOP("clock", "about a month"),
        #: {count} is a number of months (2 or more).
        "ABOUT.months": QT_TRANSLATE_NOOP("clock", "about {count} months"),
        "ABOUT.year": QT_TRANSLATE_NOOP("clock", "about a year"),
        #: {count} is a number of years (2 or more).
        "ABOUT.years": QT_TRANSLATE_NOOP("clock", "about {count} years"),
    },
)


# Why a payment or waiver was refused at the desk, per ``PaymentRefused.key``; shown in the
# payment dialog beside the amount.
PAYMENTS = Catalogue(
    "payments",
    "payments",
    {
        "AMOUNT_EMPTY": QT_TRANSLATE_NOOP("payments", "Type the amount."),
        #: {text} is what staff typed as the amount.
        "AMOUNT_NOT_A_NUMBER": QT_TRANSLATE_NOOP(
            "payments", "“{text}” is not an amount; type a number such as 6.50."
        ),
        "AMOUNT_TOO_PRECISE": QT_TRANSLATE_NOOP(
            "payments", "“{text}” has more than two decimals; type whole cents."
        ),
        "AMOUNT_ZERO": QT_TRANSLATE_NOOP(
            "payments", "The amount is zero: nothing to record. Type the amount paid."
        ),
        "AMOUNT_NEGATIVE": QT_TRANSLATE_NOOP(
            "payments",
            "“{text}” is negative: a payment cannot be below zero. Type the amount paid.",
        ),
        #: {limit} is an amount of money, e.g. 100000.00 (no currency sign).
        "AMOUNT_TOO_LARGE": QT_TRANSLATE_NOOP(
            "payments", "That is more than {limit}, the most one payment may record."
        ),
        "NOTHING_TO_WAIVE": QT_TRANSLATE_NOOP(
            "payments", "The patron owes nothing: there is nothing to waive."
        ),
        #: {amount} and {owed} are amounts of money, e.g. 6.50 (no currency sign).
        "WAIVER_EXCEEDS_OWED": QT_TRANSLATE_NOOP(
            "payments", "A waiver of {amount} is more than the {owed} owed; waive at most {owed}."
        ),
        "EXCEEDS_OWED": QT_TRANSLATE_NOOP(
            "payments",
            "{amount} is more than the {owed} owed. Take {owed}, or tick “Keep the rest as a"
            " credit”.",
        ),
    },
)


# Who may do what at the desk (#17): sign-in, PIN locks, a role's limits, an approval; per
# ``StaffRefusal.key`` (popup.store.staff). {wait} is a number of whole seconds; {login} is a
# staff member's login as typed.
STAFF = Catalogue(
    "staff",
    "staff",
    {
        "SIGN_IN_NEEDED": QT_TRANSLATE_NOOP(
            "staff", "Nobody is signed in. Sign in with your login or badge and your PIN."
        ),
        #: Said to a volunteer who tries something only staff may do.
        "NOT_ALLOWED_VOLUNTEER": QT_TRANSLATE_NOOP("staff", "Please ask a staff member."),
        "NOT_ALLOWED": QT_TRANSLATE_NOOP("staff", "Your account may not do this."),
        "UNKNOWN": QT_TRANSLATE_NOOP(
            "staff", "No staff member here has that login or badge. Check it and try again."
        ),
        #: {wait} is a number of seconds (0: try again now).
        "WRONG_PIN": QT_TRANSLATE_NOOP("staff", "Wrong PIN. Try again in {wait} s."),
        "WRONG_PIN_NOW": QT_TRANSLATE_NOOP("staff", "Wrong PIN. Try again."),
        #: {wait} is a number of seconds.
        "WAIT": QT_TRANSLATE_NOOP(
            "staff", "Too many wrong PINs. Wait {wait} s before the next try."
        ),
        "LOCKED": QT_TRANSLATE_NOOP(
            "staff",
            "Too many wrong PINs: this account is locked on this laptop. Another staff member"
            " can unlock it.",
        ),
        "DISABLED": QT_TRANSLATE_NOOP(
            "staff", "This account may no longer sign in on this laptop. Ask the administrator."
        ),
        "APPROVER_NOT_STAFF": QT_TRANSLATE_NOOP(
            "staff", "Only a staff member can approve this. Ask a staff member for their PIN."
        ),
        "ALREADY_SET_UP": QT_TRANSLATE_NOOP(
            "staff", "This laptop already has staff accounts: sign in with one of them."
        ),
        "LOGIN_FORM": QT_TRANSLATE_NOOP("staff", "A login is 1 to 64 characters."),
        "NAME_FORM": QT_TRANSLATE_NOOP(
            "staff", "Type the staff member's name (at most 200 characters)."
        ),
        "PIN_FORM": QT_TRANSLATE_NOOP("staff", "A PIN is 4 to 12 digits."),
        "NOT_LOCKED": QT_TRANSLATE_NOOP("staff", "That account is not locked."),
    },
)


#: Every catalogue, for tests and tools.
CATALOGUES: tuple[Catalogue, ...] = (
    CONCERNS,
    ITEM_STATUSES,
    NUMBERS,
    DESK,
    UNDONE,
    FIELDS,
    SIGNUP,
    SYNC_STATUS,
    SYNC_ERRORS,
    HAPPENED,
    TODO,
    EVENTS,
    STORE,
    CLOCK,
    PAYMENTS,
    STAFF,
)
