"""Patron sign-up at the stop: the form, the duplicate warning, the QR card, then checkout.

:func:`install` registers the page with the main window (mode key ``"signup"``, F7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from popup.ui.main_window import MainWindow
    from popup.ui.signup.page import SignupPage


def install(window: MainWindow) -> SignupPage:
    """Add the sign-up page to ``window``; "Start checkout" hands the patron to its desk."""
    from popup.ui.signup.page import SignupPage

    page = SignupPage(
        window.store, desk=window.desk, on_checkout=window.start_checkout, parent=window
    )
    page.recorded.connect(window.on_recorded)
    window.add_mode("signup", QCoreApplication.translate("signup", "Sign up"), page, "F7")
    window.signup = page  # type: ignore[attr-defined]
    return page
