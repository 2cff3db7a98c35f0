"""Photograph every page of the demo desk at the screen sizes bookmobiles have, in English and
Spanish, under a real X server (Xvfb) with a window manager (openbox), the window maximized
as Popup opens it.

    python packaging/dev/screenshots.py [--out DIR] [--sizes 1366x768,1280x720,1024x600]
                                        [--languages en,es] [--only staff]

Each run first photographs the window as start-up paints it, before the store is open
(``opening``, #20). ``--only staff`` photographs the staff screens alone (#17): the window
locked on waking from sleep, the first-administrator form, the sign-in screen, the countdown
after wrong PINs, a locked account, the volunteer's desk with a blocked patron ("Please ask
staff"), the approval prompt and its result.

Writes DIR/<size>-<language>-<page>.png (default DIR: ./screenshots, not committed) and
prints, per picture, anything cut, shortened to "…" or outside the window
(tests/helpers/fit.py). Needs /usr/bin/Xvfb and openbox (apt-get install -y xvfb openbox).
The demo store lives in a temporary POPUP_HOME; nothing goes on the network
(POPUP_DEMO_OFFLINE=1).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_display() -> int:
    number = 90
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    return number


def run_size(size: str, languages: list[str], out: Path, only: str = "all") -> int:
    """Start Xvfb and openbox at ``size``, photograph each language in its own app process."""
    display = f":{free_display()}"
    xvfb = subprocess.Popen(
        ["/usr/bin/Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    wm = None
    failures = 0
    try:
        time.sleep(1.0)
        wm = subprocess.Popen(
            ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(1.0)
        for language in languages:
            with tempfile.TemporaryDirectory(prefix="popup-shots-") as home:
                child_env = {
                    **env,
                    "POPUP_HOME": home,
                    "POPUP_DEMO_OFFLINE": "1",
                    # Throw-away stores: their keys in files beside them, never in this
                    # desktop's credential store.
                    "POPUP_KEY_STORE": "file",
                    "PYTHONPATH": os.pathsep.join(
                        [str(ROOT / "src"), str(ROOT / "sync"), str(ROOT)]
                    ),
                }
                result = subprocess.run(
                    [sys.executable, __file__, "--child", size, language, str(out), only],
                    env=child_env,
                    timeout=300,
                )
                failures += result.returncode != 0
    finally:
        if wm is not None:
            wm.terminate()
            wm.wait(10)
        xvfb.terminate()
        xvfb.wait(10)
    return failures


def child(size: str, language: str, out: Path, only: str = "all") -> int:
    """In the app's own process: open the demo desk maximized, fill the pages, photograph."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from popup import paths
    from popup.domain.signup import SignupForm
    from popup.store import demo
    from popup.ui.app import open_store, show_window
    from popup.ui.context import AppContext, SyncSettings
    from popup.ui.events.page import EventsPage
    from popup.ui.i18n import set_language
    from popup.ui.main_window import MainWindow
    from popup.ui.search.page import SearchPage
    from popup.ui.signup.page import SignupPage
    from tests.helpers.desk import available_items, held_item
    from tests.helpers.fit import live_text_problems, problems

    app = QApplication(sys.argv)
    set_language(app, language)
    home = paths.home(None)
    # As start-up does (#20): the frame and the sign-in screen first, the store after.
    window = MainWindow()
    show_window(window)

    def settle(seconds: float = 0.6) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    settle(1.5)
    screen = window.screen()
    opening_shot = out / f"{size}-{language}-opening.png"
    screen.grabWindow(0).save(str(opening_shot))  # before the store opens: nothing of it shown
    found = problems(window, QSize(window.width(), window.height()))
    print(f"  {opening_shot.name}: " + ("fits" if not found else "; ".join(found)))
    store = open_store(home, seed_demo=True)
    ctx = AppContext.create(store, home, sync=SyncSettings(start=False))
    window.attach(ctx)
    settle(0.6)
    room = screen.availableGeometry().size()
    print(
        f"{size} {language}: screen {screen.size().toTuple()}, window frame"
        f" {window.frameGeometry().size().toTuple()}, inside {window.size().toTuple()},"
        f" maximized={window.isMaximized()}"
    )

    def shoot(name: str) -> None:
        settle()
        path = out / f"{size}-{language}-{name}.png"
        screen.grabWindow(0).save(str(path))
        found = problems(window, QSize(window.width(), window.height())) + live_text_problems(
            window
        )
        if window.frameGeometry().height() > room.height() + 1:
            found.append(f"window frame {window.frameGeometry().size().toTuple()} > {room}")
        print(f"  {path.name}: " + ("fits" if not found else "; ".join(found)))

    checkout = window.checkout
    if only == "staff":
        staff_shots(window, store, shoot, settle)
        window.close()
        ctx.close()
        store.close()
        return 0
    shoot("checkout-empty")
    checkout.patron_field.take_scan(demo.demo_patron(store))
    for barcode in available_items(store, 2):
        checkout.item_field.take_scan(barcode)
    shoot("checkout")
    checkout.patron_field.setEnabled(True)
    checkout.done()
    checkout.patron_field.take_scan(demo.demo_patron(store, blocked=True))
    shoot("checkout-blocked")
    checkout.done()
    cards_shots(checkout, store, shoot, settle)
    payments(checkout, shoot, settle)
    checkout.done()
    window.show_mode("return")
    window.returns.field.take_scan(available_items(store, 1)[0])
    window.returns.field.take_scan(held_item(store))  # "put it on the hold shelf"
    shoot("return")
    window.show_mode("picklist")
    shoot("picklist")
    window.show_mode("in_house")
    window.in_house.field.take_scan(available_items(store, 1)[0])
    shoot("in-house")
    search = window.page_of(SearchPage)
    window.show_mode(search.key)
    search.field.setText(store_title_word(store))
    search.on_enter()
    settle()
    shoot("search-no-patron")
    checkout.patron_field.take_scan(demo.demo_patron(store))
    window.show_mode(search.key)
    settle()
    shelf = [n for n, c in enumerate(search.model.copies) if c.availability.value == "here"]
    if shelf:
        search.view.setCurrentIndex(search.model.index(shelf[0], 0))
        search.lend_row(shelf[0])
    shoot("search-lent")
    checkout.done()
    signup = window.page_of(SignupPage)
    window.show_mode(signup.key)
    shoot("signup-form")
    signup.form.fill(
        SignupForm(
            name="Ana María López",
            date_of_birth="1990-05-17",
            phone="555-010-2030",
            consent=True,
        )
    )
    signup.submit_button.click()
    shoot("signup-card")
    events = window.page_of(EventsPage)
    stops = ctx.events.stops()
    if stops:
        made = ctx.events.create_event(stops[0].id, "Story time", "story time", "0-5")
        events.refresh_events(select=made.id)
    window.show_mode(events.key)
    for band in list(events.counters)[:2]:
        events.tap(band, 1)
    shoot("events")
    window.show_mode("stop_report")
    shoot("stop-report")
    inbox_rows(store)
    window.show_mode("sync")
    shoot("sync")
    enroll_shots(window, shoot, settle)
    window.close()
    ctx.close()
    store.close()
    return 0


