"""The county locked like a station: an encrypted SQLite file, key slots for county operators
and a recovery code, roles checked in the services, login throttled, old plain counties
converted, revocation by a new data key, private keys never in clear, reports attributed."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from workstation.county import security, service
from workstation.county.access import CountyAccessDenied, CountySession
from workstation.county.db import CountyDatabase, CountyLocked, county_key, open_county
from workstation.county.importer import import_bundle
from workstation.domain.enums import CountyRole
from workstation.services import login_throttle
from workstation.services.login_throttle import LoginFailed
from workstation.storage.engine import Database
from workstation.storage.keyslots import KeyFile, WrongSecret, keyfile_path
from workstation.sync import keys
from workstation.sync import station as sync

from . import pgserver
from .helpers import (
    COUNTY_ADMIN,
    COUNTY_PASSWORD,
    cjk,
    link,
    one_chinese_line,
    reopen,
)

CLERK_PASSWORD = "clerk-pass-1"
READER_PASSWORD = "reader-pass-1"


def _personal(db: Database, limit: int = 25) -> list[bytes]:
    """Names, ID numbers and phones of the station's people (what must not leak)."""
    found: list[bytes] = []
    with db.engine.connect() as conn:
        for name, id_number, phone in conn.execute(text(
                "SELECT name, id_number, phone FROM person WHERE id_number IS NOT NULL "
                "AND phone != '' ORDER BY id LIMIT :n"), {"n": limit}):
            found += [v.encode("utf-8") for v in (name, id_number, phone) if len(v) >= 2]
    assert len(found) >= 3 * limit - 5
    return found


def _private_material(county: CountyDatabase) -> list[bytes]:
    pair = service.load_keys(county)
    pems = [keys.private_pem(pair.signing), keys.private_pem(pair.box)]
    raws = [pair.signing.private_bytes_raw(), pair.box.private_bytes_raw()]
    bodies = [line.encode() for pem in pems for line in pem.splitlines()
              if line and not line.startswith("-----")]
    return [*raws, *bodies, b"PRIVATE KEY"]


def _import_all(db: Database, county: CountyDatabase, usb: Path) -> None:
    for path in sync.export(db, usb):
        import_bundle(county, path, ack_dir=usb)


def _files_of(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name)
            and p.is_file() and not p.name.endswith(".lock")]


def _add(county: CountyDatabase, username: str, role: str, password: str) -> None:
    security.add_operator(county, username=username, name=f"{username}名", role=role,
                          password=password)


# --- encrypted at rest -------------------------------------------------------------------

def test_sqlite_county_files_hold_no_personal_data_and_no_private_keys(
        demo_station: Database, county: CountyDatabase, usb: Path,
        county_backend: str) -> None:
    if county_backend != "sqlite":
        pytest.skip("SQLite files")
    _import_all(demo_station, county, usb)
    needles = _personal(demo_station) + _private_material(county)
    path = Path(make_url(county.url).database or "")
    files = _files_of(path)
    assert {p.name for p in files} >= {"county.db", "county.db.keys"}
    for file in files:
        data = file.read_bytes()
        leaked = [n for n in needles if n in data]
        assert not leaked, (file.name, leaked[:3])


def _pg_dump(server: pgserver.Server, url: str) -> bytes:
    parsed = make_url(url)
    schema = parsed.query["options"].split("=", 1)[1]
    binary = pgserver._bin_dir() / "pg_dump"
    done = subprocess.run(
        [str(binary), "-h", parsed.host or str(parsed.query.get("host") or "localhost"),
         "-p", str(parsed.port or 5432),
         "-U", parsed.username or "postgres", "-n", schema, parsed.database or "postgres"],
        capture_output=True, timeout=120, check=True)
    return done.stdout


def test_postgresql_dump_holds_no_private_keys(demo_station: Database, county: CountyDatabase,
                                               usb: Path, county_backend: str,
                                               request: pytest.FixtureRequest) -> None:
    if county_backend != "postgresql":
        pytest.skip("PostgreSQL dump")
    _import_all(demo_station, county, usb)
    dump = _pg_dump(request.getfixturevalue("pg_server"), county.url)
    assert b"county_keyfile" in dump and b"sealed:v1:" in dump
    leaked = [n for n in _private_material(county) if n in dump]
    assert not leaked, leaked[:3]
    # The data key is in no slot in clear either.
    assert county.key is not None and county.key.hex().encode() not in dump


