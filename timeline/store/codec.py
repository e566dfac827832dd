"""The event codec: events to (type, schema_version, JSON payload, metadata JSON) and back.

Every stored row names its type, so decoding dispatches on that column to the validator of
the one model :data:`timeline.domain.events.EVENT_MODELS` registers for it (the same models
as the discriminated union :data:`timeline.domain.events.Event`, without the union's search
for the tag inside the JSON: a quarter of the decoding time). A payload whose own ``type``
disagrees with its row is invalid. A row written with an older ``schema_version`` is first
passed through the upcasters registered for ``(type, version)``, one version step at a time,
then validated against the current model.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from timeline.domain.envelope import EventMetadata, NewEvent, RecordedEvent
from timeline.domain.events import EVENT_MODELS, UNASSIGNED, DomainEvent, Event
from timeline.errors import InvalidPayloadError, UnknownEventTypeError

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns a payload of version ``v`` (as a dict) into the payload of version ``v + 1``."""

EVENT_ADAPTER: TypeAdapter[DomainEvent] = TypeAdapter(Event)
"""The discriminated union of every event model, for JSON whose type is known only from
inside it (stored rows name their type: the codec dispatches on that instead)."""

Validator = Callable[[str | bytes], DomainEvent]

_VALIDATORS: dict[str, Validator] = {
    name: model.__pydantic_validator__.validate_json for name, model in EVENT_MODELS.items()
}
"""Type name -> its model's core JSON validator (without the model's Python wrapper)."""

_METADATA_ADAPTER: TypeAdapter[EventMetadata] = TypeAdapter(EventMetadata)
_NO_METADATA = EventMetadata()
_DEFAULT_METADATA = NewEvent.model_fields["metadata"].default
_ENVELOPE_FIELDS = set(RecordedEvent.model_fields)
_new_object = object.__new__
_set_attribute = object.__setattr__


def _construct_validated(values: dict[str, Any]) -> RecordedEvent:
    return RecordedEvent.model_validate(values)


_FIELDS_SET = set(_ENVELOPE_FIELDS)
"""The fields set of every envelope the store builds: all of them, shared (pydantic copies a
model's fields set before changing it, in ``model_copy``; nothing changes it in place)."""


def _construct_trusted(values: dict[str, Any]) -> RecordedEvent:
    """What ``model_construct`` does, without its per-field defaults machinery (3x faster).

    Only for values the store itself produced; checked against ``model_validate`` at import.
    """
    envelope = _new_object(RecordedEvent)
    _set_attribute(envelope, "__dict__", values)
    _set_attribute(envelope, "__pydantic_fields_set__", _FIELDS_SET)
    _set_attribute(envelope, "__pydantic_extra__", None)
    _set_attribute(envelope, "__pydantic_private__", None)
    return envelope


def _pick_envelope_constructor() -> Callable[[dict[str, Any]], RecordedEvent]:
    sample = {
        "position": 1,
        "stream_id": "s",
        "stream_version": 1,
        "event_id": UUID(int=1),
        "recorded_at": datetime(2020, 1, 1, tzinfo=UTC),
        "event": EVENT_ADAPTER.validate_python(
            {
                "type": "event_retracted",
                "retracted_event_id": str(UUID(int=2)),
                "negotiation": "n",
                "article_id": "a",
                "reason": "r",
                "extractor_version": "1",
            }
        ),
        "metadata": _NO_METADATA,
    }
    try:
        fast = _construct_trusted(dict(sample))
        slow = _construct_validated(dict(sample))
        if fast == slow and fast.model_dump() == slow.model_dump() and hash(fast) == hash(slow):
            return _construct_trusted
    except Exception:  # a pydantic whose internals differ: fall back to validation
        pass
    return _construct_validated


_construct_envelope = _pick_envelope_constructor()


class EncodedEvent(NamedTuple):
    """An event as the store writes it.

    Invariant: ``payload`` is the JSON of the event including its ``type`` and without
    null fields; ``metadata`` is None when the event has no metadata.
    """

    event_id: UUID
    type: str
    schema_version: int
    payload: str
    metadata: str | None


