"""``popup --self-test``: prove that this installation can do its job at a stop.

A packaged build that starts but cannot open its store, find its migrations or load its QR
decoder fails at the worst time. The self-test exercises each of those through the real code
paths, in a throw-away home directory (the user's own store is never touched):

``store and migrations``
    a new store file in a temporary home, migrated to the newest schema by Alembic;
``store key``
    where the store's key is kept: the credential store keyring found, or plainly that this
    computer has none (then a key file or a passphrase, as the administrator chose); the
    throw-away store is encrypted and reads with the key as kept; this user's own store's key
    is present (its store is not opened);
``checkout and return``
    a tiny demo stop, one checkout and one return through the circulation desk, both written
    to the outbox;
``qr decoder libraries``
    the native QR decoders load: zxing-cpp always, and pyzbar's libzbar when pyzbar is
    installed (in a packaged build it is, and its library must load);
``qr round trip``
    a patron's QR card is rendered to an image and decoded back to the same card number;
``bundled resources``
    the resources folder (icons, sounds, translations, demo data) is where
    :func:`popup.paths.resources_dir` says, with the app icon in it (the line counts the
    files in each of its folders);
``main window``
    the main window opens on the store and closes again, offscreen;
``translations``
    Qt's own translations (French as the sample) and every compiled Popup translation
    (``resources/translations/popup_<lang>.qm``) load through :mod:`popup.ui.i18n`;
``camera backend``
    Qt Multimedia loads its backend plugin (FFmpeg), without which the camera scanner cannot
    start; no camera needs to be attached. In a macOS .app it also checks that Info.plist
    carries ``NSCameraUsageDescription``;
``commands``
    every subcommand module (``popup info``, ``popup sync``...) imports and registers.

Each check prints one line as it finishes (``ok   <check>``, ``FAIL <check>: <reason>`` or
``skip <check>: <reason>`` when a check it depends on failed). The exit code is 0 when every
check passed, 1 otherwise, and the last line names the failing checks. A check that hangs for
``CHECK_TIMEOUT_S`` is reported by name and the process exits 2.

Testing hook: setting ``POPUP_SELF_TEST_FAULT`` to a check's name makes that check fail on
purpose (before it runs), so the failure path can be tested on a working installation. It is
read only here and changes nothing else.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from popup import paths

#: Environment variable naming one check to fail on purpose (tests of the failure path only).
FAULT_ENV = "POPUP_SELF_TEST_FAULT"

STORE = "store and migrations"
KEY = "store key"
CIRCULATION = "checkout and return"
DECODERS = "qr decoder libraries"
QR = "qr round trip"
RESOURCES = "bundled resources"
WINDOW = "main window"
TRANSLATIONS = "translations"
CAMERA = "camera backend"
PRINTING = "printing"
CHARTS = "charts"
COMMANDS = "commands"

#: A check still running after this many seconds is reported as hung and the process exits 2.
CHECK_TIMEOUT_S = 120.0

#: The app icon every build ships (drawn by resources/icons/app/make_icon.py).
APP_ICON = Path("icons") / "app" / "popup.png"


class CheckFailed(Exception):
    """A check's verdict; ``str()`` is the reason printed after the check's name."""


@dataclass
class _Context:
    home: Path
    store: Any = None  # popup.store.db.Store once the first check passed
    patron_card: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    qt_handler: Any = None  # our Qt message handler, while installed
    qt_previous: Any = None


def _check_store(ctx: _Context) -> str:
    from popup.store.db import MIGRATIONS_DIR, Store, current_revision, head_revision

    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise CheckFailed(f"the migrations are missing (looked in {MIGRATIONS_DIR})")
    store = Store.open(paths.store_file(ctx.home), paths.backups_dir(ctx.home))
    ctx.store = store
    revision = current_revision(store.engine)
    head = head_revision()
    if revision != head:
        raise CheckFailed(f"the store is at schema {revision}, expected {head}")
    return f"schema {head}"


def _check_key(ctx: _Context) -> str:
    """The key store: which credential store keyring found (or plainly that there is none),
    the throw-away store's key where it was put and the store opening with it again; the
    key of this user's own store, when it has one, present (its store is not opened)."""
    from popup.store import cipher, keys

    store = ctx.store
    status = keys.keyring_status()
    if status.usable:
        said = f"credential store {status.backend}"
    else:
        said = (
            f"no OS credential store ({status.backend}): the key goes to a key file or comes"
            " from a passphrase, as the administrator chooses"
        )
    record = keys.read_record(store.path)
    if record is None:
        raise CheckFailed("the store was opened without a key record")
    if cipher.is_plain(store.path):
        raise CheckFailed("the store file is not encrypted")
    key = keys.load(record, store.path)
    if key != store.key:
        raise CheckFailed("the kept key is not the one the store was opened with")
    con = cipher.connect(store.path, key)  # the store opens with the key as it was kept
    try:
        tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        version = con.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        con.close()
    if not tables:
        raise CheckFailed("the store read with the kept key holds no tables")
    own = paths.store_file(paths.home())
    try:
        mine = keys.describe(own)
    except Exception as exc:
        raise CheckFailed(f"{own}: {exc}") from exc
    return f"{said}; test key in {record.where.value}, SQLCipher {version}; {mine}"


