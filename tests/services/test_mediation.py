"""People's mediation cases: opening, acceptance, sessions, agreement, follow-up, statuses."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workstation.domain.errors import ValidationError
from workstation.domain.inputs import (
    AgreementInput,
    FollowUpInput,
    PartyInput,
    SessionInput,
)
from workstation.services import mediation as m
from workstation.services.context import Actor, NotFound, ServiceError
from workstation.storage.engine import Database

TODAY = date.today()


def _session_input() -> SessionInput:
    return SessionInput(held_at=datetime.now(UTC) - timedelta(minutes=30), place="调解室",
                        attendees="张三、李四", record="双方陈述意见，同意继续协商。")


def _agreement(effective_on: date = TODAY) -> AgreementInput:
    return AgreementInput(form="written", terms="李四于十日内疏通排水沟。",
                          effective_on=effective_on, performance_manner="自行疏通",
                          amount_agreed_fen=50_000)


def _follow_up() -> FollowUpInput:
    return FollowUpInput(visited_on=TODAY, performance="performed", satisfaction="satisfied")


def _status(sql, case_id: str) -> str:
    return sql.rows("SELECT status FROM mediation_case WHERE id = :id", id=case_id)[0][0]


def _timeline(sql, case_id: str) -> list[tuple[str | None, str]]:
    return [tuple(r) for r in sql.rows(
        "SELECT from_status, to_status FROM status_change WHERE record_id = :id"
        " ORDER BY changed_at, rowid", id=case_id)]


@pytest.fixture
def case_id(db: Database, actor: Actor, make) -> str:
    return m.open_case(db, actor, make.case())


def test_open_case_writes_case_parties_persons_timeline_audit_log(
        db: Database, actor: Actor, sql, make) -> None:
    data = make.case(
        amount_involved_fen=120_000,
        parties=(
            PartyInput(role="applicant", person=make.person(1, "张三")),
            PartyInput(role="respondent", person=make.person(2, "李四", "female")),
            PartyInput(role="third_party", org_name="海港镇物业公司",
                       org_representative="周经理", org_address="海港镇"),
        ),
    )
    cid = m.open_case(db, actor, data)
    (case,) = sql.rows("SELECT * FROM mediation_case")
    year = data.registered_on.year
    assert case.id == cid
    assert case.number == f"〔{year}〕海调字第0001号"
    assert case.status == "registered"
    assert case.mediator_id == actor.operator_id
    assert case.accepted_on is None and case.deadline is None
    assert case.amount_involved_fen == 120_000

    parties = sql.rows("SELECT role, position, person_id, org_name FROM mediation_party"
                       " WHERE case_id = :id ORDER BY position", id=cid)
    persons = dict(sql.rows("SELECT name, id FROM person"))
    assert parties == [("applicant", 0, persons["张三"], ""),
                       ("respondent", 1, persons["李四"], ""),
                       ("third_party", 2, None, "海港镇物业公司")]
    assert _timeline(sql, cid) == [(None, "registered")]
    assert sql.count("audit_entry", "action = 'create' AND record_type = 'mediation_case'"
                     " AND record_id = :id AND detail = :n", id=cid, n=case.number) == 1
    logged = sql.rows("SELECT table_name, count(*) FROM change_log WHERE op = 'I'"
                      " AND table_name != 'audit_entry' GROUP BY table_name")
    assert dict(logged) == {"operator": 1, "mediation_committee": 1, "person": 2,
                            "mediation_case": 1,
                            "mediation_party": 3, "status_change": 1,
                            "responsibility": 1}

    second = m.open_case(db, actor, make.case(make.person(1, "张三"), make.person(4, "钱七")))
    assert sql.rows("SELECT number FROM mediation_case WHERE id = :id", id=second) == [
        (f"〔{year}〕海调字第0002号",)]
    assert sql.count("person") == 3  # 张三 reused


def test_case_validation(db: Database, actor: Actor, sql, make) -> None:
    bad_id = make.resident_id(2)[:-1] + ("1" if make.resident_id(2)[-1] == "0" else "0")
    data = make.case(
        source="referred", referring_body="", facts=" ", amount_involved_fen=-1,
        registered_on=TODAY + timedelta(days=1),
        parties=(PartyInput(role="applicant", person=make.person(1)),
                 PartyInput(role="respondent", person=make.person(2, id_number=bad_id)),
                 PartyInput(role="third_party", org_name="某公司")),
    )
    with pytest.raises(ValidationError) as info:
        m.open_case(db, actor, data)
    assert {"referring_body", "facts", "amount_involved_fen", "registered_on",
            "parties[1].id_number", "parties[2].org_representative"} <= set(info.value.by_field)
    assert sql.counts("mediation_case", "person") == {"mediation_case": 0, "person": 0}


def test_same_person_twice_is_refused_even_if_typed_differently(
        db: Database, actor: Actor, sql, make) -> None:
    number = make.resident_id(1)
    data = make.case(parties=(
        PartyInput(role="applicant", person=make.person(1, "张三", id_number=number)),
        PartyInput(role="respondent", person=make.person(1, "张三", id_number=f" {number} ")),
    ))
    with pytest.raises(ValidationError) as info:
        m.open_case(db, actor, data)
    assert "parties" in info.value.by_field
    assert sql.count("mediation_case") == 0


def test_case_lifecycle_to_archive(db: Database, actor: Actor, sql, case_id: str) -> None:
    accepted = TODAY - timedelta(days=1)
    m.accept_case(db, actor, case_id, accepted)
    case = sql.rows("SELECT * FROM mediation_case WHERE id = :id", id=case_id)[0]
    assert case.status == "accepted"
    assert case.accepted_on == accepted.isoformat()
    assert case.deadline == (accepted + timedelta(days=30)).isoformat()

    new_deadline = m.extend_deadline(db, actor, case_id, 15, " 当事人外出务工 ")
    assert new_deadline == accepted + timedelta(days=45)
    case = sql.rows("SELECT * FROM mediation_case WHERE id = :id", id=case_id)[0]
    assert (case.extension_days, case.extension_reason) == (15, "当事人外出务工")
    assert case.deadline == new_deadline.isoformat()
    assert sql.count("audit_entry", "action = 'extend' AND record_id = :id", id=case_id) == 1

    s1 = m.record_session(db, actor, case_id, _session_input())
    assert _status(sql, case_id) == "mediating"
    s2 = m.record_session(db, actor, case_id, _session_input())
    assert _status(sql, case_id) == "mediating"
    assert sql.count("mediation_session", "case_id = :id", id=case_id) == 2
    assert {s1, s2} == {r[0] for r in sql.rows("SELECT record_id FROM audit_entry"
                                               " WHERE record_type = 'mediation_session'")}

    agreement_id = m.record_agreement(db, actor, case_id, _agreement())
    case = sql.rows("SELECT * FROM mediation_case WHERE id = :id", id=case_id)[0]
    assert case.status == "agreed"
    assert case.concluded_on == TODAY.isoformat()
    (agreement,) = sql.rows("SELECT * FROM mediation_agreement")
    assert agreement.id == agreement_id and agreement.case_id == case_id
    assert agreement.amount_agreed_fen == 50_000

    m.set_judicial_confirmation(db, actor, case_id, TODAY)
    assert sql.rows("SELECT judicial_confirmation_applied, judicial_confirmation_on"
                    " FROM mediation_agreement") == [(1, TODAY.isoformat())]

    m.record_follow_up(db, actor, case_id, _follow_up())
    assert _status(sql, case_id) == "followed_up"
    m.record_follow_up(db, actor, case_id, _follow_up())  # a second visit keeps the status
    assert sql.count("follow_up", "case_id = :id", id=case_id) == 2

    m.change_status(db, actor, case_id, "archived")
    assert _status(sql, case_id) == "archived"
    assert _timeline(sql, case_id) == [
        (None, "registered"), ("registered", "accepted"), ("accepted", "mediating"),
        ("mediating", "agreed"), ("agreed", "followed_up"), ("followed_up", "archived")]
    statuses = sql.rows("SELECT detail FROM audit_entry WHERE action = 'status'"
                        " AND record_id = :id ORDER BY id", id=case_id)
    assert [r[0] for r in statuses] == ["registered->accepted", "accepted->mediating",
                                        "mediating->agreed", "agreed->followed_up",
                                        "followed_up->archived"]
    # Every version of the case reached the change log.
    versions = sql.rows("SELECT version FROM change_log WHERE record_id = :id ORDER BY seq",
                        id=case_id)
    final = sql.rows("SELECT version FROM mediation_case WHERE id = :id", id=case_id)[0][0]
    assert [v[0] for v in versions] == list(range(1, final + 1))

    with pytest.raises(ServiceError):
        m.record_session(db, actor, case_id, _session_input())
    with pytest.raises(ServiceError):
        m.extend_deadline(db, actor, case_id, 5, "太晚")


def test_accept_case_dates(db: Database, actor: Actor, sql, case_id: str) -> None:
    with pytest.raises(ValidationError) as info:
        m.accept_case(db, actor, case_id, TODAY + timedelta(days=1))
    assert list(info.value.by_field) == ["accepted_on"]
    with pytest.raises(ValidationError) as info:
        m.accept_case(db, actor, case_id, TODAY - timedelta(days=10))  # before registration
    assert list(info.value.by_field) == ["accepted_on"]
    assert _status(sql, case_id) == "registered"
    with pytest.raises(NotFound):
        m.accept_case(db, actor, "no-such-case", TODAY)


def test_extend_deadline_validation(db: Database, actor: Actor, sql, case_id: str) -> None:
    with pytest.raises(ServiceError):  # not yet accepted
        m.extend_deadline(db, actor, case_id, 10, "原因")
    m.accept_case(db, actor, case_id, TODAY)
    with pytest.raises(ValidationError) as info:
        m.extend_deadline(db, actor, case_id, 10, "  ")
    assert list(info.value.by_field) == ["extension_reason"]
    with pytest.raises(ValidationError) as info:
        m.extend_deadline(db, actor, case_id, 0, "原因")
    assert list(info.value.by_field) == ["extension_days"]
    m.extend_deadline(db, actor, case_id, 10, "一")
    assert m.extend_deadline(db, actor, case_id, 5, "二") == TODAY + timedelta(days=45)


def test_session_and_agreement_need_the_right_status(db: Database, actor: Actor, sql,
                                                     case_id: str) -> None:
    with pytest.raises(ServiceError):
        m.record_session(db, actor, case_id, _session_input())
    with pytest.raises(ServiceError):
        m.record_agreement(db, actor, case_id, _agreement())
    with pytest.raises(ServiceError):
        m.record_follow_up(db, actor, case_id, _follow_up())
    with pytest.raises(ServiceError):
        m.set_judicial_confirmation(db, actor, case_id, TODAY)
    assert sql.counts("mediation_session", "mediation_agreement", "follow_up") == {
        "mediation_session": 0, "mediation_agreement": 0, "follow_up": 0}
    m.accept_case(db, actor, case_id, TODAY)
    m.record_session(db, actor, case_id, _session_input())
    with pytest.raises(ValidationError) as info:  # effective before acceptance
        m.record_agreement(db, actor, case_id, _agreement(TODAY - timedelta(days=1)))
    assert list(info.value.by_field) == ["effective_on"]
    with pytest.raises(ValidationError) as info:
        m.record_agreement(db, actor, case_id, AgreementInput(
            form="written", terms="", effective_on=TODAY, copies=1))
    assert {"terms", "performance_manner", "copies"} <= set(info.value.by_field)
    assert _status(sql, case_id) == "mediating"
    assert sql.count("mediation_agreement") == 0


@pytest.mark.parametrize("target", ["accepted", "agreed", "followed_up"])
def test_change_status_refuses_targets_with_their_own_service(
        db: Database, actor: Actor, sql, case_id: str, target: str) -> None:
    with pytest.raises(ServiceError):
        m.change_status(db, actor, case_id, target)
    assert _status(sql, case_id) == "registered"


def test_change_status_allowed_and_refused(db: Database, actor: Actor, sql, case_id: str
                                           ) -> None:
    with pytest.raises(ValidationError) as info:  # registered cannot fail
        m.change_status(db, actor, case_id, "failed", reason="双方不同意")
    assert list(info.value.by_field) == ["status"]
    with pytest.raises(ValidationError) as info:  # registered cannot be archived
        m.change_status(db, actor, case_id, "archived")
    with pytest.raises(ValidationError):
        m.change_status(db, actor, case_id, "mediating")
    m.accept_case(db, actor, case_id, TODAY)
    m.change_status(db, actor, case_id, "mediating")
    with pytest.raises(ValidationError) as info:
        m.change_status(db, actor, case_id, "failed", reason="   ")
    assert list(info.value.by_field) == ["reason"]
    with pytest.raises(ValidationError) as info:
        m.change_status(db, actor, case_id, "terminated")
    assert list(info.value.by_field) == ["reason"]
    assert _status(sql, case_id) == "mediating"
    with pytest.raises(ValueError):
        m.change_status(db, actor, case_id, "bogus")

    m.change_status(db, actor, case_id, "failed", reason=" 双方分歧过大 ",
                    on=TODAY - timedelta(days=0))
    case = sql.rows("SELECT * FROM mediation_case WHERE id = :id", id=case_id)[0]
    assert (case.status, case.status_reason, case.concluded_on) == (
        "failed", "双方分歧过大", TODAY.isoformat())
    assert sql.rows("SELECT reason FROM status_change WHERE to_status = 'failed'") == [
        ("双方分歧过大",)]
    m.change_status(db, actor, case_id, "archived")
    with pytest.raises(ValidationError):
        m.change_status(db, actor, case_id, "terminated", reason="再终止")
    assert _timeline(sql, case_id)[-1] == ("failed", "archived")


def test_terminate_straight_from_registered(db: Database, actor: Actor, sql, case_id: str
                                            ) -> None:
    m.change_status(db, actor, case_id, "terminated", reason="申请人撤回申请")
    assert _status(sql, case_id) == "terminated"
    assert sql.rows("SELECT concluded_on FROM mediation_case") == [(TODAY.isoformat(),)]


# --- property: any walk through the services keeps the timeline consistent ---------------------

_ACTIONS = ("accept", "session", "mediating", "agree", "follow_up", "fail", "terminate",
            "archive")
_ALLOWED = {
    "registered": {"accept", "terminate"},
    "accepted": {"session", "mediating", "terminate"},
    "mediating": {"session", "agree", "fail", "terminate"},
    "agreed": {"follow_up"},
    "followed_up": {"follow_up", "archive"},
    "failed": {"archive"},
    "terminated": {"archive"},
    "archived": set(),
}


def _apply(db: Database, actor: Actor, case_id: str, action: str) -> None:
    if action == "accept":
        m.accept_case(db, actor, case_id, TODAY)
    elif action == "session":
        m.record_session(db, actor, case_id, _session_input())
    elif action == "mediating":
        m.change_status(db, actor, case_id, "mediating")
    elif action == "agree":
        m.record_agreement(db, actor, case_id, _agreement())
    elif action == "follow_up":
        m.record_follow_up(db, actor, case_id, _follow_up())
    elif action == "fail":
        m.change_status(db, actor, case_id, "failed", reason="未能达成一致")
    elif action == "terminate":
        m.change_status(db, actor, case_id, "terminated", reason="当事人拒绝调解")
    else:
        m.change_status(db, actor, case_id, "archived")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(st.sampled_from(_ACTIONS), min_size=1, max_size=8))
def test_any_action_sequence_keeps_timeline_consistent(db: Database, actor: Actor, sql, make,
                                                       actions: list[str]) -> None:
    case_id = m.open_case(db, actor, make.case(registered_on=TODAY))
    expected = "registered"
    for action in actions:
        before = sql.counts("status_change", "audit_entry", "change_log")
        if action in _ALLOWED[expected]:
            _apply(db, actor, case_id, action)
            expected = {"accept": "accepted", "session": "mediating",
                        "mediating": "mediating", "agree": "agreed",
                        "follow_up": "followed_up", "fail": "failed",
                        "terminate": "terminated", "archive": "archived"}[action]
        else:
            with pytest.raises((ValidationError, ServiceError)):
                _apply(db, actor, case_id, action)
            assert sql.counts("status_change", "audit_entry", "change_log") == before
        assert _status(sql, case_id) == expected

    timeline = _timeline(sql, case_id)
    assert timeline[0] == (None, "registered")
    for (_, reached), (came_from, _) in itertools.pairwise(timeline):
        assert came_from == reached
    assert timeline[-1][1] == expected
    assert len(set(timeline)) == len(timeline)  # no step is recorded twice
    status_audits = sql.count("audit_entry", "action = 'status' AND record_id = :id",
                              id=case_id)
    assert status_audits == len(timeline) - 1
    concluded = sql.rows("SELECT concluded_on FROM mediation_case WHERE id = :id",
                         id=case_id)[0][0]
    reached = {to for _, to in timeline}
    assert (concluded is not None) == bool(reached & {"agreed", "failed", "terminated"})