def staff_shots(window: Any, store: Any, shoot: Any, settle: Any) -> None:
    """The staff screens (#17), driven through their own fields and buttons."""
    from PySide6.QtWidgets import QApplication

    from popup.domain.staff import LOCK_AFTER, wait_after
    from popup.store.db import Store
    from popup.store.staff import StaffBook
    from tests.helpers.desk import STAFF_PIN, add_staff, available_items

    screen = window.sign_in
    window.lock_after_sleep(120.0)  # the lid closed between two stops
    shoot("staff-locked-after-sleep")
    window.lock()
    # A fresh laptop, no staff yet: the demo store has its staff, so the form is shown over
    # an empty store of its own.
    demo_book = screen.book
    with tempfile.TemporaryDirectory(prefix="popup-fresh-") as fresh:
        empty = Store.open(Path(fresh) / "popup.sqlite3")
        screen.book = StaffBook(empty, window.ctx.clock)
        screen.reset()
        screen.admin_login.setText("admin")
        screen.admin_name.setText("Ada Lovelace")
        screen.admin_pin.setText("1357")
        screen.admin_pin_again.setText("1358")
        screen.create_admin()  # the two PINs differ: said on the form
        shoot("staff-first-admin")
        screen.book = demo_book
        empty.close()
    add_staff(store, "sam", "Sam Ortega", badge="B-0042")
    add_staff(store, "val", "Valentina Ruiz", "volunteer")
    screen.reset()
    shoot("staff-sign-in")
    for tries in range(1, LOCK_AFTER + 1):
        screen.who.setText("val")
        screen.pin.setText("9999")
        screen.submit()
        if tries == 3:
            shoot("staff-wrong-pin-wait")
        settle(wait_after(tries) + 0.3)
    shoot("staff-locked")
    screen.unlock_who.setText("sam")
    screen.unlock_pin.setText(STAFF_PIN)
    screen.unlock()
    screen.pin.setText(STAFF_PIN)
    screen.submit()  # Valentina, a volunteer, at the desk
    checkout = window.checkout
    from popup.store import demo

    checkout.patron_field.take_scan(demo.demo_patron(store, blocked=True))
    settle()
    prompt = checkout.override_dialog
    if prompt is None:
        print("  no approval prompt for the volunteer")
        return
    prompt.hide()  # the desk behind it, as the volunteer saw it before the prompt
    shoot("staff-volunteer-desk")
    prompt.show()
    prompt.who.setText("B-0042")
    prompt.pin.setText(STAFF_PIN)
    prompt.reason.setText("ID checked by Sam")
    shoot("staff-approval")
    prompt.on_approve()
    settle()
    checkout.item_field.take_scan(available_items(store, 1)[0])
    shoot("staff-approved")
    if QApplication.activeModalWidget() is not None:
        QApplication.activeModalWidget().reject()
    # An item on hold for someone else: the prompt shows the staff member what they approve.
    from tests.helpers.desk import held_item

    checkout.item_field.take_scan(held_item(store))
    settle()
    if checkout.override_dialog is not None:
        checkout.override_dialog.who.setText("sam")
        shoot("staff-approval-concerns")
        checkout.override_dialog.reject()
        settle()
    checkout.done()
    volunteer_duplicate_shot(window, store, shoot, settle)


