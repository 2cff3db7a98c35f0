"""Patron sign-up at the stop: the form, the duplicate warning, the QR card, then checkout.

:class:`~popup.ui.signup.page.SignupPage` is registered in :mod:`popup.ui.pages` (mode key
``"signup"``, F7); its ``checkoutRequested`` hands the new patron to the checkout page.
"""
