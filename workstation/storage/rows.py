"""Complete rows for SQLAlchemy Core inserts, with the defaults the SQLModel fields declare.

Services write new records with Core (one ``INSERT`` each, no ORM unit of work: ~30 µs a row
instead of ~180 µs for an ORM add and flush). :func:`new_row` gives such an insert every
column: the values passed, and for the rest the field's default or default factory (a fresh
UUID, the current time, an empty list), exactly as constructing the model would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlmodel import SQLModel

_Default = tuple[str, Any, Callable[[], Any] | None]


@cache
def _columns(model: type[SQLModel]) -> tuple[frozenset[str], frozenset[str], tuple[_Default, ...]]:
    """(all columns, required columns, (name, default, factory) of the others) of a table."""
    table = model.__table__  # type: ignore[attr-defined]
    names = frozenset(table.c.keys())
    required: set[str] = set()
    defaults: list[_Default] = []
    for name, info in model.model_fields.items():
        if name not in names:
            continue
        if info.default_factory is not None:
            defaults.append((name, None, info.default_factory))  # type: ignore[arg-type]
        elif info.default is not PydanticUndefined:
            defaults.append((name, info.default, None))
        else:
            required.add(name)
    return names, frozenset(required), tuple(defaults)


def new_row(model: type[SQLModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """Every column of a new ``model`` row: ``values`` plus the field defaults.

    Unknown or missing required columns are programming errors and raise ``TypeError``.
    """
    names, required, defaults = _columns(model)
    unknown = values.keys() - names
    missing = required - values.keys()
    if unknown or missing:
        raise TypeError(f"{model.__name__}: unknown columns {sorted(unknown)}, "
                        f"missing {sorted(missing)}")
    row = dict(values)
    for name, default, factory in defaults:
        if name not in row:
            row[name] = factory() if factory is not None else default
    return row
