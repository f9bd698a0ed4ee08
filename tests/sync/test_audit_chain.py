"""The audit trail's hash chain from the station to the county: a mediator who opens the
database with the data key, drops the triggers, deletes or changes audit entries and puts the
triggers back is found out at the county (SQLite and PostgreSQL), which flags the break with
the entries affected and still imports the records."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, text

from workstation.county import service
from workstation.county.audit_chain import chain_status, receive
from workstation.county.db import RECORDS, CountyDatabase, station
from workstation.county.importer import import_bundle
from workstation.county.overview import station_overview
from workstation.domain.audit_chain import ALTERED, GENESIS, MISSING, REORDERED, Break, entry_hash
from workstation.services.context import Actor, UnitOfWork
from workstation.storage import audit_chain
from workstation.storage.engine import Database, connect_raw
from workstation.sync import format as fmt
from workstation.sync import station as sync

from .helpers import touch_person


def _audit(db: Database, actor: Actor, n: int, what: str = "probe") -> list[int]:
    """``n`` audit entries written as the services write them; their seqs."""
    with UnitOfWork(db, actor) as uow:
        for i in range(n):
            uow.audit("print", "person", "", f"{what} {i}")
        uow.commit()
    with db.engine.connect() as conn:
        return [int(s) for s in conn.execute(text(
            "SELECT seq FROM audit_entry ORDER BY seq DESC LIMIT :n"), {"n": n}).scalars()][::-1]


def _tamper(db: Database, *statements: str) -> None:
    """What a mediator can do with the data key and any SQLite tool: drop the audit triggers,
    run ``statements``, put the triggers back exactly as they were."""
    conn = connect_raw(db.path, db.key)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'audit_entry'").fetchall()
        assert {"trg_audit_entry_no_delete", "trg_audit_entry_append_only",
                "trg_audit_entry_chain"} <= {name for name, _sql in triggers}
        conn.execute("BEGIN")
        for name, _sql in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        for _name, sql in triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _send(db: Database, county: CountyDatabase, usb: Path, phone: str) -> object:
    """A record change, exported, imported at the county and acknowledged at the station."""
    touch_person(db, phone)
    [path] = sync.export(db, usb)
    summary = import_bundle(county, path)
    assert summary.status == "imported"
    assert summary.ack_path is not None
    sync.import_ack(db, summary.ack_path)
    return summary


def _county_entries(county: CountyDatabase) -> int:
    with county.engine.connect() as conn:
        return int(conn.execute(select(text("count(*)")).select_from(
            RECORDS["audit_entry"])).scalar_one())


def _chain(county: CountyDatabase, db: Database):
    from workstation.services.stations import get_station

    with county.engine.connect() as conn:
        return chain_status(conn)[get_station(db).division_code]


def test_a_clean_chain_arrives_whole_and_shows_no_break(demo_station: Database, actor: Actor,
                                                       county: CountyDatabase,
                                                       usb: Path) -> None:
    db = demo_station
    _audit(db, actor, 3)
    first = _send(db, county, usb, "13900000001")
    assert first.audit_breaks == []  # type: ignore[attr-defined]
    with db.engine.connect() as conn:
        assert audit_chain.verify(conn).intact
        local = int(conn.execute(text("SELECT count(*) FROM audit_entry")).scalar_one())
        waiting = conn.execute(text("SELECT action FROM audit_entry ORDER BY seq DESC LIMIT 2")
                               ).scalars().all()
    # Everything before the export travelled; the entries of the export and of the
    # acknowledgement ride along with the next bundle.
    assert waiting == ["sync.ack", "sync.export"]
    assert _county_entries(county) == local - 2
    _audit(db, actor, 2)
    second = _send(db, county, usb, "13900000002")
    assert second.audit_breaks == []  # type: ignore[attr-defined]
    chain = _chain(county, db)
    assert chain.breaks == () and chain.entries == chain.last_seq
    assert chain.text.startswith("操作日志完整")
    stats = service.stats(county)["stations"][0]["audit_chain"]
    assert stats["intact"] is True and stats["breaks"] == []
    # The detail text stayed at the station; only its digest is at the county.
    with county.engine.connect() as conn:
        data = [json.loads(d) for d in conn.execute(select(RECORDS["audit_entry"].c.data))
                .scalars()]
    assert all("detail" not in d and len(d["detail_sha256"]) == 64 for d in data)
    assert not any("probe" in json.dumps(d, ensure_ascii=False) for d in data)


def test_entries_deleted_before_export_are_flagged_missing_with_their_range(
        demo_station: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    """The mediator scenario: delete audit rows (and make oneself admin) behind the
    triggers' back; the county flags exactly the entries deleted and imports everything."""
    db = demo_station
    seqs = _audit(db, actor, 6, "before")
    gone = seqs[1:4]
    _tamper(db, f"DELETE FROM audit_entry WHERE seq BETWEEN {gone[0]} AND {gone[-1]}",
            "UPDATE operator SET role = 'admin'")
    touch_person(db, "13900000003")
    [path] = sync.export(db, usb)
    summary = import_bundle(county, path)
    assert summary.status == "imported"  # flagged, never refused
    assert summary.audit_breaks == [Break(MISSING, gone[0], gone[-1])]
    with county.engine.connect() as conn:
        phones = conn.execute(text("SELECT data FROM rec_person")).scalars().all()
    assert any("13900000003" in d for d in phones)  # the records still arrived
    chain = _chain(county, db)
    assert [b for b, _at in chain.breaks] == [Break(MISSING, gone[0], gone[-1])]
    assert chain.text == f"操作日志第 {gone[0]}–{gone[-1]} 条缺失"
    stats = service.stats(county)["stations"][0]["audit_chain"]
    assert stats["intact"] is False
    assert [(b["kind"], b["first_seq"], b["last_seq"]) for b in stats["breaks"]] == [
        ("missing", gone[0], gone[-1])]
    # The 站点 page's data carries it; the station's own check sees it too.
    [overview] = station_overview(county)
    assert overview.audit_chain is not None and overview.audit_chain.breaks
    with db.engine.connect() as conn:
        assert audit_chain.verify(conn).breaks == (Break(MISSING, gone[0], gone[-1]),)
    # Importing again (a copy of the same bundle) flags nothing more.
    with county.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM audit_break")).scalar_one()
    assert import_bundle(county, path).status == "replay"
    with county.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_break")).scalar_one() == before


