"""Every colour the UI paints, in one place.

Style sheets and painters name a colour from here (``f"color: {palette.MUTED};"``) instead of
writing its hex value, so a colour is changed once and a contrast check has one list to read.
Text colours are chosen to read at WCAG AA on the background they are used with.
"""

from __future__ import annotations

# -- text and lines --------------------------------------------------------------------------

#: Body text on light backgrounds (tables, printed reports).
INK = "#1a1a1a"
#: Dark grey text: a neutral status ("200 card numbers left"), card fine print.
DARK_GREY = "#333333"
#: Grey print on cards and slips.
PRINT_GREY = "#555555"
#: Captions and secondary text (event details, report captions).
SLATE = "#4a5560"
#: Text of things that no longer count: undone lines, cancelled registrations, footers.
FADED = "#777777"
#: The idle banner's text.
IDLE_TEXT = "#455a64"
#: Borders of tiles and counters.
BORDER = "#c8d0d8"
#: A thin frame around the QR code.
FRAME = "#cccccc"
#: Hairlines on the printed card.
CARD_RULE = "#9aa5b1"
WHITE = "#ffffff"

# -- brand ---------------------------------------------------------------------------------

#: The header, the chosen mode, counts and figures, the main button of a form.
NAVY = "#1f3a5f"
#: The new library card's heading and its "Start checkout" button.
CARD_GREEN = "#1f6f3a"

# -- outcomes (background, text), see popup.ui.feedback ---------------------------------------

OK = "#1b7f3b"
ATTENTION = "#f2b01e"
PROBLEM = "#c62828"
#: Row tints: light versions of the outcome colours, so black text stays readable on them.
OK_TINT = "#e3f4e8"
ATTENTION_TINT = "#fff1cc"
PROBLEM_TINT = "#fbe0e0"
#: An undone line's background.
UNDONE_TINT = "#eeeeee"
#: The banner when nothing has happened yet.
IDLE = "#eceff1"

# -- warnings in forms ---------------------------------------------------------------------

#: Form errors and the temporary-card mark.
ERROR = "#b00020"
#: A warning that is not an error yet ("only 12 card numbers left"), and its note background.
WARNING = "#7a4a00"
WARNING_TINT = "#fff3cd"
#: A registration waiting for a place.
WAITING = "#8a5a00"

# -- event counters --------------------------------------------------------------------------

PLUS_PRESSED = "#135c2a"
PLUS_DISABLED = "#9fb7a6"
#: The shortcut line on a + button.
PLUS_HINT = "#e6f2ea"
MINUS = "#e8ecf1"
MINUS_BORDER = "#b8c2cc"
MINUS_PRESSED = "#cfd6de"
MINUS_DISABLED = "#9aa3ad"

# -- camera ----------------------------------------------------------------------------------

CAMERA_BACKGROUND = "#263238"

# -- chart series ----------------------------------------------------------------------------

BLUE = "#1f6fb2"
LIGHT_BLUE = "#7fb8e6"
PURPLE = "#6a51a3"
ORANGE = "#f2a541"


def panel(object_name: str, radius: int) -> str:
    """The style of a bordered panel on the base colour (a tile, a band counter), by the
    widget's object name."""
    return (
        f"#{object_name} {{ background: palette(base); border: 1px solid {BORDER};"
        f" border-radius: {radius}px; }}"
    )
