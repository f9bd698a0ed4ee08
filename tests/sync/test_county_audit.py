"""The county's own audit trail (``county.audit``): one entry per action, in the action's
transaction, hash-chained and verified; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from workstation.county import audit, service
from workstation.county.audit import CountyAuditQuery
from workstation.county.db import RECORDS, CountyDatabase, bundle_refusal, county_audit
from workstation.county.importer import import_bundle
from workstation.county.records import view_record
from workstation.county.referrals import DecisionInput, pending_referrals, record_decision
from workstation.domain.audit import CountyAuditAction as A
from workstation.domain.audit import upload_actor
from workstation.domain.audit_chain import ALTERED, MISSING, Break
from workstation.storage.engine import Database
from workstation.sync import keys
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused, SyncError

from .helpers import COUNTY_ADMIN_NAME, fingerprint

CODE = "130302100000"


def _entries(county: CountyDatabase) -> list[audit.CountyAuditRow]:
    return audit.fetch_entries(county, CountyAuditQuery(oldest_first=True), 0, 10_000)


def _new(county: CountyDatabase, before: int) -> list[audit.CountyAuditRow]:
    return [e for e in _entries(county) if e.seq > before]


def _top(county: CountyDatabase) -> int:
    rows = _entries(county)
    return rows[-1].seq if rows else 0


def _station_key() -> str:
    return keys.public_pem(keys.new_signing_key().public_key())


def _data_tables(county: CountyDatabase) -> dict[str, tuple[int, str]]:
    return fingerprint(county)  # every table but the refusals' and the audit trail


def test_a_new_county_starts_its_trail(county: CountyDatabase) -> None:
    [first] = _entries(county)
    # Made by its first admin (county.security.create_county), who is logged in.
    assert (first.seq, first.action, first.actor_label) == (1, A.INIT, COUNTY_ADMIN_NAME)
    assert audit.verify(county).intact


def test_each_county_action_writes_one_entry(county: CountyDatabase) -> None:
    before = _top(county)
    fp = service.register_station(county, "130302200000", _station_key(), "东村站",
                                  actor="王科员")
    service.set_notice(county, "0.3.0", "到县司法局领取", actor="王科员")
    service.clear_notice(county, actor="王科员")
    pem = service.export_public_key(county, "county-public-key.pem", actor="李主任")
    service.revoke_station(county, "130302200000", actor="李主任")
    audit.record_login(county, "李主任")
    audit.record_login_failed(county, "lizhuren", "用户名或密码不正确")
    audit.record_logout(county, "李主任")
    got = [(e.action, e.actor, e.station, e.target_type, e.target) for e in _new(county, before)]
    assert got == [
        (A.STATION_REGISTER, "王科员", "130302200000", "station", "130302200000"),
        (A.NOTICE_SET, "王科员", "", "notice", "0.3.0"),
        (A.NOTICE_CLEAR, "王科员", "", "notice", ""),
        (A.KEY_EXPORT, "李主任", "", "county_key", "county-public-key.pem"),
        (A.STATION_REVOKE, "李主任", "130302200000", "station", "130302200000"),
        (A.LOGIN, "李主任", "", "operator", "李主任"),
        (A.LOGIN_FAILED, "", "", "operator", "lizhuren"),
        (A.LOGOUT, "李主任", "", "operator", "李主任"),
    ]
    entries = _new(county, before)
    assert fp[:16] in entries[0].detail and "东村站" in entries[0].detail
    assert entries[0].station_label == "130302200000　东村站"
    assert pem.startswith("-----BEGIN")
    assert entries[6].actor_label == "未登录" and entries[6].detail == "用户名或密码不正确"
    assert audit.verify(county).intact


def test_refused_actions_write_nothing(county: CountyDatabase) -> None:
    before = _top(county)
    with pytest.raises(SyncError):
        service.revoke_station(county, "130302999999", actor="王科员")
    with pytest.raises(SyncError):
        service.set_notice(county, "not a version", actor="王科员")
    with pytest.raises(SyncError):
        service.decide(county, "0f0e0d0c-0b0a-4909-8807-060504030201", "denied",
                       reason="不符合条件", actor="王科员")
    assert _new(county, before) == []


def test_imports_decisions_and_views(demo_station: Database, county: CountyDatabase,
                                     usb: Path) -> None:
    [first] = sync.export(demo_station, usb)
    before = _top(county)
    summary = import_bundle(county, first, actor="王科员")
    [entry] = _new(county, before)
    assert (entry.action, entry.actor, entry.station, entry.target_type) == (
        A.IMPORT, "王科员", CODE, "bundle")
    assert entry.target == f"{first.name}（第 1 号）"
    assert f"新增 {summary.total('imported')}" in entry.detail
    assert entry.station_name  # the station's name came with the bundle

    before = _top(county)
    import_bundle(county, first, actor="王科员")  # a replay: recorded as such
    [again] = _new(county, before)
    assert again.action == A.IMPORT and "已导入过" in again.detail

    before = _top(county)
    assert import_bundle(county, first, dry_run=True).status == "replay"
    assert _new(county, before) == []  # a dry run is no action

    [pending] = pending_referrals(county)[:1]
    referrals = RECORDS["aid_referral"]
    with county.engine.connect() as conn:
        data = json.loads(conn.execute(select(referrals.c.data).where(
            referrals.c.id == pending.referral_id)).scalar_one())
    day = date.fromisoformat(data["forwarded_on"])
    before = _top(county)
    record_decision(county, DecisionInput(pending.referral_id, "denied", day,
                                          reason="经济状况不符合条件"), actor="王科员")
    [decided] = _new(county, before)
    assert (decided.action, decided.station, decided.target_type) == (
        A.DECISION, CODE, "aid_referral")
    assert pending.referral_id in decided.target and pending.number in decided.target
    assert "不予" in decided.detail and "经济状况不符合条件" in decided.detail

    consultations = RECORDS["consultation"]
    with county.engine.connect() as conn:
        cid = str(conn.execute(select(consultations.c.id).limit(1)).scalar_one())
    before = _top(county)
    details = view_record(county, "consultation", cid, actor="李主任")
    assert details is not None
    [viewed] = _new(county, before)
    assert (viewed.action, viewed.actor, viewed.station, viewed.target_type, viewed.target) == (
        A.RECORD_VIEW, "李主任", CODE, "consultation", cid)
    assert details.number in viewed.detail
    assert view_record(county, "consultation", "0f0e0d0c-0b0a-4909-8807-060504030201") is None
    assert _top(county) == viewed.seq  # nothing shown, nothing recorded
    assert audit.verify(county).intact


def test_an_online_upload_is_the_station_s(demo_station: Database, county: CountyDatabase,
                                            usb: Path) -> None:
    [first] = sync.export(demo_station, usb)
    before = _top(county)
    import_bundle(county, first, actor=upload_actor(CODE))
    [entry] = _new(county, before)
    assert entry.actor_label == f"站点 {CODE}（网络上传）"


def test_refusals_are_recorded_and_nothing_else(county: CountyDatabase, usb: Path) -> None:
    tables = _data_tables(county)
    # Not a bundle at all: refused before any station is known; attributed to none.
    junk = usb / "junk.wsb"
    junk.write_bytes(b"not a zip")
    before = _top(county)
    with pytest.raises(BundleRefused):
        import_bundle(county, junk, actor="王科员")
    [unknown] = _new(county, before)
    assert (unknown.action, unknown.actor, unknown.station, unknown.target) == (
        A.IMPORT_REFUSED, "王科员", "", "junk.wsb")
    assert "损坏" in unknown.detail
    assert _data_tables(county) == tables


def test_a_refusal_inside_the_transaction_leaves_nothing_half(
        demo_station: Database, county: CountyDatabase, usb: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Records already written by the import are rolled back; the refusal (its row and its
    entry, naming the verified station) stays."""
    from workstation.county import importer

    [first] = sync.export(demo_station, usb)
    tables = _data_tables(county)

    def refuse(*_a: object, **_k: object) -> None:
        raise BundleRefused("数据包 x 被拒绝：测试")

    monkeypatch.setattr(importer.audit_chain, "receive", refuse)
    before = _top(county)
    with pytest.raises(BundleRefused):
        import_bundle(county, first, actor="王科员")
    [refused] = _new(county, before)
    assert (refused.action, refused.actor, refused.station, refused.target) == (
        A.IMPORT_REFUSED, "王科员", CODE, f"{first.name}（第 1 号）")
    assert "测试" in refused.detail
    with county.engine.connect() as conn:
        assert conn.execute(select(bundle_refusal.c.seq)).scalars().all() == [1]
    after = _data_tables(county)
    assert {k: v for k, v in after.items() if k != "bundle_refusal"} == tables
    monkeypatch.undo()
    assert import_bundle(county, first).status == "imported"
    assert audit.verify(county).intact


