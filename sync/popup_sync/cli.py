"""``popup-sync``: serve the sync API, administer the consortium, or run a demo.

    popup-sync serve --database URL --host H --port P [--workers N]
    popup-sync admin [--database URL] create-library --code MAIN --name "Riverside"
    popup-sync admin create-library --code EAST --name "Eastside" --share-catalogue
    popup-sync admin share-catalogue --library MAIN --on|--off
    popup-sync admin settings --library MAIN
    popup-sync admin set-setting --library MAIN closed_weekdays '[5, 6]'
    popup-sync admin add-branch --library MAIN --code BM2 --name "Bookmobile 2"
    popup-sync admin add-rule --library MAIN --category '*' --item-type DVD --days 7 ...
    popup-sync admin enroll-code --library MAIN [--branch BM2]
    popup-sync admin revoke-device DEVICE_ID
    popup-sync admin import-items --library MAIN items.csv
    popup-sync admin import-patrons --library MAIN patrons.csv
    popup-sync admin import-holds --library MAIN holds.csv
    popup-sync admin import-marc --library MAIN catalogue.mrc      (binary MARC21 or MARCXML)
    popup-sync admin import-koha-patrons --library MAIN borrowers.csv
    popup-sync admin expire-holds --library MAIN
    popup-sync admin list-exceptions --library MAIN [--all]
    popup-sync admin resolve-exception --library MAIN [--note TEXT] ID
    popup-sync admin add-console-user --login ana --name "Ana Ruiz" --role manager --library MAIN
    popup-sync admin set-console-password ana       (the password is asked, or read from stdin)
    popup-sync admin disable-console-user ana | enable-console-user ana
    popup-sync admin add-staff --library MAIN --login maria --name "Maria G" --role volunteer
                    [--badge B] [--pin-stdin]   (the PIN is asked twice, or read from stdin)
    popup-sync admin set-pin --library MAIN maria [--pin-stdin]
    popup-sync admin disable-staff --library MAIN maria | enable-staff --library MAIN maria
    popup-sync admin list-staff --library MAIN
    popup-sync demo [--port 8765] [--database URL]
    popup-sync bridge [--config FILE] [--once]     forward applied actions to the ILS (SIP2)

The database URL comes from ``--database``, else ``POPUP_SYNC_DATABASE_URL``, else the config
file (``--config`` or ``POPUP_SYNC_CONFIG``), else ``sqlite:///popup-sync.db``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from popup.domain.cards import CardFormat
from popup.domain.demo_data import DEMO_STAFF, DemoHold, DemoLoan, DemoLostCard
from popup.domain.koha_patrons import DATE_FORMATS
from popup.domain.loan_rules import ANY, LoanRule
from popup.domain.marc.records import HoldingsMap, MarcOptions
from popup_sync import __version__, crud, ils_import, library_settings
from popup_sync.changes.reader import exception_data
from popup_sync.core.config import ConfigError, Settings
from popup_sync.core.db import Database
from popup_sync.models import Hold, Item, Loan, Patron, PatronAlias, Stop

DEMO_PORT = 8765


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(
        getattr(args, "config", None), database_url=getattr(args, "database", None)
    )


def _open(args: argparse.Namespace) -> Database:
    db = Database(_settings(args).database_url)
    db.migrate()
    return db


# -- serve --------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    os.environ["POPUP_SYNC_DATABASE_URL"] = settings.database_url
    if args.config:
        os.environ["POPUP_SYNC_CONFIG"] = str(args.config)
    # Migrate once here, so several workers do not all start by racing for the lock.
    db = Database(settings.database_url)
    db.migrate()
    db.dispose()
    os.environ["POPUP_SYNC_MIGRATE_ON_START"] = "false"
    uvicorn.run(
        "popup_sync.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=args.access_log,
        # Said, not left to uvicorn's defaults: nginx on this machine (sync/deploy) tells the
        # client's address (sign-in limits) and that the browser used https (Secure cookies,
        # the console's sign-in over plain HTTP refused). FORWARDED_ALLOW_IPS names another
        # proxy's address.
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )
    return 0


# -- bridge -------------------------------------------------------------------------------------


def _bridge(args: argparse.Namespace) -> int:
    import logging
    import signal
    import threading

    from popup_sync import bridge

    settings = _settings(args)
    if not settings.sip2:
        raise ConfigError("no library is configured for the bridge: add a [sip2.CODE] table")
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    db = Database(settings.database_url)
    db.migrate()
    try:
        if args.once:
            for code, said in bridge.run_once(db, settings).items():
                print(f"{code}: {said}")
            return 0
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        ok = bridge.run(db, settings, stop)
    finally:
        db.dispose()
    return 0 if ok else 1


# -- admin --------------------------------------------------------------------------------------


def _admin(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        action: Callable[[Session, argparse.Namespace], str] = args.action
        output = db.run_write(lambda session: action(session, args))
    finally:
        db.dispose()
    if output:
        print(output)
    return 0


def _create_library(session: Session, args: argparse.Namespace) -> str:
    settings: dict[str, Any] = {}
    if args.institution:
        settings["card_format"] = CardFormat(institution=args.institution).to_dict()
    if args.timezone:
        settings["timezone"] = args.timezone
    library = crud.create_library(
        session=session,
        code=args.code,
        name=args.name,
        settings=settings,
        shares_catalogue=args.share_catalogue,
    )
    shared = "; its catalogue is shared with the consortium" if args.share_catalogue else ""
    return f"Created library {library.code} ({library.name}){shared}."


def _share_catalogue(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    entries = crud.set_catalogue_sharing(session=session, library=library, shares=args.on)
    if entries is None:
        state = "already shares" if args.on else "does not share"
        return f"{library.code} {state} its catalogue; nothing changed."
    state = "now shares" if args.on else "no longer shares"
    return (
        f"{library.code} {state} its catalogue with the consortium "
        f"({entries} item updates for other libraries' devices)."
    )


def _list_settings(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    lines = []
    for decl, value in library_settings.listing(library):
        lines += [f"{decl.key} = {json.dumps(value, ensure_ascii=False)}", f"    {decl.help}"]
    return "\n".join(lines)


def _set_setting(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    try:
        value = json.loads(args.value)
    except json.JSONDecodeError:
        raise crud.AdminError(
            f"{args.value!r} is not a JSON value: write text in double quotes "
            """('"America/Chicago"'), numbers and lists as they are ('500', '[5, 6]'), """
            "and null for none"
        ) from None
    stored = crud.set_setting(session=session, library=library, key=args.key, value=value)
    shown = json.dumps(stored)
    return f"{args.key} of {library.code} is now {shown}; laptops get it when they next sync."


def _add_branch(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    branch = crud.add_branch(session=session, library=library, code=args.code, name=args.name)
    return f"Added branch {branch.code} to {library.code}."


def _add_rule(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    try:
        rule = LoanRule(
            patron_category=args.category.upper(),
            item_type=args.item_type.upper(),
            loan_days=args.days,
            max_renewals=args.renewals,
            max_items=args.max_items,
            loanable=not args.not_loanable,
        )
    except ValueError as exc:
        raise crud.AdminError(str(exc)) from None
    crud.add_rule(session=session, library=library, rule=rule)
    return f"Rule {rule.patron_category}/{rule.item_type} saved for {library.code}."


def _add_closed_day(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    try:
        day = date.fromisoformat(args.day)
    except ValueError:
        raise crud.AdminError(f"{args.day!r} is not a date (YYYY-MM-DD)") from None
    crud.add_closed_day(session=session, library=library, day=day, reason=args.reason)
    return f"{day.isoformat()} is a closed day for {library.code}."


def _enroll_code(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    code = crud.create_enrollment_code(
        session=session, library=library, branch_code=args.branch, days=args.days
    )
    return code


def _revoke(session: Session, args: argparse.Namespace) -> str:
    device = crud.revoke_device(session=session, device_id=args.device_id)
    return f"Device {device.id} ({device.name}) is revoked."


def _list_devices(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    lines = [
        f"{d.id}  {d.name}  last_applied={d.last_applied}{'  REVOKED' if d.revoked_at else ''}"
        for d in crud.list_devices(session=session, library=library)
    ]
    return "\n".join(lines) or "No devices."


def _import(kind: str) -> Callable[[Session, argparse.Namespace], str]:
    def run(session: Session, args: argparse.Namespace) -> str:
        library = crud.get_library(session=session, code=args.library)
        try:
            with open(args.csv, encoding="utf-8-sig", newline="") as handle:
                if kind == "items":
                    count = crud.import_items(session=session, library=library, handle=handle)
                else:
                    count = crud.import_patrons(session=session, library=library, handle=handle)
        except OSError as exc:
            raise crud.AdminError(f"cannot read {args.csv}: {exc.strerror}") from None
        return f"Imported {count} {kind} into {library.code}."

    return run


def _holdings(layout: HoldingsMap, args: argparse.Namespace) -> HoldingsMap:
    """The holdings layout with the subfields given on the command line ("-": none), as the
    laptop's ``popup import-marc`` takes them."""
    given: dict[str, Any] = {}
    if args.barcode_subfield is not None:
        given["barcode"] = args.barcode_subfield
    for option, name in (
        ("item_type_subfield", "item_type"),
        ("home_library_subfield", "home_library"),
    ):
        value = getattr(args, option)
        if value is not None:
            given[name] = None if value in ("", "-", "none") else value
    if args.call_number_subfields is not None:
        given["call_number"] = tuple(args.call_number_subfields)
    return dataclasses.replace(layout, **given)


