"""The ``popup`` command: the desk app, its demo, its self-test and the data tools.

``popup`` alone opens the app; the subcommands are in the table of :mod:`popup.commands`.
``--home DIR`` (or ``POPUP_HOME``) chooses the data directory for
every subcommand; ``--language CODE`` (or ``POPUP_LANGUAGE``) the language of the screens. Qt
is imported only when a window is needed, so the data tools run on machines without a display.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from popup import __version__, paths
from popup.commands import COMMANDS, command, load


def _configure_info(parser: argparse.ArgumentParser) -> None:
    del parser  # no options of its own


def _run_info(args: argparse.Namespace, home: Path) -> int:
    """Open (and migrate) the store and print what it holds: a quick check for support calls."""
    from popup.store import demo, device
    from popup.store.circulation import Desk
    from popup.store.db import Store, StoreError, current_revision

    try:
        store = Store.open(paths.store_file(home), paths.backups_dir(home))
    except StoreError as exc:
        print(f"popup: {exc}", file=sys.stderr)
        return 2
    try:
        if args.demo:
            demo.seed(store, showcase=True)
        counts = Desk(store).counts()
        rows = [
            ("store", str(store.path)),
            ("schema", str(current_revision(store.engine))),
            ("device", device.device_id(store)),
        ] + [(key, str(counts[key])) for key in ("items", "patrons", "open_loans", "waiting")]
        for label, value in rows:
            print(f"{label + ':':<12}{value}")
    finally:
        store.close()
    return 0


command("info", "show the store's location, schema, device and counts")(
    (_configure_info, _run_info)
)


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="popup", description="Offline-first circulation for bookmobiles and pop-up libraries."
    )
    parser.add_argument("--version", action="version", version=f"popup {__version__}")
    parser.add_argument(
        "--home", metavar="DIR", help=f"data directory (default: ${paths.ENV_HOME} or per-user)"
    )
    parser.add_argument("--demo", action="store_true", help="open a store seeded with a demo stop")
    parser.add_argument(
        "--self-test", action="store_true", help="check this installation and exit 0 if it works"
    )
    parser.add_argument(
        "--sync-server", metavar="URL", help="sync server to use (default: the enrolled one)"
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="language of the screens, e.g. es or en (default: $POPUP_LANGUAGE or the system's)",
    )
    if not with_commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, (configure, _run)) in sorted(COMMANDS.items()):
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _configure_logging(home: Path) -> None:
    """Warnings to the console; an INFO log (kinds and seqs only, no personal data) on disk.

    A data directory that cannot be written (read-only, full) must not stop Popup here: it
    logs to the console only and says why, once; the store then tells staff what is wrong.
    """
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("popup: %(levelname)s %(name)s: %(message)s"))
    root.handlers[:] = [console]
    logging.getLogger("alembic").setLevel(logging.WARNING)
    where = paths.logs_dir(home) / "popup.log"
    try:
        logfile = RotatingFileHandler(where, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning(
            "cannot write the log file %s (%s); logging to the console only",
            where,
            exc.strerror or type(exc).__name__,
        )
        return
    logfile.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(logfile)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    # The window's own options alone (``popup --demo``): no subcommand module is imported,
    # they pull in the sync client and the interop readers, which the window loads on first use.
    asks_help = bool({"-h", "--help"} & set(words))
    args, rest = (None, []) if asks_help else build_parser(False).parse_known_args(words)
    if args is None or rest:
        load()  # subcommands register themselves (popup.commands)
        args = build_parser().parse_args(words)
    else:
        args.command = None
    home = paths.home(args.home)
    _configure_logging(home)

    if args.self_test:
        from popup.ui.selftest import run_self_test

        return run_self_test()

    if args.command:
        _help, (_configure, run) = COMMANDS[args.command]
        return int(run(args, home))

    # The window's frame paints first; the store layer loads after it (popup.ui.app).
    from popup.ui.app import run_app

    return int(
        run_app(home=home, demo=args.demo, sync_server=args.sync_server, language=args.language)
    )


if __name__ == "__main__":
    sys.exit(main())