def volunteer_duplicate_shot(window: Any, store: Any, shoot: Any, settle: Any) -> None:
    """A volunteer signing up someone who may already have a card: sent to staff."""
    from popup.domain.signup import SignupForm
    from popup.store import library
    from popup.store import signup as store_signup
    from popup.store.staff import SYSTEM
    from popup.ui.signup.page import SignupPage

    volunteer, store.actor = store.actor, SYSTEM  # the library's setting, as the server sends it
    try:
        with store.transaction() as session:
            library.put(session, "volunteers_may_sign_up", True)
    finally:
        store.actor = volunteer
    settle()
    # The window applied the setting while the harness had SYSTEM signed in behind its back:
    # show the volunteer's pages again.
    window._apply_actor()
    window.show_mode(SignupPage.key)
    page = window.page_of(SignupPage)
    ana = SignupForm(
        name="Ana María López", date_of_birth="1990-05-17", phone="555-010-2030", consent=True
    )
    page.form.fill(ana)
    clean = page.check()
    if clean is None:
        print("  the sign-up form did not validate")
        return
    volunteer, store.actor = store.actor, SYSTEM
    try:
        store_signup.register(store, clean)
    finally:
        store.actor = volunteer
    page.form.fill(ana)
    page.submit()
    settle()
    shoot("staff-volunteer-duplicate")
    if page.duplicate_dialog is not None:
        page.duplicate_dialog.reject()


