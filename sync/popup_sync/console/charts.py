"""Bar charts drawn by the server as SVG markup, so the console needs no chart library.

A chart is horizontal bars, one per row label (a stop's name reads best on the left), each
bar of one series or stacked from several; every bar and segment names itself in a
``<title>`` (what a screen reader and a mouse hover say), the chart has a ``<title>`` and a
``<desc>``, and each bar's total is written at its end. Colours are presentation attributes
and classes (``reach.css`` may restyle them): no ``style`` attribute, which the console's
Content-Security-Policy would refuse. The same figures give the same markup, byte for byte;
every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

#: Series colours: distinct in print and for the common colour blindnesses (Okabe–Ito).
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000")
_WIDTH = 760
_LABEL = 250  # the row labels' column
_RIGHT = 60  # room for the total after the longest bar
_ROW = 26
_BAR = 18
_TOP = 14
_AXIS = 24
_LEGEND_ROW = 20
_LABEL_CHARS = 36


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def _nice_max(largest: int) -> int:
    """A round scale end at or above ``largest`` (1, 2, 5 × a power of ten)."""
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= largest:
                return step * power
        power *= 10


def bar_chart(title: str, desc: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """One bar per label."""
    return stacked_bar_chart(title, desc, labels, [Series(title, values)], legend=False)


def stacked_bar_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    legend: bool = True,
) -> Markup:
    """One bar per label, stacked from ``series`` in order (a negative value draws nothing)."""
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(labels)} rows")
    totals = [sum(max(0, s.values[i]) for s in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    plot = _WIDTH - _LABEL - _RIGHT
    legend_height = _LEGEND_ROW * ((len(series) + 3) // 4) + 8 if legend and series else 0
    body = _TOP + _ROW * max(1, len(labels))
    height = legend_height + body + _AXIS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}"'
        f' width="{_WIDTH}" height="{height}" role="img" class="bar-chart"'
        f' font-family="sans-serif" font-size="12">',
        f"<title>{_text(title)}</title>",
        f"<desc>{_text(desc)}</desc>",
    ]
    if legend and series:
        parts.append('<g class="legend">')
        for n, s in enumerate(series):
            x = _LABEL + (n % 4) * (plot // 4)
            y = 6 + (n // 4) * _LEGEND_ROW
            colour = PALETTE[n % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"'
                f' class="series-{n}"/>'
                f'<text x="{x + 17}" y="{y + 10}">{_text(s.name)}</text>'
            )
        parts.append("</g>")
    base = legend_height + _TOP
    # Gridlines at quarters of the scale, each labelled under the axis.
    parts.append('<g class="grid">')
    for q in range(5):
        x = _LABEL + plot * q // 4
        parts.append(
            f'<line x1="{x}" y1="{base - 4}" x2="{x}" y2="{base + _ROW * max(1, len(labels))}"'
            f' stroke="#d5dbe1"/>'
        )
        if top * q % 4 == 0:  # whole numbers only: people are counted in ones
            parts.append(
                f'<text x="{x}" y="{height - 6}" text-anchor="middle" fill="#5b6570">'
                f"{top * q // 4}</text>"
            )
    parts.append("</g>")
    if not labels:
        parts.append(
            f'<text x="{_LABEL + 6}" y="{base + _ROW // 2 + 4}" fill="#5b6570">Nothing to show'
            " for this period.</text>"
        )
    for i, label in enumerate(labels):
        y = base + i * _ROW + (_ROW - _BAR) // 2
        # Not class "bar": console.css hides the navigation bar (.bar) in print.
        parts.append(f'<g class="chart-row"><title>{_text(label)}: {totals[i]}</title>')
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + _BAR - 5}" text-anchor="end">{_text(_short(label))}'
            "</text>"
        )
        at: float = _LABEL
        for n, s in enumerate(series):
            value = max(0, s.values[i])
            if value == 0:
                continue
            width = round(plot * value / top, 2)
            name = f"{label}, {s.name}: {value}" if len(series) > 1 else f"{label}: {value}"
            parts.append(
                f'<rect x="{at}" y="{y}" width="{width}" height="{_BAR}"'
                f' fill="{PALETTE[n % len(PALETTE)]}" class="series-{n}">'
                f"<title>{_text(name)}</title></rect>"
            )
            at = round(at + width, 2)
        parts.append(f'<text x="{at + 6}" y="{y + _BAR - 5}" class="total">{totals[i]}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
