"""The hold slip: put in a returned copy set aside for a waiting patron (print or PDF).

Like the due-date slip it carries no name: the patron's initials and the last four
characters of their card are enough to find it on the hold shelf and give nothing away.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QCoreApplication

from popup.store.circulation import HoldView
from popup.ui.text import date_text, long_date_text


def pickup_text(hold: HoldView) -> str:
    """Where the hold is picked up: its stop, else any stop of the vehicle."""
    if hold.stop_name:
        return hold.stop_name
    return QCoreApplication.translate("holds", "any stop of {0}").format(hold.pickup)


def hold_slip_html(library: str, today: date, hold: HoldView, barcode: str) -> str:
    word = QCoreApplication.translate("holds", "HOLD")
    who = QCoreApplication.translate("holds", "For {0}").format(hold.patron_initials)
    card = QCoreApplication.translate("holds", "Card …{0}").format(hold.card_tail)
    where = QCoreApplication.translate("holds", "Pick up at: {0}").format(pickup_text(hold))
    until = QCoreApplication.translate("holds", "Keep until {0}").format(date_text(hold.expires_on))
    return (
        f"<h1 align='center'>{html.escape(word)}</h1>"
        f"<h2>{html.escape(who)}<br>{html.escape(card)}</h2>"
        f"<p><b>{html.escape(hold.title)}</b><br>{html.escape(barcode)}</p>"
        f"<p>{html.escape(where)}<br>{html.escape(until)}</p>"
        f"<p>{html.escape(library)} — {html.escape(long_date_text(today))}</p>"
    )
