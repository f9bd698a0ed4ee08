"""Read-side counts and listings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from workstation.services import aid, mediation
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.queries import list_records, station_stats
from workstation.storage.engine import Database

TODAY = date.today()


def test_empty_station_stats(db: Database, actor: Actor) -> None:
    stats = station_stats(db)
    assert {k: stats[k] for k in ("persons", "consultations", "mediation_cases",
                                  "aid_referrals")} == {
        "persons": 0, "consultations": 0, "mediation_cases": 0, "aid_referrals": 0}
    assert stats["consultations_by_result"] == {}
    assert stats["change_log_rows"] == 2  # the admin operator and the station's committee
    for kind in ("persons", "consultations", "mediations", "referrals"):
        assert list_records(db, kind) == []


def test_stats_and_listings_agree_with_what_was_recorded(db: Database, actor: Actor, sql,
                                                         make) -> None:
    now = datetime.now(UTC)
    c_old = register_consultation(db, actor, make.consultation(
        make.person(1, "张三"), occurred_at=now - timedelta(days=2)))
    c_new = register_consultation(db, actor, make.consultation(
        make.person(2, "李四", "female"), occurred_at=now - timedelta(hours=1),
        handling_result="to_mediation", answer=""))
    case_a = mediation.open_case(db, actor, make.case(registered_on=TODAY - timedelta(days=3)))
    case_b = mediation.open_case(db, actor, make.case(
        make.person(5, "王五"), make.person(6, "钱六"), registered_on=TODAY))
    mediation.accept_case(db, actor, case_b, TODAY)
    ref = aid.create_referral(db, actor, make.referral(
        limitation_deadline=TODAY + timedelta(days=2)))

    stats = station_stats(db)
    assert stats["persons"] == 5  # 张三, 李四, 王五, 钱六, 赵五 (张三/李四 reused by case_a)
    assert stats["consultations"] == 2
    assert stats["mediation_cases"] == 2
    assert stats["aid_referrals"] == 1
    assert stats["consultations_by_result"] == {"answered": 1, "to_mediation": 1}
    assert stats["mediation_by_status"] == {"registered": 1, "accepted": 1}
    assert stats["aid_by_status"] == {"draft": 1}
    # Record changes (the audit trail's entries ride along and are not counted).
    assert stats["change_log_rows"] == sql.count("change_log", "table_name != 'audit_entry'")

    consultations = list_records(db, "consultations")
    assert [r["id"] for r in consultations] == [c_new, c_old]  # newest first
    assert all(r["number"].startswith("〔") for r in consultations)
    assert consultations[0]["handling_result"] == "to_mediation"
    datetime.fromisoformat(consultations[0]["occurred_at"])

    mediations = list_records(db, "mediations")
    assert [r["id"] for r in mediations] == [case_b, case_a]
    assert mediations[0]["deadline"] == (TODAY + timedelta(days=30)).isoformat()
    assert mediations[1]["deadline"] is None

    (referral,) = list_records(db, "referrals")
    assert referral["id"] == ref and referral["urgent"] is True
    assert referral["status"] == "draft"

    people = list_records(db, "persons")
    assert len(people) == 5
    assert {p["number"] for p in people} == {None}
    numbers = {make.resident_id(i, s) for i, s in ((1, "male"), (2, "female"))}
    for p in people:
        assert "*" in p["id_number"]
        assert p["id_number"] not in numbers
    assert len(list_records(db, "persons", limit=2)) == 2


def test_unknown_list_kind(db: Database, actor: Actor) -> None:
    with pytest.raises(ValueError):
        list_records(db, "everything")