def _check_circulation(ctx: _Context) -> str:
    from sqlalchemy import select

    from popup.domain.circulation import ItemStatus
    from popup.store import demo, outbox
    from popup.store.circulation import Desk, NeedsOverride
    from popup.store.models import Item, Loan

    store = ctx.store
    if not demo.seed(store, items=20, patrons=5):
        raise CheckFailed("the new store already held items")
    patron = demo.demo_patron(store)
    ctx.patron_card = patron
    desk = Desk(store)
    with store.read() as session:
        barcodes = list(
            session.scalars(
                select(Item.barcode).where(Item.status == ItemStatus.AVAILABLE.value).limit(20)
            )
        )
    if not barcodes:
        raise CheckFailed("the demo stop has no available item")
    # Whichever available item the rules let this patron borrow; if none, override (the
    # point is the write path, not the demo's loan rules).
    result = None
    for barcode in barcodes:
        try:
            result = desk.checkout(patron, barcode)
            break
        except NeedsOverride:  # e.g. a type this patron may not borrow: try the next
            continue
    if result is None:
        result = desk.checkout(patron, barcodes[0], override_reason="self-test")
    returned = desk.checkin(result.barcode)
    with store.read() as session:
        loan = session.get(Loan, result.loan_id)
        if loan is None or loan.returned_at is None:
            raise CheckFailed("the return did not close the loan")
        waiting = outbox.pending_count(session)
    if waiting != 2 or returned.seq != result.seq + 1:
        raise CheckFailed(f"expected 2 outbox records in order, found {waiting}")
    return "1 loan out and back, 2 outbox records"


def _check_decoders(ctx: _Context) -> str:
    from popup.scan import decode

    backends = decode.available_backends()
    if "zxing" not in backends:
        raise CheckFailed("zxing-cpp did not load")
    loaded = ["zxing-cpp"]
    if importlib.util.find_spec("pyzbar") is not None:
        try:
            from pyzbar import pyzbar
        except (ImportError, OSError) as exc:
            raise CheckFailed(f"pyzbar is installed but libzbar did not load: {exc}") from exc
        if "pyzbar" not in backends:
            raise CheckFailed("libzbar loaded but Popup's pyzbar decoder did not")
        bundle = getattr(sys, "_MEIPASS", None)
        for dep in pyzbar.EXTERNAL_DEPENDENCIES:
            where = Path(str(getattr(dep, "_name", dep)))
            origin = "bundled" if bundle and where.parent == Path(bundle) else "system"
            loaded.append(f"{origin} {where.name}")
        ctx.notes["pyzbar"] = "yes"
    return ", ".join(loaded)