def test_entries_deleted_after_they_were_sent_show_as_altered_when_seqs_come_again(
        demo_station: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    db = demo_station
    _audit(db, actor, 4, "sent")
    _send(db, county, usb, "13900000004")
    with db.engine.connect() as conn:
        top = int(conn.execute(text("SELECT max(seq) FROM audit_entry")).scalar_one())
    # The newest entries (sent already, and the acknowledgement's own) deleted: the program
    # then numbers new entries from there again, with other contents.
    _tamper(db, f"DELETE FROM audit_entry WHERE seq > {top - 3}")
    _audit(db, actor, 3, "after")
    touch_person(db, "13900000005")
    [path] = sync.export(db, usb)
    summary = import_bundle(county, path)
    assert summary.status == "imported"
    kinds = {b.kind for b in summary.audit_breaks}  # type: ignore[attr-defined]
    assert kinds == {ALTERED}
    first = min(b.first_seq for b in summary.audit_breaks)  # type: ignore[attr-defined]
    assert first == top - 2  # the first entry deleted that the county had


def test_an_entry_changed_in_place_is_flagged_altered(demo_station: Database, actor: Actor,
                                                      county: CountyDatabase,
                                                      usb: Path) -> None:
    db = demo_station
    seqs = _audit(db, actor, 3, "real")
    _tamper(db, f"UPDATE audit_entry SET detail = 'nothing happened', "
                f"operator_id = NULL WHERE seq = {seqs[1]}")
    with db.engine.connect() as conn:
        assert audit_chain.verify(conn).breaks == (Break(ALTERED, seqs[1], seqs[1]),)
    touch_person(db, "13900000006")
    [path] = sync.export(db, usb)
    summary = import_bundle(county, path)
    assert summary.status == "imported"
    assert summary.audit_breaks == [Break(ALTERED, seqs[1], seqs[1])]


def test_a_rewritten_chain_does_not_match_what_the_county_holds(
        demo_station: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    """Someone who deletes a sent entry and re-hashes every later one (a consistent local
    chain) still cannot match the hashes the county anchored."""
    db = demo_station
    seqs = _audit(db, actor, 3, "kept")
    _send(db, county, usb, "13900000007")
    conn = connect_raw(db.path, db.key)
    try:
        rows = conn.execute("SELECT id, seq, at, operator_id, action, record_type, record_id, "
                            "detail FROM audit_entry WHERE seq >= ? ORDER BY seq",
                            (seqs[1],)).fetchall()
        prev = conn.execute("SELECT hash FROM audit_entry WHERE seq = ?",
                            (seqs[0],)).fetchone()[0]
    finally:
        conn.close()
    statements = [f"DELETE FROM audit_entry WHERE seq >= {seqs[1]}"]
    for offset, (_id, _seq, at, op, action, rtype, rid, detail) in enumerate(rows[1:]):
        seq = seqs[1] + offset
        digest = entry_hash(prev, seq, at, op, action, rtype, rid, detail)
        statements.append(
            "INSERT INTO audit_entry (seq, at, operator_id, action, record_type, record_id, "
            f"detail, prev_hash, hash) VALUES ({seq}, '{at}', "
            f"{'NULL' if op is None else repr(op)}, '{action}', '{rtype}', '{rid}', "
            f"'{detail}', '{prev}', '{digest}')")
        prev = digest
    _tamper(db, *statements)
    with db.engine.connect() as conn:
        assert audit_chain.verify(conn).intact  # locally consistent again
    _audit(db, actor, 1, "new")
    touch_person(db, "13900000008")
    [path] = sync.export(db, usb)
    summary = import_bundle(county, path)
    assert summary.status == "imported"
    assert summary.audit_breaks  # type: ignore[attr-defined]
    assert {b.kind for b in summary.audit_breaks} == {ALTERED}  # type: ignore[attr-defined]


def _entries(n: int) -> list[dict[str, object]]:
    out, prev = [], GENESIS
    for seq in range(1, n + 1):
        e = {"seq": seq, "at": f"2026-12-0{1 + seq % 8}T08:00:00.000000+00:00",
             "operator_id": None, "action": "login", "record_type": "", "record_id": "",
             "detail": "", "prev_hash": prev}
        e["hash"] = entry_hash(prev, seq, e["at"], None, "login", "", "", "")  # type: ignore[arg-type]
        prev = str(e["hash"])
        out.append(e)
    return out


def test_an_entry_arriving_after_later_ones_is_flagged_reordered(
        county: CountyDatabase) -> None:
    sid = "0ad1d209-31dd-4fba-a19f-1aabebc5bf0b"
    with county.write() as conn:
        conn.execute(station.insert().values(
            division_code="130302100000", station_id=sid, name="站", public_key="x",
            revoked=False, registered_at="2026-12-01T00:00:00+00:00", last_seq=0))

    def rows(entries: list[dict[str, object]]) -> list[tuple[str, int, str]]:
        lines = [fmt.audit_line(sid, e)["data"] for e in entries]
        return [(d["id"], 1, json.dumps(d)) for d in lines]

    entries = _entries(6)
    with county.write() as conn:
        found = receive(conn, sid, "130302100000", rows(entries[:3] + entries[4:]),
                        bundle_seq=1, epoch=1, stamp="2026-12-08T00:00:00+00:00")
    assert found == [Break(MISSING, 4, 4)]
    with county.write() as conn:
        found = receive(conn, sid, "130302100000", rows(entries[3:4]),
                        bundle_seq=2, epoch=1, stamp="2026-12-08T00:01:00+00:00")
    assert found == [Break(REORDERED, 4, 4)]
    with county.engine.connect() as conn:
        status = chain_status(conn)["130302100000"]
    assert status.entries == 6
    assert [b.kind for b, _at in status.breaks] == [MISSING, REORDERED]


def test_the_county_commands_report_the_break(demo_station: Database, actor: Actor,
                                              county: CountyDatabase, usb: Path,
                                              tmp_path: Path) -> None:
    from .test_cli_sync import ok

    db = demo_station
    seqs = _audit(db, actor, 4, "cli")
    _tamper(db, f"DELETE FROM audit_entry WHERE seq = {seqs[1]}")
    touch_person(db, "13900000009")
    [path] = sync.export(db, usb)
    out = ok(tmp_path, "county", "import", "--db", county.url, str(path))
    assert f"站点操作日志第 {seqs[1]} 条缺失" in out and "数据照常导入" in out
    [station_stats] = json.loads(ok(tmp_path, "county", "stats", "--db", county.url))["stations"]
    assert station_stats["audit_chain"]["intact"] is False
    assert station_stats["audit_chain"]["breaks"][0]["kind"] == "missing"
    assert station_stats["audit_chain"]["breaks"][0]["first_seq"] == seqs[1]