def test_the_entry_is_part_of_the_work(demo_station: Database, county: CountyDatabase,
                                       usb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the entry cannot be written, the work is not done either."""
    from workstation.county import importer

    [first] = sync.export(demo_station, usb)
    tables = _data_tables(county)
    real = audit.append

    def failing(conn: object, action: str, **fields: object) -> int:
        if action == A.IMPORT:
            raise RuntimeError("disk full")
        return real(conn, action, **fields)  # type: ignore[arg-type]

    monkeypatch.setattr(importer.audit, "append", failing)
    with pytest.raises(RuntimeError):
        import_bundle(county, first, actor="王科员")
    assert _data_tables(county) == tables


def _tamper(county: CountyDatabase, sql: str, **params: object) -> None:
    with county.write() as conn:
        conn.execute(text(sql), params)


def test_edited_and_deleted_entries_are_found(county: CountyDatabase) -> None:
    for n in range(8):
        audit.record_login(county, f"操作员{n}")
    assert audit.verify(county).count == 9
    _tamper(county, "UPDATE county_audit SET actor = :a WHERE seq = 4", a="别人")
    state = audit.verify(county)
    assert state.breaks == (Break(ALTERED, 4, 4),)
    assert "第 4 条被改动" in audit.chain_text(state)

    _tamper(county, "DELETE FROM county_audit WHERE seq IN (6, 7)")
    state = audit.verify(county)
    assert state.breaks == (Break(ALTERED, 4, 4), Break(MISSING, 6, 7))
    assert state.count == 7 and not state.intact

    # Recomputing the edited entry's own hash still breaks the next link.
    with county.engine.connect() as conn:
        row = conn.execute(select(county_audit).where(county_audit.c.seq == 4)).mappings().one()
    fixed = audit._hash(dict(row))
    with county.write() as conn:
        conn.execute(update(county_audit).where(county_audit.c.seq == 4).values(hash=fixed))
    assert Break(ALTERED, 4, 5) in audit.verify(county).breaks


def test_filters_and_paging(county: CountyDatabase) -> None:
    service.register_station(county, "130302200000", _station_key(), "东村站", actor="王科员")
    for n in range(30):
        audit.record_login(county, "李主任" if n % 2 else "王科员")
    audit.record_login_failed(county, "nobody")
    q = CountyAuditQuery
    assert audit.count_entries(county, q()) == 33
    assert audit.count_entries(county, q(actor="李主任")) == 15
    assert audit.count_entries(county, q(actor="")) == 1  # the failed login
    assert audit.count_entries(county, q(action=A.LOGIN)) == 30
    assert audit.count_entries(county, q(station="130302200000")) == 1
    page = audit.fetch_entries(county, q(), 0, 10)
    assert [e.seq for e in page] == list(range(33, 23, -1))  # newest first
    assert [e.seq for e in audit.fetch_entries(county, q(), 30, 10)] == [3, 2, 1]
    assert audit.actors(county) == sorted(["", COUNTY_ADMIN_NAME, "李主任", "王科员"])
    assert len(list(audit.iter_entries(county, q(), batch=7))) == 33
    for day in ("2030-03-01", "2030-03-02", "2030-03-02", "2030-03-04"):
        audit.record(county, A.LOGIN, actor="赵", at=f"{day}T12:00:00+00:00")
    dated = q(date_from=date(2030, 3, 2), date_to=date(2030, 3, 3))
    assert audit.count_entries(county, dated) == 2
    assert audit.count_entries(county, q(date_from=date(2030, 3, 2))) == 3
    assert audit.count_entries(county, q(date_to=date(2030, 3, 1), actor="赵")) == 1


def test_a_failed_import_is_recorded_as_failed(demo_station: Database, county: CountyDatabase,
                                               usb: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    from sqlalchemy.exc import DBAPIError

    from workstation.county import importer

    [first] = sync.export(demo_station, usb)
    tables = _data_tables(county)

    def broken(*_a: object, **_k: object) -> None:
        raise DBAPIError("INSERT", {}, Exception("could not extend file"))

    monkeypatch.setattr(importer, "_apply", broken)
    before = _top(county)
    with pytest.raises(SyncError, match="县级数据库未作改动"):
        import_bundle(county, first, actor="王科员")
    [failed] = _new(county, before)
    assert (failed.action, failed.station, failed.target) == (
        A.IMPORT_FAILED, CODE, f"{first.name}（第 1 号）")
    assert "could not extend file" in failed.detail
    assert _data_tables(county) == tables
