"""Every export, import and report made on the command line is in the audit trail under the
operator who logged in to make it (not as "未登录")."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.sync.test_cli_sync import INIT, ok
from workstation.storage.engine import open_database
from workstation.storage.keyslots import KeyFile, keyfile_path
from workstation.storage.models import AuditEntry, Operator


def test_command_line_exports_and_imports_are_attributed(tmp_path: Path) -> None:
    st, cty = "st.db", "county.db"
    (tmp_path / "usb").mkdir()
    (tmp_path / "acks").mkdir()
    ok(tmp_path, *INIT, "--db", st, stdin="secret-pass-1\n")
    ok(tmp_path, "demo", "--db", st, "--records", "10")
    (tmp_path / "st.pem").write_text(ok(tmp_path, "sync", "station-key", "--db", st))
    ok(tmp_path, "county", "init", "--db", cty)
    (tmp_path / "county.pem").write_text(ok(tmp_path, "county", "key", "--db", cty))
    ok(tmp_path, "sync", "set-county-key", "--db", st, "--key", "county.pem")
    ok(tmp_path, "county", "register-station", "--db", cty, "--division-code",
       "130302100000", "--key", "st.pem")
    [bundle] = ok(tmp_path, "sync", "export", "--db", st, "--out", "usb").split()
    ok(tmp_path, "county", "import", "--db", cty, "--ack-dir", "acks", bundle)
    [ack] = (tmp_path / "acks").iterdir()
    ok(tmp_path, "sync", "import-ack", "--db", st, str(ack))
    ok(tmp_path, "backup", "--db", st, "--out", "usb")
    ok(tmp_path, "report", "--db", st, "--period", "2026", "--out", "usb/report.xlsx")
    ok(tmp_path, "providers", "export", "--db", st, "usb/directory.csv")

    path = tmp_path / st
    key = KeyFile.load(keyfile_path(path)).unlock("admin", "secret-pass-1")
    db = open_database(path, key=key)
    try:
        with db.read() as session:
            admin = session.scalars(select(Operator.id).where(Operator.username == "admin")
                                    ).one()
            rows = session.execute(select(AuditEntry.action, AuditEntry.record_type,
                                          AuditEntry.operator_id)).all()
    finally:
        db.dispose()
    made = {(action, record_type): operator for action, record_type, operator in rows}
    for wanted in (("sync.export", "sync_bundle"), ("sync.ack", "sync_bundle"),
                   ("backup", "backup"), ("export", "statistics_report"),
                   ("export", "referral_provider")):
        assert wanted in made, (wanted, sorted(made))
        assert made[wanted] == admin, wanted
