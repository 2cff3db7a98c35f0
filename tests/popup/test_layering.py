"""The Qt-free core stays Qt-free: import-linter's contracts (pyproject) plus a direct scan."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import popup

SRC = Path(popup.__file__).resolve().parent
QT_ALLOWED = {"ui"}  # packages under src/popup that may import PySide6
ENTRY_MODULES = {"cli.py", "__main__.py"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_qt_outside_ui() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] in QT_ALLOWED or str(rel) in ENTRY_MODULES:
            continue
        if any(name.split(".")[0] == "PySide6" for name in _imports(path)):
            offenders.append(str(rel))
    assert offenders == [], f"PySide6 imported outside popup.ui: {offenders}"


def test_rules_do_not_import_store_network_or_qt() -> None:
    banned = ("popup.store", "popup.ui", "sqlalchemy", "requests", "PySide6", "popup_sync")
    offenders = {
        str(path.relative_to(SRC)): sorted(n for n in _imports(path) if n.startswith(banned))
        for path in (SRC / "domain").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "import-linter is part of the dev extra"
    result = subprocess.run([exe], cwd=SRC.parents[1], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_server_imports_nothing_of_the_laptop_but_the_domain() -> None:
    import popup_sync

    server = Path(popup_sync.__file__).resolve().parent
    offenders = {
        str(path.relative_to(server)): sorted(
            n for n in _imports(path) if n.startswith("popup.") and not n.startswith("popup.domain")
        )
        for path in server.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_layers_contract_names_every_package_of_the_app() -> None:
    import tomllib

    config = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c for c in contracts if c["type"] == "layers"]
    named = {part.strip() for layer in layers["layers"] for part in layer.split("|")}
    packages = {
        f"popup.{p.stem if p.is_file() else p.name}"
        for p in SRC.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
    }
    assert packages == named
