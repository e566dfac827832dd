"""The compact JSON documents of a persisted latest state, and their decoder without validation.

The ``s/`` and ``p/`` documents of :mod:`.latest` hold a
:class:`~timeline.domain.views.NegotiationState` in this layout (:func:`encode_state`), read
back by :func:`decode_summary` and :func:`decode_section` (or :func:`decode_state`, all at
once). A state is split in a summary and its sections (:data:`SECTIONS`: every list of the
state that grows with its events, the proposals, positions, figures, meetings... the
sources and disputes of its agreement and termination clause, and the facts its status
lists as only reported), each a document::

    summary: {"format": 3, "sections": {PATH: [SHA256, COUNT, SIZE], ...},
              "sources": [COLUMN, ...], "state": STATE}
    section: {"format": 3, "section": PATH, "sources": [COLUMN, ...], "value": VALUE}

The summary's ``STATE`` is the state with every section at its default (empty); it gives
each section's SHA-256 (hex, of the section document's UTF-8), its number of items and its
document's length. In every document:

- every view (``NegotiationState``, ``Proposal``, ``Fact``...) is a JSON array of its
  fields' values in the order the class declares them (no key names);
- every :class:`~timeline.domain.views.Source` is stored once per document, in ``sources``,
  and cited by its number wherever the document holds it (a source behind several facts
  is decoded into one shared object: views are frozen values). ``sources`` is a table by
  column: one array per field of ``Source``, in declared order, the n-th source made of
  the n-th value of each (a quarter less to parse than an array per source);
- a UUID is its 32 hex digits; a date and a world date their ISO text (``2017-08-22``,
  ``2017-08``, ``2017``); a date and time pydantic's JSON text of it; a ``dict`` field a JSON
  object; a tuple an array; a literal, string, number, boolean or null itself.

Why not ``model_dump_json``: at a million events the state of the largest negotiation is
about 84,000 sources, 48 MB of pydantic's JSON (a third of it key names), and validating it
back costs seconds. Why sections: even this compact layout is 31 MB there, a second to
parse and build, while what a caller reads first (status, parties, agreement, next meeting,
counts) is a few kilobytes. The documents are bound to the code that wrote them by the
stamp's fold version (:mod:`timeline.fold_version` digests this module with the views), and
to their content by the stamp's SHA-256 (of the summary, which holds each section's), so
the decoders build the views without validating them (as
:func:`timeline.domain.views.trusted` does for the fold): the values they return are
exactly those :func:`encode_state` was given. It still never crashes: a document that does
not have this layout (forged, truncated, another format) decodes to None. What it does not
check is the type of every leaf value: a document whose stamp was forged along with it (by
someone who can write the database) is served as written, as any read model would be.

The decoders and the encoders are generated once per view class from its declared fields (a
dict display per class, the fastest way CPython builds an instance's ``__dict__``; a list
display of its fields' values).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin
from uuid import UUID, SafeUUID

from pydantic import BaseModel
from pydantic_core import from_json

from timeline.domain.values import WorldDate, iso_date_parts
from timeline.domain.views import NegotiationState, Source
from timeline.projections.folding import collector_paused

if TYPE_CHECKING:
    from pydantic import TypeAdapter

FORMAT = 3
"""The layout's number, first in every document (1 was ``model_dump_json``, 2 one compact
document per state, without sections)."""

SECTIONS: tuple[str, ...] = (
    "withdrawal_threats",
    "proposals",
    "unlinked_answers",
    "meetings_held",
    "meetings_scheduled",
    "positions",
    "figures",
    "stalls",
    "date_notes",
    "retracted",
    "judgements",
    "agreement.sources",
    "agreement.disputes",
    "termination_clause.notice_sources",
    "termination_clause.sources",
    "termination_clause.disputes",
    "status.reported",
)
"""The fields of a state stored apart from its summary, each in a document of its own
(``owner.field`` for a field of the state's agreement, termination clause or status): every
list of the state that grows with its events."""

Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]

_new = object.__new__
_set = object.__setattr__


class Malformed(ValueError):
    """A document that does not have the layout of this module."""


# -- leaves ---------------------------------------------------------------------------------


def _uuid(text: str) -> UUID:
    """A UUID from its 32 hex digits (what ``UUID(hex=...)`` builds, without its checks of
    the text's other spellings)."""
    if type(text) is not str or len(text) != 32:
        raise Malformed(f"not a UUID's 32 hex digits: {text!r}")
    value = int(text, 16)
    if value < 0:
        raise Malformed(f"not a UUID's 32 hex digits: {text!r}")
    uuid = _new(UUID)
    _set(uuid, "int", value)
    _set(uuid, "is_safe", SafeUUID.unknown)
    return uuid


@cache
def _datetime_adapter() -> TypeAdapter[dt.datetime]:
    from pydantic import TypeAdapter  # only judgements hold a datetime: imported when met

    return TypeAdapter(dt.datetime)


def _datetime(text: str) -> dt.datetime:
    """What pydantic reads back from its own JSON text of a datetime."""
    return _datetime_adapter().validate_python(text)


def _datetime_text(value: dt.datetime) -> str:
    text = _datetime_adapter().dump_python(value, mode="json")
    assert isinstance(text, str)
    return text


class _Leaves:
    """Memos of one decoding: dates and world dates repeat thousands of times."""

    def __init__(self) -> None:
        self.dates: dict[str, dt.date] = {}
        self.world: dict[str, WorldDate] = {}

    def date(self, text: str) -> dt.date:
        found = self.dates.get(text)
        if found is None:
            if type(text) is not str:
                raise Malformed(f"not a date: {text!r}")
            found = self.dates[text] = dt.date.fromisoformat(text)
        return found

    def world_date(self, text: str) -> WorldDate:
        found = self.world.get(text)
        if found is None:
            if type(text) is not str:
                raise Malformed(f"not a world date: {text!r}")
            found = self.world[text] = _world_date(text)
        return found


def _world_date(text: str) -> WorldDate:
    """A world date from the text ``str(WorldDate)`` wrote (``2017-08-22``, ``2017-08``,
    ``2017``), built without validation as every view of the document is: validating would
    build WorldDate's validator, a fifth of a served ``state``'s start-up."""
    parts = iso_date_parts(text)
    if parts is None:
        raise Malformed(f"not a world date: {text!r}")
    year, month, day = parts
    return WorldDate.model_construct(year=year, month=month, day=day)


# -- the shape of a field --------------------------------------------------------------------

_JSON_KINDS = {str: "str", int: "int", float: "float", bool: "bool", type(None): "null"}


class _Shape:
    """How one declared type is written: ``kind`` is what JSON holds it (``leaf``: a JSON
    scalar kept as is; ``text``: a string converted; ``array``; ``object``)."""

    def __init__(
        self,
        kind: str,
        *,
        leaf: str | None = None,
        encode: Encoder | None = None,
        decode: str | None = None,
        literals: frozenset[object] = frozenset(),
        item: _Shape | None = None,
        items: tuple[_Shape, ...] = (),
        model: type[BaseModel] | None = None,
        members: tuple[_Shape, ...] = (),
    ) -> None:
        self.kind = kind
        self.leaf = leaf
        self.encode = encode
        self.decode = decode
        self.literals = literals
        self.item = item
        self.items = items
        self.model = model
        self.members = members


def _shape(annotation: Any) -> _Shape:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(get_args(annotation)[0])
    if annotation is WorldDate:
        return _Shape("text", encode=str, decode="world_date")
    if origin is Union or origin is types.UnionType:
        return _union(tuple(_shape(member) for member in get_args(annotation)))
    if origin is Literal:
        values = get_args(annotation)
        kinds = {_JSON_KINDS.get(type(v)) for v in values}
        if None in kinds or len(kinds) != 1:
            raise TypeError(f"unsupported literal {annotation!r}")
        return _Shape("leaf", leaf=kinds.pop(), literals=frozenset(values))
    if annotation in _JSON_KINDS:
        return _Shape("leaf", leaf=_JSON_KINDS[annotation])
    if annotation is UUID:
        return _Shape("text", encode=lambda u: u.hex, decode="uuid")
    if annotation is dt.datetime:
        return _Shape("text", encode=_datetime_text, decode="datetime")
    if annotation is dt.date:
        return _Shape("text", encode=dt.date.isoformat, decode="date")
    if origin is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return _Shape("array", item=_shape(args[0]))
        return _Shape("array", items=tuple(_shape(a) for a in args))
    if origin is dict:
        key, value = get_args(annotation)
        if key is not str:
            raise TypeError(f"unsupported dict key in {annotation!r}")
        return _Shape("object", item=_shape(value))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation is Source:
            return _Shape("leaf", leaf="int", model=Source)  # an index into "sources"
        return _Shape("array", model=annotation)
    raise TypeError(f"unsupported type {annotation!r}")


def _union(members: tuple[_Shape, ...]) -> _Shape:
    """A union is decoded by the JSON kind of its value: at most one member may be written
    as a converted string, one as an array, one as an object. A union of JSON scalars only
    (``str | None``) is one scalar kept as is."""
    for kind in ("text", "array", "object"):
        if sum(m.kind == kind for m in members) > 1:
            raise TypeError(f"ambiguous union: two members written as {kind}")
    if all(m.kind == "leaf" and m.model is None for m in members):
        return _Shape("leaf", leaf="any")
    if any(m.kind == "text" for m in members) and any(
        m.kind == "leaf" and m.leaf == "str" and not m.literals for m in members
    ):
        raise TypeError("ambiguous union: a string and a converted string")
    return _Shape("union", members=members)


# -- encoding --------------------------------------------------------------------------------


class _Writer:
    """One document's encoding: the generated encoders of every view class, bound to the
    document's table of sources (each source numbered when first met)."""

    def __init__(self) -> None:
        self.sources: dict[Source, int] = {}
        self._numbers: dict[int, int] = {}
        """Source numbers by object identity: the state holds every source while it is
        encoded, and a source is mostly one object cited many times (hashing a view costs
        more than looking up its address)."""
        self.encoders: dict[type[BaseModel], Encoder] = {}

    def source(self, value: Source) -> int:
        number = self._numbers.get(id(value))
        if number is None:
            if type(value) is not Source:
                raise TypeError(f"expected Source, got {type(value).__name__}")
            number = self._numbers[id(value)] = self.sources.setdefault(value, len(self.sources))
        return number

    def model(self, model: type[BaseModel]) -> Encoder:
        found = self.encoders.get(model)
        if found is None:
            found = self.encoders[model] = _generated_encoder(model)(self)
        return found

    def converter(self, shape: _Shape) -> Encoder | None:
        """How to write a value of ``shape``; None when the value is its JSON value."""
        kind = shape.kind
        if kind == "leaf":
            return self.source if shape.model is Source else None
        if kind == "text":
            assert shape.encode is not None
            return shape.encode
        if kind == "union":
            return _UnionEncoder(self, shape)
        if kind == "object":
            assert shape.item is not None
            inner = self.converter(shape.item) or _identity
            return lambda value: {key: inner(item) for key, item in value.items()}
        if shape.model is not None:
            return self.model(shape.model)
        if shape.item is not None:
            each = self.converter(shape.item)
            if each is None:
                return list
            return lambda value: [each(item) for item in value]
        parts = [self.converter(s) or _identity for s in shape.items]
        return lambda value: [part(item) for part, item in zip(parts, value, strict=True)]


class _UnionEncoder:
    """Writes a value of a union as the member it is: the member found once per Python
    type of value when it is a view, a converted string or a container (their test is the
    value's type), else checked for each value (a scalar, written as is)."""

    def __init__(self, writer: _Writer, shape: _Shape) -> None:
        self.writer = writer
        self.shape = shape
        self.by_type: dict[type, Encoder] = {}

    def __call__(self, value: Any) -> Any:
        convert = self.by_type.get(type(value))
        if convert is not None:
            return convert(value)
        member = _member_of(self.shape, value)
        if member.kind == "leaf":
            return self.writer.source(value) if member.model is Source else value
        convert = self.writer.converter(member)
        assert convert is not None
        self.by_type[type(value)] = convert
        return convert(value)


@cache
def _generated_encoder(model: type[BaseModel]) -> Callable[[_Writer], Encoder]:
    """``bind(writer) -> encode(view)``, compiled once per view class: ``encode`` writes the
    view as the array of its fields' values in declared order, each as is or through its
    converter (the encoding counterpart of :func:`_generated`)."""
    fields = _fields(model)
    body = ", ".join(
        f"d[{name!r}]" if _as_is(shape) else f"c{i}(d[{name!r}])"
        for i, (name, shape) in enumerate(fields)
    )
    function = [
        "    def encode(o):",
        "        if type(o) is not model:",
        "            raise TypeError(f'expected {name}, got {type(o).__name__}')",
        "        d = o.__dict__",
        f"        return [{body}]",
    ]
    bind: Callable[[_Writer], Encoder] = _binder(model, "writer", "encode", function, {})
    return bind


def _binder(
    model: type[BaseModel], role: str, function: str, code: list[str], names: dict[str, Any]
) -> Callable[[Any], Any]:
    """``bind(role) -> function``, compiled from ``code`` (the definition of ``function``,
    indented in ``bind``) with, before it, ``c<i>``: the converter ``role`` gives for each
    field ``i`` of ``model`` that needs one; ``shapes``, ``model``, ``name`` and ``names``
    are its globals."""
    fields = _fields(model)
    lines = [
        f"def bind({role}):",
        *(
            f"    c{i} = {role}.converter(shapes[{i}])"
            for i, (_name, shape) in enumerate(fields)
            if not _as_is(shape)
        ),
        *code,
        f"    return {function}",
    ]
    namespace: dict[str, Any] = {
        "shapes": [shape for _name, shape in fields],
        "model": model,
        "name": model.__name__,
        **names,
    }
    compiled = compile("\n".join(lines), f"<{function}r of {model.__name__}>", "exec")
    exec(compiled, namespace)  # generated from the class's own field names
    bind: Callable[[Any], Any] = namespace["bind"]
    return bind


def _member_of(shape: _Shape, value: Any) -> _Shape:
    """The member of a union that ``value`` is."""
    for member in shape.members:
        if _is_a(member, value):
            return member
    raise TypeError(f"{value!r} is none of the union's types")


def _is_a(member: _Shape, value: Any) -> bool:
    if member.model is not None:
        return type(value) is member.model
    if member.kind == "text":
        return (member.decode, type(value)) in _TEXT_TYPES
    if member.kind != "leaf":
        return isinstance(value, _CONTAINERS[member.kind])
    if member.literals:
        return type(value) is not bool and value in member.literals
    kind = _JSON_KINDS.get(type(value))
    return kind == member.leaf or (member.leaf == "float" and kind == "int")


_CONTAINERS: dict[str, type | tuple[type, ...]] = {"array": tuple, "object": dict}
_TEXT_TYPES = {
    ("world_date", WorldDate),
    ("uuid", UUID),
    ("datetime", dt.datetime),
    ("date", dt.date),
}


def _document(head: dict[str, Any], body: Callable[[_Writer], Any], key: str) -> str:
    """``head`` with the sources table and ``key``: the body ``body`` writes, as JSON."""
    writer = _Writer()
    value = body(writer)
    rows = list(map(writer.model(Source), writer.sources))
    sources = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in _fields(Source)]
    return json.dumps(
        {**head, "sources": sources, key: value},
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def _owner_and_name(path: str) -> tuple[type[BaseModel], str, str]:
    """``agreement.sources`` -> (Agreement, "agreement", "sources"); ``proposals`` ->
    (NegotiationState, "", "proposals")."""
    owner, _dot, name = path.rpartition(".")
    model: type[BaseModel] = NegotiationState
    if owner:
        annotation = NegotiationState.model_fields[owner].annotation
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel)
        model = annotation
    return model, owner, name


def _section_shape(path: str) -> _Shape:
    model, _owner, name = _owner_and_name(path)
    return dict(_fields(model))[name]


def section_value(state: NegotiationState, path: str) -> Any:
    """The value of a section (``proposals``, ``agreement.sources``) in ``state``."""
    _model, owner, name = _owner_and_name(path)
    holder = getattr(state, owner) if owner else state
    return getattr(holder, name)


def _emptied(view: BaseModel, names: list[str]) -> Any:
    """A copy of ``view`` with the fields ``names`` at their defaults (what a summary holds in
    place of its sections)."""
    fields = type(view).model_fields
    return view.model_copy(
        update={name: fields[name].get_default(call_default_factory=True) for name in names}
    )


def _summary_of(state: NegotiationState) -> NegotiationState:
    """``state`` with every section at its default (empty)."""
    by_owner: dict[str, list[str]] = {}
    for path in SECTIONS:
        _model, owner, name = _owner_and_name(path)
        by_owner.setdefault(owner, []).append(name)
    top = by_owner.pop("")
    nested = {owner: _emptied(getattr(state, owner), names) for owner, names in by_owner.items()}
    summary: NegotiationState = _emptied(state, top).model_copy(update=nested)
    return summary


def encode_state(state: NegotiationState) -> Encoded:
    """The summary and section documents of ``state`` (see the module docstring);
    deterministic: the same state always gives the same texts."""
    sections: dict[str, str] = {}
    refs: dict[str, list[Any]] = {}
    for path in SECTIONS:
        value = section_value(state, path)
        shape = _section_shape(path)
        document = _document(
            {"format": FORMAT, "section": path},
            lambda writer, shape=shape, value=value: (writer.converter(shape) or _identity)(value),  # type: ignore[misc]
            "value",
        )
        sections[path] = document
        refs[path] = [sha256_text(document), len(value), len(document)]
    summary = _summary_of(state)
    text = _document(
        {"format": FORMAT, "sections": refs},
        lambda writer: writer.model(NegotiationState)(summary),
        "state",
    )
    return Encoded(text, sections)


def sha256_text(document: str) -> str:
    """The SHA-256 (hex) of a document's UTF-8."""
    return hashlib.sha256(document.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Encoded:
    """A state's documents: its summary, and each section's by path (:data:`SECTIONS`)."""

    summary: str
    sections: dict[str, str]

    @property
    def size(self) -> int:
        return len(self.summary) + sum(map(len, self.sections.values()))


@dataclass(frozen=True, slots=True)
class SectionRef:
    """What a summary says of one of its sections: the SHA-256 of its document, the number
    of items it holds, and the document's length."""

    sha256: str
    count: int
    size: int


@dataclass(frozen=True, slots=True)
class Summary:
    """A decoded summary: the state with its sections empty, and what it says of each."""

    state: NegotiationState
    sections: dict[str, SectionRef]

    @property
    def size(self) -> int:
        """The length of every section's document (the summary's own not included)."""
        return sum(ref.size for ref in self.sections.values())


# -- decoding --------------------------------------------------------------------------------


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, _Shape], ...]:
    return tuple((name, _shape(info.annotation)) for name, info in model.model_fields.items())