def _render_qr(card_number: str) -> Any:
    """The patron's QR card as Popup exports and prints it (PNG bytes), loaded back."""
    from PIL import Image

    from popup.scan import card

    return Image.open(io.BytesIO(card.qr_png(card_number)))


def _decode(image: Any, backend: str) -> list[str]:
    """The texts Popup's decoder (popup.scan.decode, as the scanners use it) reads in an image."""
    import numpy as np

    from popup.scan import decode

    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    return decode.decode(gray, backend=backend)  # type: ignore[arg-type]


def _check_qr(ctx: _Context) -> str:
    from popup.domain.cards import parse_scan, qr_payload

    card = ctx.patron_card or "21120000698132"
    payload = qr_payload(card)
    image = _render_qr(card)
    backends = ["zxing"] + (["pyzbar"] if ctx.notes.get("pyzbar") else [])
    for backend in backends:
        texts = _decode(image, backend)
        if not texts:
            raise CheckFailed(f"{backend} decoded nothing from the rendered QR card")
        if parse_scan(texts[0]) != card:
            raise CheckFailed(f"{backend} decoded {texts[0]!r}, expected {payload!r}")
    width, height = image.size
    return f"{width}x{height} px card read back by {' and '.join(backends)}"


def _check_resources(ctx: _Context) -> str:
    base = paths.resources_dir()
    if not base.is_dir():
        raise CheckFailed(f"no resources folder at {base}")
    icon = base / APP_ICON
    if not icon.is_file():
        raise CheckFailed(f"the app icon is missing ({icon})")
    counts = {
        sub.name: sum(1 for f in sub.rglob("*") if f.is_file())
        for sub in sorted(base.iterdir())
        if sub.is_dir()
    }
    return ", ".join(f"{n} {name}" for name, n in counts.items()) + f" in {base}"


def _qt_app(ctx: _Context) -> Any:
    """The QApplication (offscreen unless the caller chose a platform), created once."""
    # On a machine without a display offscreen is the only platform that works, and on a desk
    # laptop the self-test must not flash a window.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    if ctx.qt_handler is None:

        def on_message(kind: QtMsgType, context: Any, message: str) -> None:
            # Known noise: offscreen has no window manager for size hints, and Qt Multimedia
            # reports each optional hardware-decoding library it did not find.
            if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
                return
            category = str(getattr(context, "category", "") or "")
            if "propagateSizeHints" in message or category.endswith("symbolsresolver"):
                return
            sys.stderr.write(f"qt: {message}\n")

        ctx.qt_handler = on_message
        ctx.qt_previous = qInstallMessageHandler(on_message)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    return app


def _check_window(ctx: _Context) -> str:
    from PySide6.QtGui import QIcon

    from popup.ui.context import AppContext, SyncSettings
    from popup.ui.main_window import MainWindow

    app = _qt_app(ctx)
    # The throw-away home is not enrolled; the background sync stays off regardless.
    context = AppContext.create(ctx.store, sync=SyncSettings(start=False))
    window = MainWindow(context)
    try:
        icon = QIcon(str(paths.resources_dir() / APP_ICON))
        if icon.isNull():
            raise CheckFailed("Qt could not load the app icon")
        window.setWindowIcon(icon)
        window.show()
        app.processEvents()
        if not window.isVisible():
            raise CheckFailed("the window did not show")
        # Pages are built when first shown: build each now, so a module a packaged build
        # left out fails here and not in front of staff.
        for key in window.modes():
            window.page(key)
        app.processEvents()
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
        context.close()
    return f"Qt {app.platformName()} platform, {len(window.modes())} pages"


def _check_commands(ctx: _Context) -> str:
    """Every subcommand module imports (a packaged build could miss one imported by name)."""
    from popup.commands import load

    table = load()
    if not table:
        raise CheckFailed("no subcommands registered")
    return ", ".join(sorted(table))


