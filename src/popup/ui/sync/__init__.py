"""Sync in the app: the Sync page, its background scheduler, the enrollment dialog, the status
line and the exceptions inbox.

:class:`~popup.ui.sync.page.SyncPage` is registered in :mod:`popup.ui.pages` (``"sync"``, F11);
what it needs (the server override from ``--sync-server``, the poll interval, whether to start)
comes from :attr:`popup.ui.context.AppContext.sync`. This ``__init__`` imports no Qt.
"""