class _Reader:
    """One decoding: the generated decoders of every view class, bound to its memos and to
    the document's decoded sources."""

    def __init__(self) -> None:
        self.leaves = _Leaves()
        self.sources: list[Source] = []
        self.decoders: dict[type[BaseModel], Decoder] = {}

    def model(self, model: type[BaseModel]) -> Decoder:
        found = self.decoders.get(model)
        if found is None:
            found = self.decoders[model] = _generated(model)(self)
        return found

    def converter(self, shape: _Shape) -> Decoder | None:
        """How to decode a value of ``shape``; None when the JSON value is the value."""
        kind = shape.kind
        if kind == "leaf":
            if shape.model is Source:
                return self.sources.__getitem__
            return None
        if kind == "text":
            return self.text(shape)
        if kind == "union":
            return self.union(shape)
        if kind == "object":
            assert shape.item is not None
            inner = self.converter(shape.item) or _identity
            return lambda value: {k: inner(v) for k, v in _object(value).items()}
        if shape.model is not None:
            return self.model(shape.model)
        if shape.item is not None:
            item = shape.item
            if item.model is Source:
                sources = self.sources
                return lambda value: tuple([sources[i] for i in _array(value)])
            each = self.converter(item)
            if each is None:
                return lambda value: tuple(_array(value))
            return lambda value: tuple(map(each, _array(value)))
        parts = [self.converter(s) or _identity for s in shape.items]

        def fixed(value: Any) -> tuple[Any, ...]:
            if len(_array(value)) != len(parts):
                raise Malformed(f"expected {len(parts)} items: {value!r}")
            return tuple(part(item) for part, item in zip(parts, value, strict=True))

        return fixed

    def text(self, shape: _Shape) -> Decoder:
        if shape.decode == "date":
            return self.leaves.date
        if shape.decode == "world_date":
            return self.leaves.world_date
        if shape.decode == "uuid":
            return _uuid
        return _datetime

    def union(self, shape: _Shape) -> Decoder:
        by_kind: dict[str, Decoder] = {}
        literals: dict[str, frozenset[object]] = {}
        for member in shape.members:
            if member.kind == "leaf" and member.model is None:
                assert member.leaf is not None
                if member.literals:
                    literals[member.leaf] = literals.get(member.leaf, frozenset()) | (
                        member.literals
                    )
                else:
                    by_kind[member.leaf] = _identity
            elif member.kind == "text":
                by_kind["text"] = self.text(member)
            else:
                convert = self.converter(member)
                assert convert is not None
                by_kind["array" if member.kind != "object" else "object"] = convert
        return _UnionDecoder(by_kind, literals)