def test_a_copied_county_file_opens_nothing_without_a_password(
        demo_station: Database, county: CountyDatabase, usb: Path, county_backend: str,
        tmp_path: Path) -> None:
    if county_backend != "sqlite":
        pytest.skip("SQLite files")
    _import_all(demo_station, county, usb)
    county.dispose()
    source = Path(make_url(county.url).database or "")
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    for file in _files_of(source):
        shutil.copy(file, stolen / file.name)
    copy = stolen / "county.db"
    with pytest.raises(CountyLocked) as refused:
        open_county(copy)
    assert one_chinese_line(str(refused.value))
    plain = sqlite3.connect(str(copy))
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    with pytest.raises(LoginFailed):
        security.unlock_county(copy, COUNTY_ADMIN, "not-the-password")
    with pytest.raises(WrongSecret):
        KeyFile.load(keyfile_path(copy)).unlock(COUNTY_ADMIN, "not-the-password")
    opened = security.unlock_county(copy, COUNTY_ADMIN, COUNTY_PASSWORD)  # the password does
    try:
        assert service.stats(opened)["stations"]
    finally:
        opened.dispose()


# --- roles -----------------------------------------------------------------------------------

def test_roles_are_checked_in_the_services(demo_station: Database, county: CountyDatabase,
                                           usb: Path) -> None:
    _add(county, "clerk", "clerk", CLERK_PASSWORD)
    _add(county, "reader", "statistics", READER_PASSWORD)
    [bundle] = sync.export(demo_station, usb)
    reader = security.unlock_county(county.url, "reader", READER_PASSWORD)
    clerk = security.unlock_county(county.url, "clerk", CLERK_PASSWORD)
    try:
        assert reader.session == CountySession("reader", "reader名", CountyRole.STATISTICS)
        with pytest.raises(CountyAccessDenied) as refused:
            import_bundle(reader, bundle, ack_dir=usb)
        assert one_chinese_line(str(refused.value)) and "导入数据包" in str(refused.value)
        for call in (lambda: service.register_station(reader, "130302199000", "x"),
                     lambda: service.set_notice(reader, "9.9.9"),
                     lambda: security.list_operators(reader),
                     lambda: service.decide(reader, "x", "granted")):
            with pytest.raises(CountyAccessDenied):
                call()
        assert len(service.stats(reader)["stations"]) == 1  # statistics: allowed
        summary = import_bundle(clerk, bundle, ack_dir=usb)
        assert summary.status == "imported"
        for call in (lambda: service.register_station(clerk, "130302199000", "x"),
                     lambda: security.add_operator(clerk, username="x", name="x",
                                                   role="admin", password="whatever-1"),
                     lambda: security.renew_recovery_code(clerk)):
            with pytest.raises(CountyAccessDenied) as refused:
                call()
            assert cjk(str(refused.value))
        nobody = CountyDatabase(county.engine, county.url, county.key)
        with pytest.raises(CountyAccessDenied, match="未登录"):
            service.stats(nobody)
    finally:
        reader.dispose()
        clerk.dispose()


def test_login_is_throttled_and_says_one_thing_for_user_and_password(
        county: CountyDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: clock[0])
    answers = []
    for user in (COUNTY_ADMIN, "nobody-here"):
        with pytest.raises(LoginFailed) as failed:
            security.unlock_county(county.url, user, "wrong-password")
        answers.append(str(failed.value))
    assert answers[0] == answers[1] == "用户名或密码错误"
    with pytest.raises(LoginFailed):
        security.unlock_county(county.url, COUNTY_ADMIN, "wrong-again")
    with pytest.raises(login_throttle.TooSoon):  # refused before the password is checked
        security.unlock_county(county.url, COUNTY_ADMIN, COUNTY_PASSWORD)
    clock[0] += 60
    for _ in range(3):
        clock[0] += 60
        with pytest.raises(LoginFailed):
            security.unlock_county(county.url, COUNTY_ADMIN, "still-wrong")
    clock[0] += 60
    with pytest.raises(login_throttle.AccountLocked):
        security.unlock_county(county.url, COUNTY_ADMIN, COUNTY_PASSWORD)
    clock[0] += login_throttle.LOCK_SECONDS + 1
    again = security.unlock_county(county.url, COUNTY_ADMIN, COUNTY_PASSWORD)
    again.dispose()


# --- revocation ------------------------------------------------------------------------------