def utc(moment: datetime) -> datetime:
    """The same instant as an aware UTC datetime; a naive datetime is taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _first_error(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    if first["loc"] == ("type",) and first["type"] == "literal_error":
        return f"the payload says type {first['input']!r}"
    where = ".".join(str(part) for part in first["loc"]) or "payload"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


RawRow = Sequence[Any]
"""A stored row in the column order of the ``events`` table: ``(position, stream key,
stream_version, event_id, recorded_at, type, schema_version, payload, metadata)``."""


def _typed(event: DomainEvent, type_name: str, position: int | None) -> DomainEvent:
    """The event, when its payload named its type (a model's default does not count)."""
    if "type" not in event.__pydantic_fields_set__:
        raise InvalidPayloadError(
            type_name, "the payload does not name its type", position=position
        )
    return event


def _checked(
    validate: Validator, type_name: str, payload: str | bytes, position: int | None
) -> DomainEvent:
    """``validate(payload)``, its errors as InvalidPayloadError naming type and position."""
    try:
        event = validate(payload)
    except ValidationError as error:
        raise InvalidPayloadError(type_name, _first_error(error), position=position) from error
    return _typed(event, type_name, position)


class Codec:
    """Encodes events for the store and decodes stored rows back into models.

    Invariants: ``decode_event(*encode(e))`` equals ``e.event`` for every event model;
    upcasters are keyed by ``(type, from_version)`` and each raises the version by one.
    A codec is immutable: :meth:`with_upcaster` returns a new one.
    """

    def __init__(self, upcasters: Mapping[tuple[str, int], Upcaster] | None = None) -> None:
        self._upcasters: dict[tuple[str, int], Upcaster] = dict(upcasters or {})
        self._versions: dict[str, int] = {
            name: model.schema_version for name, model in EVENT_MODELS.items()
        }
        self._current: dict[tuple[str, int], Validator] = {
            (name, self._versions[name]): validate for name, validate in _VALIDATORS.items()
        }

    def with_upcaster(self, type_name: str, from_version: int, upcaster: Upcaster) -> Codec:
        """A codec that also upcasts ``type_name`` payloads from ``from_version``."""
        if type_name not in self._versions:
            raise UnknownEventTypeError(type_name, known=self._versions)
        return Codec({**self._upcasters, (type_name, from_version): upcaster})

    def current_version(self, type_name: str) -> int:
        """The schema version the code's model of ``type_name`` has."""
        try:
            return self._versions[type_name]
        except KeyError:
            raise UnknownEventTypeError(type_name, known=self._versions) from None

    def encode(self, new: NewEvent) -> EncodedEvent:
        """The stored form of an event; refuses a model that is not a registered event."""
        event = new.event
        model = type(event)
        if EVENT_MODELS.get(event.type) is not model:
            raise UnknownEventTypeError(event.type, known=self._versions)
        metadata = new.metadata
        # Every nullable field defaults to None (a test guards it), so equal field values
        # mean the default metadata, stored as NULL.
        empty = metadata is _DEFAULT_METADATA or metadata.__dict__ == _NO_METADATA.__dict__
        return EncodedEvent(
            new.event_id,
            event.type,
            model.schema_version,
            model.__pydantic_serializer__.to_json(event, exclude_none=True).decode(),
            None if empty else metadata.model_dump_json(exclude_none=True),
        )

    def decode_event(
        self,
        type_name: str,
        schema_version: int,
        payload: str | bytes,
        *,
        position: int | None = None,
    ) -> DomainEvent:
        """The current model of a stored payload, upcast first when it is older."""
        validate = self._current.get((type_name, schema_version))
        if validate is not None:
            return _checked(validate, type_name, payload, position)
        current = self._versions.get(type_name)
        if current is None:
            raise UnknownEventTypeError(type_name, position=position, known=self._versions)
        data = self._upcast(type_name, schema_version, current, payload, position)
        try:
            event = EVENT_MODELS[type_name].model_validate(data)
        except ValidationError as error:
            raise InvalidPayloadError(type_name, _first_error(error), position=position) from error
        return _typed(event, type_name, position)

    def decode_metadata(
        self, metadata: str | bytes | None, *, position: int | None = None
    ) -> EventMetadata:
        """The metadata of a stored row (the shared empty metadata when there is none)."""
        if metadata is None:
            return _NO_METADATA
        try:
            return _METADATA_ADAPTER.validate_json(metadata)
        except ValidationError as error:
            raise InvalidPayloadError("metadata", _first_error(error), position=position) from error

    def recorded(
        self,
        position: int,
        stream_id: str,
        stream_version: int,
        event_id: UUID,
        recorded_at: datetime,
        type_name: str,
        schema_version: int,
        payload: str | bytes,
        metadata: str | bytes | None,
    ) -> RecordedEvent:
        """A stored row as a RecordedEvent; the envelope's fields are trusted store values."""
        return _construct_envelope(
            {
                "position": position,
                "stream_id": stream_id,
                "stream_version": stream_version,
                "event_id": event_id,
                "recorded_at": recorded_at,
                "event": self.decode_event(type_name, schema_version, payload, position=position),
                "metadata": self.decode_metadata(metadata, position=position),
            }
        )

    def recorded_rows(
        self,
        rows: Iterable[RawRow],
        stream_ids: Mapping[Any, str] | None,
        event_ids: Iterable[UUID],
        recorded_at: Iterable[datetime],
    ) -> Iterator[RecordedEvent]:
        """Stored rows as RecordedEvents, one at a time: the store's hot read path.

        ``stream_ids`` maps each row's stream key to its stream id (None: the rows hold the
        stream id itself); ``event_ids`` and ``recorded_at`` hold each row's id and time,
        already converted by the store (the row's own columns 3 and 4 are not read). Every
        payload is validated, with the same errors as :meth:`recorded`. The envelope is built
        inline (a function call per event costs a tenth of the loop); events are yielded one
        at a time, since a list of a batch's models keeps the cyclic GC busy.
        """
        current = self._current
        no_metadata = _NO_METADATA
        trusted = _construct_envelope is _construct_trusted
        new, set_attribute, model, fields = _new_object, _set_attribute, RecordedEvent, _FIELDS_SET
        for row, event_id, moment in zip(rows, event_ids, recorded_at, strict=True):
            position, key, version, _, _, type_name, schema_version, payload, metadata = row
            validate = current.get((type_name, schema_version))
            if validate is None:  # an unknown type, or an older version to upcast
                event = self.decode_event(type_name, schema_version, payload, position=position)
            else:
                try:
                    event = validate(payload)
                except ValidationError as error:
                    detail = _first_error(error)
                    raise InvalidPayloadError(type_name, detail, position=position) from error
                if "type" not in event.__pydantic_fields_set__:
                    _typed(event, type_name, position)  # raises: the payload names no type
            values = {
                "position": position,
                "stream_id": key if stream_ids is None else stream_ids[key],
                "stream_version": version,
                "event_id": event_id,
                "recorded_at": moment,
                "event": event,
                "metadata": no_metadata
                if metadata is None
                else self.decode_metadata(metadata, position=position),
            }
            if trusted:  # _construct_trusted, inlined
                envelope = new(model)
                set_attribute(envelope, "__dict__", values)
                set_attribute(envelope, "__pydantic_fields_set__", fields)
                set_attribute(envelope, "__pydantic_extra__", None)
                set_attribute(envelope, "__pydantic_private__", None)
                yield envelope
            else:
                yield _construct_envelope(values)

    def _upcast(
        self,
        type_name: str,
        version: int,
        current: int,
        payload: str | bytes,
        position: int | None,
    ) -> dict[str, Any]:
        if version > current:
            raise InvalidPayloadError(
                type_name,
                f"schema_version {version} is newer than this code knows ({current}); "
                "upgrade timeline",
                position=position,
            )
        try:
            data: object = json.loads(payload)
        except ValueError as error:
            raise InvalidPayloadError(type_name, f"not JSON: {error}", position=position) from error
        if not isinstance(data, dict):
            raise InvalidPayloadError(type_name, "the payload is not an object", position=position)
        while version < current:
            upcaster = self._upcasters.get((type_name, version))
            if upcaster is None:
                raise InvalidPayloadError(
                    type_name,
                    f"no upcaster from schema_version {version} to {version + 1}",
                    position=position,
                )
            data = upcaster(data)
            version += 1
        return data


def _article_ingested_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 1 did not keep the front matter's ``negotiation``: it kept the catalog
    negotiation the hint or the text resolved to. That assignment stands in for the hint,
    so deriving the article again keeps it where it was filed (``unassigned`` is no hint).
    The knowledge it was derived with (``rules``, ``catalog``) is unknown: None."""
    upcast = dict(payload)
    negotiation = upcast.get("negotiation")
    if negotiation and negotiation != UNASSIGNED:
        upcast.setdefault("negotiation_hint", negotiation)
    return upcast


def _article_ingested_v2_to_v3(payload: dict[str, Any]) -> dict[str, Any]:
    """Version 2 kept the path the file was read from (``source_path``), a fact of one run:
    version 3 leaves it out, so ingests of the same files by other paths agree."""
    upcast = dict(payload)
    upcast.pop("source_path", None)
    return upcast


UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("article_ingested", 1): _article_ingested_v1_to_v2,
    ("article_ingested", 2): _article_ingested_v2_to_v3,
}
"""The upcasters the code ships, keyed by ``(type, from_version)``.

When an event model's payload changes: bump its ``schema_version`` and add here a function
turning the old payload (a dict) into the new one, e.g.
``("proposal_made", 1): _proposal_made_v1_to_v2``. Stored rows are never rewritten.
"""

DEFAULT_CODEC = Codec(UPCASTERS)
"""The codec with every upcaster the code ships."""


_UUID_LIST: Any = TypeAdapter(list[UUID]).validator.validate_python


def parse_uuids(values: list[Any]) -> list[UUID]:
    """``[UUID(str(v)) for v in values]`` in one call into pydantic-core (4x faster).

    Takes hex strings with or without dashes, and UUIDs (kept as they are).
    """
    return _UUID_LIST(values)  # type: ignore[no-any-return]
