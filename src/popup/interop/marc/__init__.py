"""Load the bookmobile's collection from MARC21: binary (ISO 2709, ``.mrc``) or MARCXML.

What is taken from each bibliographic record
--------------------------------------------
* title: 245 $a and $b, ISBD punctuation trimmed ("[no title]" with a warning when missing);
* author: 100 $a, else 110 $a $b, else the first 700 $a;
* ISBN: the first 020 $a (its first word, so "0316769487 (pbk.)" gives "0316769487");
* one item per holdings field that carries a barcode. The holdings field is configurable
  (:class:`HoldingsMap`): Koha puts items in 952 ($p barcode, $y item type, $o call number,
  $a home branch, $1 lost, $0 withdrawn), others in 852 ($p barcode, $h $i call number, $b
  location). The item type
  falls back to 942 $c, then to a default; the call number falls back to 092, 082, then 050.

Items are upserted by barcode: a barcode already in the store gets the record's title,
author, ISBN, call number, type and home library; its circulation state is left alone. The
import is catalogue data, not a circulation action, so it writes no outbox records. It commits
in batches (one store transaction each), so a crash or a cancel keeps the batches before it;
running the same file again is harmless.

Bad input
---------
Real files hold bad records. Each one is reported as a :class:`~popup.interop.Problem` with
its record number and reason, and the import goes on; a malformed file never stops it:

* wrong record length, missing leader, damaged directory, field lengths that do not end on a
  field terminator, a file cut off in the middle of a record: the record is skipped;
* bad indicators, bad subfield codes in the fields read, characters that could not be decoded,
  a leader that says UTF-8 over MARC-8 text (or the reverse): imported, with a warning;
* no holdings field, or holdings fields without a barcode: skipped (nothing to circulate).

Records are split on the record terminator (0x1D) rather than trusting the length in each
leader: ``pymarc.MARCReader`` stops at the first record whose length is wrong (it raises a
``FatalReaderError``), which would lose the rest of the file. The leader and directory of each
record are checked here, and only the fields read are decoded, MARC-8 text with pymarc's
MARC-8 converter: decoding whole records with ``pymarc.Record`` (what ``MARCReader`` does)
spent most of the import on the 20-40 fields of a catalogue record nobody reads, and made
100,000 records take over a minute. The character coding is chosen per record from leader/09
and the bytes themselves (see :func:`popup.domain.marc.binary._coding`). MARCXML is read with
pymarc's streaming SAX handler.

The reading is Qt- and store-free and lives in :mod:`popup.domain.marc`, so the sync server
imports the same files the same way (``popup-sync admin import-marc``): ``binary`` reads ISO 2709
and ``marcxml`` MARCXML into the fields read, ``extract`` takes the item rows from them,
``reader`` runs the record loop, ``records`` holds the options and the result. Here,
:mod:`.importer` writes the rows to the laptop's store.
"""

from __future__ import annotations

from popup.domain.marc.reader import sniff_format
from popup.domain.marc.records import HoldingsMap, ItemRow, MarcOptions, MarcResult, Progress
from popup.interop.marc.importer import import_marc

__all__ = [
    "HoldingsMap",
    "ItemRow",
    "MarcOptions",
    "MarcResult",
    "Progress",
    "import_marc",
    "sniff_format",
]