def test_disabling_an_operator_revokes_their_slot_and_old_key_files(
        county: CountyDatabase, county_backend: str, tmp_path: Path) -> None:
    _add(county, "clerk", "clerk", CLERK_PASSWORD)
    old_key = county.key
    clerk = security.unlock_county(county.url, "clerk", CLERK_PASSWORD)
    clerk.dispose()
    if county_backend == "sqlite":
        path = Path(make_url(county.url).database or "")
        kept = tmp_path / "kept.keys"
        shutil.copy(keyfile_path(path), kept)
    security.disable_operator(county, "clerk")
    assert county.key is not None and county.key != old_key
    assert service.stats(county)["stations"] == []  # the admin goes on with the new key
    with pytest.raises(LoginFailed):
        security.unlock_county(county.url, "clerk", CLERK_PASSWORD)
    if county_backend == "sqlite":
        # The clerk's copy of the old key file still opens the old key, which opens nothing.
        stale = KeyFile.load(kept).unlock("clerk", CLERK_PASSWORD)
        assert stale == old_key
        with pytest.raises(Exception):  # noqa: B017 - any failure to read will do
            open_county(path, key=stale)
    with pytest.raises(security.SyncError):
        security.disable_operator(county, COUNTY_ADMIN)  # never oneself
    admin = reopen(county)
    admin.dispose()
    security.enable_operator(county, "clerk", "clerk-new-pass")
    back = security.unlock_county(county.url, "clerk", "clerk-new-pass")
    assert back.session is not None and back.session.role is CountyRole.CLERK
    back.dispose()


def test_a_new_recovery_code_revokes_the_old_one(county: CountyDatabase, tmp_path: Path
                                                  ) -> None:
    code = security.renew_recovery_code(county)
    with pytest.raises(LoginFailed):
        security.recover_admin(county.url, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE", COUNTY_ADMIN,
                               "brand-new-pass")
    recovered = security.recover_admin(county.url, code, COUNTY_ADMIN, "brand-new-pass")
    assert recovered.session is not None and recovered.session.is_admin
    recovered.dispose()
    security.unlock_county(county.url, COUNTY_ADMIN, "brand-new-pass").dispose()


# --- old plain counties ----------------------------------------------------------------------

def _plain_county(target: str | Path) -> CountyDatabase:
    """A county as made before this change: no operators, private keys in clear."""
    county = open_county(target, create=True)
    county.session = CountySession("old", "旧系统", CountyRole.ADMIN)
    with county.write() as conn:
        conn.execute(county_key.insert().values(
            id=1, sign_private=keys.private_pem(keys.new_signing_key()),
            box_private=keys.private_pem(keys.new_box_key()), created_at=service.now_iso()))
    return county


def test_an_old_plain_sqlite_county_is_encrypted_by_its_first_admin(
        db: Database, actor: object, tmp_path: Path, usb: Path) -> None:
    path = tmp_path / "old" / "county.db"
    old = _plain_county(path)
    link(db, old)
    from workstation.demo.generator import generate_demo

    generate_demo(db, 60, seed=3)
    _import_all(db, old, usb)
    counts = service.stats(old)["stations"]
    public = service.county_public_key(old)
    old.dispose()
    assert security.county_state(path) is security.CountyState.PLAIN
    with pytest.raises(security.SyncError, match="county init"):
        security.unlock_county(path, "anyone", "whatever-1")

    created = security.create_county(path, username="chief", name="主任",
                                     password="chief-pass-1")
    try:
        assert created.converted and created.recovery_code
        assert service.stats(created.db)["stations"] == counts
        assert service.county_public_key(created.db) == public  # stations keep the key
        needles = _personal(db, 10) + _private_material(created.db)
    finally:
        created.db.dispose()
    names = {p.name for p in _files_of(path)}
    assert names == {"county.db", "county.db.keys"}, names  # the plain file is shredded
    for file in _files_of(path):
        data = file.read_bytes()
        assert not [n for n in needles if n in data], file.name
    assert security.county_state(path) is security.CountyState.LOCKED


def test_an_old_plain_postgresql_county_gets_its_keys_sealed(
        request: pytest.FixtureRequest) -> None:
    server = request.getfixturevalue("pg_server")
    url = server.new_url()
    old = _plain_county(url)
    try:
        with old.engine.connect() as conn:
            clear = conn.execute(select(county_key.c.box_private)).scalar_one()
        assert clear.startswith("-----BEGIN PRIVATE KEY")
        public = service.county_public_key(old)
        old.dispose()
        assert security.county_state(url) is security.CountyState.PLAIN
        created = security.create_county(url, username="chief", name="主任",
                                         password="chief-pass-1")
        try:
            assert created.converted
            with created.db.engine.connect() as conn:
                row = conn.execute(select(county_key)).one()
            assert row.sign_private.startswith("sealed:v1:")
            assert row.box_private.startswith("sealed:v1:")
            assert service.county_public_key(created.db) == public
        finally:
            created.db.dispose()
        dump = _pg_dump(server, url)
        assert clear.splitlines()[1].encode() not in dump
    finally:
        server.drop(url)


# --- reports attributed ----------------------------------------------------------------------

