"""A directory "CSV" larger than its cap is refused before it is read: the command line and
the Providers page both go through ``import_providers_file``."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from workstation.services.context import Actor, ServiceError
from workstation.services.providers import import_providers_file, list_providers
from workstation.services.providers_csv import MAX_FILE_BYTES
from workstation.storage.engine import Database


def test_an_oversized_file_is_refused_without_reading_it(db: Database, actor: Actor,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "名录.csv"
    with open(path, "wb") as fh:
        fh.write("名称,类别\n".encode())
        fh.truncate(10 * MAX_FILE_BYTES)  # sparse: costs no disk
    before = list_providers(db)
    tracemalloc.start()
    try:
        with pytest.raises(ServiceError) as info:
            import_providers_file(db, actor, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"{MAX_FILE_BYTES >> 20} MB" in str(info.value) and "名录.csv" in str(info.value)
    assert peak < MAX_FILE_BYTES // 2, f"held {peak >> 20} MB to refuse the file"
    assert list_providers(db) == before


def test_a_file_just_at_the_cap_is_still_read(db: Database, actor: Actor,
                                              tmp_path: Path) -> None:
    row = "县法律援助中心,法律援助中心\r\n".encode()
    head = "名称,类别\r\n".encode()
    path = tmp_path / "名录.csv"
    pad = MAX_FILE_BYTES - len(head) - len(row)
    path.write_bytes(head + row + b"\n" * pad)  # blank lines
    assert path.stat().st_size == MAX_FILE_BYTES
    result = import_providers_file(db, actor, path)
    assert result.added == 1
