"""Dispute screening: create, edit (versioned, audited, permissions), review, case
prevention, the list, and the referring body kind of mediation cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import case_input
from workstation.domain.errors import ValidationError
from workstation.domain.screening import FoundDisputeInput, ScreeningInput
from workstation.services import mediation
from workstation.services import screening as scr
from workstation.services.auth import add_operator
from workstation.services.context import Actor, ServiceError
from workstation.services.listing import ListQuery, count_rows, fetch_rows
from workstation.services.permissions import NotPermitted
from workstation.services.records import load_case

DAY = date(2026, 3, 5)
TODAY = date(2026, 3, 31)


def screening(*disputes: FoundDisputeInput, **overrides: Any) -> ScreeningInput:
    values: dict[str, Any] = {
        "held_on": DAY, "place": "海港镇东村", "kind": "regular",
        "participants": "王管理、村调委会主任李明", "disputes": disputes,
    }
    values.update(overrides)
    return ScreeningInput(**values)


def dispute(**overrides: Any) -> FoundDisputeInput:
    values: dict[str, Any] = {"parties": "张三与李四", "dispute_type": "neighbour",
                              "risk_level": "ordinary", "outcome": "watched",
                              "summary": "因排水沟发生口角。"}
    values.update(overrides)
    return FoundDisputeInput(**values)


def test_create_screening_with_disputes(db: Any, actor: Actor, sql: Any) -> None:
    case_id = mediation.open_case(db, actor, case_input())
    sid = scr.create_screening(db, actor, screening(
        dispute(),
        dispute(parties="王五与赵六", dispute_type="forest_land", risk_level="major",
                outcome="mediated", case_id=case_id, prevention_kind="criminal",
                prevention_persons=3),
        dispute(parties="刘家与陈家", outcome="referred", referred_to="海港派出所")),
        today=TODAY)
    detail = scr.load_screening(db, sid)
    assert detail.number == "〔2026〕海排字第0001号"
    assert detail.kind_label == "定期排查"
    assert [d.outcome_label for d in detail.disputes] == ["持续关注", "已转入调解", "已移交处理"]
    assert detail.disputes[1].case_number == load_case(db, case_id).number
    assert detail.disputes[1].prevention_label == "防止民间纠纷转化为刑事案件"
    assert detail.disputes[0].reviewed_on == DAY
    assert sql.count("audit_entry", "action = 'create' AND record_type = 'screening'") == 1
    logged = dict(sql.rows("SELECT table_name, count(*) FROM change_log WHERE table_name "
                           "LIKE 'screening%' GROUP BY table_name"))
    assert logged == {"screening": 1, "screening_dispute": 3}


def test_bad_input_names_every_field_in_chinese(db: Any, actor: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        scr.create_screening(db, actor, screening(
            dispute(outcome="mediated"), dispute(outcome="referred"),
            dispute(prevention_kind="suicide", prevention_persons=0),
            place=" ", kind="weekly"), today=TODAY)
    fields = {e.field: e.message for e in info.value.errors}
    assert fields["place"].startswith("请填写")
    assert "排查类型" in fields["kind"]
    assert fields["disputes[0].case_id"] == "第1件纠纷：已转入调解的纠纷请选择对应的调解案件"
    assert fields["disputes[1].referred_to"] == "第2件纠纷：已移交的纠纷请填写移交单位"
    assert fields["disputes[2].prevention_persons"].startswith("第3件纠纷：")
    assert "人数" in fields["disputes[2].prevention_persons"]
    with pytest.raises(ValidationError):
        scr.create_screening(db, actor, screening(held_on=date(2026, 4, 1)), today=TODAY)


def test_edit_is_versioned_and_keeps_removed_disputes(db: Any, actor: Actor, sql: Any) -> None:
    sid = scr.create_screening(db, actor, screening(dispute(), dispute(parties="甲与乙")),
                               today=TODAY)
    detail = scr.load_screening(db, sid)
    first, _second = detail.disputes
    changed = replace(detail.as_input(), place="海港镇西村", disputes=(
        replace(first.as_input(), outcome="resolved"), dispute(parties="丙与丁")))
    version = scr.update_screening(db, actor, sid, changed, expected_version=detail.version,
                                   today=TODAY)
    assert version == detail.version + 1
    again = scr.load_screening(db, sid)
    assert again.place == "海港镇西村"
    assert [(d.parties, d.outcome) for d in again.disputes] == [("张三与李四", "resolved"),
                                                                ("丙与丁", "watched")]
    assert sql.count("screening_dispute", "removed") == 1  # 甲与乙 kept, taken off
    with pytest.raises(ServiceError, match="已被修改"):
        scr.update_screening(db, actor, sid, changed, expected_version=detail.version,
                             today=TODAY)


def test_only_the_registrant_or_an_admin_may_edit(db: Any, actor: Actor) -> None:
    sid = scr.create_screening(db, actor, screening(dispute()), today=TODAY)
    mid = add_operator(db, actor, username="zhaotj", name="赵调解", password="mediator-pass-1")
    mediator = Actor(mid, actor.station_id, "zhaotj", "赵调解", "mediator")
    detail = scr.load_screening(db, sid)
    with pytest.raises(NotPermitted):
        scr.update_screening(db, mediator, sid, replace(detail.as_input(), place="别处"),
                             expected_version=detail.version, today=TODAY)
    own = scr.create_screening(db, mediator, screening(dispute()), today=TODAY)
    mine = scr.load_screening(db, own)
    scr.update_screening(db, mediator, own, replace(mine.as_input(), place="西村"),
                         expected_version=mine.version, today=TODAY)
    assert scr.load_screening(db, own).place == "西村"


def test_review_and_case_prevention(db: Any, actor: Actor, sql: Any) -> None:
    sid = scr.create_screening(db, actor, screening(dispute()), today=TODAY)
    [watched] = scr.load_screening(db, sid).disputes
    scr.review_dispute(db, actor, watched.id, date(2026, 3, 20), today=TODAY)
    assert scr.load_screening(db, sid).disputes[0].reviewed_on == date(2026, 3, 20)
    with pytest.raises(ValidationError):
        scr.review_dispute(db, actor, watched.id, date(2026, 3, 1), today=TODAY)

    case_id = mediation.open_case(db, actor, case_input())
    scr.set_case_prevention(db, actor, case_id, "group_petition", 20)
    case = load_case(db, case_id)
    assert (case.prevention_kind, case.prevention_persons) == ("group_petition", 20)
    assert sql.count("audit_entry", "action = 'prevention'") == 1
    with pytest.raises(ValidationError):
        scr.set_case_prevention(db, actor, case_id, "group_fight", 0)


def test_list_of_screenings(db: Any, actor: Actor) -> None:
    scr.create_screening(db, actor, screening(dispute(), dispute(outcome="resolved")),
                         today=TODAY)
    scr.create_screening(db, actor, screening(kind="key_period", place="西村集市",
                                              held_on=date(2026, 3, 20)), today=TODAY)
    query = ListQuery("screenings")
    assert count_rows(db, query) == 2
    rows = fetch_rows(db, query, 0, 10)
    assert [r.title for r in rows] == ["西村集市", "海港镇东村"]
    assert rows[1].status_label == "2件" and rows[1].alert
    assert rows[1].extra == "当场化解1件，持续关注1件"
    assert count_rows(db, replace(query, text="张三")) == 1
    assert count_rows(db, replace(query, type_code="key_period")) == 1


def test_referring_body_kind(db: Any, actor: Actor) -> None:
    referred = case_input(source="referred", referring_body="海港区人民法院",
                          referring_body_kind="court")
    case = load_case(db, mediation.open_case(db, actor, referred))
    assert (case.referring_body_kind, case.referring_body_kind_label) == ("court", "法院")
    # No kind given for a referred case: 其他; a case not referred has none.
    case = load_case(db, mediation.open_case(db, actor, replace(referred,
                                                                referring_body_kind="")))
    assert case.referring_body_kind == "other"
    case = load_case(db, mediation.open_case(db, actor, case_input()))
    assert case.referring_body_kind == ""
    with pytest.raises(ValidationError) as info:
        mediation.open_case(db, actor, replace(referred, referring_body_kind="army"))
    assert info.value.errors[0].field == "referring_body_kind"


def test_dashboard_reminds_of_watched_disputes_not_reviewed(db: Any, actor: Actor) -> None:
    from workstation.domain.screening import WATCH_REVIEW_DAYS
    from workstation.services.dashboard import load_dashboard

    sid = scr.create_screening(db, actor, screening(
        dispute(parties="孙某与其子"), dispute(parties="甲与乙", outcome="resolved")),
        today=TODAY)
    number = scr.load_screening(db, sid).number
    due = date(2026, 3, 5) + timedelta(days=WATCH_REVIEW_DAYS)

    def reminders(day: date) -> list[Any]:
        return [i for i in load_dashboard(db, actor, day).deadlines
                if i.kind == "watched_dispute"]

    [item] = reminders(date(2026, 3, 25))
    assert (item.record_type, item.record_id, item.number, item.title) == (
        "screening", sid, number, "孙某与其子")
    assert item.kind_label == "关注纠纷待复查" and item.due == due and item.overdue
    assert reminders(date(2026, 3, 6)) == []  # not due for a while yet
    [watched] = [d for d in scr.load_screening(db, sid).disputes if d.outcome == "watched"]
    scr.review_dispute(db, actor, watched.id, date(2026, 3, 24), today=TODAY)
    assert reminders(date(2026, 3, 25)) == []  # reviewed: the reminder starts over


def test_list_for_the_command_line(db: Any, actor: Actor) -> None:
    from workstation.services.queries import list_records

    sid = scr.create_screening(db, actor, screening(dispute(), dispute(outcome="resolved")),
                               today=TODAY)
    [row] = list_records(db, "screenings")
    assert (row["id"], row["kind"], row["disputes"], row["watched"]) == (sid, "regular", 2, 1)
