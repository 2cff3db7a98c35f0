"""The desk app's widgets: the only package that imports PySide6."""

from popup.ui.qt_compat import protect_bools

# Before any signal is emitted: see qt_compat for the PySide6 6.12.0 bug this guards against.
protect_bools()
