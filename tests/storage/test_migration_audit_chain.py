"""Migration 0015_audit_chain: the entries of an existing station are chained in order, logged
once for the next bundle, and from then on only a writer that extends the chain can add one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workstation.domain.audit_chain import GENESIS, at_text, entry_hash
from workstation.storage import audit_chain
from workstation.storage.engine import make_engine
from workstation.storage.migrate import upgrade_to_head


def test_existing_entries_are_chained_in_order_and_logged_once(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "old.db")
    try:
        upgrade_to_head(engine, "0014_sync_upload")
        with engine.begin() as conn:
            for i, at in enumerate(("2026-11-01T08:00:00+00:00", "2026-11-01T09:00:00.5+08:00",
                                    "2026-11-02T10:00:00.000001+00:00")):
                conn.execute(text(
                    "INSERT INTO audit_entry (at, operator_id, action, record_type, "
                    "record_id, detail) VALUES (:at, NULL, 'login', 'operator', '', :d)"),
                    {"at": at, "d": f"第{i}次"})
        upgrade_to_head(engine)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT seq, at, detail, prev_hash, hash FROM audit_entry "
                                     "ORDER BY id")).all()
            assert [r.seq for r in rows] == [1, 2, 3]
            prev = GENESIS
            for r in rows:
                assert r.prev_hash == prev
                assert r.hash == entry_hash(prev, r.seq, r.at, None, "login", "operator", "",
                                            r.detail)
                prev = r.hash
            assert audit_chain.verify(conn).intact
            assert conn.execute(text("SELECT count(*) FROM change_log WHERE table_name = "
                                     "'audit_entry'")).scalar() == 3
        # The trigger refuses an entry that does not extend the chain; the helper's does.
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_entry (seq, at, action, prev_hash, hash) "
                              "VALUES (5, '2026-12-01T00:00:00+00:00', 'x', :p, 'h')"),
                         {"p": prev})
        with engine.begin() as conn:
            values = audit_chain.chained(conn, {"action": "login", "record_type": "",
                                                "record_id": "", "detail": ""})
            conn.execute(text("INSERT INTO audit_entry (seq, at, operator_id, action, "
                              "record_type, record_id, detail, prev_hash, hash) VALUES (:seq, "
                              ":at, NULL, :action, '', '', '', :prev_hash, :hash)"),
                         {**values, "at": at_text(values["at"])})
        with engine.connect() as conn:
            state = audit_chain.verify(conn)
        assert state.intact and state.count == 4
    finally:
        engine.dispose()
