"""The stop report: circulation and attendance for a stop's session, with charts, PDF and CSV.

The charts are in :mod:`popup.ui.events.charts`. The PDF is drawn with QPainter on a
QPdfWriter (or a QPrinter for Print…), charts included as vector drawings.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime, tzinfo

from PySide6.QtCharts import (
    QChart,
    QChartView,
)
from PySide6.QtCore import (
    QCoreApplication,
    QMarginsF,
    QRectF,
    Qt,
    Signal,
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
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from popup import paths
from popup.domain.staff import Capability
from popup.domain.stops import Bound
from popup.interop.survey_csv import write_survey_csv
from popup.store.events import Events, StopReport
from popup.store.notify import StoreChange, Topic
from popup.ui import palette
from popup.ui.context import AppContext
from popup.ui.events.charts import activity_chart, band_chart
from popup.ui.events.models import AttendanceTableModel, day_text, stop_label
from popup.ui.page import Page
from popup.ui.tasks import Lane
from popup.ui.text import long_date_text, money_text, time_text
from popup.ui.widgets import FlowLayout

log = logging.getLogger(__name__)


def _tile(title: str, parent: QWidget) -> tuple[QFrame, QLabel]:
    frame = QFrame(parent)
    frame.setObjectName("tile")
    frame.setStyleSheet(palette.panel("tile", 8))
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 4, 10, 6)
    layout.setSpacing(0)
    caption = QLabel(title, frame)
    caption.setStyleSheet(f"font-size: 12pt; color: {palette.SLATE};")
    value = QLabel("0", frame)
    value.setStyleSheet(f"font-size: 24pt; font-weight: bold; color: {palette.NAVY};")
    value.setAccessibleName(title)
    layout.addWidget(caption)
    layout.addWidget(value)
    return frame, value


def _time_text(moment: datetime, zone: tzinfo | None, first_day: date) -> str:
    """A time of the window, with its day when it is not the stop's first day."""
    local = moment.astimezone(zone)
    clock = time_text(moment, zone)
    if local.date() == first_day:
        return clock
    return f"{day_text(local.date())} {clock}"


def held_text(report: StopReport, zone: tzinfo | None) -> str:
    """What the report counts, in words: the stop as it was really held, and why its window
    starts and ends where it does."""
    held = report.held
    day = day_text(held.first_day)
    whole_day = (
        held.start_by is Bound.DAY_START
        and held.end_by is Bound.DAY_END
        and held.first_day == held.last_day
    )
    if whole_day:
        said = QCoreApplication.translate(
            "events",
            "{0}: circulation all day (the stop was not opened on this laptop, so the whole "
            "day counts).",
        ).format(day)
    else:
        at = functools.partial(_time_text, zone=zone, first_day=held.first_day)
        if held.start_by is Bound.OPENED:
            start = QCoreApplication.translate(
                "events", "{0} (when the stop was opened on this laptop)"
            ).format(at(held.start))
        elif held.start_by is Bound.PLANNED:
            start = QCoreApplication.translate(
                "events", "{0} (half an hour before its planned start)"
            ).format(at(held.start))
        else:
            start = QCoreApplication.translate("events", "the start of the day")
        if held.end_by is Bound.NEXT_STOP:
            end = QCoreApplication.translate("events", "{0} (when the next stop began)").format(
                at(held.end)
            )
        elif held.last_day == held.first_day:
            end = QCoreApplication.translate("events", "the end of the day")
        else:
            end = QCoreApplication.translate("events", "the end of {0}").format(
                day_text(held.last_day)
            )
        said = QCoreApplication.translate("events", "{0}: circulation from {1} to {2}.").format(
            day, start, end
        )
    if report.attendance_outside:
        said += " " + QCoreApplication.translate(
            "events",
            "Attendance includes %n counted at this stop's events outside these times.",
            "",
            report.attendance_outside,
        )
    return said


