"""Sign-up errors read wholly in the UI language beside their fields, specifics included; in
English staff see the rules' own sentences unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from popup.domain import messages
from popup.domain import signup as rules
from popup.domain.age_bands import AgeBand
from popup.domain.cards import CardFormat
from popup.domain.signup import FieldError, SignupForm
from popup.store.db import Store
from popup.store.signup import SignupError, SignupProblem
from popup.ui.context import AppContext
from popup.ui.signup.page import SignupPage
from popup.ui.text import field_error_text, refusal_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

#: A child with a bad email, no guardian and no consent: three errors at once.
CHILD = SignupForm(
    name="Zoë Ångström",
    date_of_birth="2016-04-02",
    email="zoe family@example.org",
    consent=False,
)


def _page(store: Store, qtbot: Any) -> SignupPage:
    host = QWidget()
    host.resize(1150, 640)
    qtbot.addWidget(host)
    ctx = AppContext.create(store)
    host.destroyed.connect(lambda *_: ctx.close())
    page = SignupPage(ctx, parent=host)
    page.setGeometry(0, 0, 1150, 640)
    page.host_for_test = host  # type: ignore[attr-defined]  # keeps the host alive
    host.show()
    return page


def _errors_after(page: SignupPage, form: SignupForm) -> dict[str, str]:
    page.form.fill(form)
    page.submit_button.click()
    return page.form.error_texts()


def test_sign_up_errors_read_in_spanish_beside_their_fields(
    spanish: QApplication, demo_store: Store, qtbot: Any
) -> None:
    page = _page(demo_store, qtbot)
    errors = _errors_after(page, CHILD)
    assert errors["email"] == (
        "“zoe family@example.org” no es un correo electrónico: contiene un espacio"
    )
    age = errors["guardian_name"]
    assert age.startswith("El nombre del tutor es obligatorio: el usuario tiene ")
    assert age.endswith(" años, menos de 18")
    assert errors["consent"] == (
        "El usuario debe aceptar el aviso de privacidad antes de inscribirse"
    )
    assert page.status.text() == "No se guardó: corrija los 3 campos marcados en rojo."

    errors = _errors_after(
        page, SignupForm(name="1234", date_of_birth="2999-01-02", phone="55", consent=True)
    )
    assert errors["name"] == "“1234” no es un nombre: no tiene letras"
    # Dates as the desk writes them, in Spanish.
    assert errors["date_of_birth"].startswith("La fecha de nacimiento 2 ene 2999 es posterior")
    assert errors["phone"] == ("“55” es demasiado corto para un teléfono (2 dígitos; al menos 7)")

    errors = _errors_after(page, SignupForm(name="Liam Smith", date_of_birth="1980-13-01"))
    assert errors["date_of_birth"] == "“1980-13-01” no es una fecha real (revise el mes y el día)"
    # No contact: the same sentence beside phone and email.
    assert (
        errors["phone"]
        == errors["email"]
        == ("Indique un teléfono o un correo electrónico (al menos uno)")
    )


def test_in_english_the_form_shows_the_rules_sentences_unchanged(
    demo_store: Store, qtbot: Any
) -> None:
    page = _page(demo_store, qtbot)
    errors = _errors_after(page, CHILD)
    _clean, raw = rules.check(CHILD, today=page._today(), bands=page.config.category_bands)
    assert errors == {field: str(message) for field, message in raw.items()}
    assert (
        errors["email"] == "“zoe family@example.org” is not an email address: it contains a space"
    )


BANDS = [AgeBand("CHILD", "Child", 0, 12), AgeBand("TEEN", "Teen", 13, 17)]  # no adults
TODAY = date(2026, 11, 27)


def _spanish_for(form: SignupForm, **options: Any) -> dict[str, str]:
    _clean, errors = rules.check(form, today=TODAY, bands=BANDS, **options)
    return {field: field_error_text(error) for field, error in errors.items()}


def test_every_rule_error_has_a_spanish_sentence(spanish: QApplication) -> None:
    seen = _spanish_for(
        SignupForm(
            name="x" * 201,
            date_of_birth="1990-01-01",  # 36: no band fits
            address="",
            email="a@@b.org",
            phone="12345678901234567",
            language="",
            guardian_card="123",
            consent=True,
        ),
        required=rules.CONFIGURABLE_FIELDS,
    )
    assert seen["name"] == "Demasiado extenso (201 caracteres; como máximo 200)"
    assert seen["date_of_birth"] == "Ninguna categoría de usuario corresponde a la edad 36"
    assert seen["address"] == "La dirección es obligatoria"
    assert seen["language"] == "El idioma preferido es obligatorio"
    assert seen["notes"] == "Las notas son obligatorias"
    assert seen["email"] == "“a@@b.org” no es un correo electrónico: debe tener una sola @"
    assert seen["phone"] == (
        "“12345678901234567” es demasiado largo para un teléfono (17 dígitos; como máximo 15)"
    )
    seen = _spanish_for(
        SignupForm(
            name="Ana",
            date_of_birth="2015-02-03",
            guardian_name="Eva",
            guardian_card="21120000698132",
            email="ana.@b.org",
            consent=True,
        ),
        card_format=CardFormat(institution="1112"),
    )
    assert seen["guardian_card"] == (
        "Tarjeta del tutor: “21120000698132” es de la institución 1120, no de esta biblioteca"
        " (1112)"
    )
    assert seen["email"] == "“ana.@b.org” no es un correo electrónico: tiene puntos mal ubicados"
    seen = _spanish_for(SignupForm(name="Ana", date_of_birth="03/02/2015", consent=True))
    assert seen["date_of_birth"] == (
        "“03/02/2015” no es una fecha; escríbala como AAAA-MM-DD, p. ej. 2014-03-09"
    )
    seen = _spanish_for(SignupForm(name="Ana", date_of_birth="1890-01-01", consent=True))
    assert seen["date_of_birth"] == (
        "Con la fecha de nacimiento 1 ene 1890 el usuario tendría más de 120 años; revise el año"
    )


def test_every_key_the_rules_can_give_has_a_sentence() -> None:
    keys = {f"REQUIRED.{field}" for field in rules.MAX_LENGTHS if field != rules.GUARDIAN_NAME}
    keys |= {"REQUIRED.date_of_birth", "TOO_LONG", "NAME_NO_LETTERS", "DATE_FORMAT"}
    keys |= {"DATE_NOT_REAL", "DATE_IN_FUTURE", "TOO_OLD", "CONTACT_REQUIRED", "NO_CATEGORY"}
    keys |= {"EMAIL_SPACE", "EMAIL_AT", "EMAIL_PARTS", "EMAIL_DOTS", "EMAIL_FORM"}
    keys |= {"PHONE_CHARS", "PHONE_SHORT", "PHONE_LONG", "GUARDIAN_REQUIRED", "GUARDIAN_CARD"}
    keys |= {"CONSENT_REQUIRED", "DATE_FORMAT_MDY", "DATE_FORMAT_DMY"}
    assert set(messages.FIELDS.sources) == keys
    assert set(messages.SIGNUP.sources) == set(SignupProblem)


def test_store_refusals_in_spanish_and_english(spanish: QApplication) -> None:
    taken = SignupError(SignupProblem.CARD_IN_USE, (("card", "21112000698139"),))
    assert refusal_text(taken) == (
        "La tarjeta “21112000698139” ya pertenece a un usuario de este equipo"
    )
    assert refusal_text(SignupError(said="Disk full")) == "Disk full"  # no key: as it is
    assert field_error_text("typed by hand") == "typed by hand"
    # Every field error is worded from the message table: a key without a sentence is a bug.
    with pytest.raises(KeyError, match=r"no sentence 'REQUIRED\.nickname'"):
        FieldError("REQUIRED.nickname")


def test_field_errors_stay_plain_english_for_the_server() -> None:
    with pytest.raises(rules.SignupInvalid) as err:
        rules.validate(CHILD, today=TODAY, bands=BANDS)
    assert str(err.value).startswith("email: “zoe family@example.org” is not an email address")
    message = err.value.errors["consent"]
    assert message == "The patron must agree to the privacy notice before signing up"
    assert isinstance(message, FieldError) and message.key == "CONSENT_REQUIRED"
