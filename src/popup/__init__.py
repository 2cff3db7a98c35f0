"""Popup: offline-first circulation for bookmobiles and pop-up libraries."""

__version__ = "0.1.0"
