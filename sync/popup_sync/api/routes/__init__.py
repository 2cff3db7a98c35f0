"""One module per resource of the wire protocol (see ``sync/PROTOCOL.md``)."""
