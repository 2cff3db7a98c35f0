"""The laptop's side of the sync protocol (``sync/PROTOCOL.md``), without Qt.

- :mod:`~popup.sync_client.client`: HTTP transport, error classes, clock offset.
- :mod:`~popup.sync_client.engine`: push the outbox, pull pages, retry with backoff.
- :mod:`~popup.sync_client.apply`: downloaded changes into the local tables, pending overlay.
- :mod:`~popup.sync_client.credentials`, :mod:`~popup.sync_client.enroll`: device identity.
- :mod:`~popup.sync_client.status`: what the status bar says, in plain words.
"""
