"""The contract between the laptop and the sync server, imported unchanged by both.

* :mod:`.actions`: the outbox kinds and one typed payload per kind;
* :mod:`.entities`: what a laptop downloads, one data class per entity;
* :mod:`.envelopes`: the push and pull bodies, outcome statuses and codes;
* :mod:`.wire`: how those dataclasses are read from and written to JSON.

The settings a library sets and every laptop downloads are declared in
:mod:`popup.domain.settings`. ``sync/PROTOCOL.md`` describes the exchange around all of it.
"""

from popup.domain.protocol.actions import Kind, Payload, PayloadError, parse_kind, parse_payload
from popup.domain.protocol.entities import Entity, Op, parse_data, parse_entity
from popup.domain.protocol.envelopes import OutcomeCode, Status
from popup.domain.protocol.wire import WireError, decode, encode

__all__ = [
    "Entity",
    "Kind",
    "Op",
    "OutcomeCode",
    "Payload",
    "PayloadError",
    "Status",
    "WireError",
    "decode",
    "encode",
    "parse_data",
    "parse_entity",
    "parse_kind",
    "parse_payload",
]
