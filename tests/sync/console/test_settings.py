"""The Settings page: settings from the shared declarations, loan rules, closed days and the
card format, changed in the console and pulled by an enrolled laptop (real server process)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

from sqlalchemy import select

from popup.domain import settings as declared
from popup.domain.protocol.entities import Entity
from popup_sync import crud
from popup_sync.console.access import Role
from popup_sync.console.routes import settings as settings_page
from popup_sync.core.db import Database
from popup_sync.models import ClosedDay, ConsoleAudit, Library, LoanRuleRow
from tests.sync.conftest import Device, Lib, has, latest
from tests.sync.console.conftest import ConsoleClient, token_in

Signed = Callable[..., ConsoleClient]
MakeLib = Callable[..., Lib]
Enroll = Callable[..., Device]


class _Form(HTMLParser):
    """The fields a browser would send for the form posting to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            # The page's forms post to an anchor (the answer opens at the form).
            self.inside = html.unescape(a.get("action", "")).split("#")[0] == self.action
        elif not self.inside or "disabled" in a or "name" not in a:
            return
        elif tag == "input":
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data


def form_on(page: str, action: str) -> dict[str, str]:
    parser = _Form(action)
    parser.feed(page)
    assert parser.fields, f"no form posting to {action}"
    return parser.fields


def stored(db: Database, code: str) -> dict[str, Any]:
    with db.read() as session:
        library = session.scalars(select(Library).where(Library.code == code)).one()
        return dict(library.settings)


def rules(db: Database, lib: Lib) -> dict[str, tuple[int, int, int, bool]]:
    with db.read() as session:
        rows = session.scalars(select(LoanRuleRow).where(LoanRuleRow.library_id == lib.id))
        return {
            f"{r.patron_category}/{r.item_type}": (
                r.loan_days,
                r.max_renewals,
                r.max_items,
                r.loanable,
            )
            for r in rows
        }


def closed_days(db: Database, lib: Lib) -> dict[date, str | None]:
    with db.read() as session:
        rows = session.scalars(select(ClosedDay).where(ClosedDay.library_id == lib.id))
        return {r.day: r.reason for r in rows}


def audited(db: Database, lib: Lib) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.scalars(
            select(ConsoleAudit).where(ConsoleAudit.library_id == lib.id).order_by(ConsoleAudit.id)
        )
        return [(r.action, r.target) for r in rows]


def rule_id(db: Database, lib: Lib, category: str, item_type: str) -> int:
    with db.read() as session:
        found = session.scalar(
            select(LoanRuleRow.id).where(
                LoanRuleRow.library_id == lib.id,
                LoanRuleRow.patron_category == category,
                LoanRuleRow.item_type == item_type,
            )
        )
        assert found is not None
        return found


def page_of(lib: Lib) -> str:
    return f"/console/settings/{lib.code}"


# -- the form, built from the declarations -----------------------------------------------------


