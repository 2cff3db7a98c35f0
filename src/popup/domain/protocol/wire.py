"""Reading and writing the dataclasses the laptop and the sync server send each other.

A *wire class* is a frozen dataclass whose field annotations say what JSON may hold there:

=====================  ==========================================================================
annotation             on the wire
=====================  ==========================================================================
``str``                text without NUL characters or lone surrogates; a required ``str`` may not
                       be blank
``int``                a whole number (not ``true``/``false``), within a signed 64-bit range
``float``              a finite number
``bool``               ``true`` / ``false``
``date``               ``"YYYY-MM-DD"``
``datetime``           ISO 8601 *with* a UTC offset, inside the range a UTC time can hold
a ``StrEnum``          one of its values
a wire class           a JSON object of that class
``tuple[X, ...]``      a JSON array of ``X``
``dict[str, Any]``     a JSON object, kept as it is
``X | None``           ``null`` too
=====================  ==========================================================================

:func:`decode` checks a JSON value against the annotations and raises :class:`WireError` naming
the first field that does not fit (``out_at``, ``mutations[3].payload``); :func:`encode` turns
an instance back into JSON values. A field with a default may be left out; keys the class does
not know are ignored, so an older reader accepts what a newer writer adds.

Checks the annotations cannot say (not blank, a UUID, a range, a length) are :func:`spec`
metadata. A class that derives from :class:`Checked` runs them (and the text checks) whenever an
instance is made, by :func:`decode`, by pydantic on the server or by a direct call on the
laptop, so a payload that would not parse on the server is never written to the outbox. The
downloaded entities do not derive from it: the server made them, and a first download reads a
million of them.

Both sides import this module unchanged: the laptop builds its outbox payloads and reads the
server's answers with it, the server parses what laptops upload with it.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import re
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

T = TypeVar("T")

#: Integers outside this range do not fit a database BIGINT on either side.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class WireError(ValueError):
    """A JSON value that does not fit its wire class; ``field`` is where, ``problem`` what."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"field {field!r} {problem}" if field else problem)

    def inside(self, outer: str) -> WireError:
        """The same problem, its field named from an enclosing object's field ``outer``."""
        if not self.field:
            return WireError(outer, self.problem)
        joiner = "" if self.field.startswith("[") else "."
        return WireError(f"{outer}{joiner}{self.field}", self.problem)


@dataclasses.dataclass(frozen=True)
class Spec:
    """Checks on one field beyond its type (see :func:`spec`)."""

    uuid: bool = False
    min: int | None = None
    max: int | None = None
    #: For text: at most this many characters; for a tuple: at most this many entries.
    max_length: int | None = None
    #: A required ``str`` may be blank (it is never blank by default).
    blank: bool = False
    #: Left out of :func:`encode`'s output when it is ``None``.
    omit_none: bool = False


def spec(default: Any = dataclasses.MISSING, **checks: Any) -> Any:
    """A dataclass field with wire checks: ``loan_id: str = spec(uuid=True)``."""
    metadata = {"wire": Spec(**checks)}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


# -- value checks (shared by decode and the classes' own __post_init__) -------------------------