def _ils_import(args: argparse.Namespace) -> int:
    """``import-marc`` / ``import-koha-patrons``: the file is read (with a progress line on
    stderr) before one write transaction applies it; each problem and the summary on stdout.
    Exit 1 when a record or row had a problem or too many rows were missing to withdraw them."""
    marc = args.admin_command == "import-marc"
    path = Path(args.file)
    if not path.is_file():
        raise crud.AdminError(f"{path} does not exist or is not a file")
    progress = ils_import.Progress(args.admin_command)
    share = args.max_withdraw_percent / 100
    db = _open(args)
    try:
        with db.read() as session:
            code = crud.get_library(session=session, code=args.library).code
        if marc:
            options = MarcOptions(
                holdings=_holdings(HoldingsMap.for_tag(args.holdings_tag), args),
                default_item_type=args.default_item_type.upper(),
                home_library=args.home_library,
            )
            parsed = ils_import.read_marc(
                path, options, args.home_library or code, progress, args.format
            )

            def work(session: Session) -> ils_import.Outcome:
                library = crud.get_library(session=session, code=code)
                return ils_import.apply_items(
                    session,
                    library,
                    parsed,
                    withdraw=not args.keep_missing,
                    progress=progress,
                    max_withdraw=share,
                )

        else:

            def work(session: Session) -> ils_import.Outcome:
                library = crud.get_library(session=session, code=code)
                return ils_import.apply_patrons(
                    session,
                    library,
                    path,
                    withdraw=not args.keep_missing,
                    progress=progress,
                    max_withdraw=share,
                    date_format=args.date_format,
                )

        started = time.monotonic()
        outcome = db.run_write(work)
        # How long devices' pushes of this library could wait behind the import's transaction.
        progress(f"written in one transaction of {time.monotonic() - started:.1f}s", final=True)
    finally:
        db.dispose()
    print("\n".join(outcome.lines("record" if marc else "row")))
    return 1 if outcome.problems or outcome.too_many else 0