def test_the_form_has_one_input_per_library_setting_with_its_meaning(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    page = client.get(page_of(lib))
    assert page.status_code == 200
    text = html.unescape(page.text)
    for decl in declared.in_scope(declared.Scope.LIBRARY):
        assert f"<code>{decl.key}</code>" in text, decl.key
        assert decl.help in text, decl.key
    # The kinds fit the values: a number, a text, weekday boxes, one band a line.
    assert 'type="number" step="1" id="s-fines_limit_cents" name="s.fines_limit_cents"' in text
    assert 'name="s.currency" value="USD"' in text
    assert 'name="s.closed_weekdays.6" value="1" checked' in text
    assert 'name="s.closed_weekdays.0" value="1">' in text
    assert "CHILD | Child | 0 | 12" in text and "SENIOR | Senior | 65 | </textarea>" in text
    # Settings kept on each laptop (idle clearing) are named, not editable here.
    assert declared.IDLE_CLEAR_SECONDS.help in text
    assert 'name="s.idle_clear_seconds"' not in text
    # The form sent back exactly as shown changes nothing and records nothing.
    before = stored(db, lib.code)
    response = client.post(page_of(lib), form_on(page.text, page_of(lib)))
    assert response.status_code == 200 and "Nothing changed." in response.text
    assert stored(db, lib.code) == before
    assert audited(db, lib) == []


def test_a_manager_with_one_library_goes_straight_to_it_and_an_admin_chooses(
    signed_in: Signed, make_library: MakeLib
) -> None:
    lib = make_library(items=0, patrons=0)
    manager = signed_in(Role.MANAGER, lib.code)
    response = manager.get("/console/settings", allow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == page_of(lib)
    admin = signed_in(Role.ADMIN)
    index = admin.get("/console/settings")
    assert index.status_code == 200 and f'href="{page_of(lib)}"' in index.text


# -- changes reach the laptops -----------------------------------------------------------------


def test_a_setting_and_a_rule_changed_here_reach_an_enrolled_laptop(
    signed_in: Signed, make_library: MakeLib, enroll_device: Enroll, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    laptop = enroll_device(lib.code)
    _, cursor = laptop.pull_all()
    client = signed_in(Role.MANAGER, lib.code)
    page = client.get(page_of(lib))
    fields = form_on(page.text, page_of(lib))
    fields.update({"s.currency": "eur", "s.fines_limit_cents": "900", "s.closed_weekdays.5": "1"})
    fields["s.category_bands"] = (
        "CHILD | Child | 0 | 11\nTEEN | Teen | 12 | 17\nADULT | Adult | 18 |"
    )
    response = client.post(page_of(lib), fields)
    assert response.status_code == 200, response.text
    assert "Saved: " in response.text and "Currency" in response.text
    settings = stored(db, lib.code)
    assert settings["currency"] == "EUR" and settings["fines_limit_cents"] == 900
    assert settings["closed_weekdays"] == [5, 6]
    assert [b["code"] for b in settings["category_bands"]] == ["CHILD", "TEEN", "ADULT"]

    rule = {
        "rule.category": "child",
        "rule.item_type": "dvd",
        "rule.days": "3",
        "rule.renewals": "0",
        "rule.max_items": "2",
        "rule.loanable": "1",
    }
    response = client.submit(page_of(lib), f"{page_of(lib)}/rules", rule)
    assert response.status_code == 200 and "Loan rule CHILD/DVD saved." in response.text
    assert rules(db, lib)["CHILD/DVD"] == (3, 0, 2, True)

    pulled, cursor = laptop.pull_all(
        cursor,
        until=lambda ch: (
            has(Entity.SETTING, "currency")(ch) and has(Entity.LOAN_RULE, "CHILD/DVD")(ch)
        ),
    )
    assert latest(pulled, Entity.SETTING, "currency") == {"key": "currency", "value": "EUR"}
    assert latest(pulled, Entity.SETTING, "closed_weekdays") == {
        "key": "closed_weekdays",
        "value": [5, 6],
    }
    served_rule = latest(pulled, Entity.LOAN_RULE, "CHILD/DVD")
    assert served_rule is not None and served_rule["loan_days"] == 3

    # Changing the rule again (its Change link fills the form) reaches the laptop as well.
    edit = client.get(f"{page_of(lib)}?rule={rule_id(db, lib, 'CHILD', 'DVD')}")
    assert edit.status_code == 200 and 'name="rule.days" type="number"' in edit.text
    changed = form_on(edit.text, f"{page_of(lib)}/rules")
    assert changed["rule.category"] == "CHILD" and changed["rule.days"] == "3"
    changed["rule.days"] = "5"
    assert client.post(f"{page_of(lib)}/rules", changed).status_code == 200
    pulled, _ = laptop.pull_all(cursor, until=has(Entity.LOAN_RULE, "CHILD/DVD"))
    served_rule = latest(pulled, Entity.LOAN_RULE, "CHILD/DVD")
    assert served_rule is not None and served_rule["loan_days"] == 5

    actions = audited(db, lib)
    assert (
        "setting.set",
        f"{lib.code} currency",
    ) in actions and ("setting.set", f"{lib.code} category_bands") in actions
    assert [a for a in actions if a[0] == "loan_rule.save"] == [
        ("loan_rule.save", f"{lib.code} CHILD/DVD")
    ] * 2
    assert len([a for a in actions if a[0] == "setting.set"]) == 4


def test_a_deleted_rule_and_a_removed_closed_day_reach_the_laptop_as_deletes(
    signed_in: Signed, make_library: MakeLib, enroll_device: Enroll, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    day = date.today() + timedelta(days=30)
    response = client.submit(
        page_of(lib),
        f"{page_of(lib)}/closed-days",
        {"day.date": day.isoformat(), "day.reason": "Staff training"},
    )
    assert response.status_code == 200 and f"{day.isoformat()} is a closed day." in response.text
    assert closed_days(db, lib) == {day: "Staff training"}
    assert "Staff training" in client.get(page_of(lib)).text

    laptop = enroll_device(lib.code)
    first, cursor = laptop.pull_all()
    assert latest(first, Entity.LOAN_RULE, "*/DVD") is not None
    assert latest(first, Entity.CLOSED_DAY, day.isoformat()) is not None

    dvd = rule_id(db, lib, "*", "DVD")
    response = client.submit(page_of(lib), f"{page_of(lib)}/rules/{dvd}/delete", {})
    assert response.status_code == 200 and "Loan rule */DVD deleted." in response.text
    assert "*/DVD" not in rules(db, lib)
    response = client.submit(
        page_of(lib), f"{page_of(lib)}/closed-days/{day.isoformat()}/delete", {}
    )
    assert response.status_code == 200 and "is open again" in response.text
    assert closed_days(db, lib) == {}

    pulled, _ = laptop.pull_all(
        cursor,
        until=lambda ch: (
            has(Entity.LOAN_RULE, "*/DVD")(ch) and has(Entity.CLOSED_DAY, day.isoformat())(ch)
        ),
    )
    assert latest(pulled, Entity.LOAN_RULE, "*/DVD") is None
    assert latest(pulled, Entity.CLOSED_DAY, day.isoformat()) is None
    assert audited(db, lib) == [
        ("closed_day.add", f"{lib.code} {day.isoformat()}"),
        ("loan_rule.delete", f"{lib.code} */DVD"),
        ("closed_day.remove", f"{lib.code} {day.isoformat()}"),
    ]


# -- refusals --------------------------------------------------------------------------------


def test_an_invalid_setting_is_refused_in_the_declarations_words_and_nothing_is_saved(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    page = client.get(page_of(lib))
    fields = form_on(page.text, page_of(lib))
    before = stored(db, lib.code)
    # A valid change beside two refused ones: all or nothing, so it is not kept either.
    fields.update(
        {"s.timezone": "America/Chicago", "s.currency": "DOLLARS", "s.fines_limit_cents": "-5"}
    )
    response = client.post(page_of(lib), fields)
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "Nothing was saved: 2 values were refused." in text
    assert "must be an ISO 4217 currency code such as USD or EUR, not 'DOLLARS'" in text
    assert "must be between 0 and 10000000, not -5" in text
    # What was typed is shown again, to be corrected.
    assert 'name="s.timezone" value="America/Chicago"' in text
    assert stored(db, lib.code) == before

    for name, typed, words in (
        (
            "s.category_bands",
            "CHILD | Child | 1 | 12\nADULT | Adult | 13 |",
            "band CHILD should start at age 0",
        ),
        (
            "s.category_bands",
            "CHILD, Child, 0",
            "line 1 should read code | label | min age | max age",
        ),
        ("s.card_renewal_years", "CHILD = 0", "CHILD: years must be a whole number from 1 to 100"),
        ("s.timezone", "Mars/Olympus", "'Mars/Olympus' is not a time zone name"),
        ("s.card_expiry_years", "three", "must be a whole number, not 'three'"),
    ):
        response = client.post(
            page_of(lib),
            {**fields, **{"s.currency": "USD", "s.fines_limit_cents": "500", name: typed}},
        )
        assert response.status_code == 400, name
        assert words in html.unescape(response.text), name
    # Every weekday closed is refused by the declaration too.
    every_day = {f"s.closed_weekdays.{n}": "1" for n in range(7)}
    response = client.post(
        page_of(lib), {**fields, "s.currency": "USD", "s.fines_limit_cents": "500", **every_day}
    )
    assert response.status_code == 400
    assert "cannot close every day of the week" in response.text
    assert stored(db, lib.code) == before
    assert audited(db, lib) == []


def test_an_invalid_rule_or_closed_day_is_refused_with_words_and_nothing_changes(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    before = rules(db, lib)
    good = {
        "rule.category": "ADULT",
        "rule.item_type": "BOOK",
        "rule.days": "14",
        "rule.renewals": "2",
        "rule.max_items": "10",
        "rule.loanable": "1",
    }
    for change, words in (
        ({"rule.days": "0"}, "a loanable rule needs at least one loan day"),
        ({"rule.days": "-3"}, "Loan days: must be between 0 and 3650, not -3"),
        ({"rule.renewals": "two"}, "Renewals: must be a whole number, not 'two'"),
        ({"rule.max_items": "-1"}, "Max items: must be between 0 and 9999, not -1"),
        ({"rule.category": " "}, "Patron category: write a code, or * for any"),
        ({"rule.item_type": "X" * 40}, "Item type: a code of at most 32 letters or digits, or *"),
    ):
        response = client.submit(page_of(lib), f"{page_of(lib)}/rules", {**good, **change})
        assert response.status_code == 400, change
        assert words in html.unescape(response.text), change
    assert rules(db, lib) == before
    # A rule that lends nothing (0 days) is fine when it is not loanable.
    not_loanable = {**good, "rule.days": "0", "rule.loanable": ""}
    response = client.submit(page_of(lib), f"{page_of(lib)}/rules", not_loanable)
    assert response.status_code == 200
    assert rules(db, lib)["ADULT/BOOK"] == (0, 2, 10, False)

    yesterday = (date.today() - timedelta(days=2)).isoformat()
    for data, words in (
        ({"day.date": "next friday"}, "Date: 'next friday' is not a date (YYYY-MM-DD)"),
        ({"day.date": yesterday}, f"Date: {yesterday} has passed"),
        (
            {"day.date": (date.today() + timedelta(days=3)).isoformat(), "day.reason": "x" * 201},
            "Reason: at most 200 characters",
        ),
    ):
        response = client.submit(page_of(lib), f"{page_of(lib)}/closed-days", data)
        assert response.status_code == 400, data
        assert words in html.unescape(response.text), data
    assert closed_days(db, lib) == {}
    assert audited(db, lib) == [("loan_rule.save", f"{lib.code} ADULT/BOOK")]


# -- the card format -------------------------------------------------------------------------


def test_only_an_administrator_changes_the_card_format_and_must_confirm(
    signed_in: Signed, make_library: MakeLib, enroll_device: Enroll, db: Database
) -> None:
    lib = make_library(items=0, patrons=3)
    manager = signed_in(Role.MANAGER, lib.code)
    page = manager.get(page_of(lib))
    assert "Only a consortium administrator may change the card format" in page.text
    assert f"{page_of(lib)}/card-format" not in page.text
    response = manager.post(
        f"{page_of(lib)}/card-format",
        {"csrf_token": token_in(page.text), "card.length": "10", "card.confirm": "1"},
    )
    assert response.status_code == 403
    before = stored(db, lib.code)["card_format"]

    laptop = enroll_device(lib.code)
    _, cursor = laptop.pull_all()
    admin = signed_in(Role.ADMIN)
    page = admin.get(page_of(lib))
    assert "3 patron cards of this library are on the server" in page.text
    fields = form_on(page.text, f"{page_of(lib)}/card-format")
    fields["card.length"] = "12"
    response = admin.post(f"{page_of(lib)}/card-format", fields)
    assert response.status_code == 400 and "Tick the box to confirm" in response.text
    response = admin.post(
        f"{page_of(lib)}/card-format", {**fields, "card.item_prefix": "2", "card.confirm": "1"}
    )
    assert response.status_code == 400
    assert "patron and item prefixes must be distinguishable" in response.text
    assert stored(db, lib.code)["card_format"] == before

    response = admin.post(f"{page_of(lib)}/card-format", {**fields, "card.confirm": "1"})
    assert response.status_code == 200 and "Card format saved." in response.text
    assert stored(db, lib.code)["card_format"] == {**before, "length": 12}
    pulled, _ = laptop.pull_all(cursor, until=has(Entity.SETTING, "card_format"))
    served = latest(pulled, Entity.SETTING, "card_format")
    assert served is not None and served["value"]["length"] == 12
    assert audited(db, lib) == [("setting.set", f"{lib.code} card_format")]


# -- security --------------------------------------------------------------------------------


def test_without_a_session_the_settings_pages_go_to_sign_in(
    console_client: Callable[[], ConsoleClient], make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    client = console_client()
    for path in ("/console/settings", page_of(lib)):
        response = client.get(path, allow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/console/login?next=")
    before = rules(db, lib)
    response = client.post(
        f"{page_of(lib)}/rules/{rule_id(db, lib, '*', 'DVD')}/delete",
        {"csrf_token": "x"},
        allow_redirects=False,
    )
    assert response.status_code == 303
    assert rules(db, lib) == before


def test_another_librarys_settings_rules_and_days_answer_like_unknown_ones(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    mine, theirs = make_library(items=0, patrons=0), make_library(items=0, patrons=0)
    day = date.today() + timedelta(days=10)
    db.run_write(
        lambda s: crud.add_closed_day(
            session=s, library=crud.get_library(session=s, code=theirs.code), day=day, reason="x"
        )
    )
    their_rule = rule_id(db, theirs, "*", "DVD")
    rules_before, settings_before = rules(db, theirs), stored(db, theirs.code)
    client = signed_in(Role.MANAGER, mine.code)
    page = client.get(page_of(mine))
    token = token_in(page.text)

    unknown = client.get("/console/settings/NO-SUCH-LIBRARY")
    assert unknown.status_code == 404
    response = client.get(page_of(theirs))
    assert response.status_code == 404 and response.text == unknown.text.replace(
        "NO-SUCH-LIBRARY", theirs.code
    )
    posts = [
        (page_of(theirs), {"shown.currency": "1", "s.currency": "EUR"}),
        (
            f"{page_of(theirs)}/rules",
            {
                "rule.category": "*",
                "rule.item_type": "*",
                "rule.days": "1",
                "rule.renewals": "0",
                "rule.max_items": "1",
            },
        ),
        (f"{page_of(theirs)}/rules/{their_rule}/delete", {}),
        (f"{page_of(theirs)}/closed-days", {"day.date": day.isoformat()}),
        (f"{page_of(theirs)}/closed-days/{day.isoformat()}/delete", {}),
        # Their rule's id or day under my library's path: the same as an unknown one.
        (f"{page_of(mine)}/rules/{their_rule}/delete", {}),
        (f"{page_of(mine)}/closed-days/{day.isoformat()}/delete", {}),
    ]
    for path, data in posts:
        response = client.post(path, {**data, "csrf_token": token})
        assert response.status_code == 404, path
        assert "There is no" in response.text, path
    assert client.get(f"{page_of(mine)}?rule={their_rule}").status_code == 404
    unknown_rule = client.post(f"{page_of(mine)}/rules/999999999/delete", {"csrf_token": token})
    mine_theirs = client.post(f"{page_of(mine)}/rules/{their_rule}/delete", {"csrf_token": token})
    assert unknown_rule.status_code == mine_theirs.status_code == 404
    assert unknown_rule.text == mine_theirs.text
    for odd in ("99999999999", "abc", "-1"):
        response = client.post(f"{page_of(mine)}/rules/{odd}/delete", {"csrf_token": token})
        assert response.status_code == 404 and response.text == unknown_rule.text, odd
    response = client.post(f"{page_of(mine)}/closed-days/not-a-day/delete", {"csrf_token": token})
    assert response.status_code == 404
    # An administrator deleting their rule through my library's path is refused too.
    admin = signed_in(Role.ADMIN)
    admin_token = token_in(admin.get(page_of(mine)).text)
    response = admin.post(f"{page_of(mine)}/rules/{their_rule}/delete", {"csrf_token": admin_token})
    assert response.status_code == 404
    assert rules(db, theirs) == rules_before and stored(db, theirs.code) == settings_before
    assert closed_days(db, theirs) == {day: "x"}
    assert audited(db, theirs) == []


def test_a_viewer_may_not_see_or_change_settings(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    viewer = signed_in(Role.VIEWER, lib.code)
    home = viewer.get("/console")
    assert 'href="/console/settings"' not in home.text
    for path in ("/console/settings", page_of(lib)):
        response = viewer.get(path)
        assert response.status_code == 403, path
        assert "a viewer may read reports but not change anything" in response.text
    token = token_in(home.text)
    before_rules, before_settings = rules(db, lib), stored(db, lib.code)
    for path, data in (
        (page_of(lib), {"shown.currency": "1", "s.currency": "EUR"}),
        (f"{page_of(lib)}/rules/{rule_id(db, lib, '*', 'DVD')}/delete", {}),
        (f"{page_of(lib)}/closed-days", {"day.date": date.today().isoformat()}),
    ):
        response = viewer.post(path, {**data, "csrf_token": token})
        assert response.status_code == 403, path
    assert rules(db, lib) == before_rules and stored(db, lib.code) == before_settings
    assert closed_days(db, lib) == {} and audited(db, lib) == []


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.ADMIN)
    before_rules, before_settings = rules(db, lib), stored(db, lib.code)
    for path, data in (
        (page_of(lib), {"shown.currency": "1", "s.currency": "EUR"}),
        (
            f"{page_of(lib)}/rules",
            {
                "rule.category": "*",
                "rule.item_type": "*",
                "rule.days": "1",
                "rule.renewals": "0",
                "rule.max_items": "1",
                "rule.loanable": "1",
            },
        ),
        (f"{page_of(lib)}/rules/{rule_id(db, lib, '*', 'DVD')}/delete", {}),
        (f"{page_of(lib)}/closed-days", {"day.date": date.today().isoformat()}),
        (f"{page_of(lib)}/card-format", {"card.length": "12", "card.confirm": "1"}),
    ):
        for token in ({}, {"csrf_token": "forged"}):
            response = client.post(path, {**data, **token})
            assert response.status_code == 403, path
            assert "security token" in response.text
    assert rules(db, lib) == before_rules and stored(db, lib.code) == before_settings
    assert closed_days(db, lib) == {} and audited(db, lib) == []


def test_a_setting_declared_later_gets_an_input_by_its_type() -> None:
    """A new declaration needs no console change: its default's type picks the input, and a
    JSON box takes what nothing else fits (the declaration still checks the value)."""
    flag = declared.Setting("x_flag", False, bool, bool, declared.Scope.LIBRARY, "A switch.")
    table: declared.Setting[object] = declared.Setting(
        "x_table", {"A": 1}, lambda v: v, lambda v: v, declared.Scope.LIBRARY, "A table."
    )
    assert settings_page.kind_of(flag) == settings_page.CHECKBOX
    assert settings_page.kind_of(table) == settings_page.JSON
    assert settings_page.kind_of(declared.CURRENCY) == settings_page.TEXT
    assert settings_page.kind_of(declared.CARD_EXPIRY_YEARS) == settings_page.NUMBER
    assert settings_page.value_from(flag, {"s.x_flag": "1"}) is True
    assert settings_page.value_from(flag, {}) is False
    assert settings_page.value_from(table, {"s.x_table": '{"B": 2}'}) == {"B": 2}
    assert settings_page.view_of(table, {"B": 2}).text == '{"B": 2}'
