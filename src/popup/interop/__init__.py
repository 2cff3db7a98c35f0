"""Reading and writing what Koha and Evergreen already use (Qt-free).

* :mod:`popup.interop.marc` loads the bookmobile's collection from MARC21 (binary or MARCXML).
* :mod:`popup.interop.patrons_csv` reads and writes Koha's patron import CSV.
* :mod:`popup.interop.koc` writes Koha's offline circulation file (KOC 1.0).
* :mod:`popup.interop.xacts` writes Evergreen's offline ``pending.xacts``.
* :mod:`popup.interop.codes` reads the file mapping Popup's category and library codes to the
  ILS's (``--codes``, or ``ils-codes.toml`` in the data directory).
* :mod:`popup.interop.commands` registers the ``popup`` subcommands.

Every reader reports bad input one record or row at a time (:class:`Problem`) and goes on; a
file that cannot be used at all raises :class:`InteropError`, whose ``str()`` is the message
for staff.
"""

from __future__ import annotations

from popup.domain.problems import InteropError, Problem

__all__ = ["InteropError", "Problem"]
