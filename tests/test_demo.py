"""The demo data generator: counts, consistency, determinism, speed."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text

from workstation.demo.generator import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DemoSummary,
    create_demo_station,
    generate_demo,
)
from workstation.demo.handling import LINKED_TOPICS
from workstation.domain.deadlines import mediation_deadline
from workstation.domain.eligibility import required_materials
from workstation.domain.enums import (
    AidMatter,
    AidStatus,
    Channel,
    ConsultationTopic,
    DisputeType,
    MediationStatus,
)
from workstation.domain.identity import parse_resident_id
from workstation.domain.numbering import NumberKind, format_number
from workstation.domain.transitions import AID_TRANSITIONS, MEDIATION_TRANSITIONS
from workstation.services.auth import authenticate
from workstation.services.context import Actor
from workstation.storage.engine import Database

TODAY = date(2026, 3, 15)
N = 1500


def rows(db: Database, sql: str, **params: object) -> list:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def scalar(db: Database, sql: str, **params: object) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, DemoSummary]:
    """One generated station shared by the read-only checks of this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    calls: list[tuple[int, int]] = []
    db = create_demo_station(path, N, seed=7, today=TODAY,
                             progress=lambda done, total: calls.append((done, total)))
    summary = DemoSummary(
        persons=int(scalar(db, "SELECT count(*) FROM person")),
        consultations=int(scalar(db, "SELECT count(*) FROM consultation")),
        mediation_cases=int(scalar(db, "SELECT count(*) FROM mediation_case")),
        aid_referrals=int(scalar(db, "SELECT count(*) FROM aid_referral")),
        operators=int(scalar(db, "SELECT count(*) FROM operator")), seconds=0.0,
    )
    assert calls and calls[-1] == (N, N)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    yield db, summary
    db.dispose()


def test_summary_counts_add_up(db: Database, actor: Actor) -> None:
    summary = generate_demo(db, 400, seed=1, today=TODAY)
    assert summary.consultations + summary.mediation_cases + summary.aid_referrals == 400
    assert summary.consultations == 240 and summary.mediation_cases == 112
    assert summary.aid_referrals == 48
    assert not summary.cancelled
    assert summary.persons == int(scalar(db, "SELECT count(*) FROM person"))
    assert summary.operators == int(scalar(db, "SELECT count(*) FROM operator")) - 1
    assert summary.seconds > 0
    audit = rows(db, "SELECT operator_id, detail FROM audit_entry WHERE action = 'demo.generate'")
    assert len(audit) == 1 and audit[0][0] == actor.operator_id


def test_counts_and_shares(demo: tuple[Database, DemoSummary]) -> None:
    _db, s = demo
    assert s.consultations + s.mediation_cases + s.aid_referrals == N
    assert abs(s.consultations - 0.6 * N) <= 1
    assert abs(s.mediation_cases - 0.28 * N) <= 1
    assert s.operators >= 4
    assert s.persons > N // 2


