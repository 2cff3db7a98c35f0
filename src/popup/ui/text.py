"""Staff-facing words for what the Qt-free core reports: concerns, desk errors, sign-up
errors, the sync status and inbox explanations, event and attendance errors, dates, money.

The core (``popup.domain``, the store) writes English sentences (``Concern.message``,
``str(DeskError)``, ``str(InvalidNumber)``), which the server, outbox payloads and logs keep
using. Each also carries a stable key and its specifics as ``params`` (see
:data:`popup.domain.concerns.Params`). Here each key has a translatable sentence with named
placeholders, and the specifics are rendered for the UI locale: ISO dates as the desk writes
dates, cents as a locale number, item statuses translated; library data (codes, item types,
patron categories, initials, scanned numbers, staff-typed reasons) is shown as it is.

In English the core's own sentence is shown unchanged. A key without a sentence here, or a
sentence whose translation names a specific the core did not give, falls back to the English.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from popup.domain.cards import InvalidNumber, NumberProblem
from popup.domain.concerns import Code, Concern, Params
from popup.domain.mutations import Kind
from popup.domain.signup import FieldError
from popup.store.circulation import DeskError, NeedsOverride, Problem, UndoResult
from popup.store.events import EventError
from popup.store.signup import SignupError, SignupProblem
from popup.sync_client.status import UNKNOWN_CODE, InboxEntry, Line, SyncStatus


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for lupdate under ``context``; translate it where it is shown.

    Qt's own marker is typed as returning ``object``; lupdate finds this one by its name.
    """
    del context
    return text


# The whole sentence per ``Concern.key``; the English source says what the domain's message
# says. Money params lose their ``_cents`` ({owed} for ``owed_cents``). The ``#:`` comments
# reach translators.
_CONCERNS: dict[str, str] = {
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
    "ITEM_ON_HOLD.renewal": QT_TRANSLATE_NOOP("desk", "Another patron is waiting for this item"),
    #: {item_type} and {category} are the library's own codes, e.g. REFERENCE, ADULT.
    "ITEM_NOT_FOR_LOAN": QT_TRANSLATE_NOOP(
        "desk", "{item_type} items are not for loan to {category} patrons"
    ),
    "ITEM_NOT_FOR_LOAN.no_rule": QT_TRANSLATE_NOOP(
        "desk", "No loan rule covers patron category {category} with item type {item_type}"
    ),
    #: {status} is one of the words lost, missing, withdrawn (translated on their own).
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
}

# Item statuses a concern may name (``ItemStatus`` values).
_STATUSES: dict[str, str] = {
    #: An item's status, shown in "Item is marked {status}".
    "lost": QT_TRANSLATE_NOOP("desk", "lost"),
    "missing": QT_TRANSLATE_NOOP("desk", "missing"),
    "withdrawn": QT_TRANSLATE_NOOP("desk", "withdrawn"),
}

# What is wrong with a scanned number, per ``InvalidNumber.key``.
_NUMBERS: dict[NumberProblem, str] = {
    #: {scanned} is what the scanner read. These sentences also stand alone.
    NumberProblem.EMPTY: QT_TRANSLATE_NOOP("desk", "“{scanned}” is empty: nothing was scanned"),
    NumberProblem.NOT_DIGITS: QT_TRANSLATE_NOOP(
        "desk", "“{scanned}” contains characters other than digits"
    ),
    NumberProblem.WRONG_LENGTH: QT_TRANSLATE_NOOP(
        "desk",
        "“{scanned}” has {length} characters; this library's numbers have {expected}"
        " (a partial scan?)",
    ),
    NumberProblem.UNKNOWN_PREFIX: QT_TRANSLATE_NOOP(
        "desk",
        "“{scanned}” starts with neither {patron_prefix} (patron card) nor {item_prefix} (item)",
    ),
    NumberProblem.OTHER_INSTITUTION: QT_TRANSLATE_NOOP(
        "desk", "“{scanned}” belongs to institution {institution}, not this library ({expected})"
    ),
    NumberProblem.CHECK_DIGIT: QT_TRANSLATE_NOOP(
        "desk", "“{scanned}” has a wrong check digit: expected {expected}, got {got}"
    ),
    NumberProblem.ITEM_NOT_PATRON: QT_TRANSLATE_NOOP(
        "desk", "“{scanned}” is an item barcode, not a patron card"
    ),
    NumberProblem.QR_VERSION: QT_TRANSLATE_NOOP(
        "desk", "“{scanned}” is a Popup card of version {version}, which this app cannot read"
    ),
}

