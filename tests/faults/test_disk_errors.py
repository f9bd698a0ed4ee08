"""Full or read-only target disk during sync export and printing to a file.

Promise tested (``workstation.sync.station.export`` docstring / docs/sync-bundle.md): the
bundle's sequence number is recorded *before* the file is written, so a failed write leaves
a recorded bundle without a file; it is superseded by the next export, which carries the same
unacknowledged changes. So after a failed export: a ``SyncError`` with a Chinese message, no
``.wsb`` (nor temp file) in the target folder, the records and change log untouched, and a
retry to a good folder exports every change.

Targets: a real tiny tmpfs, filled up or remounted read-only (needs root and ``mount``; else
skipped), and, everywhere, ``os.replace`` patched to fail with ENOSPC.

Backups onto such disks: ``test_backup_disk_errors.py`` (it reuses ``bad_target``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import run_workstation
from tests.sync.helpers import make_county
from workstation.county import service
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.storage.engine import Database, connect_raw
from workstation.sync import station as sync
from workstation.sync.errors import SyncError

from ._support import ADMIN_PASSWORD, ROOT, TEST_KEY

RECORD_TABLES = ("person", "consultation", "change_log", "mediation_case", "aid_referral")


def _mount(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                            capture_output=True)
    return result.returncode == 0


def _fill(path: Path) -> None:
    """Fill the filesystem at ``path`` to the last byte."""
    with open(path / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    # Flushing the rest of the buffer would fail too; the file stays as written.


@pytest.fixture(params=["full", "read_only"])
def bad_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A folder on a tiny tmpfs that is full or mounted read-only."""
    mnt = tmp_path / f"usb-{uuid.uuid4().hex[:6]}"
    if not _mount(mnt, "256k"):
        pytest.skip("needs root and mount to make a real full/read-only filesystem")
    try:
        target = mnt / "out"
        target.mkdir()
        if request.param == "full":
            with contextlib.suppress(OSError):
                _fill(mnt)
        else:
            subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        yield target
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _snapshot(path: Path) -> dict[str, list[Any]]:
    """The records and the record changes (audit entries, which also enter the change log to
    travel to the county, are left out: a failure is itself audited)."""
    conn = connect_raw(path, TEST_KEY)
    try:
        return {t: conn.execute(
            f"SELECT * FROM {t} WHERE table_name != 'audit_entry' ORDER BY rowid"
            if t == "change_log" else f"SELECT * FROM {t} ORDER BY rowid").fetchall()
                for t in RECORD_TABLES}
    finally:
        conn.close()


@pytest.fixture
def linked(db: Database, actor: Actor, make: Any, tmp_path: Path) -> Database:
    county = make_county(tmp_path / "county.db")
    try:
        sync.set_county_key(db, actor, service.county_public_key(county))
    finally:
        county.dispose()
    for i in range(3):
        register_consultation(db, actor, make.consultation(make.person(10 + i)))
    return db


def _assert_failed_export_clean(db: Database, target: Path, before: dict[str, Any],
                                exc: SyncError, tmp_path: Path) -> None:
    assert re.search(r"[\u4e00-\u9fff]", str(exc)), str(exc)
    assert "无法写入数据包" in str(exc)
    assert [p.name for p in target.iterdir()] == [], "partial or temp file left behind"
    assert _snapshot(db.path) == before, "records or change log changed"
    conn = connect_raw(db.path, db.key)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    # The promise: the recorded-but-unwritten bundle is superseded by the next export,
    # which carries the same unacknowledged changes (and the audit entries written since).
    good = tmp_path / "good"
    good.mkdir()
    paths = sync.export(db, good)
    assert len(paths) == 1 and paths[0].stat().st_size > 0
    bundles = sync.list_bundles(db)
    assert bundles[-1].from_seq == bundles[0].from_seq
    assert bundles[-1].to_seq >= before["change_log"][-1][0]


def test_export_to_full_or_read_only_disk(linked: Database, bad_target: Path,
                                          tmp_path: Path) -> None:
    before = _snapshot(linked.path)
    with pytest.raises(SyncError) as info:
        sync.export(linked, bad_target)
    _assert_failed_export_clean(linked, bad_target, before, info.value, tmp_path)


def test_export_when_rename_fails_with_enospc(linked: Database, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Portable variant: the temp file is written, then the final step fails."""
    target = tmp_path / "usb"
    target.mkdir()

    def full(*_args: Any, **_kw: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = _snapshot(linked.path)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full)
        with pytest.raises(SyncError) as info:
            sync.export(linked, target)
    _assert_failed_export_clean(linked, target, before, info.value, tmp_path)


# --- printing to a file ------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen",
               WORKSTATION_USER="admin", WORKSTATION_PASSWORD=ADMIN_PASSWORD)
    return run_workstation(args, env=env, cwd=ROOT)


def test_print_to_full_or_read_only_disk(linked: Database, bad_target: Path) -> None:
    """Regression: on a read-only disk the cleanup unlink of the never-created .part raised
    EROFS and the user got a Traceback (found by this test, fixed in cli/main.py)."""
    conn = connect_raw(linked.path, linked.key)
    number = conn.execute("SELECT number FROM consultation ORDER BY seq LIMIT 1").fetchone()[0]
    conn.close()
    before = _snapshot(linked.path)
    out = bad_target / "receipt.pdf"
    result = _cli("print", "consultation_receipt", "--record", number, "--out", str(out),
                  "--db", str(linked.path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "无法写入文件" in result.stderr, result.stderr
    assert list(bad_target.iterdir()) == [], "partial PDF or .part file left behind"
    assert _snapshot(linked.path) == before