def test_every_status_channel_topic_type_matter(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    assert {r[0] for r in rows(db, "SELECT DISTINCT status FROM mediation_case")} == {
        s.value for s in MediationStatus}
    assert {r[0] for r in rows(db, "SELECT DISTINCT status FROM aid_referral")} == {
        s.value for s in AidStatus}
    assert {r[0] for r in rows(db, "SELECT DISTINCT channel FROM consultation")} == {
        c.value for c in Channel}
    assert {r[0] for r in rows(db, "SELECT DISTINCT topic FROM consultation")} == {
        t.value for t in ConsultationTopic}
    assert {r[0] for r in rows(db, "SELECT DISTINCT dispute_type FROM mediation_case")} == {
        d.value for d in DisputeType}
    assert {r[0] for r in rows(db, "SELECT DISTINCT matter FROM aid_referral")} == {
        m.value for m in AidMatter}


@pytest.mark.parametrize("records", [100, 137])
def test_every_status_from_100_records(db: Database, actor: Actor, records: int) -> None:
    generate_demo(db, records, seed=records, today=TODAY)
    assert {r[0] for r in rows(db, "SELECT DISTINCT status FROM mediation_case")} == {
        s.value for s in MediationStatus}
    assert {r[0] for r in rows(db, "SELECT DISTINCT status FROM aid_referral")} == {
        s.value for s in AidStatus}


def test_dates_within_last_year(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    first = (TODAY - timedelta(days=366)).isoformat()
    for table, column in (("mediation_case", "registered_on"), ("aid_referral", "applied_on"),
                          ("consultation", "substr(occurred_at, 1, 10)")):
        low, high = rows(db, f"SELECT min({column}), max({column}) FROM {table}")[0]
        assert first <= low and high < TODAY.isoformat(), table


def test_resident_ids_valid_and_persons_consistent(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    people = rows(db, "SELECT id_number, sex, birth_date, name, name_keys, ethnicity,"
                      " phone FROM person")
    for number, sex, birth, name, keys, _ethnicity, phone in people:
        info = parse_resident_id(number, today=TODAY)
        assert info.sex == sex and info.birth_date.isoformat() == birth
        assert name and keys.isascii() and phone
    ethnic = Counter(p[5] for p in people)
    assert ethnic.most_common(1)[0][0] == "汉族"
    assert len({p[0] for p in people}) == len(people)
    assert scalar(db, "SELECT count(*) FROM person WHERE special_groups <> '[]'")


def test_rare_and_special_surnames(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    names = {r[0]: r[1] for r in rows(db, "SELECT name, name_keys FROM person")}
    for rare in ("𠮷祥", "李䶮", "王㑇"):
        assert rare in names
    assert "xiang" in names["𠮷祥"]
    assert names["单雄飞"].split()[0].startswith("s")  # 单 as a surname reads shan
    assert any(n.startswith("曾") for n in names)
    assert any(n.startswith("区") for n in names)
    # the special persons take part in records
    used = rows(db, "SELECT count(*) FROM person p WHERE p.name IN ('𠮷祥', '李䶮', '王㑇') AND"
                    " (EXISTS (SELECT 1 FROM mediation_party mp WHERE mp.person_id = p.id) OR"
                    "  EXISTS (SELECT 1 FROM consultation c WHERE c.person_id = p.id) OR"
                    "  EXISTS (SELECT 1 FROM aid_referral a WHERE a.applicant_id = p.id))")
    assert used[0][0] >= 1


def test_parties_reused_across_records(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    multi = scalar(db, "SELECT count(*) FROM (SELECT person_id FROM mediation_party WHERE"
                       " person_id IS NOT NULL GROUP BY person_id"
                       " HAVING count(DISTINCT case_id) > 1)")
    assert multi >= 5
    both_roles = scalar(db, "SELECT count(*) FROM (SELECT person_id FROM mediation_party"
                            " WHERE person_id IS NOT NULL GROUP BY person_id"
                            " HAVING count(DISTINCT role) > 1)")
    assert both_roles >= 1
    assert scalar(db, "SELECT count(*) FROM mediation_party WHERE org_name <> ''"
                      " AND org_representative <> '' AND person_id IS NULL") > 0
    assert not rows(db, "SELECT case_id, person_id FROM mediation_party WHERE person_id IS NOT"
                        " NULL GROUP BY case_id, person_id HAVING count(*) > 1")
    anonymous = scalar(db, "SELECT count(*) FROM consultation WHERE person_id IS NULL")
    total = scalar(db, "SELECT count(*) FROM consultation")
    assert 0.02 * total <= anonymous <= 0.09 * total


def test_integrity_and_change_log(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA foreign_key_check") == []
    for table in ("person", "consultation", "mediation_case", "aid_referral", "status_change",
                  "work_order", "responsibility", "handover", "record_link"):
        # Every row logged (a consultation linked to its case may be logged again: corrected
        # to name the case's party).
        logged = scalar(db, "SELECT count(DISTINCT record_id) FROM change_log "
                            "WHERE table_name = :t", t=table)
        assert logged == scalar(db, f"SELECT count(*) FROM {table}"), table


@pytest.mark.parametrize(("table", "kind"), [
    ("consultation", NumberKind.CONSULTATION), ("mediation_case", NumberKind.MEDIATION),
    ("aid_referral", NumberKind.AID_REFERRAL)])
def test_numbers_unique_contiguous_in_date_order(demo: tuple[Database, DemoSummary], table: str,
                                                 kind: NumberKind) -> None:
    db, _ = demo
    day = {"consultation": "occurred_at", "mediation_case": "registered_on",
           "aid_referral": "applied_on"}[table]
    data = rows(db, f"SELECT year, seq, number, {day} FROM {table} ORDER BY year, seq")
    by_year: dict[int, list] = {}
    for year, seq, number, when in data:
        assert number == format_number(kind, "海调", year, seq)
        assert str(when)[:4] == str(year)
        by_year.setdefault(year, []).append((seq, str(when)[:10]))
    for entries in by_year.values():
        assert [s for s, _ in entries] == list(range(1, len(entries) + 1))
        dates = [d for _, d in entries]
        assert dates == sorted(dates)
    assert len({r[2] for r in data}) == len(data)


def test_mediation_cases_consistent(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    cases = rows(db, "SELECT id, status, registered_on, accepted_on, deadline, extension_days,"
                     " concluded_on FROM mediation_case")
    agreements = {r[0]: r for r in rows(db, "SELECT case_id, effective_on, terms"
                                            " FROM mediation_agreement")}
    sessions = Counter(r[0] for r in rows(db, "SELECT case_id FROM mediation_session"))
    follow_ups = {r[0] for r in rows(db, "SELECT case_id FROM follow_up")}
    timelines: dict[str, list] = {}
    for rid, frm, to, _at in rows(db, "SELECT record_id, from_status, to_status, changed_at"
                                      " FROM status_change WHERE record_type = 'mediation_case'"
                                      " ORDER BY changed_at, rowid"):
        timelines.setdefault(rid, []).append((frm, to))
    for cid, status, registered, accepted, deadline, extension, concluded in cases:
        steps = timelines[cid]
        assert steps[0] == (None, "registered")
        assert steps[-1][1] == status
        for (_, prev), (frm, to) in pairwise(steps):
            assert frm == prev and MediationStatus(to) in MEDIATION_TRANSITIONS[prev]
        path = [to for _, to in steps]
        if accepted is not None:
            assert registered <= accepted
            assert deadline == mediation_deadline(date.fromisoformat(accepted),
                                                  extension).isoformat()
        else:
            assert "accepted" not in path and deadline is None
        if "agreed" in path:
            assert cid in agreements and agreements[cid][1] == concluded and agreements[cid][2]
        else:
            assert cid not in agreements
        if "mediating" in path and status != "mediating":
            assert 1 <= sessions[cid] <= 3
        assert (cid in follow_ups) == ("followed_up" in path)
        if status in ("agreed", "failed", "terminated"):
            assert concluded is not None


def test_dashboard_has_work(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    today = TODAY.isoformat()
    soon = (TODAY + timedelta(days=7)).isoformat()
    open_ = "status IN ('registered', 'accepted', 'mediating')"
    assert scalar(db, f"SELECT count(*) FROM mediation_case WHERE {open_}"
                      " AND deadline < :t", t=today)
    assert scalar(db, f"SELECT count(*) FROM mediation_case WHERE {open_}"
                      " AND deadline BETWEEN :t AND :s", t=today, s=soon)
    assert scalar(db, "SELECT count(*) FROM aid_referral WHERE status = 'draft'"
                      " AND applied_on < :d", d=(TODAY - timedelta(days=3)).isoformat())
    assert scalar(db, "SELECT count(*) FROM aid_referral WHERE urgent = 1"
                      " AND status IN ('draft', 'forwarded') AND limitation_deadline"
                      " BETWEEN :t AND :s", t=today, s=soon)
    # 援助决定待告知: only the last days' decisions wait to be told (not the whole year's).
    told = [(date.fromisoformat(d), t and date.fromisoformat(t)) for d, t in rows(
        db, "SELECT decision_on, decision_told_on FROM aid_referral WHERE decision IS NOT NULL")]
    waiting = [d for d, t in told if t is None]
    assert waiting and all(d > TODAY - timedelta(days=10) for d in waiting)
    assert all(d < t <= TODAY for d, t in told if t is not None)
    # 不满意评价待核查: some wait, but none open for more than a month past its due day.
    open_reviews = [date.fromisoformat(d) for (d,) in rows(
        db, "SELECT due_on FROM rating_review WHERE closed_at IS NULL")]
    assert open_reviews and min(open_reviews) >= TODAY - timedelta(days=30)


def test_referrals_consistent(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    data = rows(db, "SELECT id, status, matter, hardship_route, agent_name, materials_received,"
                    " forwarded_to, forwarded_on, decision, decision_on, applied_on, closed_on"
                    " FROM aid_referral")
    timelines: dict[str, list] = {}
    for rid, frm, to in rows(db, "SELECT record_id, from_status, to_status FROM status_change"
                                 " WHERE record_type = 'aid_referral'"
                                 " ORDER BY changed_at, rowid"):
        timelines.setdefault(rid, []).append((frm, to))
    incomplete = 0
    for (rid, status, matter, route, agent, materials, forwarded_to, forwarded_on, decision,
         decision_on, applied, closed) in data:
        steps = timelines[rid]
        assert steps[0] == (None, "draft") and steps[-1][1] == status
        for (_, prev), (frm, to) in pairwise(steps):
            assert frm == prev and AidStatus(to) in AID_TRANSITIONS[prev]
        path = [to for _, to in steps]
        required = {m.code for m in required_materials(matter, route, has_agent=bool(agent))}
        received = set(json.loads(materials))
        assert received <= required
        if "forwarded" in path:
            assert received == required
            assert forwarded_to.endswith("法律援助中心") and applied <= forwarded_on
        else:
            assert forwarded_to == "" and forwarded_on is None
            incomplete += received != required
        if "granted" in path or "denied" in path:
            assert decision in ("granted", "denied") and decision_on >= forwarded_on
        else:
            assert decision is None
        assert (closed is not None) == (status == "closed")
    assert incomplete > 0


def test_determinism(tmp_path: Path) -> None:
    dbs = [create_demo_station(tmp_path / f"{i}.db", 600, seed=3, today=TODAY) for i in (1, 2)]
    try:
        queries = (
            "SELECT id, name, id_number, phone, address, created_at FROM person ORDER BY id",
            "SELECT id, number, occurred_at, topic, question, person_id FROM consultation"
            " ORDER BY id",
            "SELECT id, number, status, facts, deadline FROM mediation_case ORDER BY id",
            "SELECT id, record_id, to_status, changed_at FROM status_change ORDER BY id",
            "SELECT id, case_id, terms FROM mediation_agreement ORDER BY id",
            "SELECT id, number, materials_received, status FROM aid_referral ORDER BY id",
            "SELECT id, number, held_on, theme, audience FROM publicity_activity ORDER BY id",
            "SELECT id, activity_id, sha256 FROM publicity_photo ORDER BY id",
            "SELECT id, name, kind FROM referral_provider ORDER BY id",
        )
        for query in queries:
            assert rows(dbs[0], query) == rows(dbs[1], query), query
        other = create_demo_station(tmp_path / "3.db", 600, seed=4, today=TODAY)
        try:
            assert rows(other, queries[0]) != rows(dbs[0], queries[0])
        finally:
            other.dispose()
    finally:
        for db in dbs:
            db.dispose()


def test_cancel_stops_after_a_chunk(db: Database, actor: Actor) -> None:
    calls: list[int] = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return False

    summary = generate_demo(db, 3000, seed=1, today=TODAY, progress=progress)
    assert summary.cancelled
    assert len(calls) == 1
    done = summary.consultations + summary.mediation_cases + summary.aid_referrals
    assert done == calls[0] < 3000
    assert scalar(db, "SELECT count(*) FROM consultation") == summary.consultations
    assert scalar(db, "SELECT count(*) FROM aid_referral") == summary.aid_referrals
    assert rows(db, "PRAGMA foreign_key_check") == []


def test_second_run_continues_numbering(db: Database, actor: Actor) -> None:
    generate_demo(db, 300, seed=1, today=TODAY)
    generate_demo(db, 300, seed=1, today=TODAY)
    assert scalar(db, "SELECT count(*) FROM mediation_case") == 2 * 84
    for table in ("consultation", "mediation_case", "aid_referral"):
        for year, count, top in rows(db, f"SELECT year, count(*), max(seq) FROM {table}"
                                         " GROUP BY year"):
            assert count == top, (table, year)


def test_directory_and_publicity_activities(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    kinds = {r[0] for r in rows(db, "SELECT kind FROM referral_provider")}
    assert {"law_firm", "notary", "appraisal", "legal_aid", "court", "arbitration",
            "petition"} <= kinds
    # Referred consultations name their provider (the guidance slip prints); only some
    # departments are outside the directory.
    referred = rows(db, "SELECT handling_result, provider_id FROM consultation "
                        "WHERE handling_result NOT IN ('answered', 'to_mediation')")
    assert referred and all(p for r, p in referred if r != "to_department")
    assert any(p for r, p in referred if r == "to_department")
    assert scalar(db, "SELECT count(*) FROM publicity_activity") == N // 100
    numbers = rows(db, "SELECT number FROM publicity_activity ORDER BY held_on, seq")
    assert all("海宣字第" in n for (n,) in numbers)
    assert scalar(db, "SELECT count(*) FROM publicity_operator") >= N // 100
    photos = rows(db, "SELECT width, height, length(data), size_bytes FROM publicity_photo")
    assert photos and all(max(w, h) <= 1600 and n == size for w, h, n, size in photos)
    for table in ("publicity_activity", "publicity_operator", "publicity_photo",
                  "referral_provider"):
        logged = scalar(db, "SELECT count(*) FROM change_log WHERE table_name = :t", t=table)
        assert logged == scalar(db, f"SELECT count(*) FROM {table}"), table


def test_demo_login_and_mediators(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    actor = authenticate(db, DEMO_USERNAME, DEMO_PASSWORD)
    assert actor.role == "admin"
    hashes = {r[0] for r in rows(db, "SELECT password_hash FROM operator WHERE role = 'mediator'")}
    assert len(hashes) == 1
    mediator = rows(db, "SELECT username FROM operator WHERE role = 'mediator' LIMIT 1")[0][0]
    assert authenticate(db, mediator, DEMO_PASSWORD).role == "mediator"


def test_zero_records(db: Database, actor: Actor) -> None:
    summary = generate_demo(db, 0, today=TODAY)
    assert (summary.consultations, summary.mediation_cases, summary.aid_referrals) == (0, 0, 0)


@pytest.mark.slow
def test_hundred_thousand_records(tmp_path: Path) -> None:
    started = time.process_time()  # CPU time: robust against other jobs on the machine
    db = create_demo_station(tmp_path / "big.db", 100_000, seed=0, today=TODAY)
    try:
        elapsed = time.process_time() - started
        total = sum(int(scalar(db, f"SELECT count(*) FROM {t}"))
                    for t in ("consultation", "mediation_case", "aid_referral"))
        assert total == 100_000
        assert elapsed < 120
        assert rows(db, "PRAGMA foreign_key_check") == []
    finally:
        db.dispose()


def test_orders_hand_overs_and_links(demo: tuple[Database, DemoSummary]) -> None:
    """12348 orders (replied on time, one late, one open and due soon), hand-overs (accepted,
    pending to the demo login, to the county) and consultation links, consistent."""
    from workstation.services import responsibility
    from workstation.services.work_orders import due_orders

    db, _ = demo
    orders = rows(db, "SELECT w.id, w.received_on, w.due_on, w.replied_on, w.channel, "
                      "w.consultation_id, c.channel, date(c.occurred_at, '+8 hours') "
                      "FROM work_order w LEFT JOIN consultation c ON c.id = w.consultation_id")
    assert len(orders) >= 6
    replied = [o for o in orders if o[3] is not None]
    assert sum(1 for o in replied if o[3] > o[2]) == 1  # one late reply
    assert sum(1 for o in replied if o[3] <= o[2]) >= 3
    assert all(o[3] < TODAY.isoformat() and o[1] <= o[3] for o in replied)
    for o in orders:
        if o[5] is not None:  # answers a consultation that came by the same 12348 channel
            assert o[4] == o[6] and o[1] == o[7]
    with db.read() as session:
        due = [d.due_on for d in due_orders(session, TODAY)]
    assert due[0] == TODAY + timedelta(days=2) and all(d > TODAY for d in due)
    # Every order has its first receiver; hand-overs of each kind.
    assert scalar(db, "SELECT count(*) FROM work_order w WHERE NOT EXISTS (SELECT 1 FROM "
                      "responsibility r WHERE r.record_id = w.id)") == 0
    assert set(rows(db, "SELECT target, status FROM handover")) >= {
        ("operator", "pending"), ("operator", "accepted"), ("county", "accepted")}
    demo_login = scalar(db, "SELECT id FROM operator WHERE username = :u", u=DEMO_USERNAME)
    actor = Actor(operator_id=str(demo_login), station_id=str(scalar(
        db, "SELECT id FROM station")), username=DEMO_USERNAME, name="张丽", role="admin")
    work = responsibility.my_work(db, actor)
    assert [h.record_label.split()[0] for h in work.incoming] == ["12348工单"]
    [(record_type, record_id)] = rows(
        db, "SELECT record_type, record_id FROM handover WHERE target = 'county'")
    view = responsibility.load_responsibility(db, record_type, record_id)
    assert view.handler_id is None and view.handler_name.endswith("公共法律服务中心")
    # Consultations linked to the case / application they led to: the same person, before,
    # on a fitting topic, asking about that very dispute (its respondent) or matter.
    links = rows(db, "SELECT l.to_type, c.handling_result, c.person_id, "
                     "date(c.occurred_at, '+8 hours'), m.registered_on, r.applicant_id, "
                     "r.applied_on, c.topic, coalesce(m.dispute_type, 'aid:' || r.matter), "
                     "c.question, l.to_id FROM record_link l "
                     "JOIN consultation c ON c.id = l.from_id "
                     "LEFT JOIN mediation_case m ON m.id = l.to_id "
                     "LEFT JOIN aid_referral r ON r.id = l.to_id")
    assert {link[0] for link in links} == {"mediation_case", "aid_referral"}
    for (to_type, result, person, asked, registered, applicant, applied, topic, kind,
         question, to_id) in links:
        assert topic in LINKED_TOPICS[kind], (topic, kind)
        if to_type == "mediation_case":
            assert result == "to_mediation" and asked <= registered
            assert scalar(db, "SELECT count(*) FROM mediation_party p JOIN mediation_case m "
                              "ON m.id = p.case_id WHERE p.person_id = :p AND p.role = "
                              "'applicant' AND m.id = :m", p=person, m=to_id)
            respondent = scalar(db, "SELECT n.name FROM mediation_party p JOIN person n ON "
                                    "n.id = p.person_id WHERE p.case_id = :m AND p.role = "
                                    "'respondent' ORDER BY p.position LIMIT 1", m=to_id)
            assert question.startswith(f"与{respondent}发生{DisputeType.label_of(kind)}纠纷")
        else:
            assert result == "to_legal_aid" and person == applicant and asked <= applied
            assert AidMatter.label_of(kind.removeprefix("aid:")) in question
