"""The laptop's side of the sync protocol (``sync/PROTOCOL.md``), without Qt.

The bodies it sends and reads are the shared envelopes, payloads and entity data of
:mod:`popup.domain.protocol`.

- :mod:`~popup.sync_client.client`: HTTP transport, error classes, clock offset.
- :mod:`~popup.sync_client.engine`: push the outbox, pull pages, retry with backoff.
- :mod:`~popup.sync_client.apply`: downloaded changes into the local tables: one applier per
  entity (:mod:`~popup.sync_client.appliers`, :mod:`~popup.sync_client.circulation_appliers`),
  one serialiser per entity (:mod:`~popup.sync_client.rows`), the pending overlay
  (:mod:`~popup.sync_client.overlay`) and a fresh snapshot's sweep
  (:mod:`~popup.sync_client.refresh`).
- :mod:`~popup.sync_client.credentials`, :mod:`~popup.sync_client.enroll`: device identity.
- :mod:`~popup.sync_client.status`: what the status bar says, in plain words.
"""
