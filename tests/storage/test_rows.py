"""Rows for Core inserts get every column: the values given plus the model's defaults."""

from __future__ import annotations

from datetime import datetime

import pytest

from workstation.storage.models import AidReferral, AuditEntry, Person
from workstation.storage.rows import new_row


def test_defaults_and_factories_fill_the_rest() -> None:
    row = new_row(Person, {"station_id": "s", "name": "张三"})
    assert set(row) == set(Person.__table__.c.keys())
    assert len(row["id"]) == 36 and row["version"] == 1
    assert isinstance(row["created_at"], datetime) and row["created_at"].tzinfo is not None
    assert row["special_groups"] == [] and row["ethnicity"] == "" and row["sex"] is None
    other = new_row(Person, {"station_id": "s", "name": "李四"})
    assert other["id"] != row["id"]
    assert other["special_groups"] is not row["special_groups"]  # a fresh list each time


def test_given_values_win() -> None:
    row = new_row(AuditEntry, {"action": "x", "detail": "d", "id": None})
    assert (row["action"], row["detail"], row["record_id"], row["id"]) == ("x", "d", "", None)


def test_unknown_or_missing_columns_are_programming_errors() -> None:
    with pytest.raises(TypeError, match="nmae"):
        new_row(Person, {"station_id": "s", "nmae": "张三", "name": "x"})
    with pytest.raises(TypeError, match="facts"):
        new_row(AidReferral, {"station_id": "s"})
