"""``popup-sync admin`` and ``popup-sync demo`` end to end."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from popup.domain.staff import verify_pin
from popup_sync.cli import main
from popup_sync.core.db import Database
from popup_sync.models import Library
from tests.helpers import mutations
from tests.sync.console.conftest import ConsoleClient


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_admin_commands_manage_a_library(
    database_url: str,
    db: Database,
    server: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kit: Any,
) -> None:
    base = ("admin", "--database", database_url)
    lib = f"CLI{int(time.time() * 1000) % 10**9}"
    assert _run(capsys, *base, "create-library", "--code", lib, "--name", "Cli Library")[0] == 0
    code, _, err = _run(capsys, *base, "create-library", "--code", lib, "--name", "Again")
    assert code == 2 and "already exists" in err
    assert (
        _run(capsys, *base, "add-branch", "--library", lib, "--code", "BM2", "--name", "Bus")[0]
        == 0
    )
    assert (
        _run(capsys, *base, "add-rule", "--library", lib, "--item-type", "DVD", "--days", "7")[0]
        == 0
    )
    code, _, err = _run(capsys, *base, "add-rule", "--library", lib, "--days", "0")
    assert code == 2 and "loan day" in err
    assert _run(capsys, *base, "add-closed-day", "--library", lib, "--day", "2030-12-25")[0] == 0
    items = tmp_path / "items.csv"
    items.write_text(f"barcode,title,item_type\n{kit.item_barcode(5)},Dune,BOOK\n")
    patrons = tmp_path / "patrons.csv"
    patrons.write_text(
        f"card_number,name,category\n{kit.patron_card(5)},Ann Example,ADULT\n"
        f"{kit.patron_card(6)},Bo Example,ADULT\n"
    )
    assert (
        "Imported 1 items" in _run(capsys, *base, "import-items", "--library", lib, str(items))[1]
    )
    assert (
        "Imported 2 patrons"
        in _run(capsys, *base, "import-patrons", "--library", lib, str(patrons))[1]
    )
    code, _, err = _run(capsys, *base, "import-items", "--library", lib, str(tmp_path / "no.csv"))
    assert code == 2 and "cannot read" in err
    code, enroll_code, _ = _run(capsys, *base, "enroll-code", "--library", lib, "--branch", "BM2")
    assert code == 0 and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", enroll_code)
    enrolled = requests.post(
        f"{server}/v1/enroll", json={"code": enroll_code, "device_name": "cli"}, timeout=30
    ).json()
    listed = _run(capsys, *base, "list-devices", "--library", lib)[1]
    assert enrolled["device_id"] in listed
    # An exception to list and resolve: a checkout of an unknown patron.
    headers = {"Authorization": f"Bearer {enrolled['token']}"}
    push = requests.post(
        f"{server}/v1/push",
        headers=headers,
        json={
            "device_id": enrolled["device_id"],
            "sent_at": kit.now_iso(),
            "mutations": [mutations.record(1, mutations.checkin(kit.item_barcode(5)))],
        },
        timeout=30,
    )
    assert push.status_code == 200, push.text
    listing = _run(capsys, *base, "list-exceptions", "--library", lib)[1]
    assert "ITEM_NOT_ON_LOAN" in listing
    ident = listing.split()[0]
    assert _run(capsys, *base, "resolve-exception", "--library", lib, ident)[0] == 0
    assert _run(capsys, *base, "list-exceptions", "--library", lib)[1] == "No open exceptions."
    code, out, _ = _run(
        capsys,
        *base,
        "merge-patrons",
        "--library",
        lib,
        "--keep",
        kit.patron_card(5),
        "--merge",
        kit.patron_card(6),
    )
    assert code == 0 and "alias" in out
    assert _run(capsys, *base, "revoke-device", enrolled["device_id"])[0] == 0
    assert requests.get(f"{server}/v1/pull", headers=headers, timeout=10).status_code == 403
    assert "Removed" in _run(capsys, *base, "compact-log", "--library", lib, "--keep-days", "0")[1]


def test_settings_are_listed_and_a_bad_value_is_refused_where_it_is_set(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    enroll_device: Callable[..., Any],
) -> None:
    base = ("admin", "--database", database_url)
    lib = f"SET{int(time.time() * 1000) % 10**9}"
    assert _run(capsys, *base, "create-library", "--code", lib, "--name", "Settings")[0] == 0
    code, listing, _ = _run(capsys, *base, "settings", "--library", lib)
    assert code == 0
    assert "closed_weekdays = [6]" in listing
    assert "Weekdays the library is closed" in listing  # each setting's help
    assert f'library_code = "{lib}"' in listing
    assert "branch_name" not in listing  # a laptop's own setting

    code, out, _ = _run(capsys, *base, "set-setting", "--library", lib, "closed_weekdays", "[6, 5]")
    assert code == 0 and "closed_weekdays" in out and "[5, 6]" in out
    everyday = "[0, 1, 2, 3, 4, 5, 6]"
    code, _, err = _run(capsys, *base, "set-setting", "--library", lib, "closed_weekdays", everyday)
    assert code == 2 and "closed_weekdays: cannot close every day of the week" in err
    code, _, err = _run(
        capsys, *base, "set-setting", "--library", lib, "timezone", "America/Chicago"
    )
    assert code == 2 and "not a JSON value" in err and '"America/Chicago"' in err
    code, _, err = _run(capsys, *base, "set-setting", "--library", lib, "timezone", '"Mars/Base"')
    assert code == 2 and "timezone: 'Mars/Base' is not a time zone name" in err
    code, _, err = _run(capsys, *base, "set-setting", "--library", lib, "fines", "5")
    assert code == 2 and "fines: is not a setting" in err
    assert "closed_weekdays = [5, 6]" in _run(capsys, *base, "settings", "--library", lib)[1]

    # What was kept is what the library's laptops download.
    device = enroll_device(lib)
    pulled, _ = device.pull_all()
    served = {c["key"]: c["data"]["value"] for c in pulled if c["entity"] == "setting"}
    assert served["closed_weekdays"] == [5, 6]
    assert served["timezone"] is None


def test_catalogue_sharing_is_switched_by_admin_commands(
    database_url: str,
    db: Database,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kit: Any,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
) -> None:
    base = ("admin", "--database", database_url)
    owner = f"SHR{int(time.time() * 1000) % 10**9}"
    code, out, _ = _run(
        capsys, *base, "create-library", "--code", owner, "--name", "Sharer", "--share-catalogue"
    )
    assert code == 0 and "shared with the consortium" in out
    other = make_library(items=1, patrons=0)
    device = enroll_device(other.code)
    _, cursor = device.pull_all()
    barcode = kit.item_barcode(600_001)  # apart from the other test libraries' barcodes

    def item_state(changes: list[dict[str, Any]]) -> dict[str, Any] | None:
        return kit.latest(changes, "item", barcode)  # type: ignore[no-any-return]

    def shares() -> bool:
        with db.read() as session:
            return bool(
                session.scalar(select(Library.shares_catalogue).where(Library.code == owner))
            )

    try:
        # Imported into a library that shares: the other library's device gets it.
        items = tmp_path / "items.csv"
        items.write_text(f"barcode,title,item_type\n{barcode},Shared Dune,BOOK\n")
        assert (
            "Imported 1 items"
            in _run(capsys, *base, "import-items", "--library", owner, str(items))[1]
        )
        pulled, cursor = device.pull_all(cursor, until=kit.has("item", barcode))
        state = item_state(pulled)
        assert state is not None and state["home_library"] == owner

        code, out, _ = _run(capsys, *base, "share-catalogue", "--library", owner, "--off")
        assert code == 0 and "no longer shares" in out and not shares()
        code, out, _ = _run(capsys, *base, "share-catalogue", "--library", owner, "--off")
        assert code == 0 and "does not share its catalogue; nothing changed" in out
        pulled, cursor = device.pull_all(
            cursor, until=lambda ch: kit.has("item", barcode)(ch) and item_state(ch) is None
        )
        assert item_state(pulled) is None

        code, out, _ = _run(capsys, *base, "share-catalogue", "--library", owner, "--on")
        assert code == 0 and "now shares" in out and shares()
        pulled, cursor = device.pull_all(
            cursor, until=lambda ch: kit.has("item", barcode)(ch) and item_state(ch) is not None
        )
        assert (item_state(pulled) or {}).get("title") == "Shared Dune"

        code, _, err = _run(capsys, *base, "share-catalogue", "--library", "NOPE", "--on")
        assert code == 2 and "no library" in err
        with pytest.raises(SystemExit):
            main([*base, "share-catalogue", "--library", owner])  # neither --on nor --off
        capsys.readouterr()
    finally:
        main([*base, "share-catalogue", "--library", owner, "--off"])
        capsys.readouterr()
    assert not shares()


def test_demo_seeds_a_consortium_and_serves_it(database_url: str, tmp_path: Path, kit: Any) -> None:
    port = __import__("socket").socket()
    port.bind(("127.0.0.1", 0))
    number = port.getsockname()[1]
    port.close()
    exe = Path(sys.executable).parent / "popup-sync"
    log = tmp_path / "demo.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [
                str(exe),
                "demo",
                "--database",
                database_url,
                "--port",
                str(number),
                "--items",
                "200",
                "--patrons",
                "30",
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{number}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.3)
        match = re.search(r"Enrollment code[^:]*: (\S+)", log.read_text())
        assert match, log.read_text()
        enrolled = requests.post(
            f"{base}/v1/enroll", json={"code": match.group(1), "device_name": "demo"}, timeout=30
        )
        assert enrolled.status_code == 201, enrolled.text
        headers = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        cursor = None
        entities: dict[str, int] = {}
        staff: dict[str, dict[str, Any]] = {}
        for _ in range(50):
            params = {"limit": 500, **({"cursor": cursor} if cursor else {})}
            body = requests.get(
                f"{base}/v1/pull", params=params, headers=headers, timeout=30
            ).json()
            for change in body["changes"]:
                entities[change["entity"]] = entities.get(change["entity"], 0) + 1
                if change["entity"] == "staff":
                    staff[change["data"]["login"]] = change["data"]
            cursor = body["cursor"]
            if not body["has_more"]:
                break
        assert entities["item"] >= 200 and entities["patron"] >= 30
        assert entities["loan_rule"] == 8 and entities["stop"] == 1
        # The printed staff and volunteer sign in at a laptop with the printed PINs (#17).
        printed = re.findall(r"(\S+) \((staff|volunteer)\) PIN (\d+)", log.read_text())
        assert len(printed) == 2, log.read_text()
        for login, role, pin in printed:
            assert staff[login]["role"] == role and staff[login]["active"] is True
            assert verify_pin(pin, staff[login]["pin_hash"])
        # The printed console administrator signs in at the printed address.
        console = re.search(r"Console: (\S+)  login (\S+)  password (\S+)", log.read_text())
        assert console and console.group(1) == f"{base}/console", log.read_text()
        browser = ConsoleClient(base)
        signed = browser.sign_in(console.group(2), console.group(3))
        assert signed.status_code == 200 and "Consortium administrator" in signed.text
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_card_counter_shows_and_repairs_a_runaway_counter(
    database_url: str,
    db: Database,
    server: str,
    capsys: pytest.CaptureFixture[str],
    kit: Any,
) -> None:
    """The state #14 found: a device drove the counter past the format's 8 digits. The
    command shows it, refuses to move it below an issued block, and repairs it with --force."""
    lib = kit.seed_library(db, items=0, patrons=0)
    device = kit.enroll(server, db, lib.code, "laptop")
    for size in (100, 50):
        response = requests.post(
            f"{server}/v1/card-ranges", json={"size": size}, headers=device.headers, timeout=30
        )
        assert response.status_code == 201, response.text
    base = ("admin", "--database", database_url, "card-counter", lib.code)
    code, out, _ = _run(capsys, *base)
    assert code == 0
    assert "next card sequence:     500150" in out
    assert "highest issued:         500149" in out
    assert "format capacity:        99999999 (99499850 numbers left)" in out
    assert f"{device.device_id}  2 blocks, 150 numbers" in out

    # Moving it backwards over issued numbers would issue them twice: refused without --force.
    code, _, err = _run(capsys, *base, "--set", "500100")
    assert code == 2 and "500149 is already issued" in err and "--force" in err
    code, _, err = _run(capsys, *base, "--set", "100000001")
    assert code == 2 and "up to 99999999" in err

    def overrun(session: Any) -> None:  # what the old unlimited endpoint left behind
        session.get(Library, lib.id).next_card_seq = 100_000_050

    db.run_write(overrun)
    response = requests.post(
        f"{server}/v1/card-ranges", json={"size": 1}, headers=device.headers, timeout=30
    )
    assert response.status_code == 409 and response.json()["error"] == "CARD_NUMBERS_EXHAUSTED"
    code, out, _ = _run(capsys, *base)
    assert "(0 numbers left)" in out
    code, out, _ = _run(capsys, *base, "--set", "500150")
    assert code == 0 and "moved from 100000050 to 500150" in out
    response = requests.post(
        f"{server}/v1/card-ranges", json={"size": 1}, headers=device.headers, timeout=30
    )
    assert response.status_code == 201 and response.json()["first"] == 500150
    code, out, _ = _run(capsys, *base, "--set", "500000", "--force")
    assert code == 0 and "moved from 500151 to 500000" in out
    with db.read() as session:
        assert session.scalar(select(Library.next_card_seq).where(Library.id == lib.id)) == 500000


def test_import_holds_names_bad_rows_and_imports_again_unchanged(
    database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, kit: Any
) -> None:
    """``popup-sync admin import-holds`` (#15): every bad row by line and field and nothing
    imported (exit 2); a good file imported, and imported again the same."""
    base = ("admin", "--database", database_url)
    lib = f"HLD{int(time.time() * 1000) % 10**9}"
    assert _run(capsys, *base, "create-library", "--code", lib, "--name", "Holds")[0] == 0
    assert (
        _run(capsys, *base, "add-branch", "--library", lib, "--code", "BM2", "--name", "Bus")[0]
        == 0
    )
    items = tmp_path / "items.csv"
    items.write_text(
        f"barcode,title,item_type,call_number\n{kit.item_barcode(7)},Dune,BOOK,F HER\n"
    )
    patrons = tmp_path / "patrons.csv"
    patrons.write_text(f"card_number,name,category\n{kit.patron_card(7)},Ann Example,ADULT\n")
    assert _run(capsys, *base, "import-items", "--library", lib, str(items))[0] == 0
    assert _run(capsys, *base, "import-patrons", "--library", lib, str(patrons))[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "hold_id,card_number,barcode,pickup,expires_on\n"
        f"H1,{kit.patron_card(7)},{kit.item_barcode(7)},BM2,2031-01-31\n"
        f"H2,{kit.patron_card(8)},{kit.item_barcode(7)},BM9,31/01/2031\n"
    )
    code, _, err = _run(capsys, *base, "import-holds", "--library", lib, str(bad))
    assert code == 2
    assert "line 3, field card_number" in err
    assert "line 3, field pickup" in err and "line 3, field expires_on" in err
    assert "line 2" not in err and "nothing was imported" in err
    good = tmp_path / "good.csv"
    good.write_text(
        "hold_id,card_number,barcode,pickup,expires_on\n"
        f"H1,{kit.patron_card(7)},{kit.item_barcode(7)},BM2,2031-01-31\n"
    )
    for _ in range(2):
        code, out, _ = _run(capsys, *base, "import-holds", "--library", lib, str(good))
        assert code == 0 and f"Imported 1 holds into {lib}" in out
    code, out, _ = _run(capsys, *base, "expire-holds", "--library", lib)
    assert code == 0 and f"0 holds of {lib} expired" in out