class StopReportPage(Page):
    """One stop's session at a glance, printable and exportable.

    It opens on :meth:`Events.current_stop` and follows the store: shown, it is redrawn after
    a download or another laptop's actions arrive; hidden, it reads the store when shown.

    Signals:
        csvSaved(bool): the survey CSV export ended (True: written; :attr:`message` says where
            or why not). It is written in the background (the io lane): it reads the store.

    Attributes:
        report: the report on screen (None before a stop is chosen).
        table: attendance per event per band.
        band_view, activity_view: the two chart views.
    """

    key = "stop_report"
    shortcut = "Ctrl+F10"
    needs = Capability.EXPORT

    csvSaved = Signal(bool)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("events", "Stop report")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.events = ctx.events
        self.report: StopReport | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(6)

        top = QHBoxLayout()
        self.stop_combo = QComboBox(self)
        self.stop_combo.setAccessibleName(self.tr("Stop"))
        self.stop_combo.setMinimumWidth(240)
        self.window_label = QLabel(self)
        self.window_label.setWordWrap(True)
        self.window_label.setStyleSheet(f"color: {palette.SLATE};")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.csv_button = QPushButton(self.tr("Export CSV…"), self)
        top.addWidget(QLabel(self.tr("Stop"), self))
        top.addWidget(self.stop_combo, 1)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setMinimumHeight(40)
            top.addWidget(button)
        outer.addLayout(top)
        # Its own line: beside the stop and the buttons it ran over them on a narrow screen.
        outer.addWidget(self.window_label)

        # Seven tiles wrap onto two lines on a netbook rather than widening the page.
        tile_row = QWidget(self)
        tiles = FlowLayout(tile_row, spacing=8, balanced=True)
        self.tiles: dict[str, QLabel] = {}
        for key, title in (
            ("checkouts", self.tr("Checkouts")),
            ("returns", self.tr("Returns")),
            ("renewals", self.tr("Renewals")),
            ("in_house_uses", self.tr("In-house uses")),
            ("new_patrons", self.tr("New patrons")),
            ("attendance", self.tr("Attendance")),
            ("events", self.tr("Events")),
        ):
            frame, value = _tile(title, self)
            tiles.addWidget(frame)
            self.tiles[key] = value
        outer.addWidget(tile_row)
        # What the cash box should hold: one line, read aloud by a screen reader as it is.
        self.takings_label = QLabel(self)
        self.takings_label.setWordWrap(True)
        self.takings_label.setStyleSheet("font-size: 12pt;")
        self.takings_label.setAccessibleName(self.tr("Takings"))
        outer.addWidget(self.takings_label)
        # Who did what (accountability, #17): one line, as the takings.
        self.staff_label = QLabel(self)
        self.staff_label.setWordWrap(True)
        self.staff_label.setAccessibleName(self.tr("Actions by staff member"))
        outer.addWidget(self.staff_label)

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
        # A few rows always in sight: on a netbook the page scrolls rather than squeezing the
        # table to its header.
        self.table.setMinimumHeight(150)
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

    def clear_patron(self, note: str) -> None:
        """Idle clear and lock: the report (its figures, and the per-staff tallies the store
        reads into it) goes until the page is shown again (:meth:`activate` reads it)."""
        del note
        self.report = None
        self.takings_label.clear()
        self.staff_label.clear()
        self.window_label.clear()
        for tile in self.tiles.values():
            tile.clear()
        self.model.set_report((), [])
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(False)

    def on_store_changed(self, change: StoreChange) -> None:
        if self.isVisible() and change.touches(Topic.STOPS, Topic.EVENTS, Topic.OUTBOX):
            self.refresh_soon()

    def refresh(self) -> None:
        self.refresh_stops()

    def refresh_stops(self) -> None:
        wanted = self.report.stop.id if self.report else None
        if wanted is None:
            current = self.events.current_stop()
            wanted = current.id if current else None
        self._updating = True
        self.stop_combo.clear()
        zone = self.events.config.zone
        today = self.events.clock().astimezone(zone).date()
        for stop in self.events.stops():
            self.stop_combo.addItem(stop_label(stop, zone, today), stop.id)
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
            self.takings_label.clear()
            self.staff_label.clear()
            self.model.set_report((), [])
            return
        self.takings_label.setText(self.takings_text(report))
        self.staff_label.setText(self.staff_text(report))
        self.window_label.setText(held_text(report, self.events.config.zone))
        self.tiles["checkouts"].setText(str(report.checkouts))
        self.tiles["returns"].setText(str(report.returns))
        self.tiles["renewals"].setText(str(report.renewals))
        self.tiles["in_house_uses"].setText(str(report.in_house_uses))
        self.tiles["new_patrons"].setText(str(report.new_patrons))
        self.tiles["attendance"].setText(str(report.attendance_total()))
        self.tiles["events"].setText(str(len(report.events)))
        self._set_chart(self.band_view, band_chart(report))
        self._set_chart(self.activity_view, activity_chart(report))
        self.model.set_report(report.bands, report.events)

    def takings_text(self, report: StopReport) -> str:
        """The cash box's line: money per method, the total, and fines waived."""
        t = report.takings
        return self.tr(
            "Taken: cash {0} · card {1} · other {2} — total {3}. Fines waived: {4}."
        ).format(
            money_text(t.cash_cents),
            money_text(t.card_cents),
            money_text(t.other_cents),
            money_text(t.taken_cents),
            money_text(t.waived_cents),
        )

    def staff_text(self, report: StopReport) -> str:
        """Each staff member's share of the stop's actions, and the overrides they approved
        for someone else ("" when nothing was done)."""
        parts = []
        for activity in report.by_staff:
            if activity.staff_id is None:
                who = self.tr("no one signed in")
            else:
                who = activity.name or self.tr("a former staff member")
            part = self.tr("%1: %n action(s)", "", activity.total).replace("%1", who)
            if activity.approvals:
                part += self.tr(", %n override(s) approved", "", activity.approvals)
            parts.append(part)
        if not parts:
            return ""
        return self.tr("By staff member: {0}.").format(" · ".join(parts))

    @staticmethod
    def _set_chart(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)  # the view takes ownership of the new chart
        if old is not None and old is not chart:
            old.deleteLater()

    # -- export -------------------------------------------------------------------------------

    def _default_path(self, suffix: str) -> str:
        folder = paths.exports_dir(self.ctx.home)
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
        """Start writing the survey CSV (False: no stop chosen); :attr:`csvSaved` follows."""
        if self.report is None:
            return False
        stop_ids = [self.report.stop.id]
        self.csv_button.setEnabled(False)

        def work() -> int:  # the io lane: its own service, Events is used by one thread only
            events = Events(self.ctx.store, clock=self.ctx.clock)
            return write_survey_csv(events, stop_ids, path)

        def done(written: int) -> None:
            self.csv_button.setEnabled(self.report is not None)
            self.message.setText(
                self.tr("Saved the stop's circulation and %n event(s) to {0}", "", written).format(
                    path
                )
            )
            self.csvSaved.emit(True)

        def failed(exc: BaseException) -> None:
            self.csv_button.setEnabled(self.report is not None)
            if not isinstance(exc, OSError):
                log.error("survey CSV failed: %s", type(exc).__name__)
            reason = exc.strerror if isinstance(exc, OSError) else type(exc).__name__
            self.message.setText(self.tr("The CSV could not be written: {0}").format(reason))
            self.csvSaved.emit(False)

        self.ctx.tasks.run_in_background(work, done, failed, Lane.IO)
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

        def text(value: str, size: float, bold: bool = False, colour: str = palette.INK) -> float:
            font = QFont("Sans Serif")
            font.setPointSizeF(size)
            font.setBold(bold)
            painter.setFont(font)
            painter.setPen(QColor(colour))
            height = painter.fontMetrics().height()
            painter.drawText(QRectF(0, y, width, height), Qt.AlignmentFlag.AlignLeft, value)
            return float(height)

        cfg = self.events.config
        y += text(f"{cfg.library_name} — {cfg.branch_name}", 10, colour=palette.SLATE)
        y += text(self.tr("Stop report: {0}").format(report.stop.name), 18, bold=True)
        when = report.stop.starts_at or report.window_start
        place = f" · {report.stop.place}" if report.stop.place else ""
        y += text(
            f"{long_date_text(when.astimezone(zone).date())}{place}", 10, colour=palette.SLATE
        )
        y += text(held_text(report, zone), 10, colour=palette.SLATE)
        y += 4 * mm
        figures = (
            (self.tr("Checkouts"), report.checkouts),
            (self.tr("Returns"), report.returns),
            (self.tr("Renewals"), report.renewals),
            (self.tr("In-house uses"), report.in_house_uses),
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
            painter.setPen(QColor(palette.SLATE))
            small = painter.fontMetrics().height()
            painter.drawText(QRectF(i * cell, y, cell, small), Qt.AlignmentFlag.AlignLeft, caption)
            font.setPointSizeF(20)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor(palette.NAVY))
            big = painter.fontMetrics().height()
            painter.drawText(
                QRectF(i * cell, y + small, cell, big), Qt.AlignmentFlag.AlignLeft, str(value)
            )
        font.setPointSizeF(20)
        painter.setFont(font)
        y += small + painter.fontMetrics().height() + 2 * mm
        y += text(self.takings_text(report), 11, bold=True)
        staff = self.staff_text(report)
        if staff:
            y += text(staff, 11)
        y += 3 * mm

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
        painter.setPen(QColor(palette.INK))
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
        painter.setPen(QColor(palette.FADED))
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