def enroll_shots(window: Any, shoot: Any, settle: Any) -> None:
    """The enrollment dialog (#19): as opened; with its camera view open (staged: there is no
    camera here, so the view says it waits for permission, as on a Mac's first use); after F9
    found no camera; after the camera read a library card instead of an enrollment code."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from popup.domain.cards import qr_payload
    from popup.ui.sync.page import SyncPage
    from tests.helpers.fit import overlap_problems, problems

    def enroll_shot(name: str) -> None:
        shoot(name)
        room = dialog.screen().availableGeometry()
        found = problems(dialog, QSize(dialog.width(), dialog.height()))
        found += overlap_problems(dialog)
        if not room.contains(dialog.frameGeometry()):
            found.append(f"dialog frame {dialog.frameGeometry().getRect()} is off the screen")
        print("    the dialog: " + ("fits" if not found else "; ".join(found)))

    dialog = window.page_of(SyncPage).open_enroll("https://sync.example.org")
    settle()
    enroll_shot("sync-enroll")
    dialog._show_camera_view()
    dialog.camera.message.setText(dialog.camera.tr("Waiting for permission to use the camera…"))
    enroll_shot("sync-enroll-camera")
    dialog.close_camera()
    dialog.toggle_camera()  # F9: there is no camera here
    enroll_shot("sync-enroll-no-camera")
    dialog.on_camera_code(qr_payload("21120000000027"))
    enroll_shot("sync-enroll-not-a-code")
    dialog.reject()
    QApplication.processEvents()


def store_title_word(store: Any) -> str:
    """A word of the demo catalogue that finds several copies: the last of a title."""
    from sqlalchemy import select

    from popup.store.models import Item

    with store.read() as session:
        title = session.scalar(select(Item.title).where(Item.title.like("The %")).limit(1))
    return str(title or "the").split()[-1]


def cards_shots(checkout: Any, store: Any, shoot: Any, settle: Any) -> None:
    """The card flows (#15): lookup by name, a lost card replaced, an expired card renewed."""
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from popup.store.models import PatronAlias

    def modal() -> Any:
        settle(0.3)
        return QApplication.activeModalWidget()

    checkout.lookup()
    dialog = modal()
    dialog.name.setText("ortega")
    shoot("cards-lookup")
    dialog.name.setText("whit dan")
    dialog.born.setText("31/31/1999")
    shoot("cards-lookup-bad-date")
    dialog.born.clear()
    dialog.choose()
    settle()
    checkout.replace_lost_card()
    shoot("cards-replace-confirm")
    modal().accept()
    modal()
    shoot("cards-new-card")
    modal().reject()
    settle()
    checkout.done()
    with store.read() as session:
        lost = session.scalar(
            select(PatronAlias.card_number).where(PatronAlias.lost_at.is_not(None))
        )
    if lost is not None:
        checkout.patron_field.take_scan(lost)
        shoot("cards-lost-scanned")
    marisol = checkout.ctx.cards.lookup("marisol ortega")
    if marisol:
        checkout.patron_field.take_scan(marisol[0].card_number)
        shoot("cards-expired-prompt")
        modal().reject()
        settle()
        checkout.done()
        checkout.renew_card()  # no patron at the desk: found by name first
        modal().name.setText("marisol")
        modal().choose()
        shoot("cards-renew-confirm")
        modal().reject()
    settle()
    checkout.done()


def payments(checkout: Any, shoot: Any, settle: Any) -> None:
    """The demo patron with fines: the block prompt offering the payment, the payment dialog,
    a refused amount, and the receipt."""
    from popup.domain import demo_data
    from popup.store import demo
    from popup.ui.desk.payment import amount_for_typing

    checkout.patron_field.take_scan(demo_data.fined_patron_card(demo.DEMO_FORMAT))
    shoot("checkout-fines")
    prompt = checkout.override_dialog
    if prompt is None or prompt.payment_button is None:
        print("  no payment offered for the patron with fines")
        return
    prompt.payment_button.click()
    settle()
    dialog = checkout.payment_dialog
    dialog.amount.setText(amount_for_typing(1000))
    dialog.note.setText("two overdue DVDs")
    shoot("payment")
    dialog.amount.setText("-5")
    dialog.on_record()
    shoot("payment-refused")
    dialog.amount.setText(amount_for_typing(1000))
    dialog.on_record()
    shoot("receipt")
    if checkout.receipt_dialog is not None:
        checkout.receipt_dialog.reject()
    settle()


def inbox_rows(store: Any) -> None:
    """What the sync client keeps of the server's answers about this session's actions, as a
    pass would have brought them: the inbox then has rows to show (the demo has none)."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from popup.store.models import OutboxEntry, SyncException
    from popup.store.notify import Topic, note

    answers = {
        "checkout": ("OPEN_CIRCULATION_EXISTS", "Item was already on loan at the server."),
        "checkin": ("HOLD_TRAP", "Item has a hold ready: hold shelf."),
        "patron_register": ("POSSIBLE_DUPLICATE_PATRON", "Maybe the same person as a patron."),
    }
    with store.transaction() as session:
        for kind, (code, message) in answers.items():
            mutation = session.scalar(
                select(OutboxEntry.mutation_id)
                .where(OutboxEntry.kind == kind)
                .order_by(OutboxEntry.seq.desc())
                .limit(1)
            )
            session.add(
                SyncException(
                    code=code,
                    message=message,
                    mutation_id=mutation,
                    received_at=datetime.now(UTC),
                )
            )
        note(session, Topic.INBOX)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return child(argv[1], argv[2], Path(argv[3]), argv[4] if len(argv) > 4 else "all")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--sizes", default="1366x768,1280x720,1024x600")
    parser.add_argument("--languages", default="en,es")
    parser.add_argument(
        "--only", choices=("all", "staff"), default="all", help="staff: the #17 screens alone"
    )
    args = parser.parse_args(argv)
    if shutil.which("openbox") is None or not Path("/usr/bin/Xvfb").exists():
        sys.stderr.write(
            "screenshots: needs /usr/bin/Xvfb and openbox (apt-get install -y xvfb openbox)\n"
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    failures = sum(
        run_size(size, args.languages.split(","), args.out, args.only)
        for size in args.sizes.split(",")
    )
    print(f"pictures in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
