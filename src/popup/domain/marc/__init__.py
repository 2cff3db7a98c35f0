"""Reading MARC21 (binary ISO 2709 or MARCXML) into item rows, one per holdings field.

Pure: no store, no Qt. The laptop's import (:mod:`popup.interop.marc`, whose docstring says
what is taken from each record and which problems are reported) and the sync server's
(``popup-sync admin import-marc``) both read files through :func:`.reader.read_items`.
"""
