"""The ``popup`` command: the desk app, its demo, its self-test and the data tools.

``popup`` alone opens the app. ``--home DIR`` (or ``POPUP_HOME``) chooses the data directory for
every subcommand. Qt is imported only when a window is needed, so the data tools run on
machines without a display.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from popup import __version__, paths

#: Subcommands register here: name -> (configure parser, run). Each run gets (args, home) and
#: returns the exit code.
Command = tuple[
    Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace, Path], int]
]
COMMANDS: dict[str, tuple[str, Command]] = {}
#: Modules whose import registers subcommands with :func:`command`.
COMMAND_MODULES: tuple[str, ...] = ()


def command(name: str, help_text: str) -> Callable[[Command], Command]:
    def register(cmd: Command) -> Command:
        COMMANDS[name] = (help_text, cmd)
        return cmd

    return register


def build_parser() -> argparse.ArgumentParser:
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, (configure, _run)) in sorted(COMMANDS.items()):
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _load_commands() -> None:
    """Import the modules that register subcommands (kept out of the GUI start-up path)."""
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    _load_commands()
    args = build_parser().parse_args(argv)
    home = paths.home(args.home)

    if args.self_test:
        from popup.ui.selftest import run_self_test

        return run_self_test()

    if args.command:
        _help, (_configure, run) = COMMANDS[args.command]
        return int(run(args, home))

    from popup.ui.app import run_app  # Qt only from here on

    return run_app(home=home, demo=args.demo, sync_server=args.sync_server)


if __name__ == "__main__":
    sys.exit(main())
