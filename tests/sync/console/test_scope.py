"""The console reads library-owned rows only through :class:`ConsoleScope`.

Parses every module of the console package but ``access.py``: a statement that queries a
library-owned model must also go through the scope (``scope.select``, ``scope.get`` or
``scope.owns`` in the same statement). A new page cannot list another library's rows by
forgetting a filter.
"""

from __future__ import annotations

import ast
from pathlib import Path

import popup_sync.console
from popup_sync import models

OWNED = {
    m.__name__
    for m in models.Base.__subclasses__()
    if "library_id" in m.__table__.c and m not in (models.ConsoleUser, models.ConsoleAudit)
}
QUERIES = {"get", "select", "execute", "scalar", "scalars", "query", "update", "delete"}
SCOPED = {"select", "get", "owns", "library", "libraries", "chosen", "library_by_id"}
CONSOLE = Path(popup_sync.console.__file__).parent


def _through_scope(statement: ast.stmt) -> bool:
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in SCOPED
        and isinstance(n.func.value, ast.Name)
        and n.func.value.id == "scope"
        for n in ast.walk(statement)
    )


def bypasses(source: str) -> list[str]:
    found = []
    tree = ast.parse(source)
    for statement in ast.walk(tree):
        if not isinstance(statement, ast.stmt) or isinstance(
            statement,
            (
                ast.FunctionDef,
                ast.AsyncFunctionDef,
                ast.ClassDef,
                ast.With,
                ast.For,
                ast.If,
                ast.Try,
                ast.While,
            ),
        ):
            continue
        for node in ast.walk(statement):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in QUERIES:
                continue
            named = {
                n.id
                for arg in [*node.args, *(k.value for k in node.keywords)]
                for n in ast.walk(arg)
                if isinstance(n, ast.Name)
            } & OWNED
            if named and not _through_scope(statement):
                found.append(f"line {node.lineno}: {name}({', '.join(sorted(named))})")
    return found


def test_no_console_module_queries_a_library_owned_model_beside_the_scope() -> None:
    offenders = {}
    for path in sorted(CONSOLE.rglob("*.py")):
        if path.name == "access.py":
            continue
        found = bypasses(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(CONSOLE))] = found
    assert offenders == {}


def test_the_check_catches_an_unscoped_query() -> None:
    bad = "def page(session):\n    return session.scalars(select(Device)).all()\n"
    good = "def page(scope):\n    return scope.session.scalars(scope.select(Device)).all()\n"
    counted = (
        "def page(scope):\n"
        "    n = scope.session.scalar(select(func.count()).where(scope.owns(Loan)))\n"
    )
    assert bypasses(bad) != []
    assert bypasses(good) == []
    assert bypasses(counted) == []
