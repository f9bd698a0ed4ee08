"""The station learns what the county found in its audit trail: the mediator scenario (audit
rows deleted behind the triggers' back) flagged at the county, carried back in the (sealed)
acknowledgement, recorded once in the station's own audit trail and shown from there."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from workstation.county.importer import import_bundle
from workstation.domain.audit_chain import MISSING, Break
from workstation.services.context import Actor
from workstation.storage.engine import Database
from workstation.sync import ack as sync_ack
from workstation.sync import audit_findings
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused

from .helpers import touch_person
from .test_audit_chain import _audit, _tamper


def _findings_in_trail(db: Database) -> list[tuple[str | None, str, str]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT operator_id, record_id, detail FROM audit_entry "
            "WHERE action = 'sync.audit_break' ORDER BY seq"))]


def test_the_station_is_told_of_the_break_once(demo_station: Database, actor: Actor,
                                               county, usb: Path) -> None:
    db = demo_station
    seqs = _audit(db, actor, 6, "before")
    gone = seqs[1:4]
    _tamper(db, f"DELETE FROM audit_entry WHERE seq BETWEEN {gone[0]} AND {gone[-1]}")
    touch_person(db, "13900000004")
    [path] = sync.export(db, usb, actor=actor)
    summary = import_bundle(county, path)
    assert summary.audit_breaks == [Break(MISSING, gone[0], gone[-1])]
    assert summary.ack_path is not None

    ack = summary.ack_path.read_bytes()
    assert b"audit_breaks" not in ack  # sealed with the rest
    body = sync.verified_ack(db, ack, "ack")
    [found] = body["audit_breaks"]
    assert (found["kind"], found["first_seq"], found["last_seq"], found["epoch"]) == (
        "missing", gone[0], gone[-1], 1)
    assert found["detected_at"]

    result = sync.import_ack(db, summary.ack_path, actor=actor)
    [line] = result.audit_findings
    assert line.startswith("县级中心 ") and line.endswith(
        f"发现本站操作日志第 {gone[0]}–{gone[-1]} 条缺失")
    assert _findings_in_trail(db) == [
        (actor.operator_id, f"e1:missing:{gone[0]}-{gone[-1]}", line)]
    assert audit_findings.county_findings(db) == [line]

    # Every later acknowledgement says it again: recorded once all the same.
    touch_person(db, "13900000005")
    [again] = sync.export(db, usb, actor=actor)
    later = import_bundle(county, again)
    assert later.ack_path is not None
    assert sync.import_ack(db, later.ack_path, actor=actor).audit_findings == []
    replay = import_bundle(county, path)  # a copy of bundle 1: the current one again
    assert replay.ack_path is not None
    sync.import_ack(db, replay.ack_path, actor=actor)
    assert len(_findings_in_trail(db)) == 1
    assert audit_findings.county_findings(db) == [line]


def test_finding_lines_and_keys() -> None:
    found = {"kind": "altered", "first_seq": 7, "last_seq": 7, "epoch": 2,
             "detected_at": "2026-12-08T03:00:00+00:00"}
    assert audit_findings.finding_key(found) == "e2:altered:7-7"
    assert audit_findings.finding_text(found).endswith("发现本站操作日志第 7 条被改动")


@pytest.mark.parametrize("bad", [
    [{"kind": "gone", "first_seq": 1, "last_seq": 1, "detected_at": "x"}],
    [{"kind": "missing", "first_seq": 5, "last_seq": 4, "detected_at": "x"}],
    [{"kind": "missing", "first_seq": 0, "last_seq": 4, "detected_at": "x"}],
    [{"kind": "missing", "first_seq": 1, "last_seq": 4, "detected_at": ""}],
    [{"kind": "missing", "first_seq": 1, "last_seq": 4, "detected_at": "x" * 41}],
    [{"kind": "missing", "first_seq": 1, "last_seq": 1, "detected_at": "x"}]
    * (sync_ack.MAX_ACK_BREAKS + 1),
    {"kind": "missing"},
])
def test_malformed_findings_refuse_the_acknowledgement(bad: object) -> None:
    from workstation.sync import keys

    signer = keys.new_signing_key()
    body = {"station_id": "0ad1d209-31dd-4fba-a19f-1aabebc5bf0b", "bundle_seq": 1,
            "change_seq": 1, "decisions": []}
    good = [{"kind": "missing", "first_seq": 1, "last_seq": 2, "detected_at": "x"}]
    assert sync_ack.decode_ack(sync_ack.encode_ack({**body, "audit_breaks": good}, signer),
                               signer.public_key(), "a.wsa")["audit_breaks"] == good
    with pytest.raises(BundleRefused, match="操作日志检查结果"):
        sync_ack.decode_ack(sync_ack.encode_ack({**body, "audit_breaks": bad}, signer),
                            signer.public_key(), "a.wsa")
