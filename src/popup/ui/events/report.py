"""The stop report: circulation and attendance for a stop's session, with charts, PDF and CSV.

The charts are Qt Charts (PySide6.QtCharts, in PySide6-Addons): attendance by age band (on-site
and off-site stacked) and activity through the day (stacked per hour). The PDF is drawn with
QPainter on a QPdfWriter (or a QPrinter for Print…), charts included as vector drawings.
"""

from __future__ import annotations

import logging

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QMarginsF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGraphicsScene,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from popup import paths
from popup.store.events import ATTENDANCE_GROUP, Events, StopReport
from popup.ui.events.models import AttendanceTableModel
from popup.ui.text import QT_TRANSLATE_NOOP, long_date_text

log = logging.getLogger(__name__)

ONSITE_COLOUR = "#1f6fb2"
OFFSITE_COLOUR = "#f2a541"
#: Activity series: group key, label, colour.
ACTIVITY = (
    ("checkouts", QT_TRANSLATE_NOOP("events", "Checkouts"), "#1f6fb2"),
    ("returns", QT_TRANSLATE_NOOP("events", "Returns"), "#7fb8e6"),
    ("renewals", QT_TRANSLATE_NOOP("events", "Renewals"), "#6a51a3"),
    ("new_patrons", QT_TRANSLATE_NOOP("events", "New patrons"), "#1b7f3b"),
    (ATTENDANCE_GROUP, QT_TRANSLATE_NOOP("events", "Attendance"), "#f2a541"),
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
    axis_x = QBarCategoryAxis()
    axis_x.append([b.label for b in report.bands])
    axis_x.setTitleText(QCoreApplication.translate("events", "Age band"))
    axis_y = QValueAxis()
    axis_y.setRange(0, _nice_max(highest))
    axis_y.setLabelFormat("%d")
    axis_y.setTickCount(5)
    axis_y.setTitleText(QCoreApplication.translate("events", "People"))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    return chart


def activity_chart(report: StopReport) -> QChart:
    """Checkouts, returns, renewals, new patrons and attendance per hour of the day."""
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
    axis_x = QBarCategoryAxis()
    axis_x.append(
        [f"{h.hour:02d}:00" for h in report.by_hour]
        or [QCoreApplication.translate("events", "no activity yet")]
    )
    axis_y = QValueAxis()
    axis_y.setRange(0, _nice_max(highest))
    axis_y.setLabelFormat("%d")
    axis_y.setTickCount(5)
    axis_y.setTitleText(QCoreApplication.translate("events", "Actions"))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    return chart


def _tile(title: str, parent: QWidget) -> tuple[QFrame, QLabel]:
    frame = QFrame(parent)
    frame.setObjectName("tile")
    frame.setStyleSheet(
        "#tile { background: palette(base); border: 1px solid #c8d0d8; border-radius: 8px; }"
    )
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 4, 10, 6)
    layout.setSpacing(0)
    caption = QLabel(title, frame)
    caption.setStyleSheet("font-size: 12pt; color: #4a5560;")
    value = QLabel("0", frame)
    value.setStyleSheet("font-size: 24pt; font-weight: bold; color: #1f3a5f;")
    value.setAccessibleName(title)
    layout.addWidget(caption)
    layout.addWidget(value)
    return frame, value