def test_a_county_report_names_the_operator_who_made_it(county: CountyDatabase,
                                                        tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tests.cli_support import run_workstation

    out = tmp_path / "report.xlsx"
    done = run_workstation(["county", "report", "--db", county.url, "--user", COUNTY_ADMIN,
                            "--period", "2024", "--out", str(out)],
                           input=COUNTY_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value]
    assert any("制表人：县级管理员" in t for t in texts), texts


# --- the command line ------------------------------------------------------------------------

def test_county_commands_log_in_and_refuse_by_role(demo_station: Database,
                                                  county: CountyDatabase, usb: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli_support import run_workstation

    [bundle] = sync.export(demo_station, usb)
    db = ["--db", county.url]
    added = run_workstation(["county", "operators", "add", "reader", "--name", "统计员",
                             "--role", "statistics", *db], input="reader-pass-1\n")
    assert added.returncode == 0, added.stderr
    listed = run_workstation(["county", "operators", "list", *db])
    assert "reader\t统计员\t统计查询（只读）\t启用" in listed.stdout
    monkeypatch.delenv("WORKSTATION_COUNTY_PASSWORD")
    wrong = run_workstation(["county", "stats", *db], input="not-it\n")
    assert wrong.returncode == 1 and wrong.stderr.strip() == "workstation: 错误：用户名或密码错误"
    as_reader = ["--user", "reader", *db]
    refused = run_workstation(["county", "import", *as_reader, str(bundle)],
                              input="reader-pass-1\n")
    assert refused.returncode == 1 and "无权导入数据包" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    stats = run_workstation(["county", "stats", *as_reader], input="reader-pass-1\n")
    assert stats.returncode == 0, stats.stderr
    not_admin = run_workstation(["county", "operators", "list", *as_reader],
                                input="reader-pass-1\n")
    assert not_admin.returncode == 1 and "无权管理县级中心操作员" in not_admin.stderr
    monkeypatch.setenv("WORKSTATION_COUNTY_PASSWORD", COUNTY_PASSWORD)
    imported = run_workstation(["county", "import", *db, str(bundle)])
    assert imported.returncode == 0, imported.stderr
    disabled = run_workstation(["county", "operators", "disable", "reader", *db])
    if county.dialect == "sqlite":  # the fixture has the file open: the rekey waits
        assert disabled.returncode == 1 and "数据密钥尚未更换" in disabled.stderr
        keys_file = keyfile_path(Path(make_url(county.url).database or ""))
        assert KeyFile.load(keys_file).meta.get("rekey_due")
        county.dispose()
        assert run_workstation(["county", "stats", *db]).returncode == 0  # an admin login
        assert not KeyFile.load(keys_file).meta.get("rekey_due")
    else:
        assert disabled.returncode == 0 and "数据密钥已更换" in disabled.stdout
    renewed = run_workstation(["county", "recovery-code", *db])
    assert renewed.returncode == 0 and "恢复码：" in renewed.stdout
    monkeypatch.delenv("WORKSTATION_COUNTY_PASSWORD")
    gone = run_workstation(["county", "stats", *as_reader], input="reader-pass-1\n")
    assert gone.returncode == 1 and "用户名或密码错误" in gone.stderr


def test_county_init_makes_the_first_admin_and_shows_the_recovery_code_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli_support import run_workstation

    path = tmp_path / "county.db"
    monkeypatch.delenv("WORKSTATION_COUNTY_PASSWORD")
    done = run_workstation(["county", "init", "--db", str(path), "--user", "chief",
                            "--name", "主任"], input="chief-pass-1\n")
    assert done.returncode == 0, done.stderr
    assert "已创建县级数据库" in done.stdout and "恢复码：" in done.stdout
    assert security.county_state(path) is security.CountyState.LOCKED
    again = run_workstation(["county", "init", "--db", str(path), "--user", "chief"],
                            input="chief-pass-1\n")
    assert again.returncode == 1 and "已有操作员" in again.stderr
    key = run_workstation(["county", "key", "--db", str(path), "--user", "chief"],
                          input="chief-pass-1\n")
    assert key.returncode == 0 and "BEGIN PUBLIC KEY" in key.stdout


def test_county_serve_runs_as_an_operator_who_may_import(county: CountyDatabase,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    from tests.cli_support import run_workstation

    _add(county, "reader", "statistics", READER_PASSWORD)
    monkeypatch.delenv("WORKSTATION_COUNTY_PASSWORD")
    done = run_workstation(["county", "serve", "--db", county.url, "--user", "reader",
                            "--bind", "127.0.0.1:0", "--spool", str(tmp_path / "spool")],
                           input=READER_PASSWORD + "\n")
    assert done.returncode == 1 and "无权导入数据包" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
