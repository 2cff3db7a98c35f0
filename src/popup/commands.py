"""The table of ``popup`` subcommands: the data tools that run without a window.

A module registers a subcommand with :func:`command`; :func:`load` imports the modules listed in
:data:`MODULES` (kept off the window's start-up path) and returns the table. This module sits
below every layer and imports none of them, so ``popup.sync_client`` and ``popup.interop`` can
register their commands without importing the entry module (``popup.cli``), which sits above
everything.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

#: (configure the subparser, run it). ``run`` gets the parsed args and the data directory and
#: returns the exit code.
Command = tuple[
    Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace, Path], int]
]
#: name -> (help text, command)
COMMANDS: dict[str, tuple[str, Command]] = {}
#: Modules whose import registers subcommands (a frozen build bundles them by these names).
MODULES: tuple[str, ...] = (
    "popup.sync_client.commands",
    "popup.interop.commands",
    "popup.store.recover",
    "popup.store.staff_commands",
)


def command(name: str, help_text: str) -> Callable[[Command], Command]:
    def register(cmd: Command) -> Command:
        COMMANDS[name] = (help_text, cmd)
        return cmd

    return register


def load() -> dict[str, tuple[str, Command]]:
    """Import every registering module; the whole table."""
    for module in MODULES:
        importlib.import_module(module)
    return COMMANDS


__all__ = ["COMMANDS", "MODULES", "Command", "command", "load"]