def _check_translations(ctx: _Context) -> str:
    """Qt's own translations and every compiled Popup translation load through popup.ui.i18n."""
    from PySide6.QtCore import QLocale, QTranslator

    from popup.ui import i18n

    app = _qt_app(ctx)
    before = set(app.findChildren(QTranslator))
    languages = ["fr", *i18n.available_languages()]
    try:
        for language in dict.fromkeys(languages):
            loaded = [Path(f).name for f in i18n.install_translators(app, QLocale(language))]
            if language == "fr" and not any(n.startswith("qtbase_fr") for n in loaded):
                raise CheckFailed("Qt's own translations (qtbase_fr.qm) did not load")
            if f"popup_{i18n.ENGLISH_PLURALS}.qm" not in loaded:
                raise CheckFailed(f"popup_{i18n.ENGLISH_PLURALS}.qm (English plurals) did not load")
            if language != "fr" and f"popup_{language}.qm" not in loaded:
                raise CheckFailed(f"popup_{language}.qm did not load")
    finally:
        for translator in set(app.findChildren(QTranslator)) - before:
            app.removeTranslator(translator)
            translator.deleteLater()
    popup_count = len(languages) - 1
    return f"Qt's own and {popup_count} Popup translation{'' if popup_count == 1 else 's'}"


def _check_camera_backend(ctx: _Context) -> str:
    """Qt Multimedia (the camera scanner) finds its backend plugin; no camera is needed."""
    _qt_app(ctx)
    from PySide6.QtMultimedia import QMediaCaptureSession, QMediaDevices, QMediaFormat

    formats = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    if not formats:
        raise CheckFailed("Qt Multimedia found no backend plugin (the camera could not work)")
    QMediaCaptureSession()
    if sys.platform == "darwin" and getattr(sys, "frozen", False):
        # macOS kills an app that opens the camera without saying why in its Info.plist.
        import plistlib

        info = Path(sys.executable).resolve().parent.parent / "Info.plist"
        if info.is_file():
            with info.open("rb") as fh:
                if not plistlib.load(fh).get("NSCameraUsageDescription"):
                    raise CheckFailed(f"{info} has no NSCameraUsageDescription")
    cameras = len(QMediaDevices.videoInputs())
    return f"backend loaded, {cameras} camera{'' if cameras == 1 else 's'} attached"


def _check_printing(ctx: _Context) -> str:
    """Qt's print support writes a due-date slip as a PDF (the path staff without a printer
    take; a printer uses the same QPrinter)."""
    import tempfile
    from datetime import date

    from popup.ui.desk.slip import SlipLine, print_slip_to_pdf, slip_html

    _qt_app(ctx)
    html = slip_html(
        "Self-test",
        "Bookmobile",
        date(2026, 1, 2),
        "00000000",
        [SlipLine("A book", "00000001", date(2026, 1, 16))],
    )
    with tempfile.TemporaryDirectory(prefix="popup-self-test-") as folder:
        pdf = Path(folder) / "slip.pdf"
        print_slip_to_pdf(html, pdf)
        data = pdf.read_bytes() if pdf.is_file() else b""
    if not data.startswith(b"%PDF"):
        raise CheckFailed("printing a slip to PDF wrote no PDF")
    return f"slip PDF {len(data):,} bytes"


def _check_charts(ctx: _Context) -> str:
    """Qt Charts (the stop report's charts) draws a chart into an image."""
    from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView
    from PySide6.QtGui import QColor

    _qt_app(ctx)
    bars = QBarSet("self-test")
    bars.append([1, 3, 2])
    series = QBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    view = QChartView(chart)
    view.resize(200, 120)
    image = view.grab().toImage()
    view.deleteLater()
    if image.isNull() or all(
        image.pixelColor(x, y) == QColor("white")
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    ):
        raise CheckFailed("Qt Charts drew nothing")
    return f"chart drawn at {image.width()}x{image.height()}"


