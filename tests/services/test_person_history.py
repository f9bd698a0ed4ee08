"""A person's history, the audited full ID number and party conflict checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from workstation.domain.inputs import PartyInput, SessionInput
from workstation.services import aid, mediation
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, NotFound
from workstation.services.person_history import conflicts, full_id_number, person_history
from workstation.storage.engine import Database

TODAY = date(2025, 4, 10)


def person_id(sql, name: str) -> str:
    (row,) = sql.rows("SELECT id FROM person WHERE name = :n", n=name)
    return row.id


def new_case(db: Database, actor: Actor, make, applicant, respondent, **kw) -> str:
    return mediation.open_case(db, actor, make.case(
        registered_on=kw.pop("registered_on", date(2025, 3, 1)),
        parties=(PartyInput(role="applicant", **applicant),
                 PartyInput(role="respondent", **respondent), *kw.pop("more", ())),
        **kw), today=TODAY)


def test_history_across_services(db: Database, actor: Actor, make, sql) -> None:
    zhang = make.person(1, "张三", special_groups=("migrant_worker",))
    cid = register_consultation(db, actor, make.consultation(
        zhang, occurred_at=datetime(2025, 3, 1, 9).astimezone(),
        question="老板拖欠三个月工资怎么办？这是一段很长的问题描述，" * 3), today=TODAY)
    pid = person_id(sql, "张三")
    case1 = new_case(db, actor, make, {"person_id": pid},
                     {"person": make.person(2, "李四", "female")},
                     registered_on=date(2025, 3, 5))
    case2 = new_case(db, actor, make, {"person": make.person(3, "王五")}, {"person_id": pid},
                     registered_on=date(2025, 3, 20), dispute_type="labour")
    rid = aid.create_referral(db, actor, replace(
        make.referral(applied_on=date(2025, 4, 1)), applicant_id=pid, applicant=None),
        today=TODAY)

    history = person_history(db, pid)

    p = history.person
    full = make.resident_id(1)
    assert (p.id, p.name, p.sex_label, p.birth_date) == (pid, "张三", "男", date(1980, 5, 17))
    assert p.has_id and p.id_number_masked == full[:6] + "********" + full[-4:]
    assert full not in repr(history)
    assert p.special_group_labels == ("农民工",)
    assert [(i.record_type, i.record_id, i.date, i.role_label, i.status_label)
            for i in history.items] == [
        ("aid_referral", rid, date(2025, 4, 1), "援助申请人", "待转交"),
        ("mediation_case", case2, date(2025, 3, 20), "被申请人", "已登记"),
        ("mediation_case", case1, date(2025, 3, 5), "申请人", "已登记"),
        ("consultation", cid, date(2025, 3, 1), "咨询人", "当场解答"),
    ]
    summaries = [i.summary for i in history.items]
    assert summaries[1] == "王五与张三劳动争议纠纷"
    assert summaries[3].startswith("劳动报酬：老板拖欠") and summaries[3].endswith("…")
    assert all(i.number for i in history.items)


def test_person_without_id_number(db: Database, actor: Actor, make, sql) -> None:
    register_consultation(db, actor, make.consultation(make.person(1, "某人", id_number=None)),
                          today=TODAY)
    (row,) = sql.rows("SELECT id FROM person")
    history = person_history(db, row.id)
    assert not history.person.has_id and history.person.id_number_masked == ""
    assert full_id_number(db, actor, row.id) == ""
    assert sql.count("audit_entry", "action = 'view_id_number'") == 0


def test_full_id_number_is_audited(db: Database, actor: Actor, make, sql) -> None:
    register_consultation(db, actor, make.consultation(make.person(1, "张三")), today=TODAY)
    pid = person_id(sql, "张三")
    assert full_id_number(db, actor, pid) == make.resident_id(1)
    (audit,) = sql.rows("SELECT * FROM audit_entry WHERE action = 'view_id_number'")
    assert (audit.operator_id, audit.record_type, audit.record_id) == (
        actor.operator_id, "person", pid)
    assert make.resident_id(1) not in audit.detail
    full_id_number(db, actor, pid)
    assert sql.count("audit_entry", "action = 'view_id_number'") == 2
    with pytest.raises(NotFound):
        full_id_number(db, actor, "no-such-person")
    with pytest.raises(NotFound):
        person_history(db, "no-such-person")


@pytest.fixture
def people(db: Database, actor: Actor, make, sql) -> dict[str, str]:
    """张三 (applicant) vs 李四 (respondent) in an open case; 王五 third party in it;
    赵六 vs 钱七 in an archived case."""
    new_case(db, actor, make, {"person": make.person(1, "张三")},
             {"person": make.person(2, "李四", "female")},
             more=(PartyInput(role="third_party", person=make.person(3, "王五")),))
    closed = new_case(db, actor, make, {"person": make.person(4, "赵六")},
                      {"person": make.person(5, "钱七", "female")})
    mediation.accept_case(db, actor, closed, date(2025, 3, 1))
    mediation.record_session(db, actor, closed, SessionInput(
        held_at=datetime(2025, 3, 2, 9).astimezone(), place="调解室", attendees="双方",
        record="未达成"))
    mediation.change_status(db, actor, closed, "failed", reason="分歧较大")
    mediation.change_status(db, actor, closed, "archived")
    return {name: person_id(sql, name) for name in ["张三", "李四", "王五", "赵六", "钱七"]}


def test_conflict_on_the_other_side(db: Database, people: dict[str, str]) -> None:
    (c,) = conflicts(db, [people["李四"], None], ["applicant", "respondent"])
    assert (c.person_name, c.existing_role, c.existing_role_label) == ("李四", "respondent",
                                                                       "被申请人")
    assert c.opposite_side and not c.duplicate_dispute
    assert c.number.endswith("海调字第0001号")
    assert c.message.startswith(f"李四 是未结案件{c.number}的被申请人")

    (c,) = conflicts(db, [people["张三"]], ["applicant"])
    assert not c.opposite_side and c.message == f"张三 是未结案件{c.number}的申请人"
    (c,) = conflicts(db, [people["王五"]], ["respondent"])
    assert c.existing_role_label == "第三人" and not c.opposite_side


def test_duplicate_dispute(db: Database, people: dict[str, str]) -> None:
    found = conflicts(db, [people["张三"], people["李四"]], ["applicant", "respondent"])
    assert {c.person_name for c in found} == {"张三", "李四"}
    assert all(c.duplicate_dispute and c.opposite_side for c in found)
    zhang = next(c for c in found if c.person_name == "张三")
    assert zhang.other_person_names == ("李四",)
    assert "与李四已互为对方当事人" in zhang.message


def test_closed_cases_do_not_conflict(db: Database, people: dict[str, str]) -> None:
    assert conflicts(db, [people["赵六"], people["钱七"]], ["applicant", "respondent"]) == []
    assert conflicts(db, [], []) == []
    with pytest.raises(ValueError):
        conflicts(db, [people["赵六"]], [])
