"""Holds at the desk: the hold slip a trapped return prints, and the stop's pick list."""
