"""The instance slots pydantic declares on ``BaseModel``, set directly: what validation sets,
for the values the fold builds by the ten thousand from data it has already checked (views,
world dates). ``object.__setattr__`` finds the same setters after a lookup through the
class; a :class:`timeline.domain.deferred.Deferrable` view's ``__dict__`` property sets the
same slot."""

from __future__ import annotations

from pydantic import BaseModel

new_model = object.__new__
"""A model's ``__new__`` (pydantic's models define none; ``model.__new__`` looks it up)."""

set_dict, set_fields_set, set_extra, set_private = (
    BaseModel.__dict__[name].__set__
    for name in (
        "__dict__",
        "__pydantic_fields_set__",
        "__pydantic_extra__",
        "__pydantic_private__",
    )
)
