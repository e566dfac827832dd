"""Views whose large fields may be filled on first read: the same value, read when needed.

A persisted latest state (:mod:`timeline.projections.latest`) is stored as a small summary
and one document per large field (every proposal, position, figure...): decoding the whole
state of a large negotiation costs a second, its summary milliseconds. The views that hold
such fields (:class:`~timeline.domain.views.NegotiationState`, ``Agreement``,
``TerminationClause``, ``Status``) take the :class:`Deferrable` mixin, and the reader
:func:`defer` s their large fields: each is left out of the instance and filled by its
loader on first read.

Nothing can tell a deferred view from a complete one, because everything that reads a
pydantic model's fields in bulk reads its ``__dict__`` attribute: serialisation
(pydantic-core's serializer takes ``__dict__`` of every model it writes, the state's own
``model_dump_json`` and a state nested in another model alike), equality, ``repr``,
iteration, copies and pickling. The mixin makes ``__dict__`` a property that fills every
deferred field first, in the declared field order (the order serialisation follows), and
:meth:`Deferrable.__getattr__` fills one field when it is read by name (Python asks
``__getattr__`` only for a name the instance does not hold). Reading any other attribute
costs nothing more.

A loader is the reader's business (the domain does no I/O): it must return the field's
value, or raise, in which case the field stays deferred and the error reaches the reader.
Loaders run outside any lock of this module; two threads reading the same deferred field
at once may both run its loader, and the first value stored is kept. The loaders are kept
on the instance (a slot), so they live exactly as long as it does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

_INSTANCE_DICT = BaseModel.__dict__["__dict__"]
"""The attribute descriptor of a model instance's own ``__dict__`` (pydantic declares it
in ``BaseModel.__slots__``)."""

Loader = Callable[[], Any]
Batch = Callable[[tuple[str, ...]], Mapping[str, Any]]
"""Loads several deferred fields of one instance at once: their values by name."""


class _Deferred:
    """The fields of one instance still to load, and whether the instance's ``__dict__``
    must be put back in declared order (a field filled alone goes at its end)."""

    __slots__ = ("batch", "loaders", "reorder")

    def __init__(self, loaders: dict[str, Loader], batch: Batch | None) -> None:
        self.loaders = loaders
        self.batch = batch
        self.reorder = False


SLOT = "_deferred_"
"""The slot each deferrable view declares (``__slots__ = (SLOT,)``): its :class:`_Deferred`
while it has deferred fields, unset otherwise. Kept on the instance, not in a registry, so
that the loaders (and what they hold: a store) live exactly as long as the view."""

_LOCK = threading.Lock()


def _entry(instance: object) -> _Deferred | None:
    try:
        found: _Deferred | None = object.__getattribute__(instance, SLOT)
    except AttributeError:  # never deferred (the slot is unset)
        return None
    return found


class Deferrable:
    """Mixin of the views whose large fields a reader may :func:`defer` (see the module
    docstring). Place it before the pydantic base, and declare the slot:
    ``class Agreement(Deferrable, _View): __slots__ = ("_deferred_",)``.
    """

    __slots__ = ()

    def _complete_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _INSTANCE_DICT.__get__(self)
        entry = _entry(self)
        if entry is not None:
            _fill(self, entry, data)
        return data

    def _set_dict(self, value: dict[str, Any]) -> None:
        _INSTANCE_DICT.__set__(self, value)

    __dict__ = property(_complete_dict, _set_dict)

    def __getattr__(self, name: str) -> Any:
        entry = _entry(self)
        if entry is not None:
            loader = entry.loaders.get(name)
            if loader is not None:
                value = loader()
                with _LOCK:
                    data: dict[str, Any] = _INSTANCE_DICT.__get__(self)
                    if entry.loaders.pop(name, None) is not None:
                        data[name] = value
                        entry.reorder = True
                    return data[name]
        found: Any = super().__getattr__(name)  # type: ignore[misc]
        return found


def _fill(instance: Deferrable, entry: _Deferred, data: dict[str, Any]) -> None:
    """Load every deferred field of ``instance`` into ``data`` (its own ``__dict__``), in one
    batch when :func:`defer` was given one, put the fields back in declared order, and mark
    the instance complete."""
    pending = dict(entry.loaders)
    if entry.batch is not None and pending:
        loaded = dict(entry.batch(tuple(pending)))
    else:
        loaded = {name: loader() for name, loader in pending.items()}
    with _LOCK:
        for name in pending:
            if entry.loaders.pop(name, None) is not None:
                data[name] = loaded[name]
                entry.reorder = True
        if _entry(instance) is not entry or entry.loaders:
            return  # completed by another thread meanwhile, or deferred fields remain
        if entry.reorder:
            fields = type(instance).model_fields  # type: ignore[attr-defined]
            ordered = {name: data[name] for name in fields}
            data.clear()
            data.update(ordered)
        object.__delattr__(instance, SLOT)


def defer(
    instance: Deferrable, loaders: Mapping[str, Loader], *, batch: Batch | None = None
) -> None:
    """Leave the fields named by ``loaders`` out of ``instance`` until read: each is then
    what its loader returns, or, when every field is read at once (``__dict__``), what
    ``batch`` returns for the fields still deferred. ``instance`` must be fresh (nobody has
    read it yet) and hold every field; the values it holds for these fields are dropped."""
    if not loaders:
        return
    fields = type(instance).model_fields  # type: ignore[attr-defined]
    unknown = sorted(set(loaders) - set(fields))
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no fields {unknown}")
    data: dict[str, Any] = _INSTANCE_DICT.__get__(instance)
    with _LOCK:
        if _entry(instance) is not None:
            raise ValueError("the instance already has deferred fields")
        for name in loaders:
            data.pop(name, None)
        object.__setattr__(instance, SLOT, _Deferred(dict(loaders), batch))


def deferred(instance: object) -> frozenset[str]:
    """The names of the fields of ``instance`` not loaded yet (empty for any other object)."""
    entry = _entry(instance)
    return frozenset(entry.loaders) if entry is not None else frozenset()


def loader_of(instance: object, name: str) -> Loader | None:
    """The loader of a field of ``instance`` not loaded yet; None once it is (or never was
    deferred)."""
    entry = _entry(instance)
    return entry.loaders.get(name) if entry is not None else None
