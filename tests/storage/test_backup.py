"""Backup files and restoring them (storage level): consistent online copies, verified files,
refusal of damaged backups with the station untouched, exact restores, keys from another PC,
and a swap that a crash cannot leave half-done."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.backup_support import (
    add_consultations,
    extract_db,
    flip,
    member_offset,
    record_ids,
    station_files,
)
from tests.conftest import TEST_KEY
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.storage.backup import archive, snapshot
from workstation.storage.backup import restore as restore_mod
from workstation.storage.backup.create import make_backup
from workstation.storage.backup.errors import BackupCancelled, BackupError, NeedsSecret
from workstation.storage.backup.journal import journal_path
from workstation.storage.backup.restore import (
    RestoreSecret,
    apply_restore,
    prepare_restore,
)
from workstation.storage.engine import Database, connect_raw, open_database
from workstation.storage.keyslots import KeyFile, keyfile_path, new_data_key
from workstation.storage.migrate import head_revision

OTHER_KEY = bytes(range(100, 132))
PASSWORD = "correct-horse-1"
CODE = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def keyed(db: Database, actor: Actor) -> Database:
    """The station with a key file for its data key (admin password and recovery code)."""
    KeyFile.create(keyfile_path(db.path), TEST_KEY, username="admin", password=PASSWORD,
                   recovery_code=CODE).save()
    return db


def _restore(db: Database, backup: Path, **kw: Any) -> Path | None:
    prepared = prepare_restore(db.path, db.key, backup, **kw)
    db.dispose()
    return apply_restore(prepared, db.key)


# --- the backup file -----------------------------------------------------------------------------


def test_backup_file_is_one_verified_zip_with_manifest(keyed: Database, make: Any, out: Path
                                                       ) -> None:
    actor_ids = add_consultations(keyed, _admin(keyed), make, 3)
    made = make_backup(keyed.path, keyed.key, out)
    assert made.path.parent == out and made.path.suffix == ".wsbak"
    assert archive.parse_backup_name(made.path.name) is not None
    assert "海港镇公共法律服务工作站" in made.path.name and "130302100000" in made.path.name
    assert sorted(p.name for p in out.iterdir()) == [made.path.name]  # no temp file left
    with zipfile.ZipFile(made.path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        assert set(infos) == {"station.db", "station.db.keys", "manifest.json"}
        assert all(i.compress_type == zipfile.ZIP_STORED for i in infos.values())
        raw = json.loads(zf.read("manifest.json"))
        assert zf.read("station.db.keys") == keyfile_path(keyed.path).read_bytes()
    assert raw["station_name"] == "海港镇公共法律服务工作站"
    assert raw["schema_revision"] == head_revision() and raw["encrypted"] is True
    assert raw["counts"]["consultation"] == len(actor_ids)
    assert raw["files"]["station.db"]["size"] == raw["page_count"] * raw["page_size"]
    assert archive.verify_archive(made.path).station_id == made.manifest.station_id


def _admin(db: Database) -> Actor:
    from workstation.services.printing import first_admin

    return first_admin(db)


def test_backup_reports_progress_and_cancel_leaves_nothing(
        db: Database, actor: Actor, make: Any, out: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    monkeypatch.setattr(snapshot, "PAGES_PER_STEP", 2)
    add_consultations(db, actor, make, 5)
    seen: list[tuple[int, int]] = []
    make_backup(db.path, db.key, out, progress=lambda d, t: seen.append((d, t)))
    assert len(seen) > 10 and seen[-1] == (1000, 1000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    def cancel_half_way(done: int, total: int) -> bool:
        return done < 200

    with pytest.raises(BackupCancelled) as info:
        make_backup(db.path, db.key, out, progress=cancel_half_way)
    assert _has_cjk(str(info.value))
    assert len(list(out.iterdir())) == 1  # only the first backup
    assert not [p for p in db.path.parent.iterdir() if ".backup-" in p.name]


def test_backup_while_another_thread_writes_is_consistent(
        db: Database, actor: Actor, make: Any, out: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every record committed before the copy started is in it, none committed after it was
    finished, the copy passes integrity_check — while a writer commits between its steps."""
    add_consultations(db, actor, make, 20)
    monkeypatch.setattr(snapshot, "PAGES_PER_STEP", 1)
    writer_db = open_database(db.path, key=db.key)
    committed: list[str] = []
    stop = threading.Event()
    wrote = threading.Semaphore(0)

    def write() -> None:
        i = 0
        while not stop.is_set():
            committed.append(register_consultation(
                writer_db, actor, make.consultation(make.person(100 + i % 300, "李四"))))
            wrote.release()
            i += 1

    before = record_ids(db.path, db.key)["consultation"]
    thread = threading.Thread(target=write)
    thread.start()
    steps = 0

    def progress(done: int, total: int) -> None:
        nonlocal steps
        steps += 1
        if steps in (2, 5, 9):  # let the writer commit while the copy is under way
            assert wrote.acquire(timeout=30)

    try:
        made = make_backup(db.path, db.key, out, progress=progress)
    finally:
        stop.set()
        thread.join()
        writer_db.dispose()
    copy = extract_db(made.path, tmp_path / "copy.db")
    conn = connect_raw(copy, TEST_KEY)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    in_copy = {r[0] for r in conn.execute("SELECT id FROM consultation")}
    n_log, max_seq = conn.execute("SELECT count(*), max(seq) FROM change_log").fetchone()
    conn.close()
    assert set(before) <= in_copy
    assert len(committed) >= 3
    after_all = set(record_ids(db.path, db.key)["consultation"])
    assert in_copy <= after_all and in_copy != after_all  # a snapshot, not the end state
    assert n_log == max_seq  # change log without gaps: no half transaction copied
    # The writes the copy holds are exactly a prefix of the writer's commits.
    got = [i for i in committed if i in in_copy]
    assert got == committed[:len(got)]


