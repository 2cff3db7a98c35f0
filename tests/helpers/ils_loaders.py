"""Small Python models of the decisions the ILSs' offline loaders take, to replay our files.

Facts read from the loaders themselves, not their code: each rule names the Perl it follows.

* Koha, direct mode: ``offline_circ/process_koc.pl`` (Koha-Community/Koha, stored at
  011d60823b2ab8fd0fb5f28f4b897c5c82798508), ``kocIssueItem`` and ``kocReturnItem``.
* Koha, queue mode: ``offline_circ/enqueue_koc.pl`` (``AddOfflineOperation`` with
  ``$timestamp = date . ' ' . time``: the milliseconds dropped) and ``C4::Circulation``
  ``GetOfflineOperations`` (``ORDER BY timestamp``), ``ProcessOfflineOperation``,
  ``ProcessOfflineIssue``, ``ProcessOfflineReturn``.
* Evergreen: ``Open-ILS/src/offline/offline.pl`` (evergreen-library-system/Evergreen at
  921164cbfe938ca0ea3865f8cabaa4bc21a88e35), ``ol_collect_commands``, ``ol_handle_checkout``,
  ``ol_handle_renew``, ``ol_handle_checkin``, ``ol_handle_register``; the events come from
  ``OpenILS::Application::Circ::Circulate`` (``OPEN_CIRCULATION_EXISTS`` for a copy with an
  open circulation; ``do_renew`` looks for the open circ of that copy *and* that patron).

Only what decides *who has the item* (and who exists) is modelled: rules, fines and due dates
are the ILS's and are not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Loan:
    card: str
    issued: str  # what the loader dated it with ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS")


@dataclass
class Ils:
    patrons: set[str] = field(default_factory=set)
    loans: dict[str, Loan] = field(default_factory=dict)
    #: (line or command, outcome) in the order the loader applied them.
    log: list[tuple[str, str]] = field(default_factory=list)
    #: Loans ended, as (barcode, card): returns and the returns a loader did by itself.
    returned: list[tuple[str, str]] = field(default_factory=list)

    def holder(self, barcode: str) -> str | None:
        loan = self.loans.get(barcode)
        return loan.card if loan else None


def _koc_commands(text: str) -> list[dict[str, str]]:
    """``parse_command_line``: tab-split; the timestamp split on whitespace into date, time,
    id; ``arguments_for_command`` names the rest."""
    lines = text.splitlines()
    assert lines[0].startswith("Version=1.0\t"), "parse_header_line wants Version=1.0"
    names = {
        "issue": ("cardnumber", "barcode"),
        "return": ("barcode",),
        "payment": ("cardnumber", "amount"),
    }
    out = []
    for line in lines[1:]:
        stamp, command, *args = line.rstrip("\r").split("\t")
        day, time, ms = stamp.split()
        out.append(
            {"date": day, "time": time, "id": ms, "command": command}
            | dict(zip(names[command], args, strict=True))
        )
    return out


def koha_direct(ils: Ils, koc: str) -> Ils:
    """Replay a KOC file as ``process_koc.pl`` does (Upload, "process" directly)."""
    for op in _koc_commands(koc):
        line = f"{op['date']} {op['time']} {op['command']}"
        if op["command"] == "issue":
            card, barcode = op["cardnumber"], op["barcode"]
            if card not in ils.patrons:
                # GetMember finds nobody; AddIssue is given no borrower.
                ils.log.append((line, "no such patron"))
                continue
            loan = ils.loans.get(barcode)
            if loan is not None:  # "Item is currently checked out to another person."
                if loan.card == card:  # "Issued to this person already, renew it."
                    ils.log.append((line, "renewed"))
                elif date.fromisoformat(loan.issued[:10]) < date.fromisoformat(op["date"]):
                    # Date_to_Days(issuedate) < Date_to_Days(date): AddIssue returns it first.
                    ils.returned.append((barcode, loan.card))
                    ils.loans[barcode] = Loan(card, op["date"])
                    ils.log.append((line, "issued"))
                else:  # "Current issue to another member is newer. Doing nothing"
                    ils.log.append((line, "doing nothing"))
            else:
                ils.loans[barcode] = Loan(card, op["date"])  # AddIssue(..., $circ->{'date'})
                ils.log.append((line, "issued"))
        elif op["command"] == "return":
            barcode = op["barcode"]
            loan = ils.loans.pop(barcode, None)  # _get_borrowernumber_from_barcode
            if loan is None:
                ils.log.append((line, "ERROR_no_borrower_from_item"))
            else:
                ils.returned.append((barcode, loan.card))
                ils.log.append((line, "returned"))
        else:
            ils.log.append((line, "payment"))
    return ils


def koha_queue(ils: Ils, koc: str, ties_reversed: bool = False) -> Ils:
    """Replay a KOC file as ``enqueue_koc.pl`` + ``ProcessOfflineOperation`` do.

    The queue keeps ``date time`` (no milliseconds) and is read ``ORDER BY timestamp``: rows
    with the same second come back in an order SQL does not promise; ``ties_reversed`` replays
    them in the opposite of the file's order to show a file does not depend on it.
    """
    ops = _koc_commands(koc)
    for n, op in enumerate(ops):
        op["timestamp"] = f"{op['date']} {op['time']}"
        op["n"] = str(-n if ties_reversed else n).zfill(6)
    ops.sort(key=lambda op: (op["timestamp"], int(op["n"])))
    for op in ops:
        line = f"{op['timestamp']} {op['command']}"
        barcode = op.get("barcode", "")
        if op["command"] == "issue":
            card = op["cardnumber"]
            if card not in ils.patrons:
                ils.log.append((line, "Borrower not found."))
                continue
            loan = ils.loans.get(barcode)
            if loan is not None and loan.card != card:  # "mark it returned"
                ils.returned.append((barcode, loan.card))
                del ils.loans[barcode]
            if loan is not None and loan.card == card:
                ils.log.append((line, "renewed"))  # AddIssue renews for the same borrower
            else:
                ils.loans[barcode] = Loan(card, op["timestamp"])
                ils.log.append((line, "Success."))
        elif op["command"] == "return":
            loan = ils.loans.pop(barcode, None)
            if loan is None:
                ils.log.append((line, "Item not issued."))
            else:
                ils.returned.append((barcode, loan.card))
                ils.log.append((line, "Success."))
        else:
            ils.log.append((line, "payment"))
    return ils


def evergreen_order(xacts: str) -> list[dict[str, object]]:
    """``ol_collect_commands``: every line is JSON; blank commands dropped; sorted on
    ``timestamp + delta`` (Perl's sort, stable); then the ``register`` commands first."""
    commands = [json.loads(line) for line in xacts.splitlines() if line.strip()]
    commands = [c for c in commands if c and c.get("type")]
    commands.sort(key=lambda c: int(c["timestamp"]) + int(c["delta"]))
    return [c for c in commands if c["type"] == "register"] + [
        c for c in commands if c["type"] != "register"
    ]


#: The keys ``ol_handle_register`` may pass on to Fieldmapper's actor::user setters (the
#: card, survey responses and the addresses are taken out first); any other key would die.
EVERGREEN_USER_FIELDS = frozenset(
    {
        "family_name",
        "first_given_name",
        "second_given_name",
        "profile",
        "home_ou",
        "ident_type",
        "ident_value",
        "dob",
        "email",
        "day_phone",
        "usrname",
        "passwd",
    }
)


def evergreen(ils: Ils, xacts: str) -> Ils:
    """Replay a ``pending.xacts`` as ``offline.pl`` does, in its order."""
    for command in evergreen_order(xacts):
        kind = str(command["type"])
        barcode = str(command.get("barcode", ""))
        card = str(command.get("patron_barcode", ""))
        line = f"{command['timestamp']} {kind} {barcode or card}"
        if kind == "register":
            user = dict(command["user"])  # type: ignore[call-overload]
            number = user.pop("card")["barcode"]
            address = user.pop("billing_address", None) or user.pop("mailing_address", None)
            if address is None:  # $billing_address->id on undef: the handler dies
                ils.log.append((line, "INTERNAL_SERVER_ERROR"))
                continue
            missing = [k for k in ("street1", "city", "country", "post_code") if k not in address]
            unknown = set(user) - EVERGREEN_USER_FIELDS
            needed = [
                k
                for k in ("profile", "home_ou", "ident_type", "family_name", "first_given_name")
                if not user.get(k)
            ]
            if (
                missing
                or unknown
                or needed
                or not all(isinstance(user[k], int) for k in ("profile", "home_ou", "ident_type"))
            ):
                ils.log.append((line, "INTERNAL_SERVER_ERROR"))
                continue
            ils.patrons.add(number)
            ils.log.append((f"{command['timestamp']} register {number}", "SUCCESS"))
        elif kind == "checkout":
            if card not in ils.patrons:
                ils.log.append((line, "ACTOR_CARD_NOT_FOUND"))
            elif barcode in ils.loans:
                ils.log.append((line, "OPEN_CIRCULATION_EXISTS"))
            else:
                ils.loans[barcode] = Loan(card, str(command["checkout_time"]))
                ils.log.append((line, "SUCCESS"))
        elif kind == "renew":
            loan = ils.loans.get(barcode)
            if loan is None or (card and loan.card != card):
                ils.log.append((line, "ACTION_CIRCULATION_NOT_FOUND"))
            else:
                ils.log.append((line, "SUCCESS"))
        elif kind == "checkin":
            loan = ils.loans.pop(barcode, None)
            if loan is not None:
                ils.returned.append((barcode, loan.card))
            ils.log.append((line, "SUCCESS" if loan else "NO_CHANGE"))
        else:
            ils.log.append((line, "SUCCESS"))
    return ils