# Why the desk refused, per ``DeskError.key``.
_DESK_ERRORS: dict[str, str] = {  # keyed by Problem
    Problem.OVERRIDE_WITHOUT_REASON: QT_TRANSLATE_NOOP(
        "desk", "An override needs a reason; type why the rule is being set aside."
    ),
    Problem.IN_HOUSE_COUNT: QT_TRANSLATE_NOOP(
        "desk", "In-house use count must be between 1 and 999, not {count}."
    ),
    #: {problem} is one of the "“{scanned}” …" sentences about a scanned number.
    Problem.PATRON_INVALID_CARD: QT_TRANSLATE_NOOP("desk", "No patron card: {problem}"),
    Problem.PATRON_ITEM_SCANNED: QT_TRANSLATE_NOOP(
        "desk", "“{number}” is an item barcode, not a patron card. Scan the patron's card first."
    ),
    Problem.PATRON_NOT_FOUND: QT_TRANSLATE_NOOP(
        "desk", "No patron with card “{number}” on this laptop."
    ),
    Problem.ITEM_PATRON_SCANNED: QT_TRANSLATE_NOOP(
        "desk", "“{number}” is a patron card, not an item. Scan the item's barcode."
    ),
    Problem.ITEM_INVALID_BARCODE: QT_TRANSLATE_NOOP("desk", "Not in the catalogue: {problem}"),
    Problem.ITEM_NOT_FOUND: QT_TRANSLATE_NOOP(
        "desk", "No item with barcode “{barcode}” in this laptop's catalogue."
    ),
    Problem.LOAN_NOT_OPEN: QT_TRANSLATE_NOOP(
        "desk", "That loan is no longer open; it may have been returned."
    ),
    Problem.UNDO_NO_SUCH_ACTION: QT_TRANSLATE_NOOP(
        "desk", "There is no action number {seq} to undo."
    ),
    Problem.UNDO_ALREADY_UNDONE: QT_TRANSLATE_NOOP("desk", "Action {seq} was already undone."),
    #: {kind} is the action's internal name, e.g. patron_register.
    Problem.UNDO_NOT_UNDOABLE: QT_TRANSLATE_NOOP("desk", "A {kind} action cannot be undone here."),
    Problem.UNDO_ITEM_GONE: QT_TRANSLATE_NOOP(
        "desk", "The item of that action is no longer in the catalogue."
    ),
    Problem.UNDO_RETURNED_SINCE: QT_TRANSLATE_NOOP(
        "desk", "{title} has been returned since; nothing to undo."
    ),
    Problem.UNDO_LENT_AGAIN_SINCE: QT_TRANSLATE_NOOP(
        "desk", "{title} has been lent again since; nothing to undo."
    ),
}

# What Undo took back, per the undone action's kind; shown after "Undone: ".
_UNDONE: dict[str, str] = {
    #: {title} is the item's title.
    Kind.CHECKOUT.value: QT_TRANSLATE_NOOP("desk", "Checkout of {title} undone"),
    Kind.CHECKIN.value: QT_TRANSLATE_NOOP("desk", "Return of {title} undone"),
    Kind.RENEW.value: QT_TRANSLATE_NOOP("desk", "Renewal of {title} undone"),
    Kind.IN_HOUSE_USE.value: QT_TRANSLATE_NOOP("desk", "In-house use of {title} undone"),
}

# What is wrong beside a sign-up field, per ``FieldError.key``; shown beside the field, so a
# sentence need not name it.
_SIGNUP: dict[str, str] = {
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
}

# Why the store refused a sign-up, per ``SignupError.key``.
_SIGNUP_ERRORS: dict[SignupProblem, str] = {
    SignupProblem.NO_DEVICE: QT_TRANSLATE_NOOP(
        "signup", "This store has no device identity; open it with Popup to create one"
    ),
    SignupProblem.NUMBER_MISMATCH: QT_TRANSLATE_NOOP(
        "signup", "Internal error: the temporary card number and action seq differ"
    ),
    #: {first} and {last} are card sequence numbers.
    SignupProblem.BAD_BLOCK: QT_TRANSLATE_NOOP(
        "signup", "A card block must run from a number up to a larger one ({first}-{last})"
    ),
    SignupProblem.BLOCK_OVERLAPS: QT_TRANSLATE_NOOP(
        "signup", "The card block {first}-{last} overlaps a block this device holds"
    ),
    #: {card} is a card number.
    SignupProblem.NO_TEMPORARY_PATRON: QT_TRANSLATE_NOOP(
        "signup", "No patron with temporary card “{card}” on this laptop"
    ),
    SignupProblem.NOT_TEMPORARY: QT_TRANSLATE_NOOP(
        "signup", "Card “{card}” is not a temporary card"
    ),
    SignupProblem.CARD_IN_USE: QT_TRANSLATE_NOOP(
        "signup", "Card “{card}” already belongs to a patron on this laptop"
    ),
    SignupProblem.POSSIBLE_DUPLICATE: QT_TRANSLATE_NOOP(
        "signup",
        "A patron on this laptop may be the same person; open the existing patron or create"
        " the new one anyway",
    ),
}