def _import_holds(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    today = library_settings.today(library)
    try:
        with open(args.csv, encoding="utf-8-sig", newline="") as handle:
            count = crud.import_holds(session=session, library=library, handle=handle, today=today)
    except OSError as exc:
        raise crud.AdminError(f"cannot read {args.csv}: {exc.strerror}") from None
    return f"Imported {count} holds into {library.code}."


def _expire_holds(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    today = library_settings.today(library)
    count = crud.expire_holds(session=session, library=library, today=today)
    return f"{count} holds of {library.code} expired."


def _card_counter(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    lines: list[str] = []
    if args.set is not None:
        previous = crud.set_card_counter(
            session=session, library=library, next_seq=args.set, force=args.force
        )
        lines.append(f"Next card sequence moved from {previous} to {args.set}.")
    counter = crud.card_counter(session=session, library=library)
    left = max(0, counter.capacity - counter.next_seq + 1)
    lines += [
        f"Library {counter.library_code}",
        f"  next card sequence:     {counter.next_seq}",
        f"  highest issued:         {counter.highest_issued or 'none'}",
        f"  format capacity:        {counter.capacity} ({left} numbers left)",
        "  blocks issued today (UTC), by device:",
    ]
    lines += [
        f"    {device}  {ranges} blocks, {numbers} numbers"
        for device, ranges, numbers in counter.today
    ] or ["    none"]
    return "\n".join(lines)


def _list_exceptions(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    rows = crud.list_exceptions(session=session, library=library, include_resolved=args.all)
    if args.json:  # each as devices download it (popup.domain.protocol.entities.ExceptionData)
        return json.dumps([exception_data(r) for r in rows], indent=2)
    lines = [
        f"{r.id:>6}  {r.code:<26} {'(resolved) ' if r.resolved_at else ''}{r.message}" for r in rows
    ]
    return "\n".join(lines) or "No open exceptions."


def _resolve_exception(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    crud.resolve_exception(
        session=session, library_id=library.id, exception_id=args.id, by=args.by, note=args.note
    )
    return f"Exception {args.id} resolved."


def _merge(session: Session, args: argparse.Namespace) -> str:
    library = crud.get_library(session=session, code=args.library)
    kept = crud.merge_patrons(session=session, library=library, keep=args.keep, merge=args.merge)
    return f"Merged {args.merge} into {kept.card_number}; the old card stays as an alias."


def _compact(session: Session, args: argparse.Namespace) -> str:
    from popup_sync import changes

    library = crud.get_library(session=session, code=args.library)
    removed = changes.compact(session, library, datetime.now(UTC) - timedelta(days=args.keep_days))
    return f"Removed {removed} change-log entries of {library.code}."


# -- demo ---------------------------------------------------------------------------------------


def seed_demo(
    db: Database, *, items: int = 3000, patrons: int = 400, showcase: bool = False
) -> str:
    """A two-library consortium with rules, holidays, a catalogue and patrons.

    Returns a fresh enrollment code for the MAIN library. The rows come from the generators the
    laptop's demo stop uses too (:mod:`popup.domain.demo_data`). ``showcase`` (``popup-sync
    demo``) plans the stop around now and lends the showcase's loans (some overdue, one with a
    hold ready): the same rows ``popup --demo`` seeds as downloaded, so a demo laptop's first
    download agrees with what it holds.
    """
    from popup.domain import demo_data as demo

    def build(session: Session) -> str:
        if session.get(Stop, demo.DEMO_STOP_ID) is None:
            fmt = CardFormat(institution=demo.DEMO_INSTITUTION)
            today = datetime.now(UTC).date()
            rng = random.Random(7)
            main = crud.create_library(
                session=session,
                code="MAIN",
                name="Riverside County Library",
                settings={"card_format": fmt.to_dict()},
            )
            main.next_card_seq = 100_000
            crud.create_library(
                session=session,
                code="EAST",
                name="Eastside Branch Library",
                settings={"card_format": fmt.to_dict()},
            )
            crud.add_branch(session=session, library=main, code="BM2", name="Bookmobile 2")
            for c, t, d, r, m, ok in demo.LOAN_RULES:
                crud.add_rule(
                    session=session,
                    library=main,
                    rule=LoanRule(c if c != ANY else ANY, t, d, r, m, ok),
                )
            for day, why in demo.closed_days(today):
                crud.add_closed_day(session=session, library=main, day=day, reason=why)
            generated_items = list(demo.item_rows(rng, items, fmt, library_code="MAIN"))
            item_rows = [{**row, "library_id": main.id} for row in generated_items]
            session.execute(insert(Item), item_rows)
            generated_patrons = list(
                demo.patron_rows(rng, patrons, fmt, today, library_code="MAIN")
            )
            lost = demo.card_cases(generated_patrons, datetime.now(UTC), fmt) if showcase else None
            patron_rows = [
                {
                    **{k: v for k, v in row.items() if k != "origin"},
                    "library_id": main.id,
                    "created_at": datetime.now(UTC),
                }
                for row in generated_patrons
            ]
            session.execute(insert(Patron), patron_rows)
            if lost is not None:
                _demo_lost_card(session, main.id, lost)
            now = datetime.now(UTC)
            if showcase:
                starts_at, ends_at = demo.demo_stop_times(now)
            else:
                starts_at = now.replace(hour=15, minute=0, second=0, microsecond=0)
                ends_at = now.replace(hour=19, minute=0, second=0, microsecond=0)
            session.add(
                Stop(
                    id=demo.DEMO_STOP_ID,
                    library_id=main.id,
                    name="Farmers' Market",
                    place="Main Street car park",
                    starts_at=starts_at,
                    ends_at=ends_at,
                )
            )
            if showcase:
                loans = demo.showcase_loans(generated_items, generated_patrons, now)
                _demo_loans(session, main.id, loans)
                _demo_holds(
                    session,
                    main.id,
                    demo.showcase_holds(generated_items, generated_patrons, loans, now),
                )
        library = crud.get_library(session=session, code="MAIN")
        return crud.create_enrollment_code(session=session, library=library, branch_code="BM2")

    return db.run_write(build)


def _demo_lost_card(session: Session, library_id: int, lost: DemoLostCard) -> None:
    """The demo's lost card: the patron's old number kept as a lost alias."""
    patron = session.scalar(
        select(Patron).where(
            Patron.library_id == library_id, Patron.card_number == lost.card_number
        )
    )
    assert patron is not None
    session.add(
        PatronAlias(
            library_id=library_id,
            card_number=lost.old_card,
            patron_id=patron.id,
            reason="lost",
            lost_at=lost.lost_at,
        )
    )


def _demo_loans(session: Session, library_id: int, loans: list[DemoLoan]) -> None:
    """The showcase's open loans, as if lent at the desk before the demo began."""
    for loan in loans:
        patron = session.scalar(
            select(Patron).where(
                Patron.library_id == library_id, Patron.card_number == loan.patron_card
            )
        )
        item = session.scalar(
            select(Item).where(Item.library_id == library_id, Item.barcode == loan.item_barcode)
        )
        assert patron is not None and item is not None
        item.status = "on_loan"
        if loan.hold_ready:
            item.on_hold, item.hold_pickup = True, "MAIN"
        session.add(
            Loan(
                id=loan.id,
                library_id=library_id,
                patron_id=patron.id,
                item_id=item.id,
                out_at=loan.out_at,
                due_date=loan.due_date,
                renewals=loan.renewals,
            )
        )


def _demo_holds(session: Session, library_id: int, holds: list[DemoHold]) -> None:
    """Holds ready at the demo stop for the demo vehicle: the rows ``popup --demo`` seeds as
    downloaded (#15), so the first download keeps them."""
    from popup.domain.demo_data import DEMO_STOP_ID, DEMO_VEHICLE

    for hold in holds:
        patron = session.scalar(
            select(Patron).where(
                Patron.library_id == library_id, Patron.card_number == hold.patron_card
            )
        )
        item = session.scalar(
            select(Item).where(Item.library_id == library_id, Item.barcode == hold.item_barcode)
        )
        assert patron is not None and item is not None
        session.add(
            Hold(
                library_id=library_id,
                hold_id=hold.id,
                patron_id=patron.id,
                item_id=item.id,
                title=hold.title,
                pickup=DEMO_VEHICLE,
                pickup_stop_id=DEMO_STOP_ID,
                any_copy=False,
                placed_on=hold.placed_on,
                expires_on=hold.expires_on,
                status=hold.status,
                updated_at=datetime.now(UTC),
            )
        )
        item.on_hold, item.hold_pickup = True, DEMO_VEHICLE


#: The demo's console administrator. A fixed, published password is fine here only: the demo
#: serves 127.0.0.1 alone and holds made-up data; a real server's accounts come from
#: ``popup-sync admin add-console-user``.
DEMO_CONSOLE_LOGIN = "demo-admin"
DEMO_CONSOLE_PASSWORD = "popup-demo-console"


def seed_demo_console(db: Database) -> None:
    """The demo's console administrator, with :data:`DEMO_CONSOLE_PASSWORD` again (and unlocked)
    when it exists already, so the printed password always works."""
    from popup_sync.console import audit, auth
    from popup_sync.console.access import Role
    from popup_sync.models import ConsoleUser

    def build(session: Session) -> None:
        user = session.scalar(select(ConsoleUser).where(ConsoleUser.login == DEMO_CONSOLE_LOGIN))
        if user is None:
            user = auth.add_user(
                session=session,
                login=DEMO_CONSOLE_LOGIN,
                name="Demo Administrator",
                role=Role.ADMIN,
                library=None,
                password=DEMO_CONSOLE_PASSWORD,
            )
            audit.record(
                session, None, "account.add", login="(demo)", target=user.login, role=user.role
            )
        else:
            auth.set_password(session=session, user=user, password=DEMO_CONSOLE_PASSWORD)
            auth.enable_user(session=session, user=user)

    db.run_write(build)


def seed_demo_staff(db: Database) -> None:
    """The demo's staff accounts at MAIN with their published PINs again (and enabled), so
    the printed PINs always work."""
    from popup_sync import staff_accounts

    def build(session: Session) -> None:
        library = crud.get_library(session=session, code="MAIN")
        for login, name, role, pin in DEMO_STAFF:
            try:
                staff = staff_accounts.get_staff(session=session, library=library, login=login)
            except crud.AdminError:
                staff_accounts.add_staff(
                    session=session, library=library, login=login, name=name, role=role, pin=pin
                )
                continue
            staff_accounts.set_pin(session=session, staff=staff, pin=pin)
            staff_accounts.set_role(session=session, staff=staff, role=role)
            staff_accounts.enable(session=session, staff=staff)

    db.run_write(build)


def _demo(args: argparse.Namespace) -> int:
    url = args.database or "sqlite:///" + str(Path(args.dir).expanduser() / "popup-sync-demo.db")
    db = Database(url)
    db.migrate()
    code = seed_demo(db, items=args.items, patrons=args.patrons, showcase=True)
    seed_demo_console(db)
    seed_demo_staff(db)
    db.dispose()
    print(f"Demo consortium in {url}")
    print(f"Enrollment code for library MAIN (Bookmobile 2): {code}")
    print(
        f"Console: http://127.0.0.1:{args.port}/console  login {DEMO_CONSOLE_LOGIN}"
        f"  password {DEMO_CONSOLE_PASSWORD}"
    )
    print(
        "Laptop sign-in at MAIN: "
        + ", ".join(f"{login} ({role}) PIN {pin}" for login, _, role, pin in DEMO_STAFF)
    )
    print(f"Serving on http://127.0.0.1:{args.port}  (Ctrl+C stops)")
    args.database, args.host, args.workers = url, "127.0.0.1", 1
    return _serve(args)


# -- console accounts ----------------------------------------------------------------------------


def _read_password(args: argparse.Namespace) -> str:
    """The new password: asked twice on a terminal, else the first line of stdin (scripts)."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("New console password: ")
        if getpass.getpass("Again: ") != first:
            raise crud.AdminError("the two passwords differ; nothing was changed")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _console_account(args: argparse.Namespace) -> int:
    from popup_sync.console import auth
    from popup_sync.console.access import Role

    password = _read_password(args) if args.console_action in ("add", "password") else ""
    db = _open(args)

    def work(session: Session) -> str:
        from popup_sync.console import audit

        if args.console_action == "add":
            library = crud.get_library(session=session, code=args.library) if args.library else None
            user = auth.add_user(
                session=session,
                login=args.login,
                name=args.name,
                role=Role(args.role),
                library=library,
                password=password,
            )
            audit.record(
                session,
                None,
                "account.add",
                login="(command line)",
                target=user.login,
                library_id=user.library_id,
                role=user.role,
            )
            where = f" of {library.code}" if library else ""
            return f"Console user {user.login} ({Role(user.role).label}{where}) can sign in."
        user = auth.get_user(session=session, login=args.login)
        if args.console_action == "password":
            auth.set_password(session=session, user=user, password=password)
            done = "has a new password (and is unlocked; open sessions were ended)"
        elif args.console_action == "disable":
            auth.disable_user(session=session, user=user)
            done = "is disabled (open sessions were ended)"
        else:
            auth.enable_user(session=session, user=user)
            done = "is enabled again"
        audit.record(
            session,
            None,
            f"account.{args.console_action}",
            login="(command line)",
            target=user.login,
            library_id=user.library_id,
        )
        return f"Console user {user.login} {done}."

    try:
        print(db.run_write(work))
    finally:
        db.dispose()
    return 0


# -- staff accounts (#17) -------------------------------------------------------------------------


def _read_pin(args: argparse.Namespace) -> str:
    """The new PIN: asked twice on a terminal (never echoed), or the first line of stdin with
    ``--pin-stdin`` (scripts). Never on the command line, where ``ps`` and shell histories
    would keep it."""
    if args.pin_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise crud.AdminError(
            "no terminal to ask the PIN on: give it on stdin with --pin-stdin"
            " (never on the command line)"
        )
    import getpass

    first = getpass.getpass("New PIN (4 to 12 digits): ")
    if getpass.getpass("Again: ") != first:
        raise crud.AdminError("the two PINs differ; nothing was changed")
    return first


def _staff_command(args: argparse.Namespace) -> int:
    from popup.domain.staff import check_pin
    from popup_sync import staff_accounts

    pin = _read_pin(args) if args.staff_action in ("add", "pin") else ""
    if pin:
        try:  # before the database is opened: a bad PIN changes nothing, said at once
            check_pin(pin)
        except ValueError as exc:
            raise crud.AdminError(f"bad PIN: {exc}") from None
    db = _open(args)

    def work(session: Session) -> str:
        from popup_sync.console import audit

        library = crud.get_library(session=session, code=args.library)

        def audited(staff_id: str, login: str, **detail: Any) -> None:
            # The console's trail holds command-line changes too (never the PIN).
            audit.record(
                session,
                None,
                f"staff.{args.staff_action}",
                login="(command line)",
                target=login,
                library_id=library.id,
                staff_id=staff_id,
                **detail,
            )

        if args.staff_action == "add":
            staff = staff_accounts.add_staff(
                session=session,
                library=library,
                login=args.login,
                name=args.name,
                role=args.role,
                pin=pin,
                badge=args.badge,
            )
            audited(staff.id, staff.login, role=staff.role, badge=staff.badge is not None)
            return (
                f"Staff member {staff.login} ({staff.role} of {library.code}, id {staff.id})"
                " can sign in at the library's laptops after their next sync."
            )
        staff = staff_accounts.get_staff(session=session, library=library, login=args.login)
        if args.staff_action == "pin":
            staff_accounts.set_pin(session=session, staff=staff, pin=pin)
            changed, done = True, "has a new PIN (laptops take it at their next sync)"
        elif args.staff_action == "disable":
            changed = staff_accounts.disable(session=session, staff=staff)
            done = (
                "is disabled (laptops refuse it from their next sync)"
                if changed
                else "was disabled already; nothing changed"
            )
        else:
            changed = staff_accounts.enable(session=session, staff=staff)
            done = "is enabled again" if changed else "was enabled already; nothing changed"
        if changed:
            audited(staff.id, staff.login)
        return f"Staff member {staff.login} of {library.code} {done}."

    try:
        print(db.run_write(work))
    finally:
        db.dispose()
    return 0


def _list_staff(session: Session, args: argparse.Namespace) -> str:
    from popup_sync import staff_accounts

    library = crud.get_library(session=session, code=args.library)
    accounts = staff_accounts.list_staff(session=session, library=library)
    if not accounts:
        return f"{library.code} has no staff accounts yet (popup-sync admin add-staff)."
    seen = staff_accounts.last_seen(session, library.id)
    lines = [f"{'login':<20} {'role':<10} {'status':<9} {'badge':<14} {'last action':<17} name"]
    for s in accounts:
        last = seen.get(s.id)
        lines.append(
            f"{s.login:<20} {s.role:<10} {'active' if s.active else 'disabled':<9} "
            f"{s.badge or '-':<14} {last.strftime('%Y-%m-%d %H:%M') if last else '-':<17} {s.name}"
        )
    return "\n".join(lines)


# -- parser -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="popup-sync", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--database", help="SQLAlchemy URL (sqlite:///file.db, postgresql://...)")
        p.add_argument("--config", help="TOML config file (default: $POPUP_SYNC_CONFIG)")

    def serving(p: argparse.ArgumentParser) -> None:
        p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
        p.add_argument("--log-level", default="info")
        p.add_argument("--access-log", action="store_true", help="log every request")

    serve = sub.add_parser("serve", help="serve the sync API")
    common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serving(serve)
    serve.set_defaults(func=_serve)

    demo = sub.add_parser("demo", help="seed a demo consortium and serve it on 127.0.0.1")
    demo.add_argument("--database", help="default: a SQLite file in --dir")
    demo.add_argument("--config", help=argparse.SUPPRESS)
    demo.add_argument("--dir", default=".", help="where the demo SQLite file goes")
    demo.add_argument("--port", type=int, default=DEMO_PORT)
    demo.add_argument("--items", type=int, default=3000)
    demo.add_argument("--patrons", type=int, default=400)
    serving(demo)
    demo.set_defaults(func=_demo)

    forward = sub.add_parser("bridge", help="forward applied actions to each library's ILS (SIP2)")
    common(forward)
    forward.add_argument("--once", action="store_true", help="forward what is waiting, then exit")
    forward.add_argument("--log-level", default="info")
    forward.set_defaults(func=_bridge)

    admin = sub.add_parser("admin", help="administer libraries, devices and exceptions")
    common(admin)
    actions = admin.add_subparsers(dest="admin_command", required=True)

    def action(name: str, fn: Callable[[Session, argparse.Namespace], str], help: str) -> Any:
        p = actions.add_parser(name, help=help)
        p.set_defaults(func=_admin, action=fn)
        return p

    p = action("create-library", _create_library, "create a consortium member")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--institution", help="4-digit institution code in card numbers")
    p.add_argument("--timezone", help="IANA zone, e.g. America/Chicago")
    p.add_argument(
        "--share-catalogue",
        action="store_true",
        help="let every other library's devices see and lend this library's items",
    )

    p = action("share-catalogue", _share_catalogue, "turn catalogue sharing on or off")
    p.add_argument("--library", required=True)
    switch = p.add_mutually_exclusive_group(required=True)
    switch.add_argument("--on", dest="on", action="store_true", help="share its items")
    switch.add_argument("--off", dest="on", action="store_false", help="stop sharing them")

    p = action("settings", _list_settings, "list a library's settings: key, value, meaning")
    p.add_argument("--library", required=True)

    p = action("set-setting", _set_setting, "change a library setting (checked before it is kept)")
    p.add_argument("--library", required=True)
    p.add_argument("key", help="a setting's key, as `settings` lists them")
    p.add_argument(
        "value", metavar="JSON_VALUE", help='its new value, as JSON: 500, [5, 6], "text"'
    )

    p = action("add-branch", _add_branch, "add a branch (or vehicle) to a library")
    p.add_argument("--library", required=True)
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)

    p = action("add-rule", _add_rule, "add or change a loan rule ('*' matches any)")
    p.add_argument("--library", required=True)
    p.add_argument("--category", default=ANY)
    p.add_argument("--item-type", default=ANY)
    p.add_argument("--days", type=int, required=True)
    p.add_argument("--renewals", type=int, default=2)
    p.add_argument("--max-items", type=int, default=30)
    p.add_argument("--not-loanable", action="store_true")

    p = action("add-closed-day", _add_closed_day, "mark a date closed (due dates skip it)")
    p.add_argument("--library", required=True)
    p.add_argument("--day", required=True)
    p.add_argument("--reason")

    p = action("enroll-code", _enroll_code, "print a one-time enrollment code")
    p.add_argument("--library", required=True)
    p.add_argument("--branch")
    p.add_argument("--days", type=int, default=7)

    p = action("revoke-device", _revoke, "refuse a device from its next request on")
    p.add_argument("device_id")

    p = action("list-devices", _list_devices, "list a library's devices")
    p.add_argument("--library", required=True)

    p = action("import-items", _import("items"), "insert/update items from CSV")
    p.add_argument("--library", required=True)
    p.add_argument("csv")

    p = action("import-holds", _import_holds, "insert/update holds from CSV (by hold_id)")
    p.add_argument("--library", required=True)
    p.add_argument("csv")

    p = action("expire-holds", _expire_holds, "expire the holds past their date (daily)")
    p.add_argument("--library", required=True)

    p = action("import-patrons", _import("patrons"), "insert/update patrons from CSV")
    p.add_argument("--library", required=True)
    p.add_argument("csv")

    def ils(name: str, help: str, file_help: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help)
        p.set_defaults(func=_ils_import)
        p.add_argument("--library", required=True)
        p.add_argument("file", help=file_help)
        p.add_argument(
            "--keep-missing",
            action="store_true",
            help="withdraw nothing (a file that holds only part of the collection)",
        )
        p.add_argument(
            "--max-withdraw-percent",
            type=float,
            default=10.0,
            metavar="P",
            help="withdraw nothing when more than P%% of the rows earlier imports brought in"
            " are missing from the file (default 10)",
        )
        return p

    p = ils(
        "import-marc",
        "items from the ILS's MARC export (binary MARC21 or MARCXML; 952 or 852 holdings)",
        "binary MARC21 (.mrc) or MARCXML file",
    )
    p.add_argument(
        "--holdings-tag", default="952", help="field holding the items: 952 (Koha) or 852"
    )
    p.add_argument("--format", choices=("auto", "marc", "marcxml"), default="auto")
    p.add_argument("--barcode-subfield", metavar="CODE", help="default: p")
    p.add_argument(
        "--item-type-subfield", metavar="CODE", help="default: y for 952, none for 852 (- = none)"
    )
    p.add_argument(
        "--call-number-subfields", metavar="CODES", help="e.g. hi; default: o for 952, hi for 852"
    )
    p.add_argument(
        "--home-library-subfield", metavar="CODE", help="default: a for 952, b for 852 (- = none)"
    )
    p.add_argument("--default-item-type", default="BOOK", help="when a record has none")
    p.add_argument("--home-library", help="when an item has none (default: the library's code)")

    p = ils(
        "import-koha-patrons",
        "patrons from Koha's patron CSV export (cardnumber, surname, categorycode, ...)",
        "Koha patron CSV (header row)",
    )
    p.add_argument(
        "--date-format",
        choices=tuple(DATE_FORMATS),
        default="iso",
        help="how the file writes dates, as Koha's dateformat preference (default: iso,"
        " YYYY-MM-DD); never guessed",
    )

    p = action(
        "card-counter",
        _card_counter,
        "show a library's card-number counter, its capacity and today's blocks; --set repairs it",
    )
    p.add_argument("library", help="the library's code")
    p.add_argument("--set", type=int, metavar="N", help="make N the next card sequence issued")
    p.add_argument(
        "--force",
        action="store_true",
        help="allow --set at or below a sequence already issued (only when the blocks above "
        "were never used and their devices are revoked: otherwise numbers are issued twice)",
    )

    p = action("list-exceptions", _list_exceptions, "list the exceptions queue")
    p.add_argument("--library", required=True)
    p.add_argument("--all", action="store_true", help="include resolved ones")
    p.add_argument("--json", action="store_true")

    p = action("resolve-exception", _resolve_exception, "mark an exception done")
    p.add_argument("--library", required=True)
    p.add_argument("--by", default="admin")
    p.add_argument("--note", default=None, help="what was done about it (kept with it)")
    p.add_argument("id", type=int)

    p = action("merge-patrons", _merge, "merge a duplicate patron (its card becomes an alias)")
    p.add_argument("--library", required=True)
    p.add_argument("--keep", required=True)
    p.add_argument("--merge", required=True)

    def console_action(name: str, what: str, help: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help)
        p.set_defaults(func=_console_account, console_action=what)
        return p

    p = console_action("add-console-user", "add", "create a web console account")
    p.add_argument("--login", required=True)
    p.add_argument("--name", required=True)
    p.add_argument(
        "--role",
        required=True,
        choices=("admin", "manager", "viewer"),
        help="admin: every library; manager: one library (--library); viewer: reports only",
    )
    p.add_argument("--library", help="the library a manager runs, or a viewer reads")
    for name, what, help in (
        ("set-console-password", "password", "give a console account a new password (unlocks it)"),
        ("disable-console-user", "disable", "stop a console account signing in"),
        ("enable-console-user", "enable", "let a disabled console account sign in again"),
    ):
        p = console_action(name, what, help)
        p.add_argument("login")

    def staff_action(name: str, what: str, help: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help)
        p.set_defaults(func=_staff_command, staff_action=what, pin_stdin=False)
        p.add_argument("--library", required=True, help="the library's code")
        if what in ("add", "pin"):
            p.add_argument(
                "--pin-stdin",
                action="store_true",
                help="read the PIN from the first line of stdin (else it is asked twice)",
            )
        return p

    p = staff_action("add-staff", "add", "add a staff or volunteer account (signs in at laptops)")
    p.add_argument("--login", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=("staff", "volunteer"))
    p.add_argument("--badge", help="a staff badge's barcode, scanned at sign-in")
    for name, what, help in (
        ("set-pin", "pin", "give a staff account a new PIN"),
        ("disable-staff", "disable", "stop a staff account signing in and acting"),
        ("enable-staff", "enable", "let a disabled staff account sign in again"),
    ):
        p = staff_action(name, what, help)
        p.add_argument("login")

    p = action("list-staff", _list_staff, "list a library's staff accounts")
    p.add_argument("--library", required=True)

    p = action("compact-log", _compact, "drop old change-log entries (old cursors get reset)")
    p.add_argument("--library", required=True)
    p.add_argument("--keep-days", type=int, default=90)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except (crud.AdminError, ConfigError, ValueError) as exc:
        print(f"popup-sync: {exc}", file=sys.stderr)
        return 2
    except DBAPIError as exc:
        print(f"popup-sync: database error: {type(exc.orig).__name__}", file=sys.stderr)
        return 3
    return code


if __name__ == "__main__":
    sys.exit(main())
