"""Registering consultations and reusing persons across records."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from workstation.domain.errors import ValidationError
from workstation.domain.identity import mask_id_number
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, NotFound
from workstation.services.persons import find_persons, get_person
from workstation.storage.engine import Database


def _year_of(moment: datetime) -> int:
    return moment.astimezone().year


def test_register_consultation_writes_record_person_audit_and_log(
        db: Database, actor: Actor, sql, make) -> None:
    data = make.consultation(make.person(1, "张三", special_groups=("migrant_worker",)))
    cid = register_consultation(db, actor, data)

    (row,) = sql.rows("SELECT * FROM consultation")
    year = _year_of(data.occurred_at)
    assert row.id == cid
    assert (row.year, row.seq) == (year, 1)
    assert row.number == f"〔{year}〕海咨字第0001号"
    assert row.operator_id == actor.operator_id
    assert row.station_id == actor.station_id
    assert (row.channel, row.topic, row.handling_result) == ("walk_in", "wages", "answered")

    (person,) = sql.rows("SELECT * FROM person")
    assert row.person_id == person.id
    assert person.id_number == make.resident_id(1)
    assert person.sex == "male" and person.birth_date == "1980-05-17"  # filled from the ID
    assert person.special_groups == '["migrant_worker"]'
    assert "zs" in person.name_keys

    audits = sql.rows("SELECT action, record_type, record_id, detail, operator_id"
                      " FROM audit_entry WHERE action = 'create' ORDER BY id")
    assert [(a.record_type, a.record_id) for a in audits] == [
        ("person", person.id), ("consultation", cid)]
    assert audits[1].detail == row.number
    assert {a.operator_id for a in audits} == {actor.operator_id}

    logs = sql.rows("SELECT table_name, record_id, version, op FROM change_log"
                    " WHERE table_name IN ('person', 'consultation') ORDER BY seq")
    assert logs == [("person", person.id, 1, "I"), ("consultation", cid, 1, "I")]


def test_consultation_numbers_increase(db: Database, actor: Actor, sql, make) -> None:
    moment = datetime.now(UTC) - timedelta(minutes=5)
    for i in range(3):
        register_consultation(db, actor, make.consultation(make.person(10 + i),
                                                           occurred_at=moment))
    rows = sql.rows("SELECT seq, number FROM consultation ORDER BY seq")
    year = _year_of(moment)
    assert rows == [(i, f"〔{year}〕海咨字第{i:04d}号") for i in (1, 2, 3)]


def test_consultation_numbers_restart_each_year(db: Database, actor: Actor, sql, make) -> None:
    last_year = datetime(date.today().year - 1, 6, 1, 4, tzinfo=UTC)
    this_year = datetime.now(UTC) - timedelta(minutes=5)
    register_consultation(db, actor, make.consultation(occurred_at=last_year))
    register_consultation(db, actor, make.consultation(occurred_at=this_year))
    register_consultation(db, actor, make.consultation(occurred_at=last_year))
    rows = sql.rows("SELECT year, seq FROM consultation ORDER BY year, seq")
    assert rows == [(last_year.year, 1), (last_year.year, 2), (_year_of(this_year), 1)]


def test_consultation_without_person(db: Database, actor: Actor, sql, make) -> None:
    data = make.consultation(person=None)
    data = type(data)(**{**data.__dict__, "person": None})
    cid = register_consultation(db, actor, data)
    assert sql.rows("SELECT person_id FROM consultation WHERE id = :id", id=cid) == [(None,)]
    assert sql.count("person") == 0


def test_person_reused_by_id_number_and_details_refreshed(db: Database, actor: Actor, sql,
                                                          make) -> None:
    first = register_consultation(db, actor, make.consultation(
        make.person(5, "王五", phone="13800138000", address="东村1号", occupation="农民",
                    special_groups=("elderly",))))
    # Same citizen, ID typed in lower case with spaces, new phone and address, blank occupation.
    number = make.resident_id(5)
    second = register_consultation(db, actor, make.consultation(
        make.person(5, "王五", id_number=f" {number.lower()} ", phone="13900139000",
                    address="西村2号", occupation="", special_groups=("disabled",))))

    assert sql.count("person") == 1
    (person,) = sql.rows("SELECT * FROM person")
    ids = sql.rows("SELECT person_id FROM consultation WHERE id IN (:a, :b)", a=first, b=second)
    assert [r[0] for r in ids] == [person.id, person.id]
    assert person.phone == "13900139000"
    assert person.address == "西村2号"
    assert person.occupation == "农民"  # blank does not erase
    assert person.special_groups == '["elderly", "disabled"]'
    assert person.version == 2
    logs = sql.rows("SELECT op, version FROM change_log WHERE record_id = :id ORDER BY seq",
                    id=person.id)
    assert logs == [("I", 1), ("U", 2)]
    # The creation and the refresh of the person are audited, the refresh naming its fields.
    audits = sql.rows("SELECT action, detail FROM audit_entry WHERE record_type = 'person'"
                      " ORDER BY id")
    assert [a.action for a in audits] == ["create", "update"]
    assert audits[1].detail == "更新：联系电话、住址、特殊群体"


def test_person_renamed_refreshes_search_keys(db: Database, actor: Actor, make) -> None:
    register_consultation(db, actor, make.consultation(make.person(6, "李四")))
    register_consultation(db, actor, make.consultation(make.person(6, "李思")))
    (found,) = find_persons(db, "李思")
    assert found.name == "李思"
    assert find_persons(db, "ls")[0].id == found.id
    assert find_persons(db, "李四") == []


def test_existing_person_by_id(db: Database, actor: Actor, sql, make) -> None:
    register_consultation(db, actor, make.consultation(make.person(8)))
    pid = sql.rows("SELECT id FROM person")[0][0]
    data = make.consultation()
    data = type(data)(**{**data.__dict__, "person": None, "person_id": pid})
    cid = register_consultation(db, actor, data)
    assert sql.rows("SELECT person_id FROM consultation WHERE id = :id", id=cid) == [(pid,)]
    assert get_person(db, pid).id_number == make.resident_id(8)

    bogus = type(data)(**{**data.__dict__, "person_id": "no-such-person"})
    before = sql.counts("consultation", "audit_entry", "change_log")
    with pytest.raises(NotFound):
        register_consultation(db, actor, bogus)
    assert sql.counts("consultation", "audit_entry", "change_log") == before
    with pytest.raises(NotFound):
        get_person(db, "no-such-person")


def test_find_persons_by_number_tail_and_full(db: Database, actor: Actor, make) -> None:
    register_consultation(db, actor, make.consultation(make.person(9, "赵六")))
    number = make.resident_id(9)
    (by_full,) = find_persons(db, number)
    assert by_full.name == "赵六"
    assert by_full.id_number_masked == mask_id_number(number)
    assert number not in by_full.id_number_masked
    assert [p.name for p in find_persons(db, number[-6:])] == ["赵六"]
    assert find_persons(db, "   ") == []


def test_bad_id_check_digit_is_a_field_error(db: Database, actor: Actor, sql, make) -> None:
    good = make.resident_id(1)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = make.consultation(make.person(1, id_number=bad, phone="1380013800"),
                             channel="carrier_pigeon", question="")
    with pytest.raises(ValidationError) as info:
        register_consultation(db, actor, data)
    fields = info.value.by_field
    assert {"person.id_number", "person.phone", "channel", "question"} <= set(fields)
    assert "校验" in fields["person.id_number"] or "身份证" in fields["person.id_number"]
    assert sql.counts("consultation", "person", "change_log", "audit_entry") == {
        "consultation": 0, "person": 0, "change_log": 2 + 2,  # the admin and the committee,
        "audit_entry": 2}  # and their audit entries


@pytest.mark.parametrize(("overrides", "field"), [
    ({"handling_result": "to_department", "referred_to": ""}, "referred_to"),
    ({"handling_result": "answered", "answer": "  "}, "answer"),
    ({"minutes_spent": 0}, "minutes_spent"),
    ({"occurred_at": datetime.now(UTC) + timedelta(days=1)}, "occurred_at"),
    ({"occurred_at": datetime(2026, 1, 1, 9, 0)}, "occurred_at"),
    ({"satisfaction": "ecstatic"}, "satisfaction"),
])
def test_consultation_validation(db: Database, actor: Actor, sql, make, overrides, field
                                 ) -> None:
    with pytest.raises(ValidationError) as info:
        register_consultation(db, actor, make.consultation(**overrides))
    assert field in info.value.by_field
    assert sql.count("consultation") == 0


def test_find_person_by_old_15_digit_number(db: Database, actor: Actor, make) -> None:
    number18 = make.resident_id(11)
    number15 = number18[:6] + number18[8:17]  # 19YY → YY, no check character
    register_consultation(db, actor, make.consultation(make.person(11, "孙八",
                                                                   id_number=number15)))
    (found,) = find_persons(db, number15)
    assert found.name == "孙八"
    assert [p.id for p in find_persons(db, number18)] == [found.id]
    assert get_person(db, found.id).id_number == number18  # stored upgraded


def test_concurrent_registrations_get_distinct_numbers(db: Database, actor: Actor, sql, make
                                                       ) -> None:
    moment = datetime.now(UTC) - timedelta(minutes=1)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(5):
                register_consultation(db, actor, make.consultation(
                    make.person(100 + worker * 10 + i), occurred_at=moment))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = [r[0] for r in sql.rows("SELECT seq FROM consultation ORDER BY seq")]
    assert seqs == list(range(1, 21))
    assert sql.count("person") == 20
    assert sql.count("audit_entry", "action = 'create'") == 40