# The parts of the sync status line, per ``Line.key``; joined by " · ".
_SYNC_STATUS: dict[str, str] = {
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
}

# Why the last sync pass stopped, per ``SyncError.key`` (as ``ERROR.<key>``). The server's own
# words ({message}) and the network library's ({problem}) stay as they are.
_SYNC_ERRORS: dict[str, str] = {
    #: {url} is the server address staff typed.
    "ERROR.BAD_URL": QT_TRANSLATE_NOOP(
        "sync", "The sync server address “{url}” must start with http:// or https://."
    ),
    "ERROR.NOT_ENROLLED": QT_TRANSLATE_NOOP(
        "sync", "This laptop is not enrolled with a sync server."
    ),
    #: {seconds} is a number of seconds.
    "ERROR.TIMEOUT": QT_TRANSLATE_NOOP(
        "sync", "The sync server did not answer within {seconds} seconds."
    ),
    "ERROR.UNREACHABLE": QT_TRANSLATE_NOOP(
        "sync", "Cannot reach the sync server at {url} (no network, or it is down)."
    ),
    #: {problem} is the network library's own (English) description.
    "ERROR.EXCHANGE_FAILED": QT_TRANSLATE_NOOP(
        "sync", "The exchange with the sync server failed: {problem}"
    ),
    #: {path} is a server address path, {status} an HTTP status number.
    "ERROR.UNREADABLE_ANSWER": QT_TRANSLATE_NOOP(
        "sync", "The sync server sent an unreadable answer to {path} (status {status})."
    ),
    #: {message} is the server's own (English) message.
    "ERROR.UNAVAILABLE": QT_TRANSLATE_NOOP(
        "sync", "The sync server is temporarily unavailable: {message}"
    ),
    "ERROR.NOT_RECOGNISED": QT_TRANSLATE_NOOP(
        "sync",
        "The sync server does not recognise this laptop. Enroll it again with a new code from"
        " the administrator; the data on this laptop is kept.",
    ),
    "ERROR.REVOKED": QT_TRANSLATE_NOOP(
        "sync",
        "This laptop was revoked at the sync server, so it cannot upload or download. Its data"
        " stays on the laptop; ask the administrator for a new enrollment code.",
    ),
    "ERROR.REFUSED": QT_TRANSLATE_NOOP("sync", "The sync server refused this laptop: {message}"),
    "ERROR.NO_PUSH_RESULTS": QT_TRANSLATE_NOOP(
        "sync", "The sync server's push answer had no results list."
    ),
    "ERROR.NO_PULL_CHANGES": QT_TRANSLATE_NOOP(
        "sync", "The sync server's pull answer had no changes or cursor."
    ),
    #: {seq} is the number of an action of this laptop.
    "ERROR.SEQ_STALL": QT_TRANSLATE_NOOP(
        "sync",
        "The sync server keeps asking for action {seq}; the upload cannot continue. Tell the"
        " administrator.",
    ),
    "ERROR.EMPTY_UPLOAD_ANSWER": QT_TRANSLATE_NOOP(
        "sync",
        "The sync server answered the upload without any results; it will be tried again later.",
    ),
    "ERROR.OTHER_ACTION": QT_TRANSLATE_NOOP(
        "sync",
        "The sync server's answer for action {seq} names another action (different id)."
        " Nothing was recorded; tell the administrator.",
    ),
    "ERROR.SEQ_BEFORE_ENROLLMENT": QT_TRANSLATE_NOOP(
        "sync",
        "The sync server expects action {seq} of this enrollment, which was uploaded under the"
        " laptop's earlier enrollment. Nothing was skipped; tell the administrator.",
    ),
    "ERROR.SEQ_MISSING": QT_TRANSLATE_NOOP(
        "sync",
        "The sync server expects action {seq}, which this laptop no longer has. Nothing was"
        " skipped; tell the administrator.",
    ),
    "ERROR.DOWNLOAD_RESTARTS": QT_TRANSLATE_NOOP(
        "sync",
        "The sync server keeps restarting the download from scratch; it will be tried again"
        " later. Tell the administrator if this goes on.",
    ),
}