#: (name, run, names of the checks it needs). Runs in this order.
CHECKS: tuple[tuple[str, Callable[[_Context], str], tuple[str, ...]], ...] = (
    (STORE, _check_store, ()),
    (KEY, _check_key, (STORE,)),
    (CIRCULATION, _check_circulation, (STORE,)),
    (DECODERS, _check_decoders, ()),
    (QR, _check_qr, (DECODERS,)),
    (RESOURCES, _check_resources, ()),
    (WINDOW, _check_window, (STORE,)),
    (TRANSLATIONS, _check_translations, ()),
    (CAMERA, _check_camera_backend, ()),
    (PRINTING, _check_printing, ()),
    (CHARTS, _check_charts, ()),
    (COMMANDS, _check_commands, ()),
)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{first}" if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {first}"


def _watchdog(out: TextIO, name: str) -> threading.Timer:
    """End the process, naming the check, if it runs longer than CHECK_TIMEOUT_S.

    A hang is a failure too (one frozen Windows build was seen to hang in Alembic's upgrade),
    and a self-test that never returns tells nobody which check stuck.
    """

    def expire() -> None:
        out.write(f"FAIL {name}: still running after {CHECK_TIMEOUT_S:g} s\n")
        out.write(f"self-test FAILED: {name} (stopped)\n")
        out.flush()
        os._exit(2)

    timer = threading.Timer(CHECK_TIMEOUT_S, expire)
    timer.daemon = True
    timer.start()
    return timer


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check, printing one line each; 0 if all passed, 1 if any failed."""
    # A windowed Windows build has no stdout; the exit code still tells the result.
    out = out or sys.stdout or sys.stderr or io.StringIO()
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure is not None:  # a reason quoting a scan must not crash a cp1252 console
        reconfigure(errors="replace")
    fault = os.environ.get(FAULT_ENV, "").strip()
    frozen = bool(getattr(sys, "frozen", False))
    out.write(f"Popup self-test ({'packaged build' if frozen else 'source'}, {sys.platform})\n")
    out.flush()
    quiet = logging.getLogger("alembic"), logging.getLogger("popup.store")
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.WARNING)
    failed: list[str] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="popup-selftest-", ignore_cleanup_errors=True) as tmp:
        ctx = _Context(home=paths.home(Path(tmp) / "home"))
        try:
            for name, check, needs in CHECKS:
                blocked = [n for n in needs if n in failed or n in skipped]
                if blocked:
                    skipped.append(name)
                    out.write(f"skip {name}: needs {', '.join(blocked)}\n")
                    out.flush()
                    continue
                watchdog = _watchdog(out, name)
                try:
                    if fault == name:
                        raise CheckFailed(f"fault injected by {FAULT_ENV}")
                    detail = check(ctx)
                except Exception as exc:  # any exception is this check's failure
                    failed.append(name)
                    out.write(f"FAIL {name}: {_reason(exc)}\n")
                else:
                    out.write(f"ok   {name} ({detail})\n")
                finally:
                    watchdog.cancel()
                out.flush()
        finally:
            if ctx.store is not None:
                ctx.store.close()
                from popup.store import keys

                keys.forget(ctx.store.path)  # a key the throw-away store put in the keyring
            if ctx.qt_handler is not None:
                from PySide6.QtCore import qInstallMessageHandler

                qInstallMessageHandler(ctx.qt_previous)
            for lg, level in zip(quiet, levels, strict=True):
                lg.setLevel(level)
    if failed:
        also = f" (not run: {', '.join(skipped)})" if skipped else ""
        out.write(f"self-test FAILED: {', '.join(failed)}{also}\n")
        return 1
    out.write(f"self-test passed: {len(CHECKS)} checks\n")
    return 0