def _identity(value: Any) -> Any:
    return value


def _array(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Malformed(f"not an array: {value!r:.80}")
    return value


def _object(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise Malformed(f"not an object: {value!r:.80}")
    return value


class _UnionDecoder:
    def __init__(self, by_kind: Mapping[str, Decoder], literals: Mapping[str, frozenset[object]]):
        self.by_kind = dict(by_kind)
        self.literals = dict(literals)

    def __call__(self, value: Any) -> Any:
        kind = "array" if type(value) is list else "object" if type(value) is dict else None
        if kind is None:
            kind = _JSON_KINDS.get(type(value))
            if kind is None:
                raise Malformed(f"unexpected value {value!r:.80}")
            allowed = self.literals.get(kind)
            if allowed is not None and value in allowed:
                return value
            if kind == "str" and "text" in self.by_kind:
                return self.by_kind["text"](value)
        convert = self.by_kind.get(kind)
        if convert is None and kind == "int":  # a whole number in a float field
            convert = self.by_kind.get("float")
        if convert is None:
            raise Malformed(f"unexpected value {value!r:.80}")
        return convert(value)


def _as_is(shape: _Shape) -> bool:
    """Whether a value of ``shape`` is its JSON value (a scalar)."""
    return shape.kind == "leaf" and shape.model is None


@cache
def _generated(model: type[BaseModel]) -> Callable[[_Reader], Decoder]:
    """``bind(reader) -> decode(row)``, compiled once per view class: ``decode`` builds the
    instance from its array, each field read as is or through its converter, with what
    validation would set beside (every field counted as set, the private attributes'
    defaults)."""
    fields = _fields(model)
    if not all(name.isidentifier() for name, _shape in fields):
        raise TypeError(f"{model.__name__}: field names must be identifiers")
    body = ", ".join(
        f"{name!r}: r[{i}]" if _as_is(shape) else f"{name!r}: c{i}(r[{i}])"
        for i, (name, shape) in enumerate(fields)
    )
    private = model.__private_attributes__
    function = [
        "    def decode(r):",
        "        if type(r) not in rows or len(r) != size:",
        "            raise Malformed(name + ': not an array of its fields')",
        "        o = new(model)",
        f"        setattr_(o, '__dict__', {{{body}}})",
        "        setattr_(o, '__pydantic_fields_set__', fields_set)",
        "        setattr_(o, '__pydantic_extra__', None)",
        f"        setattr_(o, '__pydantic_private__', {'dict(private)' if private else 'None'})",
        "        return o",
    ]
    names: dict[str, Any] = {
        "size": len(fields),
        "new": _new,
        "setattr_": _set,
        "fields_set": {name for name, _shape in fields},
        "Malformed": Malformed,
        "rows": (list, tuple),
        "private": {name: attr.get_default() for name, attr in private.items()},
    }
    bind: Callable[[_Reader], Decoder] = _binder(model, "reader", "decode", function, names)
    return bind


def _parsed(document: str | bytes, keys: frozenset[str]) -> tuple[_Reader, dict[str, Any]]:
    """The document's JSON, with its sources decoded into a reader's table (raises
    Malformed, ValueError... when it is not a document of this layout with ``keys``)."""
    data = from_json(document)
    if type(data) is not dict or data.get("format") != FORMAT or data.keys() != keys:
        raise Malformed("not a document of this layout")
    reader = _Reader()
    decode_source = reader.model(Source)
    columns = _array(data["sources"])
    if len(columns) != len(_fields(Source)):
        raise Malformed("not a table of sources")
    rows = zip(*map(_array, columns), strict=True)
    reader.sources.extend(map(decode_source, rows))
    return reader, data


_SUMMARY_KEYS = frozenset({"format", "sections", "sources", "state"})
_SECTION_KEYS = frozenset({"format", "section", "sources", "value"})
_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


def decode_summary(document: str | bytes) -> Summary | None:
    """The summary a document of this layout holds (its state's sections empty); None when
    it is not such a document."""
    with collector_paused():
        try:
            reader, data = _parsed(document, _SUMMARY_KEYS)
            state = reader.model(NegotiationState)(data["state"])
            refs = _object(data["sections"])
            if refs.keys() != set(SECTIONS):
                return None
            sections = {path: _section_ref(refs[path]) for path in SECTIONS}
        except _ERRORS:
            return None
    if type(state) is not NegotiationState:
        return None
    return Summary(state, sections)


def _section_ref(value: Any) -> SectionRef:
    digest, count, size = _array(value)
    if type(digest) is not str or len(digest) != 64 or type(count) is not int:
        raise Malformed(f"not a section's reference: {value!r:.80}")
    if type(size) is not int:
        raise Malformed(f"not a section's reference: {value!r:.80}")
    return SectionRef(digest, count, size)


def decode_section(path: str, document: str | bytes) -> tuple[Any] | None:
    """``(value,)``: the value of the section ``path`` a document of this layout holds; None
    when it is not that section's document."""
    shape = _section_shape(path)
    with collector_paused():
        try:
            reader, data = _parsed(document, _SECTION_KEYS)
            if data["section"] != path:
                return None
            convert = reader.converter(shape) or _identity
            value = convert(data["value"])
        except _ERRORS:
            return None
    return (value,)


def holder_of(state: NegotiationState, path: str) -> tuple[Any, str]:
    """The view that holds section ``path`` in ``state`` and the field's name."""
    _model, owner, name = _owner_and_name(path)
    return (getattr(state, owner) if owner else state), name


def decode_state(summary: str | bytes, sections: Mapping[str, str]) -> NegotiationState | None:
    """The whole state a summary and its sections' documents (by path) hold, every section
    decoded now and checked against the SHA-256 the summary gives for it; None when any of
    them is missing, not its document or not of this layout."""
    found = decode_summary(summary)
    if found is None:
        return None
    state = found.state
    for path, ref in found.sections.items():
        document = sections.get(path)
        if document is None or sha256_text(document) != ref.sha256:
            return None
        value = decode_section(path, document)
        if value is None:
            return None
        holder, name = holder_of(state, path)
        holder.__dict__[name] = value[0]  # a fresh view: its field is replaced in place
    return state
