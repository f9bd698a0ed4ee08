"""Validation errors shared by the domain, services and UI.

A ``ValidationError`` carries one or more ``FieldError``s so a form can mark every bad field at
once (一次性告知: tell the citizen everything missing in one go). Messages are Simplified Chinese
and shown to users as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; ``message`` is user-facing Chinese text."""

    field: str
    message: str


class ValidationError(ValueError):
    """One or more field errors; ``str()`` joins the messages with "；"."""

    errors: list[FieldError]

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors)

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        """An error about a single field."""
        return cls([FieldError(field, message)])

    @property
    def by_field(self) -> dict[str, str]:
        """First message for each field, in the order the fields first appear."""
        result: dict[str, str] = {}
        for error in self.errors:
            result.setdefault(error.field, error.message)
        return result

    @property
    def messages(self) -> list[str]:
        """All messages, in order."""
        return [error.message for error in self.errors]

    def __str__(self) -> str:
        return "；".join(self.messages)

    def __repr__(self) -> str:
        return f"ValidationError({self.errors!r})"
