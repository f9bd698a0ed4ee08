"""The audit trail: every action the issue lists is recorded (who, when, what, which record),
admins read it filtered and paged, export it to CSV (audited), mediators cannot."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from workstation.domain.audit import ACTION_FILTERS, AuditAction, action_label
from workstation.services import aid, mediation
from workstation.services.audit_log import (
    AuditQuery,
    ExportCancelled,
    count_entries,
    export_csv,
    fetch_entries,
)
from workstation.services.auth import LoginFailed, add_operator, authenticate
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.services.permissions import NotPermitted
from workstation.services.person_history import full_id_number
from workstation.services.persons import find_persons
from workstation.services.printing import print_document
from workstation.services.session_lock import UnlockFailed, unlock
from workstation.services.voiding import void_record
from workstation.storage.engine import Database

TODAY = date.today()


@pytest.fixture
def mediator(db: Database, actor: Actor) -> Actor:
    op_id = add_operator(db, actor, username="tiaojie", name="李调解", password="mediator-pw-1")
    return Actor(op_id, actor.station_id, "tiaojie", "李调解", "mediator")


def _all(db: Database, actor: Actor, query: AuditQuery | None = None) -> list:
    return fetch_entries(db, actor, query or AuditQuery(), 0, 1000)


def test_every_listed_action_is_recorded_with_who_what_and_which(
        db: Database, actor: Actor, mediator: Actor, make: SimpleNamespace,
        tmp_path: Path) -> None:
    case_id = mediation.open_case(db, mediator, make.case())  # create (and persons)
    mediation.accept_case(db, mediator, case_id, TODAY)  # status change
    referral = aid.create_referral(db, mediator, make.referral())
    aid.update_materials(db, mediator, referral, ["identity"])  # update
    print_document(db, mediator, "mediation_receipt", case_id)  # print
    consultation = register_consultation(db, mediator, make.consultation())
    void_record(db, actor, "consultation", consultation, "重复登记")  # void
    [zhang] = find_persons(db, "张三")
    full_id_number(db, mediator, zhang.id)  # view of a full ID number
    authenticate(db, "tiaojie", "mediator-pw-1")  # login
    with pytest.raises(LoginFailed):
        authenticate(db, "tiaojie", "wrong")  # failed login
    with pytest.raises(UnlockFailed):
        unlock(db, mediator, "wrong")
    export_csv(db, actor, AuditQuery(), tmp_path / "audit.csv")  # export

    rows = _all(db, actor)
    seen = {(r.action, r.record_type) for r in rows}
    for expected in [("create", "mediation_case"), ("create", "person"),
                     ("status", "mediation_case"), ("create", "aid_referral"),
                     ("update", "aid_referral"), ("print", "mediation_case"),
                     ("void", "consultation"), ("view_id_number", "person"),
                     ("login", "operator"), ("login.failed", "operator"),
                     ("unlock.failed", "operator"), ("export", "audit_entry")]:
        assert expected in seen, expected
    by_action = {r.action: r for r in rows}
    assert by_action["void"].operator_name == "王管理"
    assert by_action["status"].operator_name == "李调解"
    assert by_action["status"].action_label == "状态变更"
    assert by_action["status"].record_label.startswith("〔")  # the case number
    assert (by_action["status"].open_type, by_action["status"].open_id) == (
        "mediation_case", case_id)
    assert by_action["view_id_number"].record_label == "张三"
    assert by_action["login.failed"].action_label == "登录失败"
    assert by_action["login"].record_label == "李调解（tiaojie）"
    assert all(r.when and r.at.tzinfo is not None for r in rows)
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)


def test_codes_of_other_modules_get_chinese_labels() -> None:
    for action in AuditAction:
        assert action_label(action.value) == action.label
    assert action_label("backup") == "备份"
    assert action_label("restore") == "恢复备份"
    assert action_label("backup.auto") == "备份"  # its family's label, never the code
    assert action_label("login.locked") == "登录"
    assert action_label("something.new") == "something.new"
    assert all(label for _code, label in ACTION_FILTERS)


def test_filters_by_operator_action_record_and_dates(db: Database, actor: Actor,
                                                    mediator: Actor, make) -> None:
    case_id = mediation.open_case(db, mediator, make.case())
    mediation.accept_case(db, mediator, case_id, TODAY)
    mediation.record_session(db, mediator, case_id, make_session())
    other = mediation.open_case(db, actor, make.case(make.person(5, "王五"),
                                                     make.person(6, "赵六", "female")))
    number = fetch_entries(db, actor, AuditQuery(record_type="mediation_case",
                                                 record_ref=case_id), 0, 1)[0].record_label

    mine = _all(db, actor, AuditQuery(operator_id=mediator.operator_id))
    assert mine and all(r.operator_name == "李调解" for r in mine)
    # By the case's number: its own entries and those of its parts (the session).
    by_number = _all(db, actor, AuditQuery(record_type="mediation_case", record_ref=number))
    assert {r.action for r in by_number} == {"create", "status"}
    assert {r.record_type for r in by_number} == {"mediation_case", "mediation_session"}
    assert all(r.open_id == case_id for r in by_number)
    assert other not in {r.record_id for r in by_number}
    # The number typed loosely ([2026]海调字第1号) or just its tail finds it too.
    loose = number.replace("〔", "[").replace("〕", "]").replace("000", "")
    assert count_entries(db, actor, AuditQuery(record_ref=loose)) == len(by_number)
    # A person by name or ID number.
    assert count_entries(db, actor, AuditQuery(record_type="person", record_ref="王五")) == 1
    assert count_entries(db, actor, AuditQuery(record_type="person",
                                               record_ref=make.resident_id(5))) == 1
    assert count_entries(db, actor, AuditQuery(record_ref="没有这个人")) == 0
    # An action family: "login" finds logins and failed logins.
    authenticate(db, "admin", make.password)
    with pytest.raises(LoginFailed):
        authenticate(db, "admin", "nope")
    assert {r.action for r in _all(db, actor, AuditQuery(action="login"))} == {
        "login", "login.failed"}
    assert {r.action for r in _all(db, actor, AuditQuery(action="login.failed"))} == {
        "login.failed"}
    # Dates: today has everything, yesterday nothing.
    everything = count_entries(db, actor, AuditQuery())
    assert count_entries(db, actor, AuditQuery(date_from=TODAY, date_to=TODAY)) == everything
    yesterday = TODAY - timedelta(days=1)
    assert count_entries(db, actor, AuditQuery(date_from=yesterday, date_to=yesterday)) == 0
    # Paging: pages join up without gaps or repeats.
    first, second = (fetch_entries(db, actor, AuditQuery(), 0, 5),
                     fetch_entries(db, actor, AuditQuery(), 5, 5))
    assert [r.id for r in first + second] == [r.id for r in _all(db, actor)][:10]


def make_session():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from workstation.domain.inputs import SessionInput

    return SessionInput(datetime.now(UTC) - timedelta(hours=1), "调解室", "双方", "记录")


def test_mediators_cannot_read_or_export_the_audit_trail(db: Database, actor: Actor,
                                                         mediator: Actor,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for call in (lambda: count_entries(db, mediator, AuditQuery()),
                 lambda: fetch_entries(db, mediator, AuditQuery(), 0, 10),
                 lambda: export_csv(db, mediator, AuditQuery(), out / "x.csv")):
        with pytest.raises(NotPermitted, match="只有站点管理员可以"):
            call()
    assert list(out.iterdir()) == []


def test_export_writes_excel_ready_csv_and_is_audited(db: Database, actor: Actor, make,
                                                      tmp_path: Path) -> None:
    cid = register_consultation(db, actor, make.consultation())
    void_record(db, actor, "consultation", cid, "=HYPERLINK(\"x\")，误登记")
    path = tmp_path / "操作日志.csv"
    expected = count_entries(db, actor, AuditQuery())
    seen: list[tuple[int, int]] = []
    written = export_csv(db, actor, AuditQuery(), path,
                         progress=lambda done, total: seen.append((done, total)) or True)
    assert written == expected and seen[-1] == (expected, expected)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["时间", "操作员", "操作", "操作代码"]
    assert len(rows) == expected + 1
    void_row = next(r for r in rows if r[3] == "void")
    assert void_row[1] == "王管理" and void_row[2] == "作废" and void_row[4] == "法律咨询"
    assert "咨字第" in void_row[5]
    assert void_row[7].startswith("〔") or void_row[7].startswith("'")  # no formula
    assert not any(cell.startswith("=") for row in rows for cell in row)
    [entry] = fetch_entries(db, actor, AuditQuery(action="export"), 0, 10)
    assert f"操作日志{expected}条" in entry.detail and "操作日志.csv" in entry.detail
    assert entry.record_type == "audit_entry" and entry.operator_name == "王管理"


def test_cancelled_export_leaves_no_file(db: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled):
        export_csv(db, actor, AuditQuery(), out / "a.csv", progress=lambda done, total: False)
    assert list(out.iterdir()) == []
    assert count_entries(db, actor, AuditQuery(action="export")) == 0


def test_the_trail_cannot_be_edited_or_deleted(db: Database, actor: Actor) -> None:
    before = count_entries(db, actor, AuditQuery())
    for statement in ("UPDATE audit_entry SET operator_id = NULL", "DELETE FROM audit_entry"):
        with pytest.raises(ServiceError), UnitOfWork(db, actor) as uow:
            uow.session.execute(text(statement))
            uow.commit()
    assert count_entries(db, actor, AuditQuery()) == before
