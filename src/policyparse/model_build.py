"""Models built from values this package made itself, without pydantic validation.

The structure stage builds a few dozen ``Clause``, ``Task`` and ``Meta`` objects per document
from values of the declared types; validating them again cost more than building them, and
``model_construct`` (pydantic 2.x) is slower still. ``built`` does what ``model_construct`` does
for a complete field dict. ``tests/test_model_build.py`` checks that each such model equals its
validated twin (fields, JSON, ``model_fields_set``), so a pydantic change that breaks this fails
there first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from pydantic import BaseModel

_new_instance = object.__new__
_set_slot = object.__setattr__  # pydantic's own way round its validating __setattr__
_M = TypeVar("_M", bound=BaseModel)


def built(model: type[_M], fields: dict[str, Any], given: Iterable[str] | None = None) -> _M:
    """``model.model_construct(**fields)`` without its per-field loop, for ``fields`` built here:
    every field of the model in declared order (see ``with_defaults``), each of its declared
    type; ``given``: the fields the caller set (``model_fields_set``), all by default.
    Validation cost more than the building: the header, the clause tree and the tasks are
    built this way, and tests check they equal the validated models."""
    instance = _new_instance(model)
    _set_slot(instance, "__dict__", fields)
    _set_slot(instance, "__pydantic_fields_set__", set(fields if given is None else given))
    _set_slot(instance, "__pydantic_extra__", None)
    _set_slot(instance, "__pydantic_private__", None)
    return instance


def with_defaults(model: type[BaseModel], fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` completed with the model's defaults (a fresh list or dict each), in declared order."""
    template, factories = _defaults(model)
    values = {**template, **fields}
    for name, factory in factories:
        if name not in fields:
            values[name] = factory()
    return values


@functools.cache
def _defaults(model: type[BaseModel]) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """Each field's default (None for a required field or a factory), and the default factories."""
    template: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    for name, info in model.model_fields.items():
        template[name] = None if info.default_factory or info.is_required() else info.default
        if info.default_factory:  # list / dict: none takes the validated data
            factories.append((name, cast(Callable[[], Any], info.default_factory)))
    return template, tuple(factories)
