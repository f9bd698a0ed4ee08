"""The sync and county commands end to end (``python -m workstation ...``)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from sqlalchemy import select

from tests.cli_support import run_workstation
from workstation.demo.generator import generate_demo
from workstation.services.context import Actor
from workstation.storage.engine import Database
from workstation.storage.models import AidReferral
from workstation.sync import station as sync

from .pgserver import Server

REPO = Path(__file__).resolve().parents[2]
INIT = ["init", "--station-name", "海港镇公共法律服务工作站", "--division-code", "130302100000",
        "--county", "海港区公共法律服务中心", "--admin", "admin"]


def run(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
    env["WORKSTATION_DATA_DIR"] = str(cwd)
    # Station commands log in as the admin made by INIT (county commands ignore these).
    env["WORKSTATION_USER"] = "admin"
    env["WORKSTATION_PASSWORD"] = "secret-pass-1"
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONIOENCODING"] = "utf-8"
    return run_workstation(args, input=stdin, env=env, cwd=cwd)


def ok(cwd: Path, *args: str, stdin: str = "") -> str:
    result = run(cwd, *args, stdin=stdin)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_sync_commands_round_trip(tmp_path: Path) -> None:
    st, cty = "st.db", "county.db"
    usb = tmp_path / "usb"
    usb.mkdir()
    ok(tmp_path, *INIT, "--db", st, stdin="secret-pass-1\n")
    ok(tmp_path, "demo", "--db", st, "--records", "40")
    (tmp_path / "st.pem").write_text(ok(tmp_path, "sync", "station-key", "--db", st))
    assert "BEGIN PUBLIC KEY" in (tmp_path / "st.pem").read_text()
    ok(tmp_path, "county", "init", "--db", cty)
    (tmp_path / "county.pem").write_text(ok(tmp_path, "county", "key", "--db", cty))
    ok(tmp_path, "sync", "set-county-key", "--db", st, "--key", "county.pem")
    ok(tmp_path, "county", "register-station", "--db", cty, "--division-code",
       "130302100000", "--key", "st.pem")

    [bundle] = ok(tmp_path, "sync", "export", "--db", st, "--out", "usb").split()
    assert Path(tmp_path / bundle).name == "130302100000-000001.wsb"
    dry = json.loads(ok(tmp_path, "county", "import", "--db", cty, "--dry-run", "--json",
                        bundle))
    assert dry[0]["status"] == "dry_run" and dry[0]["totals"]["imported"] > 100
    acks = tmp_path / "acks"
    acks.mkdir()
    summary = json.loads(ok(tmp_path, "county", "import", "--db", f"sqlite:///{cty}",
                            "--ack-dir", "acks", "--json", bundle))
    assert summary[0]["status"] == "imported"
    [ack] = acks.iterdir()
    assert "第 1 号" in ok(tmp_path, "sync", "import-ack", "--db", st, str(ack))
    assert ok(tmp_path, "sync", "export", "--db", st, "--out", "usb").strip() == \
        "没有需要同步的新更改"
    stats = json.loads(ok(tmp_path, "county", "stats", "--db", cty, "--json"))
    assert stats["stations"][0]["records"]["person"] > 0

    # A damaged bundle among good ones: reported in one Chinese line, non-zero exit.
    bad = usb / "130302100000-000002.wsb"
    bad.write_bytes((tmp_path / bundle).read_bytes()[:500])
    result = run(tmp_path, "county", "import", "--db", cty, bundle, str(bad))
    assert result.returncode != 0
    assert "已导入过" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "被拒绝" in lines[0] and "Traceback" not in result.stderr

    result = run(tmp_path, "county", "decide", "--db", cty, "--referral",
                 "00000000-0000-4000-8000-000000000000", "--decision", "granted",
                 "--lawyer", "李律师")
    assert result.returncode != 0 and "没有该法律援助申请" in result.stderr


def test_county_commands_on_postgresql(db: Database, actor: Actor, tmp_path: Path,
                                       pg_server: Server) -> None:
    """`--db` takes a PostgreSQL URL (a plain ``postgresql://`` one uses psycopg)."""
    url = pg_server.new_url()
    try:
        plain = "postgresql://" + url.split("://", 1)[1]
        generate_demo(db, 300, seed=5)
        ok(tmp_path, "county", "init", "--db", plain)
        sync.set_county_key(db, actor, ok(tmp_path, "county", "key", "--db", url))
        (tmp_path / "st.pem").write_text(sync.station_public_key(db))
        ok(tmp_path, "county", "register-station", "--db", url, "--division-code",
           "130302100000", "--key", "st.pem")
        [bundle] = sync.export(db, tmp_path)
        [summary] = json.loads(ok(tmp_path, "county", "import", "--db", url, "--json",
                                  str(bundle)))
        assert summary["status"] == "imported" and summary["totals"]["imported"] > 40
        assert sync.import_ack(db, Path(summary["ack"])).bundle_seq == 1
        stats = json.loads(ok(tmp_path, "county", "stats", "--db", plain, "--json"))
        assert stats["stations"][0]["records"]["person"] > 0
        with db.read() as s:
            referral = s.scalars(select(AidReferral).where(
                AidReferral.status.in_(["forwarded", "received"]))).first()  # type: ignore[attr-defined]
        assert referral is not None
        assert "决定" in ok(tmp_path, "county", "decide", "--db", url, "--referral",
                           referral.id, "--decision", "granted", "--lawyer", "李律师")
    finally:
        pg_server.drop(url)


def test_database_url_passwords_stay_out_of_messages(tmp_path: Path) -> None:
    result = run(tmp_path, "county", "stats", "--db",
                 "postgresql://clerk:s3cret-pw@127.0.0.1:1/county", "--json")
    assert result.returncode != 0
    assert "s3cret-pw" not in result.stderr + result.stdout
    assert "无法打开县级数据库" in result.stderr and "***" in result.stderr
    result = run(tmp_path, "county", "stats", "--db", "mysql://u:p@localhost/x")
    assert result.returncode != 0 and "只支持 SQLite 和 PostgreSQL" in result.stderr


def test_import_ack_prints_what_the_county_found_in_the_audit_trail(tmp_path: Path) -> None:
    from sqlalchemy import text

    from .helpers import reopen

    st, cty = "st.db", "county.db"
    (tmp_path / "usb").mkdir()
    ok(tmp_path, *INIT, "--db", st, stdin="secret-pass-1\n")
    (tmp_path / "st.pem").write_text(ok(tmp_path, "sync", "station-key", "--db", st))
    ok(tmp_path, "county", "init", "--db", cty)
    (tmp_path / "county.pem").write_text(ok(tmp_path, "county", "key", "--db", cty))
    ok(tmp_path, "sync", "set-county-key", "--db", st, "--key", "county.pem")
    ok(tmp_path, "county", "register-station", "--db", cty, "--division-code",
       "130302100000", "--key", "st.pem")
    [bundle] = ok(tmp_path, "sync", "export", "--db", st, "--out", "usb").split()
    ok(tmp_path, "county", "import", "--db", cty, bundle)
    county = reopen(tmp_path / cty)  # as the county's chain check flags it
    try:
        with county.write() as conn:
            conn.execute(text(
                "INSERT INTO audit_break (division_code, kind, first_seq, last_seq, "
                "detected_at, bundle_seq, epoch) VALUES ('130302100000', 'missing', 2, 3, "
                "'2026-12-08T03:00:00+00:00', 1, 1)"))
    finally:
        county.dispose()
    ok(tmp_path, "county", "import", "--db", cty, bundle)  # a replay: the ack written again
    [ack] = (tmp_path / "usb").glob("*.wsa")
    out = ok(tmp_path, "sync", "import-ack", "--db", st, str(ack))
    assert "发现本站操作日志第 2–3 条缺失（已记入本站操作日志）" in out
    again = ok(tmp_path, "sync", "import-ack", "--db", st, str(ack))
    assert "操作日志" not in again  # recorded once, told once
