"""The OpenAPI document, completed with the wire checks pydantic cannot see.

The push and pull bodies are the dataclasses of ``popup.domain.protocol.envelopes``. Pydantic
describes their fields' types; the checks beyond the type (a UUID, a range, a length) are
:func:`popup.domain.protocol.wire.spec` metadata, which it does not read. They are copied into
the document here, so clients and schema-driven tests (``tests/sync/test_fuzz.py``) see the
same contract the server enforces.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI
from pydantic import TypeAdapter

from popup.domain.protocol.wire import Spec


def _base(hint: Any) -> Any:
    """``X`` of ``X | None``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


def constraints(cls: type[Any]) -> dict[str, dict[str, Any]]:
    """JSON Schema keywords for the :class:`Spec` checks of each field of wire class ``cls``."""
    hints = typing.get_type_hints(cls)
    out: dict[str, dict[str, Any]] = {}
    for f in dataclasses.fields(cls):
        rules: Spec | None = f.metadata.get("wire")
        base = _base(hints[f.name])
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        words: dict[str, Any] = {}
        if base is str:
            if rules is not None and rules.uuid:
                words["format"] = "uuid"
            elif required and (rules is None or not rules.blank):
                words["pattern"] = r"\S"  # not blank
            if rules is not None and rules.max_length is not None:
                words["maxLength"] = rules.max_length
        elif typing.get_origin(base) is tuple:
            if rules is not None and rules.max_length is not None:
                words["maxItems"] = rules.max_length
        elif base is int and rules is not None:
            if rules.min is not None:
                words["minimum"] = rules.min
            if rules.max is not None:
                words["maximum"] = rules.max
        if words:
            out[f.name] = words
    return out


def describe_wire_checks(schema: dict[str, Any], classes: Iterable[type[Any]]) -> None:
    """Add each class's checks to its component schema in ``schema`` (in place)."""
    components = schema.get("components", {}).get("schemas", {})
    for cls in classes:
        component = components.get(cls.__name__)
        if component is None:
            continue
        for name, words in constraints(cls).items():
            prop = component["properties"][name]
            branches = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
            branches[0].update(words)


def add_components(schema: dict[str, Any], classes: Iterable[type[Any]]) -> None:
    """Describe each class the routes do not name as a parameter (a body a route reads
    itself, such as the push's) as a component schema, with the classes it holds."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for cls in classes:
        if cls.__name__ in components:
            continue
        described = TypeAdapter(cls).json_schema(ref_template="#/components/schemas/{model}")
        for name, inner in described.pop("$defs", {}).items():
            components.setdefault(name, inner)
        components[cls.__name__] = described


def install(app: FastAPI, classes: Iterable[type[Any]]) -> None:
    """Make ``app``'s OpenAPI document carry the wire checks of ``classes``."""
    build: Callable[[], dict[str, Any]] = app.openapi
    wanted = tuple(classes)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            add_components(document, wanted)
            describe_wire_checks(document, wanted)
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's way to extend the document
