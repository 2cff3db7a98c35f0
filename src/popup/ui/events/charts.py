"""The stop report's charts (Qt Charts, PySide6.QtCharts in PySide6-Addons): attendance by age
band (on-site and off-site stacked) and activity through the day (stacked per hour). The same
charts are drawn on screen and, as vectors, in the PDF.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from popup.store.events import ATTENDANCE_GROUP, StopReport
from popup.ui import palette
from popup.ui.text import QT_TRANSLATE_NOOP

ONSITE_COLOUR = palette.BLUE
OFFSITE_COLOUR = palette.ORANGE
#: Activity series: group key, label, colour.
ACTIVITY = (
    ("checkouts", QT_TRANSLATE_NOOP("events", "Checkouts"), palette.BLUE),
    ("returns", QT_TRANSLATE_NOOP("events", "Returns"), palette.LIGHT_BLUE),
    ("renewals", QT_TRANSLATE_NOOP("events", "Renewals"), palette.PURPLE),
    ("in_house_uses", QT_TRANSLATE_NOOP("events", "In-house uses"), palette.SLATE),
    ("new_patrons", QT_TRANSLATE_NOOP("events", "New patrons"), palette.OK),
    (ATTENDANCE_GROUP, QT_TRANSLATE_NOOP("events", "Attendance"), palette.ORANGE),
)


def _nice_max(n: int) -> int:
    """An axis top above ``n`` that splits into four whole-number steps (five ticks)."""
    for step in (1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 500, 1000):
        if 4 * step > n:
            return 4 * step
    return 4000 * (n // 4000 + 1)


def _style_chart(chart: QChart, title: str) -> None:
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSize(13)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(chart.margins())
    chart.setBackgroundRoundness(6)


def band_chart(report: StopReport) -> QChart:
    """Attendance per age band, on-site and off-site stacked."""
    chart = QChart()
    _style_chart(chart, QCoreApplication.translate("events", "Attendance by age band"))
    onsite = QBarSet(QCoreApplication.translate("events", "On-site"))
    offsite = QBarSet(QCoreApplication.translate("events", "Off-site"))
    onsite.setColor(QColor(ONSITE_COLOUR))
    offsite.setColor(QColor(OFFSITE_COLOUR))
    highest = 0
    for band in report.bands:
        on = sum(e.counts.get(band.code) for e in report.events if e.event.onsite)
        off = sum(e.counts.get(band.code) for e in report.events if not e.event.onsite)
        onsite.append(on)
        offsite.append(off)
        highest = max(highest, on + off)
    series = QStackedBarSeries()
    series.append(onsite)
    series.append(offsite)
    series.setLabelsVisible(False)
    chart.addSeries(series)
    axis_x = _axes(chart, series, [b.label for b in report.bands], highest)
    axis_x.setTitleText(QCoreApplication.translate("events", "Age band"))
    chart.axes(Qt.Orientation.Vertical)[0].setTitleText(
        QCoreApplication.translate("events", "People")
    )
    return chart


def activity_chart(report: StopReport) -> QChart:
    """Checkouts, returns, renewals, in-house uses, new patrons and attendance per hour."""
    chart = QChart()
    _style_chart(chart, QCoreApplication.translate("events", "Activity through the day"))
    series = QStackedBarSeries()
    highest = 0
    sets: list[QBarSet] = []
    for key, label, colour in ACTIVITY:
        bar = QBarSet(QCoreApplication.translate("events", label))
        bar.setColor(QColor(colour))
        sets.append(bar)
        for hour in report.by_hour:
            bar.append(hour.counts.get(key, 0))
        series.append(bar)
    for hour in report.by_hour:
        highest = max(highest, sum(hour.counts.values()))
    chart.addSeries(series)
    # Six names do not fit side by side under a chart half a 1024-pixel screen wide (they were
    # shortened to "Ch…"); listed down its right side each keeps its whole word.
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    hours = [f"{h.hour:02d}:00" for h in report.by_hour]
    _axes(
        chart, series, hours or [QCoreApplication.translate("events", "no activity yet")], highest
    )
    chart.axes(Qt.Orientation.Vertical)[0].setTitleText(
        QCoreApplication.translate("events", "Actions")
    )
    return chart


def _axes(
    chart: QChart, series: QStackedBarSeries, categories: list[str], highest: int
) -> QBarCategoryAxis:
    """A category axis below and a whole-number axis (five ticks above ``highest``) left."""
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    axis_y = QValueAxis()
    axis_y.setRange(0, _nice_max(highest))
    axis_y.setLabelFormat("%d")
    axis_y.setTickCount(5)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    return axis_x
