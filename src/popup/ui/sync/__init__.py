"""Sync in the app: background worker, enrollment dialog, status widget, exceptions inbox.

This package's ``__init__`` and :mod:`.commands` import no Qt, so ``popup enroll`` and
``popup sync`` run on machines without a display.
"""

from __future__ import annotations

from typing import Any

#: Set by the app's start-up from ``popup --sync-server URL`` (see :func:`configure`).
SERVER_OVERRIDE: str | None = None


def configure(sync_server: str | None) -> None:
    """Remember ``--sync-server URL`` for :func:`install` (call before the window is built)."""
    global SERVER_OVERRIDE
    SERVER_OVERRIDE = sync_server.strip() if sync_server and sync_server.strip() else None


def install(window: Any) -> Any:
    """Add the Sync page (F11) to ``window`` and start the background sync; returns the page."""
    from popup.ui.sync.page import install_sync  # Qt only from here on

    return install_sync(window, SERVER_OVERRIDE)
