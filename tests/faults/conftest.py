"""The fault tests run on a plain (unencrypted) station database.

Their child writer (``_writer.py``) and their checks (``_support.check_database``,
``test_disk_errors._snapshot``) open the file with the standard library's ``sqlite3``, and what
they prove — durability under SIGKILL, two writers, full disks — does not depend on the
encryption; encrypted files are covered by the storage and backup tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workstation.storage.engine import Database, open_database


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path, create=True)
    try:
        yield database
    finally:
        database.dispose()
