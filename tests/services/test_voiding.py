"""Voiding (作废): admins only, a reason, the record kept and marked, left out of lists,
counts, deadlines and statistics, frozen, unprintable; persons only once no valid record
names them, and back when a new record does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from workstation.domain.errors import ValidationError
from workstation.printing.registry import NotPrintable
from workstation.services import aid, mediation
from workstation.services.auth import add_operator
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError
from workstation.services.dashboard import load_dashboard
from workstation.services.listing import ListQuery, count_rows, fetch_rows
from workstation.services.permissions import NotPermitted
from workstation.services.person_history import conflicts, person_history
from workstation.services.persons import find_persons
from workstation.services.printing import print_document
from workstation.services.queries import list_records, station_stats
from workstation.services.records import load_case, load_consultation, load_referral
from workstation.services.search import search
from workstation.services.voiding import void_record
from workstation.storage.engine import Database

TODAY = date.today()


@pytest.fixture
def mediator(db: Database, actor: Actor) -> Actor:
    op_id = add_operator(db, actor, username="tiaojie", name="李调解", password="mediator-pw-1")
    return Actor(op_id, actor.station_id, "tiaojie", "李调解", "mediator")


def _person_id(db: Database, name: str) -> str:
    [person] = find_persons(db, name)
    return person.id


def test_admin_voids_a_consultation_which_stays_marked_and_audited(
        db: Database, actor: Actor, make, sql) -> None:
    cid = register_consultation(db, actor, make.consultation())
    before = sql.rows("SELECT version FROM consultation WHERE id = :id", id=cid)[0].version

    void_record(db, actor, "consultation", cid, "  同一咨询重复登记  ")

    row = sql.rows("SELECT * FROM consultation WHERE id = :id", id=cid)[0]
    assert row.voided_at is not None and row.voided_by == actor.operator_id
    assert row.void_reason == "同一咨询重复登记"
    assert row.version == before + 1
    # The change goes to the county like any other (change log row of the new version).
    log = sql.rows("SELECT op, version FROM change_log WHERE record_id = :id ORDER BY seq",
                   id=cid)
    assert log[-1] == ("U", before + 1)
    [entry] = sql.rows("SELECT * FROM audit_entry WHERE action = 'void'")
    assert (entry.operator_id, entry.record_type, entry.record_id) == (
        actor.operator_id, "consultation", cid)
    assert entry.detail.endswith("：同一咨询重复登记") and "咨字第" in entry.detail
    detail = load_consultation(db, cid)
    assert detail.void is not None and detail.void.reason == "同一咨询重复登记"
    assert detail.void.by_name == "王管理" and "已作废" in detail.void.text
    assert sql.count("consultation") == 1  # nothing deleted


def test_reason_is_mandatory(db: Database, actor: Actor, make, sql) -> None:
    cid = register_consultation(db, actor, make.consultation())
    with pytest.raises(ValidationError) as info:
        void_record(db, actor, "consultation", cid, "   ")
    assert info.value.by_field == {"void_reason": "请填写作废原因"}
    with pytest.raises(ValidationError, match="不能超过500个字"):
        void_record(db, actor, "consultation", cid, "长" * 501)
    assert sql.count("consultation", "voided_at IS NOT NULL") == 0
    assert sql.count("audit_entry", "action = 'void'") == 0


@pytest.mark.parametrize("kind", ["consultation", "mediation_case", "aid_referral", "person"])
def test_a_mediator_cannot_void(db: Database, actor: Actor, mediator: Actor, make, sql,
                                kind: str) -> None:
    ids = {
        "consultation": lambda: register_consultation(db, actor, make.consultation()),
        "mediation_case": lambda: mediation.open_case(db, actor, make.case()),
        "aid_referral": lambda: aid.create_referral(db, actor, make.referral()),
        "person": lambda: _person_of_a_voided_consultation(db, actor, make),
    }
    record_id = ids[kind]()
    voided_before = sql.count("audit_entry", "action = 'void'")
    with pytest.raises(NotPermitted) as info:
        void_record(db, mediator, kind, record_id, "想删掉")
    assert str(info.value) == "只有站点管理员可以作废记录"
    assert isinstance(info.value, ServiceError)
    assert sql.count("audit_entry", "action = 'void'") == voided_before
    table = kind
    assert sql.count(table, "id = :id AND voided_at IS NULL", id=record_id) == 1


def _person_of_a_voided_consultation(db: Database, actor: Actor, make) -> str:
    cid = register_consultation(db, actor, make.consultation(make.person(40, "孤单")))
    void_record(db, actor, "consultation", cid, "登记错误")
    return _person_id(db, "孤单")


def test_voiding_twice_or_an_unknown_kind_is_refused(db: Database, actor: Actor, make) -> None:
    cid = register_consultation(db, actor, make.consultation())
    void_record(db, actor, "consultation", cid, "重复")
    with pytest.raises(ServiceError, match=r"已于.*作废"):
        void_record(db, actor, "consultation", cid, "再来一次")
    with pytest.raises(ServiceError, match="不能作废"):
        void_record(db, actor, "mediation_session", cid, "子记录")
    with pytest.raises(ServiceError, match="找不到"):
        void_record(db, actor, "aid_referral", cid, "不存在")


def test_lists_leave_voided_records_out_unless_asked(db: Database, actor: Actor, make) -> None:
    keep = mediation.open_case(db, actor, make.case())
    gone = mediation.open_case(db, actor, make.case(make.person(7, "王七"),
                                                    make.person(8, "赵八", "female")))
    void_record(db, actor, "mediation_case", gone, "误登记")

    query = ListQuery(kind="mediations")
    assert count_rows(db, query) == 1
    assert [r.id for r in fetch_rows(db, query, 0, 50)] == [keep]
    both = ListQuery(kind="mediations", include_voided=True)
    assert count_rows(db, both) == 2
    rows = {r.id: r for r in fetch_rows(db, both, 0, 50)}
    assert rows[gone].voided and rows[gone].void_note == "已作废：误登记"
    assert rows[gone].status_label.endswith("（已作废）")
    assert not rows[keep].voided and rows[keep].void_note == ""
    # Filters combine with it (the count subtracts the voided matches).
    typed = ListQuery(kind="mediations", type_code="neighbour")
    assert count_rows(db, typed) == 1
    assert [r["id"] for r in list_records(db, "mediations")] == [keep]
    flagged = {r["id"]: r["voided"] for r in list_records(db, "mediations",
                                                          include_voided=True)}
    assert flagged == {keep: False, gone: True}


def test_dashboard_and_statistics_ignore_voided_records(db: Database, actor: Actor,
                                                        make) -> None:
    case_id = mediation.open_case(db, actor, make.case(registered_on=TODAY - timedelta(40)))
    mediation.accept_case(db, actor, case_id, TODAY - timedelta(days=40))  # overdue
    referral_id = aid.create_referral(db, actor, make.referral(applied_on=TODAY - timedelta(9)))
    occurred = datetime.now(UTC) - timedelta(minutes=1)
    consultation_id = register_consultation(db, actor, make.consultation(occurred_at=occurred))
    day = occurred.astimezone().date()  # not TODAY just after midnight
    board = load_dashboard(db, actor, TODAY)
    assert {i.record_id for i in board.deadlines} == {case_id, referral_id}
    assert board.my_open_cases == 1
    assert load_dashboard(db, actor, day).consultations_today == 1

    for kind, rid in (("mediation_case", case_id), ("aid_referral", referral_id),
                      ("consultation", consultation_id)):
        void_record(db, actor, kind, rid, "测试作废")
    board = load_dashboard(db, actor, TODAY)
    assert board.deadlines == []
    assert (board.cases_month, board.referrals_month, board.my_open_cases) == (0, 0, 0)
    assert load_dashboard(db, actor, day).consultations_today == 0
    stats = station_stats(db)
    assert (stats["consultations"], stats["mediation_cases"], stats["aid_referrals"]) == (0, 0, 0)
    assert stats["mediation_by_status"] == {} and stats["aid_by_status"] == {}
    assert stats["voided"] == {"persons": 0, "consultations": 1, "mediation_cases": 1,
                               "aid_referrals": 1}


def test_nothing_more_can_be_done_to_a_voided_case_or_referral(db: Database, actor: Actor,
                                                               make, sql) -> None:
    case_id = mediation.open_case(db, actor, make.case())
    void_record(db, actor, "mediation_case", case_id, "重复立案")
    with pytest.raises(ServiceError, match="该调解案件已作废"):
        mediation.accept_case(db, actor, case_id, TODAY)
    with pytest.raises(ServiceError, match="已作废"):
        mediation.change_status(db, actor, case_id, "terminated", reason="撤回")
    detail = load_case(db, case_id)
    assert detail.void is not None and detail.allowed_next == [] and detail.due is None

    referral_id = aid.create_referral(db, actor, make.referral())
    void_record(db, actor, "aid_referral", referral_id, "申请人重复申请")
    with pytest.raises(ServiceError, match="该法律援助申请已作废"):
        aid.update_materials(db, actor, referral_id, ["identity"])
    with pytest.raises(ServiceError, match="已作废"):
        aid.close_referral(db, actor, referral_id, TODAY, "撤回")
    detail = load_referral(db, referral_id)
    assert detail.allowed_next == [] and detail.due is None
    assert sql.count("status_change", "record_id = :id", id=referral_id) == 1


def test_a_voided_record_prints_nothing(db: Database, actor: Actor, make, sql) -> None:
    cid = register_consultation(db, actor, make.consultation())
    print_document(db, actor, "consultation_receipt", cid)
    void_record(db, actor, "consultation", cid, "登记错误")
    with pytest.raises(NotPrintable, match="该记录已作废，不能打印（作废原因：登记错误）"):
        print_document(db, actor, "consultation_receipt", cid)
    assert sql.count("audit_entry", "action = 'print'") == 1


def test_a_person_is_voided_only_once_no_valid_record_names_them(
        db: Database, actor: Actor, make, sql) -> None:
    first = register_consultation(db, actor, make.consultation(make.person(9, "钱九")))
    second = register_consultation(db, actor, make.consultation(make.person(9, "钱九")))
    pid = _person_id(db, "钱九")
    void_record(db, actor, "consultation", first, "重复登记")
    with pytest.raises(ServiceError) as info:
        void_record(db, actor, "person", pid, "不需要了")
    assert "钱九仍出现在1条未作废的记录中" in str(info.value)
    assert "请先作废这些记录" in str(info.value)

    void_record(db, actor, "consultation", second, "重复登记")
    void_record(db, actor, "person", pid, "登记错误的人员")
    assert find_persons(db, "钱九") == []
    assert count_rows(db, ListQuery(kind="persons")) == 0
    history = person_history(db, pid)  # still readable, with its voided records marked
    assert history.void is not None and [i.voided for i in history.items] == [True, True]

    # The same citizen comes back: the new record brings the person back, audited.
    register_consultation(db, actor, make.consultation(make.person(9, "钱九")))
    assert [p.id for p in find_persons(db, "钱九")] == [pid]
    [entry] = sql.rows("SELECT detail FROM audit_entry WHERE action = 'reinstate'")
    assert "原作废原因：登记错误的人员" in entry.detail


def test_voided_cases_raise_no_conflicts_and_search_marks_them(db: Database, actor: Actor,
                                                               make) -> None:
    case_id = mediation.open_case(db, actor, make.case())
    applicant = _person_id(db, "张三")
    assert len(conflicts(db, [applicant], ["applicant"])) == 1
    void_record(db, actor, "mediation_case", case_id, "重复立案")
    assert conflicts(db, [applicant], ["applicant"]) == []
    hits = {h.record_id: h for h in search(db, "张三")}
    assert hits[case_id].voided and not hits[applicant].voided
