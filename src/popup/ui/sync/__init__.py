"""Sync in the app: background worker, enrollment dialog, status widget, exceptions inbox.

This package's ``__init__`` and :mod:`.commands` import no Qt, so ``popup enroll`` and
``popup sync`` run on machines without a display.
"""