def test_backup_while_another_process_writes_is_consistent(
        tmp_path: Path, make: Any, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import ADMIN_PASSWORD, TEST_KEY, valid_setup
    from tests.faults._support import Child, check_database
    from workstation.services.security import seal_new_station
    from workstation.services.stations import init_station

    path = tmp_path / "station.db"  # the child logs in with the admin's key slot
    station = open_database(path, key=TEST_KEY, create=True)
    add_consultations(station, init_station(station, valid_setup()), make, 5)
    seal_new_station(station, "admin", ADMIN_PASSWORD)
    station.dispose()
    child = Child(path, "P")
    try:
        assert child.ready.wait(60)
        while len(child.saved()) < 10:
            child.ready.wait(0.05)
        saved_before = child.saved()
        monkeypatch.setattr(snapshot, "PAGES_PER_STEP", 1)
        during: list[int] = []

        def progress(done: int, total: int) -> None:
            if len(during) < 3 and done < total:
                target = len(child.saved()) + 1
                while len(child.saved()) < target:  # the child commits during the copy
                    child.ready.wait(0.01)
                during.append(target)

        made = make_backup(path, TEST_KEY, out, progress=progress)
    finally:
        child.proc.kill()
        child.finish()
    copy = extract_db(made.path, tmp_path / "copy.db")
    stored = check_database(copy, saved_before)  # integrity, no lost saves, no gaps
    assert stored >= 5 + len(saved_before)
    assert stored < 5 + len(child.saved())


# --- what a backup file reveals ------------------------------------------------------------------


def test_no_name_or_id_number_in_backup_files(keyed: Database, make: Any, out: Path,
                                              tmp_path: Path) -> None:
    name, number = "欧阳娜娜", make.resident_id(77, "female")
    register_consultation(keyed, _admin(keyed), make.consultation(
        make.person(77, name, "female")))
    made = make_backup(keyed.path, keyed.key, out)
    data = made.path.read_bytes()
    for needle in (name.encode("utf-8"), name.encode("utf-16-le"), number.encode("ascii")):
        assert needle not in data
    # The search itself works: a plain station's backup shows both.
    from tests.conftest import valid_setup
    from workstation.services.stations import init_station

    plain = open_database(tmp_path / "plain.db", create=True)
    try:
        register_consultation(plain, init_station(plain, valid_setup()),
                              make.consultation(make.person(77, name, "female")))
        plain_backup = make_backup(plain.path, None, out).path
    finally:
        plain.dispose()
    plain_data = plain_backup.read_bytes()
    assert name.encode("utf-8") in plain_data and number.encode("ascii") in plain_data


# --- refusing damaged backups --------------------------------------------------------------------


def _damaged(kind: str, good: Path, tmp_path: Path) -> Path:
    bad = tmp_path / f"bad-{kind}-130302100000-20260101-000000.wsbak"
    shutil.copyfile(good, bad)
    offset, size = member_offset(bad)
    if kind == "flipped_page":
        flip(bad, offset + size // 2)
    elif kind == "flipped_header":
        flip(bad, offset + 100, 4)
    elif kind == "truncated":
        with open(bad, "r+b") as fh:
            fh.truncate(bad.stat().st_size // 2)
    elif kind == "truncated_tail":
        with open(bad, "r+b") as fh:
            fh.truncate(bad.stat().st_size - 10)
    elif kind == "manifest":
        flip(bad, member_offset(bad, "manifest.json")[0] + 20, 2)
    elif kind == "not_zip":
        bad.write_bytes(b"SQLite format 3\0" + os.urandom(4096))
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "extra_member":
        with zipfile.ZipFile(bad, "a") as zf:
            zf.writestr("../evil.txt", "x")
    return bad


DAMAGES = ("flipped_page", "flipped_header", "truncated", "truncated_tail", "manifest",
           "not_zip", "empty", "extra_member")


@pytest.mark.parametrize("kind", DAMAGES)
def test_damaged_backup_is_refused_and_station_untouched(
        keyed: Database, make: Any, out: Path, tmp_path: Path, kind: str) -> None:
    add_consultations(keyed, _admin(keyed), make, 3)
    good = make_backup(keyed.path, keyed.key, out).path
    add_consultations(keyed, _admin(keyed), make, 2, first=50)
    bad = _damaged(kind, good, tmp_path)
    before_files = station_files(keyed.path)
    before_listing = sorted(p.name for p in keyed.path.parent.iterdir())
    with pytest.raises(BackupError) as info:
        prepare_restore(keyed.path, keyed.key, bad)
    assert _has_cjk(str(info.value)), str(info.value)
    assert station_files(keyed.path) == before_files  # byte-identical
    assert sorted(p.name for p in keyed.path.parent.iterdir()) == before_listing
    assert len(record_ids(keyed.path, keyed.key)["consultation"]) == 5


def _reseal(good: Path, tmp_path: Path, change: Any, **manifest_changes: Any) -> Path:
    """A backup whose database was altered by ``change(conn)`` and sealed with fresh hashes
    (damage that only the checks inside the database can find)."""
    copy = extract_db(good, tmp_path / "resealed.db")
    change(copy)
    with archive.open_archive(good) as (_zf, manifest):
        pass
    folder = tmp_path / "resealed"
    folder.mkdir()
    manifest = dataclasses.replace(manifest, **manifest_changes)
    path, _ = archive.write_archive(folder, good.name, copy, None, manifest)
    return path


def test_backup_with_a_corrupt_page_but_good_hashes_is_refused(
        keyed: Database, make: Any, out: Path, tmp_path: Path) -> None:
    add_consultations(keyed, _admin(keyed), make, 30)
    good = make_backup(keyed.path, keyed.key, out).path

    def corrupt(path: Path) -> None:
        page = 4096
        pages = path.stat().st_size // page
        flip(path, page * (pages - 2) + 200, 64)  # inside a late page; the header still opens

    bad = _reseal(good, tmp_path, corrupt)
    before = station_files(keyed.path)
    with pytest.raises(BackupError, match=r"损坏|无法"):
        prepare_restore(keyed.path, keyed.key, bad)
    assert station_files(keyed.path) == before


def test_backup_from_a_newer_program_is_refused(keyed: Database, out: Path, tmp_path: Path
                                                ) -> None:
    good = make_backup(keyed.path, keyed.key, out).path

    def newer(path: Path) -> None:
        conn = connect_raw(path, TEST_KEY)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.close()

    bad = _reseal(good, tmp_path, newer, schema_revision="9999")
    with pytest.raises(BackupError, match="更新版本"):
        prepare_restore(keyed.path, keyed.key, bad)


# --- restoring ----------------------------------------------------------------------------------


def test_restore_brings_back_exactly_the_backed_up_records(
        keyed: Database, make: Any, out: Path) -> None:
    admin = _admin(keyed)
    add_consultations(keyed, admin, make, 4)
    at_backup = record_ids(keyed.path, keyed.key)
    made = make_backup(keyed.path, keyed.key, out)
    add_consultations(keyed, admin, make, 3, first=60)
    before_restore = record_ids(keyed.path, keyed.key)
    keys_before = keyfile_path(keyed.path).read_bytes()

    prepared = prepare_restore(keyed.path, keyed.key, made.path)
    assert prepared.facts.counts["consultation"] == 4 and prepared.keyfile is None
    keyed.dispose()
    aside = apply_restore(prepared, keyed.key)

    assert record_ids(keyed.path, TEST_KEY) == at_backup
    assert aside is not None and record_ids(aside, TEST_KEY) == before_restore
    assert keyfile_path(keyed.path).read_bytes() == keys_before  # passwords of today stay
    assert keyfile_path(aside).read_bytes() == keys_before
    assert not journal_path(keyed.path).exists()
    leftovers = [p.name for p in keyed.path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    reopened = open_database(keyed.path, key=TEST_KEY)
    try:
        register_consultation(reopened, admin, make.consultation(make.person(90)))
    finally:
        reopened.dispose()


def test_restore_is_refused_while_another_program_has_the_database_open(
        keyed: Database, out: Path) -> None:
    made = make_backup(keyed.path, keyed.key, out)
    prepared = prepare_restore(keyed.path, keyed.key, made.path)
    other = connect_raw(keyed.path, TEST_KEY)  # a second window of the app
    other.execute("SELECT count(*) FROM person").fetchone()
    keyed.dispose()
    try:
        with pytest.raises(BackupError, match="其他程序使用"):
            apply_restore(prepared, keyed.key)
    finally:
        other.close()
    assert not journal_path(keyed.path).exists()
    assert not list(keyed.path.parent.glob("*before-restore*"))
    prepared.discard()


def test_restore_over_an_unreadable_database_keeps_it_aside(
        keyed: Database, make: Any, out: Path) -> None:
    add_consultations(keyed, _admin(keyed), make, 2)
    made = make_backup(keyed.path, keyed.key, out)
    keyed.dispose()
    broken = b"garbage" * 1000
    keyed.path.write_bytes(broken)
    prepared = prepare_restore(keyed.path, keyed.key, made.path)
    aside = apply_restore(prepared, keyed.key)
    assert aside is not None and aside.read_bytes() == broken
    assert len(record_ids(keyed.path, TEST_KEY)["consultation"]) == 2


def test_restore_onto_a_new_pc_needs_a_password_or_the_recovery_code(
        keyed: Database, make: Any, out: Path, tmp_path: Path) -> None:
    """Another PC: a fresh station with its own key, or no database at all."""
    add_consultations(keyed, _admin(keyed), make, 3)
    at_backup = record_ids(keyed.path, TEST_KEY)
    made = make_backup(keyed.path, keyed.key, out)
    keys_at_backup = keyfile_path(keyed.path).read_bytes()

    from tests.conftest import valid_setup
    from workstation.services.stations import init_station

    new_pc = tmp_path / "newpc"
    new_pc.mkdir()
    other_path = new_pc / "station.db"
    other = open_database(other_path, key=OTHER_KEY, create=True)
    init_station(other, valid_setup(station_name="新电脑上的站点"))
    before = station_files(other_path)
    with pytest.raises(NeedsSecret) as needs:
        prepare_restore(other_path, OTHER_KEY, made.path)
    assert "恢复码" in str(needs.value)
    for secret in (RestoreSecret("admin", "wrong-password"), RestoreSecret("nobody", PASSWORD),
                   RestoreSecret(recovery_code="AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")):
        with pytest.raises(NeedsSecret, match=r"错误|不正确"):
            prepare_restore(other_path, OTHER_KEY, made.path, secret=secret)
    assert station_files(other_path) == before

    prepared = prepare_restore(other_path, OTHER_KEY, made.path,
                               secret=RestoreSecret(recovery_code=CODE.lower()))
    assert prepared.key == TEST_KEY and prepared.keyfile == keys_at_backup
    assert prepared.notes
    other.dispose()
    aside = apply_restore(prepared, OTHER_KEY)
    assert record_ids(other_path, TEST_KEY) == at_backup
    assert keyfile_path(other_path).read_bytes() == keys_at_backup
    assert aside is not None and connect_raw(aside, OTHER_KEY).execute(
        "SELECT name FROM station").fetchone() == ("新电脑上的站点",)
    assert KeyFile.load(keyfile_path(other_path)).unlock("admin", PASSWORD) == TEST_KEY

    # A PC with no station database at all: the backup and a password are enough.
    empty = tmp_path / "empty" / "station.db"
    empty.parent.mkdir()
    prepared = prepare_restore(empty, None, made.path, secret=RestoreSecret("admin", PASSWORD))
    assert apply_restore(prepared, None) is None
    assert record_ids(empty, TEST_KEY) == at_backup


def test_plain_backup_restored_into_an_encrypted_station_is_encrypted(
        tmp_path: Path, make: Any, out: Path) -> None:
    from tests.conftest import valid_setup
    from workstation.services.stations import init_station

    path = tmp_path / "station.db"
    plain = open_database(path, create=True)
    add_consultations(plain, init_station(plain, valid_setup()), make, 2, name="欧阳娜娜")
    at_backup = record_ids(path, None)
    made = make_backup(path, None, out)
    plain.dispose()
    key = new_data_key()
    path.unlink()
    encrypted = open_database(path, key=key, create=True)
    init_station(encrypted, valid_setup())
    prepared = prepare_restore(path, key, made.path)
    assert prepared.key == key and prepared.notes
    encrypted.dispose()
    apply_restore(prepared, key)
    assert record_ids(path, key) == at_backup
    assert "欧阳娜娜".encode() not in path.read_bytes()


# --- crash safety of the swap --------------------------------------------------------------------


@pytest.mark.parametrize("done_steps", [0, 1, 2])
def test_swap_interrupted_after_the_journal_is_completed_on_next_open(
        keyed: Database, make: Any, out: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, done_steps: int) -> None:
    """A power cut after the journal was written, with 0, 1 or 2 of the renames done: the
    next open finishes the restore (key file and database together)."""
    add_consultations(keyed, _admin(keyed), make, 3)
    made = make_backup(keyed.path, keyed.key, out)
    # Restore it onto another station (two renames: key file and database).
    station_dir = tmp_path / "pc2"
    station_dir.mkdir()
    path = station_dir / "station.db"
    from tests.conftest import valid_setup
    from workstation.services.stations import init_station

    other = open_database(path, key=OTHER_KEY, create=True)
    init_station(other, valid_setup())
    other.dispose()
    prepared = prepare_restore(path, OTHER_KEY, made.path,
                               secret=RestoreSecret("admin", PASSWORD))

    def crash(db_path: Path) -> bool:
        steps = json.loads(journal_path(db_path).read_text())
        for source, target in steps["renames"][:done_steps]:
            os.replace(db_path.parent / source, db_path.parent / target)
        raise KeyboardInterrupt  # the process dies here

    monkeypatch.setattr(restore_mod, "finish_pending_restore", crash)
    with pytest.raises(KeyboardInterrupt):
        apply_restore(prepared, OTHER_KEY)
    assert journal_path(path).exists()
    monkeypatch.undo()
    reopened = open_database(path, key=TEST_KEY)  # finishes the restore first
    reopened.dispose()
    assert not journal_path(path).exists()
    assert len(record_ids(path, TEST_KEY)["consultation"]) == 3
    assert KeyFile.load(keyfile_path(path)).unlock("admin", PASSWORD) == TEST_KEY
    assert not [p for p in station_dir.iterdir() if p.name.startswith(".")]


def test_a_damaged_journal_stops_the_open_with_a_message(keyed: Database) -> None:
    from workstation.storage.engine import DatabaseError

    keyed.dispose()
    journal_path(keyed.path).write_text("{not json")
    with pytest.raises(DatabaseError, match="上次恢复备份没有完成"):
        open_database(keyed.path, key=TEST_KEY)


def test_sqlite_reads_an_aside_database_with_its_key(keyed: Database, out: Path) -> None:
    made = make_backup(keyed.path, keyed.key, out)
    aside = _restore(keyed, made.path)
    assert aside is not None and aside.name.startswith("station.before-restore-")
    assert aside.suffix == ".db"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(aside).execute("SELECT count(*) FROM station").fetchone()
    assert connect_raw(aside, TEST_KEY).execute("SELECT count(*) FROM station").fetchone() == (1,)
