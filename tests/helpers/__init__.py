"""Shared test helpers (``tests`` is on pytest's pythonpath: ``from helpers import desk``)."""