# What happened and what to do, per outcome code (the inbox's explanation of each).
_HAPPENED: dict[str, str] = {
    "OPEN_CIRCULATION_EXISTS": QT_TRANSLATE_NOOP(
        "sync",
        "The item was still on loan to another patron when it was checked out here. The"
        " checkout was accepted and the other loan was closed at the time of this checkout.",
    ),
    "PATRON_BLOCKED_AT_TIME": QT_TRANSLATE_NOOP(
        "sync",
        "The patron was blocked at the consortium when the action was made offline. It was"
        " accepted.",
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
    "CLOCK_SKEW": QT_TRANSLATE_NOOP(
        "sync",
        "This laptop's clock was wrong when the action was made; the server corrected the time.",
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
    "REJECTED": QT_TRANSLATE_NOOP("sync", "The server did not accept this action."),
    #: {code} is the server's outcome code, e.g. NEW_RULE.
    UNKNOWN_CODE: QT_TRANSLATE_NOOP("sync", "The server reported “{code}” for this action."),
}
_TODO: dict[str, str] = {
    "OPEN_CIRCULATION_EXISTS": QT_TRANSLATE_NOOP(
        "sync",
        "Check the shelf and the other patron's account; if they still have a copy, contact them.",
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
    "REJECTED": QT_TRANSLATE_NOOP(
        "sync", "Read the message, then redo the action correctly or tell the administrator."
    ),
    UNKNOWN_CODE: QT_TRANSLATE_NOOP(
        "sync", "Read the message and tell the administrator if it is unclear."
    ),
}

# Why the event screen refused, per ``EventError.key``.
_EVENT_ERRORS: dict[str, str] = {
    "EMPTY.stop_name": QT_TRANSLATE_NOOP("events", "The stop name is empty; type a stop name."),
    "EMPTY.title": QT_TRANSLATE_NOOP("events", "The event title is empty; type an event title."),
    "EMPTY.event_type": QT_TRANSLATE_NOOP("events", "The event type is empty; type an event type."),
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
    "NO_TIME_ZONE.start": QT_TRANSLATE_NOOP("events", "The stop's start time has no time zone."),
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
    "ALREADY_LISTED": QT_TRANSLATE_NOOP("events", "Card {number} is already on this event's list."),
    #: {name} is the name on the event's list.
    "ALREADY_CANCELLED": QT_TRANSLATE_NOOP(
        "events", "{name}'s registration was already cancelled."
    ),
    "REGISTRATION_CANCELLED": QT_TRANSLATE_NOOP(
        "events", "{name}'s registration was cancelled; register them again."
    ),
    "ALREADY_CHECKED_IN": QT_TRANSLATE_NOOP("events", "{name} is already checked in and counted."),
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
}

# Params that are ISO dates, shown as the desk shows dates.
_DATE_PARAMS = frozenset({"expiry", "due", "born", "today"})


def ui_is_english() -> bool:
    return QLocale().language() in (QLocale.Language.English, QLocale.Language.C)


def money_text(cents: int) -> str:
    """An amount as a locale number ("6.50", "6,50"); no currency sign, as the core writes it."""
    return QLocale().toString(cents / 100, "f", 2)


def _shown(params: Params) -> dict[str, str]:
    """Each specific as the UI locale writes it (raises ValueError for a malformed date)."""
    shown: dict[str, str] = {}
    for name, value in params:
        if name.endswith("_cents") and isinstance(value, int):
            shown[name.removesuffix("_cents")] = money_text(value)
        elif name in _DATE_PARAMS and isinstance(value, str):
            shown[name] = date_text(date.fromisoformat(value))
        elif name == "status" and str(value) in _STATUSES:
            shown[name] = QCoreApplication.translate("desk", _STATUSES[str(value)])
        else:
            shown[name] = str(value)
    return shown


def _sentence(
    source: str | None,
    params: Params,
    english: str,
    extra: Mapping[str, str] | None = None,
    context: str = "desk",
) -> str:
    """``source`` translated with ``params`` filled in; ``english`` if that cannot be done."""
    if source is None:
        return english
    try:
        values = {**_shown(params), **(extra or {})}
        return QCoreApplication.translate(context, source).format(**values)
    except (KeyError, IndexError, ValueError):
        # A translation naming a specific the core did not give: the English says it all.
        return english


def concern_text(concern: Concern) -> str:
    """A staff-readable sentence for ``concern`` in the UI language, specifics included."""
    if ui_is_english() and concern.code is not Code.ROUTE_ITEM:
        return concern.message  # the domain's sentence ("Card expired on 2026-01-03")
    params = concern.params
    if concern.code is Code.ROUTE_ITEM and not params:
        params = (("library", concern.message),)  # the message is the library code
    return _sentence(_CONCERNS.get(concern.key), params, concern.message)


def number_text(exc: InvalidNumber) -> str:
    """What is wrong with a scanned number, in the UI language."""
    if ui_is_english():
        return str(exc)
    return _sentence(_NUMBERS.get(exc.key), exc.params, str(exc))


def error_text(exc: DeskError | InvalidNumber) -> str:
    """A refused scan or request, in the UI language, with what was scanned."""
    if isinstance(exc, InvalidNumber):
        return number_text(exc)
    if ui_is_english():
        return str(exc)
    if isinstance(exc, NeedsOverride):
        return f"{exc.subject}: " + "; ".join(concern_text(c) for c in exc.concerns)
    extra = {"problem": number_text(exc.invalid)} if exc.invalid is not None else None
    return _sentence(_DESK_ERRORS.get(exc.key), exc.params, str(exc), extra)


def field_error_text(error: str) -> str:
    """A sign-up error beside its field, in the UI language (a plain ``str`` as it is)."""
    if ui_is_english() or not isinstance(error, FieldError):
        return str(error)
    extra = {"problem": number_text(error.invalid)} if error.invalid is not None else None
    return _sentence(_SIGNUP.get(error.key), error.params, str(error), extra, "signup")


def signup_error_text(exc: SignupError) -> str:
    """Why the store refused a sign-up, in the UI language."""
    if ui_is_english() or exc.key is None:
        return str(exc)
    return _sentence(_SIGNUP_ERRORS.get(exc.key), exc.params, str(exc), None, "signup")


def sync_line_text(line: Line, sentences: Mapping[str, str] | None = None) -> str:
    """A piece of sync text in the UI language; the sync client's own sentences as they are."""
    if ui_is_english():
        return line.text
    if sentences is None:
        sentences = _SYNC_ERRORS if line.key.startswith("ERROR.") else _SYNC_STATUS
    return _sentence(sentences.get(line.key), line.params, line.text, None, "sync")


def sync_status_text(status: SyncStatus) -> str:
    """The sync status line in the UI language."""
    return " · ".join(sync_line_text(line) for line in status.lines())


def explanation_texts(entry: InboxEntry) -> tuple[str, str]:
    """What happened and what to do about an inbox entry, in the UI language."""
    happened, todo = entry.explained
    return sync_line_text(happened, _HAPPENED), sync_line_text(todo, _TODO)


def event_error_text(exc: EventError) -> str:
    """Why the event screen refused, in the UI language."""
    if ui_is_english():
        return str(exc)
    extra = {"problem": number_text(exc.invalid)} if exc.invalid is not None else None
    return _sentence(_EVENT_ERRORS.get(exc.key), exc.params, str(exc), extra, "events")


def undone_text(result: UndoResult) -> str:
    """What Undo took back ("Checkout of Dune undone"), in the UI language."""
    if ui_is_english() or not result.title:
        return result.description
    source = _UNDONE.get(result.target_kind)
    return _sentence(source, (), result.description, {"title": result.title})


def instruction_text(hold: bool, route_to: str | None, this_library: str) -> str:
    """What to do with a returned item, in the UI language."""
    if hold and route_to:
        return QCoreApplication.translate("desk", "HOLD for {0}: route it").format(route_to)
    if hold:
        return QCoreApplication.translate("desk", "HOLD: put it on the hold shelf")
    if route_to and route_to != this_library:
        return QCoreApplication.translate("desk", "Belongs to {0}: route it").format(route_to)
    return QCoreApplication.translate("desk", "Shelve")


def date_text(day: date | None) -> str:
    """A date for the desk, e.g. "18 Dec 2026" (the pattern is translatable)."""
    if day is None:
        return QCoreApplication.translate("desk", "none")
    # "18 Dec 2026": unambiguous between US and European readers, month name translated.
    return QLocale().toString(
        QDate(day.year, day.month, day.day), QCoreApplication.translate("desk", "d MMM yyyy")
    )


def long_date_text(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)