class StopReportPage(QWidget):
    """One stop's session at a glance, printable and exportable.

    Signals: none.

    Attributes:
        report: the report on screen (None before a stop is chosen).
        table: attendance per event per band.
        band_view, activity_view: the two chart views.
    """

    def __init__(self, events: Events, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.report: StopReport | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(6)

        top = QHBoxLayout()
        self.stop_combo = QComboBox(self)
        self.stop_combo.setAccessibleName(self.tr("Stop"))
        self.stop_combo.setMinimumWidth(280)
        self.window_label = QLabel(self)
        self.window_label.setStyleSheet("color: #4a5560;")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.csv_button = QPushButton(self.tr("Export CSV…"), self)
        top.addWidget(QLabel(self.tr("Stop"), self))
        top.addWidget(self.stop_combo, 1)
        top.addWidget(self.window_label, 1)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setMinimumHeight(40)
            top.addWidget(button)
        outer.addLayout(top)

        tiles = QGridLayout()
        tiles.setSpacing(8)
        self.tiles: dict[str, QLabel] = {}
        for col, (key, title) in enumerate(
            (
                ("checkouts", self.tr("Checkouts")),
                ("returns", self.tr("Returns")),
                ("renewals", self.tr("Renewals")),
                ("new_patrons", self.tr("New patrons")),
                ("attendance", self.tr("Attendance")),
                ("events", self.tr("Events")),
            )
        ):
            frame, value = _tile(title, self)
            tiles.addWidget(frame, 0, col)
            self.tiles[key] = value
        outer.addLayout(tiles)

        charts = QHBoxLayout()
        self.band_view = QChartView(self)
        self.activity_view = QChartView(self)
        for view in (self.band_view, self.activity_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(250)
            charts.addWidget(view, 1)
        outer.addLayout(charts, 3)

        self.model = AttendanceTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Attendance per event and age band"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.table, 2)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        self.stop_combo.currentIndexChanged.connect(self.on_stop_changed)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.csv_button.clicked.connect(self.choose_csv)
        self._updating = False
        self.refresh_stops()

    def activate(self) -> None:
        """Called by the main window when the page is shown: bring the numbers up to date."""
        self.refresh_stops()

    def refresh_stops(self) -> None:
        wanted = self.report.stop.id if self.report else None
        if wanted is None:
            current = self.events.current_stop()
            wanted = current.id if current else None
        self._updating = True
        self.stop_combo.clear()
        zone = self.events.config.zone
        for stop in self.events.stops():
            when = ""
            if stop.starts_at:
                day = stop.starts_at.astimezone(zone).date()
                when = "  " + QLocale().toString(
                    QDate(day.year, day.month, day.day),
                    QCoreApplication.translate("events", "ddd d MMM"),  # "Fri 27 Nov"
                )
            self.stop_combo.addItem(f"{stop.name}{when}", stop.id)
        self._updating = False
        index = self.stop_combo.findData(wanted) if wanted else -1
        if index < 0 and self.stop_combo.count():
            index = 0
        self.stop_combo.setCurrentIndex(index)
        self.on_stop_changed(index)

    def on_stop_changed(self, index: int) -> None:
        if self._updating:
            return
        stop_id = self.stop_combo.itemData(index) if index >= 0 else None
        self.show_stop(stop_id)

    def show_stop(self, stop_id: str | None) -> None:
        self.report = self.events.stop_report(stop_id) if stop_id else None
        report = self.report
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(report is not None)
        if report is None:
            self.window_label.setText(self.tr("No stops on this laptop yet."))
            self.model.set_report((), [])
            return
        zone = self.events.config.zone
        self.window_label.setText(
            self.tr("Actions from {0} to {1}").format(
                f"{report.window_start.astimezone(zone):%H:%M}",
                f"{report.window_end.astimezone(zone):%H:%M}",
            )
        )
        self.tiles["checkouts"].setText(str(report.checkouts))
        self.tiles["returns"].setText(str(report.returns))
        self.tiles["renewals"].setText(str(report.renewals))
        self.tiles["new_patrons"].setText(str(report.new_patrons))
        self.tiles["attendance"].setText(str(report.attendance_total()))
        self.tiles["events"].setText(str(len(report.events)))
        self._set_chart(self.band_view, band_chart(report))
        self._set_chart(self.activity_view, activity_chart(report))
        self.model.set_report(report.bands, report.events)

    @staticmethod
    def _set_chart(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)  # the view takes ownership of the new chart
        if old is not None and old is not chart:
            old.deleteLater()

    # -- export -------------------------------------------------------------------------------

    def _default_path(self, suffix: str) -> str:
        folder = paths.exports_dir(self.events.store.path.parent)
        assert self.report is not None
        day = (self.report.stop.starts_at or self.report.window_start).astimezone(
            self.events.config.zone
        )
        safe = "".join(c if c.isalnum() else "-" for c in self.report.stop.name).strip("-")
        return str(folder / f"stop-report-{day:%Y-%m-%d}-{safe or 'stop'}.{suffix}")

    def choose_pdf(self) -> None:
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the stop report as PDF"), self._default_path("pdf"), "PDF (*.pdf)"
        )
        if path:
            self.export_pdf(path)

    def choose_csv(self) -> None:
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export attendance for the survey (CSV)"),
            self._default_path("csv"),
            "CSV (*.csv)",
        )
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> bool:
        if self.report is None:
            return False
        try:
            rows = self.events.write_survey_csv([self.report.stop.id], path)
        except OSError as exc:
            self.message.setText(self.tr("The CSV could not be written: {0}").format(exc.strerror))
            return False
        self.message.setText(self.tr("Saved {0} events to {1}").format(rows - 3, path))
        return True

    def export_pdf(self, path: str) -> bool:
        if self.report is None:
            return False
        writer = QPdfWriter(path)
        writer.setTitle(self.tr("Stop report — {0}").format(self.report.stop.name))
        writer.setCreator("Popup")
        writer.setResolution(300)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        ok = self.paint_report(writer)
        if ok:
            self.message.setText(self.tr("Saved the report to {0}").format(path))
        else:
            self.message.setText(self.tr("The PDF could not be written to {0}").format(path))
        return ok

    def print_report(self) -> None:
        if self.report is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.paint_report(printer)

    def paint_report(self, device: QPagedPaintDevice) -> bool:
        """Draw the report on one page: heading, figures, the attendance table, both charts."""
        report = self.report
        assert report is not None
        painter = QPainter()
        if not painter.begin(device):
            return False
        try:
            self._paint(painter, device, report)
        finally:
            painter.end()
        return True

    def _paint(self, painter: QPainter, device: QPagedPaintDevice, report: StopReport) -> None:
        zone = self.events.config.zone
        dpi = device.logicalDpiY()
        page = device.pageLayout().paintRectPixels(dpi)
        width = page.width()
        mm = dpi / 25.4
        y = 0.0

        def text(value: str, size: float, bold: bool = False, colour: str = "#1a1a1a") -> float:
            font = QFont("Sans Serif")
            font.setPointSizeF(size)
            font.setBold(bold)
            painter.setFont(font)
            painter.setPen(QColor(colour))
            height = painter.fontMetrics().height()
            painter.drawText(QRectF(0, y, width, height), Qt.AlignmentFlag.AlignLeft, value)
            return float(height)

        cfg = self.events.config
        y += text(f"{cfg.library_name} — {cfg.branch_name}", 10, colour="#4a5560")
        y += text(self.tr("Stop report: {0}").format(report.stop.name), 18, bold=True)
        when = report.stop.starts_at or report.window_start
        place = f" · {report.stop.place}" if report.stop.place else ""
        y += text(
            f"{long_date_text(when.astimezone(zone).date())}{place} · "
            + self.tr("actions from {0} to {1}").format(
                f"{report.window_start.astimezone(zone):%H:%M}",
                f"{report.window_end.astimezone(zone):%H:%M}",
            ),
            10,
            colour="#4a5560",
        )
        y += 4 * mm
        figures = (
            (self.tr("Checkouts"), report.checkouts),
            (self.tr("Returns"), report.returns),
            (self.tr("Renewals"), report.renewals),
            (self.tr("New patrons"), report.new_patrons),
            (self.tr("Attendance"), report.attendance_total()),
            (self.tr("Events"), len(report.events)),
        )
        cell = width / len(figures)
        font = QFont("Sans Serif")
        for i, (caption, value) in enumerate(figures):
            font.setPointSizeF(9)
            font.setBold(False)
            painter.setFont(font)
            painter.setPen(QColor("#4a5560"))
            small = painter.fontMetrics().height()
            painter.drawText(QRectF(i * cell, y, cell, small), Qt.AlignmentFlag.AlignLeft, caption)
            font.setPointSizeF(20)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#1f3a5f"))
            big = painter.fontMetrics().height()
            painter.drawText(
                QRectF(i * cell, y + small, cell, big), Qt.AlignmentFlag.AlignLeft, str(value)
            )
        font.setPointSizeF(20)
        painter.setFont(font)
        y += small + painter.fontMetrics().height() + 4 * mm

        # Attendance table.
        y += text(self.tr("Attendance per event and age band"), 12, bold=True)
        y += 1 * mm
        model = self.model
        columns = model.columnCount()
        first = width * 0.33
        second = width * 0.09
        rest = (width - first - second) / max(1, columns - 2)
        lefts = [0.0, first] + [first + second + rest * i for i in range(columns - 2)]
        widths = [first, second] + [rest] * (columns - 2)
        font.setPointSizeF(8.5)
        font.setBold(True)
        painter.setFont(font)
        row_h = painter.fontMetrics().height() * 1.5
        painter.setPen(QColor("#1a1a1a"))
        for c in range(columns):
            align = Qt.AlignmentFlag.AlignLeft if c < 2 else Qt.AlignmentFlag.AlignRight
            header = str(model.headerData(c, Qt.Orientation.Horizontal))
            painter.drawText(
                QRectF(lefts[c], y, widths[c] - 2 * mm, row_h),
                align | Qt.AlignmentFlag.AlignVCenter,
                header,
            )
        y += row_h
        painter.drawLine(QRectF(0, y, width, 0).topLeft(), QRectF(0, y, width, 0).topRight())
        rows = model.rowCount()
        if rows == 0:
            font.setBold(False)
            painter.setFont(font)
            painter.drawText(
                QRectF(0, y, width, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.tr("No events were held at this stop."),
            )
            y += row_h
        bottom = page.height() - 8 * mm  # keep clear of the footer line
        for r in range(rows):
            if y + row_h > bottom:  # a long day: the table goes on over the page
                self._footer(painter, page.height(), width)
                device.newPage()
                y = 0.0
            font.setBold(r == rows - 1)
            painter.setFont(font)
            if r == rows - 1:
                painter.drawLine(
                    QRectF(0, y, width, 0).topLeft(), QRectF(0, y, width, 0).topRight()
                )
            for c in range(columns):
                align = Qt.AlignmentFlag.AlignLeft if c < 2 else Qt.AlignmentFlag.AlignRight
                shown = painter.fontMetrics().elidedText(
                    model.cell(r, c), Qt.TextElideMode.ElideRight, int(widths[c] - 2 * mm)
                )
                painter.drawText(
                    QRectF(lefts[c], y, widths[c] - 2 * mm, row_h),
                    align | Qt.AlignmentFlag.AlignVCenter,
                    shown,
                )
            y += row_h
        y += 5 * mm

        # Charts, drawn as vectors at a size that keeps their text readable on paper.
        chart_h = (bottom - y) / 2
        if chart_h < 60 * mm:  # too little room left: the charts get a page of their own
            self._footer(painter, page.height(), width)
            device.newPage()
            y = 0.0
            chart_h = (bottom - 3 * mm) / 2
        for make in (band_chart, activity_chart):
            # Lay the chart out at a screen-like size, then scale it onto the page: fonts and
            # bars keep the proportions they have on screen.
            source = QRectF(0, 0, 760, 760 * chart_h / width)
            scene = QGraphicsScene()
            chart = make(report)
            scene.addItem(chart)
            chart.setGeometry(source)
            scene.setSceneRect(source)
            layout = chart.layout()
            if layout is not None:
                layout.activate()
            scene.render(painter, QRectF(0, y, width, chart_h), source)
            scene.removeItem(chart)
            del chart
            y += chart_h + 3 * mm

        self._footer(painter, page.height(), width)

    def _footer(self, painter: QPainter, height: float, width: float) -> None:
        font = QFont("Sans Serif")
        zone = self.events.config.zone
        painter.setPen(QColor("#777777"))
        font.setPointSizeF(8)
        font.setBold(False)
        painter.setFont(font)
        painter.drawText(
            QRectF(0, height - painter.fontMetrics().height(), width, 50),
            Qt.AlignmentFlag.AlignLeft,
            self.tr("Made by Popup on {0}").format(
                self.events.clock().astimezone(zone).strftime("%Y-%m-%d %H:%M")
            ),
        )
