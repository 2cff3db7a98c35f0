"""The sign-up form: each field with its error beside it; what was typed stays put."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QLocale, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from popup.domain import signup as rules
from popup.domain.age_bands import AgeBand, age_on, band_for
from popup.ui import palette
from popup.ui.text import QT_TRANSLATE_NOOP, field_error_text

#: Offered in the language box, shown in the UI language but stored in English (the library's
#: records hold one spelling whoever typed them); staff may type any other.
LANGUAGES = (
    "",
    QT_TRANSLATE_NOOP("SignupFormWidget", "English"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Spanish"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "French"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Chinese"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Vietnamese"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Arabic"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Tagalog"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Korean"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Russian"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Portuguese"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Haitian Creole"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Somali"),
    QT_TRANSLATE_NOOP("SignupFormWidget", "Ukrainian"),
)

_ERROR_STYLE = f"color: {palette.ERROR}; font-weight: bold;"
#: Set once on the form; fields are marked with the ``invalid`` property. (Clearing a widget's
#: own style sheet would reset its font to the application default.)
#: A style sheet stops the window's font from reaching the form, so it names the size itself
#: (the main window's base size).
FORM_POINT_SIZE = 13
_FORM_STYLE = (
    f"* {{ font-size: {FORM_POINT_SIZE}pt; }}"
    ' QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"]'
    f" {{ border: 2px solid {palette.ERROR}; border-radius: 3px; }}"
    f' QCheckBox[invalid="true"] {{ color: {palette.ERROR}; }}'
)


def locale_date_order(locale: QLocale | None = None) -> rules.DateOrder:
    """How ``locale`` (the UI's, by default) writes a short date: month or day first."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    found = {letter: pattern.find(letter) for letter in "dMy"}
    if -1 in found.values():
        return rules.DateOrder.YMD
    order = "".join(sorted(found, key=found.__getitem__)).upper()
    return rules.DateOrder(order) if order in rules.DateOrder.__members__ else rules.DateOrder.YMD


class _AddressEdit(QPlainTextEdit):
    """Two visible lines; Tab moves on instead of typing a tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(line * 2 + 16)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())


class _ClickLabel(QLabel):
    """The consent sentence: a click on it ticks the box beside it, as on a check box's text.

    Signals:
        clicked(): the left button released over the text.
    """

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class SignupFormWidget(QWidget):
    """The form fields, their labels and their error labels.

    Signals:
        edited(): any field changed.

    Attributes:
        fields: field name -> input widget.
        errors: field name -> the error label beside it.
    """

    edited = Signal()

    def __init__(
        self,
        required: Sequence[str],
        bands: Sequence[AgeBand],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._bands = tuple(bands)
        self._today = today
        self._required = rules.required_fields(required)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)  # ten rows: the consent box in view on a netbook
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        self.grid = grid
        self.setStyleSheet(_FORM_STYLE)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}

        self.name = QLineEdit(self)
        #: The order dates are typed in (the UI language's); YYYY-MM-DD is always read too.
        self.date_order = locale_date_order()
        self.date_of_birth = QLineEdit(self)
        self.date_of_birth.setPlaceholderText(self._date_placeholder())
        self.date_of_birth.setMaxLength(10)
        self.category_hint = QLabel(self)
        self.category_hint.setObjectName("categoryHint")
        self.address = _AddressEdit(self)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.language = QComboBox(self)
        self.language.setEditable(True)
        for language in LANGUAGES:
            self.language.addItem(self.tr(language) if language else "", language)
        self.language.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.guardian_name = QLineEdit(self)
        self.guardian_card = QLineEdit(self)
        self.guardian_card.setPlaceholderText(self.tr("if the guardian has a card"))
        self.notes = QLineEdit(self)
        # The box and its sentence apart: a check box's own text cannot wrap, and the Spanish
        # sentence made the form scroll sideways at 1024 pixels, the fields cut at the edge.
        self.consent = QCheckBox(self)
        self.consent_text = _ClickLabel(
            self.tr("The patron has read and agrees to the library's privacy notice"), self
        )
        self.consent_text.setWordWrap(True)
        self.consent_text.clicked.connect(self.consent.toggle)
        self.consent.setAccessibleDescription(self.consent_text.text())

        contact = rules.CONTACT in self._required
        rows: list[tuple[str, str, QWidget]] = [
            (rules.NAME, self.tr("Name"), self.name),
            (rules.DATE_OF_BIRTH, self.tr("Date of birth"), self.date_of_birth),
            (rules.ADDRESS, self.tr("Address"), self.address),
            (
                rules.PHONE,
                self.tr("Phone") + (self.tr(" (or email)") if contact else ""),
                self.phone,
            ),
            (
                rules.EMAIL,
                self.tr("Email") + (self.tr(" (or phone)") if contact else ""),
                self.email,
            ),
            (rules.LANGUAGE, self.tr("Preferred language"), self.language),
            (rules.GUARDIAN_NAME, self.tr("Guardian's name"), self.guardian_name),
            (rules.GUARDIAN_CARD, self.tr("Guardian's card"), self.guardian_card),
            (rules.NOTES, self.tr("Notes"), self.notes),
            (rules.CONSENT, self.tr("Privacy notice"), self.consent),
        ]
        for row, (key, text, widget) in enumerate(rows):
            star = " *" if key in self._required and key != rules.CONSENT else ""
            label = QLabel(text + star, self)
            label.setBuddy(widget)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            error = QLabel(self)
            error.setObjectName(f"error_{key}")
            error.setStyleSheet(_ERROR_STYLE)
            error.setWordWrap(True)
            error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            widget.setAccessibleName(text)
            if key == rules.CONSENT:
                # Across the error column too, its error under it: one line on a netbook, where
                # a second one pushed the box below the fold of the scrolling form.
                holder = QWidget(self)
                line = QGridLayout(holder)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(widget, 0, 0, Qt.AlignmentFlag.AlignTop)
                line.addWidget(self.consent_text, 0, 1)
                line.addWidget(error, 1, 1)
                line.setVerticalSpacing(0)
                error.hide()  # shown with a message (_fold_consent_error)
                line.setColumnStretch(1, 1)
                grid.addWidget(holder, row, 1, 1, 2)
            elif key == rules.DATE_OF_BIRTH:
                holder = QWidget(self)
                line = QGridLayout(holder)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(widget, 0, 0)
                line.addWidget(self.category_hint, 0, 1)
                line.setColumnStretch(1, 1)
                widget.setMaximumWidth(170)
                grid.addWidget(holder, row, 1)
            else:
                grid.addWidget(widget, row, 1)
            if key == rules.CONSENT:  # level with the box, not the middle of its sentence
                grid.addWidget(
                    label, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
                )
            else:
                grid.addWidget(label, row, 0)
                grid.addWidget(error, row, 2)
            self.fields[key] = widget
            self.errors[key] = error
            self._labels[key] = label
        grid.setRowStretch(len(rows), 1)  # spare height below the form, not between rows
        self.set_today(today)

        for edit in (
            self.name,
            self.date_of_birth,
            self.phone,
            self.email,
            self.guardian_name,
            self.guardian_card,
            self.notes,
        ):
            edit.textChanged.connect(self.edited)
        self.address.textChanged.connect(self.edited)
        self.language.currentTextChanged.connect(self.edited)
        self.consent.toggled.connect(self.edited)
        self.date_of_birth.textChanged.connect(self.on_birth_date_changed)
        self.on_birth_date_changed()

    def _date_placeholder(self) -> str:
        if self.date_order is rules.DateOrder.MDY:
            return self.tr("MM/DD/YYYY")
        if self.date_order is rules.DateOrder.DMY:
            return self.tr("DD/MM/YYYY")
        return self.tr("YYYY-MM-DD")

    # -- values ----------------------------------------------------------------------------

    def values(self) -> rules.SignupForm:
        return rules.SignupForm(
            name=self.name.text(),
            date_of_birth=self.date_of_birth.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
            language=self._language_value(),
            guardian_name=self.guardian_name.text(),
            guardian_card=self.guardian_card.text(),
            consent=self.consent.isChecked(),
            notes=self.notes.text(),
        )

    def fill(self, form: rules.SignupForm) -> None:
        self.name.setText(form.name)
        self.date_of_birth.setText(form.date_of_birth)
        self.address.setPlainText(form.address)
        self.phone.setText(form.phone)
        self.email.setText(form.email)
        listed = self.language.findData(form.language) if form.language else -1
        if listed > 0:
            self.language.setCurrentIndex(listed)
        else:
            self.language.setCurrentText(form.language)
        self.guardian_name.setText(form.guardian_name)
        self.guardian_card.setText(form.guardian_card)
        self.consent.setChecked(form.consent)
        self.notes.setText(form.notes)

    def _language_value(self) -> str:
        """A listed language as its English name (what is stored), anything else as typed."""
        text = self.language.currentText()
        listed = self.language.findText(text) if text.strip() else -1
        return str(self.language.itemData(listed)) if listed > 0 else text

    def clear(self) -> None:
        self.fill(rules.SignupForm())
        self.show_errors({})

    def set_today(self, today: date) -> None:
        self._today = today

    # -- errors ----------------------------------------------------------------------------

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Put each message beside its field ("contact" beside phone and email)."""
        shown = dict(errors)
        if rules.CONTACT in errors:
            for key in (rules.PHONE, rules.EMAIL):
                shown.setdefault(key, errors[rules.CONTACT])
        for key, label in self.errors.items():
            message = field_error_text(shown[key]) if key in shown else ""
            label.setText(message)
            label.setToolTip(message)
            widget = self.fields[key]
            if bool(widget.property("invalid")) != bool(message):
                widget.setProperty("invalid", bool(message))
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self._fold_consent_error()
        first = next((k for k in self.fields if k in shown), None)
        if first is not None:
            self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def _fold_consent_error(self) -> None:
        """The privacy box's error sits under its sentence: no blank line there without one."""
        label = self.errors[rules.CONSENT]
        label.setVisible(bool(label.text()))

    def clear_fixed(self, errors: Mapping[str, str]) -> None:
        """Hide the error beside each field that is no longer wrong (``errors`` is a fresh
        check); errors still standing stay as they are, and no new ones appear mid-typing."""
        still = set(errors)
        if rules.CONTACT in errors:
            still |= {rules.PHONE, rules.EMAIL}
        for key, label in self.errors.items():
            if label.text() and key not in still:
                label.clear()
                label.setToolTip("")
                widget = self.fields[key]
                widget.setProperty("invalid", False)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self._fold_consent_error()

    def error_texts(self) -> dict[str, str]:
        return {k: label.text() for k, label in self.errors.items() if label.text()}

    # -- live category ---------------------------------------------------------------------

    def on_birth_date_changed(self) -> None:
        text = self.date_of_birth.text().strip()
        try:
            born = rules.parse_birth_date(text, self.date_order) if text else None
        except ValueError:
            born = None
        if born is None or born > self._today:
            self.category_hint.setText("")
            return
        try:
            band = band_for(self._bands, born, self._today)
        except LookupError:
            self.category_hint.setText("")
            return
        age = age_on(born, self._today)
        hint = self.tr("{0}, age {1}").format(band.label, age)
        if age < rules.ADULT_AGE:
            hint += self.tr(" — guardian needed")
        self.category_hint.setText(hint)