def text(value: object, name: str = "") -> str:
    if not isinstance(value, str):
        raise WireError(name, "must be text")
    if "\x00" in value:
        if value == TOO_DEEP:
            raise WireError(name, f"nests deeper than {MAX_DEPTH} levels")
        raise WireError(name, "contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise WireError(name, "is not valid Unicode text (a lone surrogate)") from None
    return value


def whole(value: object, name: str = "") -> int:
    # bool is an int subclass: a count of true is malformed.
    if not isinstance(value, int) or isinstance(value, bool):
        raise WireError(name, "must be a whole number")
    if not INT_MIN <= value <= INT_MAX:
        raise WireError(name, "is out of range")
    return value


def moment(value: object, name: str = "") -> datetime:
    """An aware datetime from ISO text."""
    raw = text(value, name)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise WireError(name, f"is not an ISO time: {raw[:40]!r}") from None
    if parsed.tzinfo is None:
        raise WireError(name, f"lacks a UTC offset: {raw[:40]!r}")
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        raise WireError(name, f"is outside the range of times: {raw[:40]!r}") from None
    return parsed


def day(value: object, name: str = "") -> date:
    raw = text(value, name)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise WireError(name, f"is not an ISO date: {raw[:40]!r}") from None


def uuid_text(value: str, name: str = "") -> str:
    try:
        uuid.UUID(value)
    except ValueError:
        raise WireError(name, f"is not a UUID: {value[:40]!r}") from None
    return value


#: How deep a value kept "as it is" (``dict[str, Any]``, a payload) may nest.
MAX_DEPTH = 16
#: What :func:`parse_json` puts in place of a value nested past its limit (text with NUL, so
#: :func:`text` refuses it wherever it lands, naming the nesting).
TOO_DEEP = "\x00nested too deep\x00"
#: JSON text's strings (skipped whole) and brackets.
_BRACKETS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def parse_json(raw: bytes | str, max_depth: int = 64) -> Any:
    """JSON text parsed; a value nested deeper than ``max_depth`` is replaced by
    :data:`TOO_DEEP` (Python's parser gives up a few hundred levels down, and a body that
    is readable but for one action's payload must reject that action alone, not the body).
    ``ValueError`` when it is not JSON (or not UTF-8), ``RecursionError`` never."""
    try:
        return json.loads(raw)
    except RecursionError:
        pass
    source = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    out: list[str] = []
    depth, start, cut = 0, 0, -1
    for token in _BRACKETS.finditer(source):
        mark = token.group()
        if mark[0] == '"':
            continue
        if mark in "[{":
            depth += 1
            if depth == max_depth + 1:
                cut = token.start()
        else:
            if depth == max_depth + 1 and cut >= 0:
                out += (source[start:cut], json.dumps(TOO_DEEP))
                start, cut = token.end(), -1
            depth -= 1
    out.append(source[start:])
    try:
        return json.loads("".join(out))
    except RecursionError:  # unbalanced brackets left it deep: not JSON anyway
        raise ValueError("the JSON text nests too deeply") from None


def storable(value: object, name: str = "", depth: int = MAX_DEPTH) -> None:
    """:class:`WireError` naming the first place where JSON value ``value`` holds something a
    database's JSON column or a later reader cannot take: text (keys too) with NUL or a lone
    surrogate, a number that is not finite (``NaN`` parses in Python's JSON, PostgreSQL refuses
    it), a whole number outside 64 bits, nesting deeper than ``depth``, or a non-JSON type.
    Walks iteratively up to ``depth``, so a value nested a thousand deep costs nothing."""
    stack: list[tuple[object, str, int]] = [(value, name, 0)]
    while stack:
        item, where, level = stack.pop()
        if isinstance(item, str):
            text(item, where)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            whole(item, where)
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise WireError(where, "must be a finite number")
        elif isinstance(item, dict | list):
            if level >= depth:
                raise WireError(where, f"nests deeper than {depth} levels")
            if isinstance(item, list):
                stack.extend((v, f"{where}[{n}]", level + 1) for n, v in enumerate(item))
                continue
            for key, v in item.items():
                if not isinstance(key, str):
                    raise WireError(where, "has a key that is not text")
                # The key is named only once it is known to be printable text.
                text(key, f"{where}.<key>" if where else "<key>")
                label = key if key.isprintable() and len(key) <= 40 else "<key>"
                stack.append((v, f"{where}.{label}" if where else label, level + 1))
        else:
            raise WireError(where, "is not a JSON value")


# -- decoders and checks, compiled once per class -----------------------------------------------

Decoder = Callable[[object], Any]
Check = Callable[[Any], object]


def _decoder(hint: Any) -> Decoder:
    """Type conversion of one JSON value; the :class:`Spec` checks come after (:func:`_check`)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"wire fields may only be optional, not a union: {hint!r}")
        one = _decoder(inner[0])
        return lambda v: None if v is None else one(v)
    if origin is tuple:
        item = _decoder(args[0])

        def sequence(v: object) -> tuple[Any, ...]:
            if not isinstance(v, list | tuple):
                raise WireError("", "must be a list")
            out = []
            for n, element in enumerate(v):
                try:
                    out.append(item(element))
                except WireError as exc:
                    raise exc.inside(f"[{n}]") from None
            return tuple(out)

        return sequence
    if origin is dict or hint is dict:

        def mapping(v: object) -> dict[str, Any]:
            if not isinstance(v, dict) or not all(isinstance(k, str) for k in v):
                raise WireError("", "must be a JSON object")
            return v

        return mapping
    if hint is Any:
        return lambda v: v
    if hint is str:
        return text
    if hint is bool:

        def boolean(v: object) -> bool:
            if not isinstance(v, bool):
                raise WireError("", "must be true or false")
            return v

        return boolean
    if hint is int:
        return whole
    if hint is float:

        def number(v: object) -> float:
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise WireError("", "must be a number")
            if not math.isfinite(v):
                raise WireError("", "must be a finite number")
            return float(v)

        return number
    if hint is datetime:
        return moment
    if hint is date:
        return day
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        members = {m.value: m for m in hint}

        def member(v: object) -> Any:
            if not isinstance(v, str) or v not in members:
                known = ", ".join(str(m) for m in members)
                raise WireError("", f"must be one of {known}, not {str(v)[:40]!r}")
            return members[v]

        return member
    if dataclasses.is_dataclass(hint):
        cls = typing.cast(type[Any], hint)
        return lambda v: decode(cls, v)
    raise TypeError(f"no wire decoder for {hint!r}")


def _check(hint: Any, rules: Spec) -> Check | None:
    """The :class:`Spec` checks of one field (None: nothing to check)."""
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
    base = next(a for a in typing.get_args(hint) if a is not type(None)) if optional else hint
    checks: list[Check] = []
    if base is str:
        checks.append(text)
        if rules.uuid:
            checks.append(uuid_text)
        elif not rules.blank and not optional:

            def filled(v: str) -> None:
                if not v.strip():
                    raise WireError("", "is empty")

            checks.append(filled)
        if rules.max_length is not None:
            limit = rules.max_length

            def short(v: str) -> None:
                if len(v) > limit:
                    raise WireError("", f"is longer than {limit} characters")

            checks.append(short)
    if base is datetime:

        def aware(v: datetime) -> None:
            if v.tzinfo is None:
                raise WireError("", "lacks a UTC offset")
            try:
                v.astimezone(UTC)
            except OverflowError:
                raise WireError("", "is outside the range of times") from None

        checks.append(aware)
    if typing.get_origin(base) is tuple and rules.max_length is not None:
        most = rules.max_length

        def few(v: tuple[Any, ...]) -> None:
            if len(v) > most:
                raise WireError("", f"holds {len(v)} entries; at most {most} are allowed")

        checks.append(few)
    if rules.min is not None or rules.max is not None:
        low, high = rules.min, rules.max

        def ranged(v: int) -> None:
            if (low is not None and v < low) or (high is not None and v > high):
                raise WireError("", f"must be between {low} and {high}, not {v}")

        checks.append(ranged)
    if not checks:
        return None

    def run(value: Any) -> None:
        if value is None:
            return
        for one in checks:
            one(value)

    return run


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    decode: Decoder
    check: Check | None
    required: bool
    omit_none: bool
    #: "str", "int", "bool", "time" (date or datetime) or "other": what the compiled reader
    #: and writer may do inline (see :func:`_compile`).
    kind: str = "other"
    #: ``None`` is a value of the field.
    optional: bool = False


def _simple_kind(hint: Any) -> str:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if hint is str:
        return "str"
    if hint is int:
        return "int"
    if hint is bool:
        return "bool"
    if hint in (date, datetime):
        return "time"
    return "other"


_COMPILED: dict[type[Any], tuple[_Field, ...]] = {}


def _fields(cls: type[Any]) -> tuple[_Field, ...]:
    compiled = _COMPILED.get(cls)
    if compiled is None:
        hints = typing.get_type_hints(cls)
        out = []
        for f in dataclasses.fields(cls):
            if not f.init:
                continue
            rules = f.metadata.get("wire", Spec())
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            hint = hints[f.name]
            decoder, checker = _decoder(hint), _check(hint, rules)
            kind = _simple_kind(hint)
            optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
            out.append(_Field(f.name, decoder, checker, required, rules.omit_none, kind, optional))
        compiled = _COMPILED[cls] = tuple(out)
    return compiled


def check(obj: Any) -> None:
    """Run the :func:`spec` checks of every field of ``obj``; :class:`WireError` names the first
    that fails."""
    for f in _fields(type(obj)):
        if f.check is not None:
            try:
                f.check(getattr(obj, f.name))
            except WireError as exc:
                raise exc.inside(f.name) from None


class Checked:
    """Base of wire classes whose :func:`spec` checks run whenever an instance is made."""

    def __post_init__(self) -> None:
        check(self)


def field_names(cls: type[Any]) -> tuple[str, ...]:
    """The wire names of a class's fields, in declaration order."""
    return tuple(f.name for f in _fields(cls))


def required_names(cls: type[Any]) -> frozenset[str]:
    """The fields a JSON object of ``cls`` must hold (those without a default)."""
    return frozenset(f.name for f in _fields(cls) if f.required)


def decode(cls: type[T], value: object) -> T:
    """An instance of wire class ``cls`` from a JSON value, or :class:`WireError`."""
    reader = _READERS.get(cls)
    if reader is None:
        reader = _READERS[cls] = _compile(cls)[0]
    result: T = reader(value)
    return result


def values_reader(cls: type[Any]) -> Callable[[object], tuple[Any, ...]]:
    """A reader of JSON objects of wire class ``cls`` into the values of its fields, in
    declaration order: what :func:`decode` would give them (defaults included, the same
    :class:`WireError` otherwise), without making an instance. For rows read by the thousand
    into a database; the :func:`spec` checks of a :class:`Checked` class do not run."""
    reader = _VALUES.get(cls)
    if reader is None:
        reader = _VALUES[cls] = _compile_values(cls)
    return reader


def encode(obj: Any) -> dict[str, Any]:
    """The JSON object for a wire-class instance (fields in declaration order)."""
    writer = _WRITERS.get(type(obj))
    if writer is None:
        writer = _WRITERS[type(obj)] = _compile(type(obj))[1]
    return writer(obj)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode(value)
    return value


# -- the compiled reader and writer of each class -----------------------------------------------
# A first download reads a million entities, so each class gets a reader and a writer made for
# it once (as dataclasses makes __init__): plain text, whole numbers and booleans are checked
# inline and go through the general decoders only when the quick test fails (the decoder then
# raises the field's error, or accepts what the quick test was too strict for).

_READERS: dict[type[Any], Callable[[object], Any]] = {}
_WRITERS: dict[type[Any], Callable[[Any], dict[str, Any]]] = {}
_VALUES: dict[type[Any], Callable[[object], tuple[Any, ...]]] = {}
_MISSING = object()

#: The quick test of a JSON value per field kind (``x`` is the value).
_QUICK = {
    "str": "type(x) is str and x.isascii() and '\\x00' not in x",
    "int": "type(x) is int and INT_MIN <= x <= INT_MAX",
    "bool": "type(x) is bool",
}


def _compile(cls: type[Any]) -> tuple[Callable[[object], Any], Callable[[Any], dict[str, Any]]]:
    fields = _fields(cls)
    env: dict[str, Any] = {
        "cls": cls,
        "Mapping": Mapping,
        "WireError": WireError,
        "MISSING": _MISSING,
        "INT_MIN": INT_MIN,
        "INT_MAX": INT_MAX,
        "plain": _plain,
    }
    read = [
        "def read(value):",
        "    if type(value) is not dict and not isinstance(value, Mapping):",
        "        raise WireError('', 'must be a JSON object')",
        "    get = value.get",
        "    kw = {}",
    ]
    write = ["def write(obj):", "    out = {}"]
    for n, f in enumerate(fields):
        env[f"d{n}"] = f.decode
        name = repr(f.name)
        read.append(f"    x = get({name}, MISSING)")
        read.append("    if x is MISSING:")
        read.append(
            f"        raise WireError({name}, 'is missing')" if f.required else "        pass"
        )
        read.append("    else:")
        quick = _QUICK.get(f.kind)
        indent = "        "
        if quick is not None:
            unless_none = "x is not None and " if f.optional else ""
            read.append(f"        if {unless_none}not ({quick}):")
            indent = "            "
        read.append(f"{indent}try:")
        read.append(f"{indent}    x = d{n}(x)")
        read.append(f"{indent}except WireError as exc:")
        read.append(f"{indent}    raise exc.inside({name}) from None")
        read.append(f"        kw[{name}] = x")
        value = {
            "str": "v",
            "int": "v",
            "bool": "v",
            "time": "None if v is None else v.isoformat()",
        }.get(f.kind, "plain(v)")
        write.append(f"    v = obj.{f.name}")
        if f.omit_none:
            write.append("    if v is not None:")
            write.append(f"        out[{name}] = {value}")
        else:
            write.append(f"    out[{name}] = {value}")
    read.append("    return cls(**kw)")
    write.append("    return out")
    exec("\n".join(read) + "\n\n" + "\n".join(write), env)  # the source is built above
    return env["read"], env["write"]


def _compile_values(cls: type[Any]) -> Callable[[object], tuple[Any, ...]]:
    """The reader of :func:`values_reader`: :func:`_compile`'s, returning a tuple."""
    defaults = {
        f.name: f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
        for f in dataclasses.fields(cls)
        if f.init
    }
    env: dict[str, Any] = {
        "Mapping": Mapping,
        "WireError": WireError,
        "MISSING": _MISSING,
        "INT_MIN": INT_MIN,
        "INT_MAX": INT_MAX,
    }
    read = [
        "def read(value):",
        "    if type(value) is not dict and not isinstance(value, Mapping):",
        "        raise WireError('', 'must be a JSON object')",
        "    get = value.get",
    ]
    names = []
    for n, f in enumerate(_fields(cls)):
        env[f"d{n}"] = f.decode
        name = repr(f.name)
        if f.required:
            read.append(f"    x{n} = get({name}, MISSING)")
            read.append(f"    if x{n} is MISSING:")
            read.append(f"        raise WireError({name}, 'is missing')")
        else:
            env[f"default{n}"] = defaults[f.name]
            read.append(f"    x{n} = get({name}, default{n})")
        quick = _QUICK.get(f.kind)
        indent = "    "
        if quick is not None:
            unless_none = "x is not None and " if f.optional else ""
            read.append(f"    x = x{n}")
            read.append(f"    if {unless_none}not ({quick}):")
            indent = "        "
        read.append(f"{indent}try:")
        read.append(f"{indent}    x{n} = d{n}(x{n})")
        read.append(f"{indent}except WireError as exc:")
        read.append(f"{indent}    raise exc.inside({name}) from None")
        names.append(f"x{n}")
    read.append(f"    return ({', '.join(names)},)")
    exec("\n".join(read), env)  # the source is built above
    reader: Callable[[object], tuple[Any, ...]] = env["read"]
    return reader


__all__ = [
    "MAX_DEPTH",
    "TOO_DEEP",
    "Checked",
    "Spec",
    "WireError",
    "check",
    "day",
    "decode",
    "encode",
    "field_names",
    "moment",
    "parse_json",
    "required_names",
    "spec",
    "storable",
    "text",
    "uuid_text",
    "values_reader",
    "whole",
]
