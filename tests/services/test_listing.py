"""Paged, sorted, filtered lists for the lazy table models."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from workstation.domain.inputs import PartyInput
from workstation.services import aid, mediation
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.listing import (
    ListQuery,
    columns,
    count_rows,
    fetch_rows,
)
from workstation.storage.engine import Database
from workstation.storage.models import MediationCase, MediationParty, Person

TODAY = date(2025, 4, 10)


def all_pages(db: Database, query: ListQuery, size: int) -> list[list[str]]:
    pages, offset = [], 0
    while True:
        rows = fetch_rows(db, query, offset, size, today=TODAY)
        if not rows:
            return pages
        pages.append([r.id for r in rows])
        offset += size


@pytest.fixture
def cases(db: Database, actor: Actor, make) -> list[str]:
    """13 cases over 4 registration days (ties on the date), mixed types and statuses."""
    ids = []
    for i in range(13):
        registered = date(2025, 3, 1) + timedelta(days=i % 4)
        case_id = mediation.open_case(db, actor, make.case(
            make.person(2 * i + 1, f"甲{i}"), make.person(2 * i + 2, f"乙{i}", "female"),
            registered_on=registered, dispute_type=("neighbour", "contract", "labour")[i % 3],
        ), today=TODAY)
        if i % 2:
            mediation.accept_case(db, actor, case_id, registered)
        ids.append(case_id)
    return ids


def test_columns() -> None:
    keys = [c.key for c in columns("mediations")]
    assert keys == ["number", "date", "title", "type_label", "status_label", "extra"]
    assert {c.key: c.label_zh for c in columns("mediations")}["number"] == "案号"
    assert not {c.key: c.sortable for c in columns("mediations")}["title"]
    for kind in ("consultations", "mediations", "referrals", "persons"):
        assert all(isinstance(c.label_zh, str) and c.label_zh for c in columns(kind))
    with pytest.raises(ValueError):
        columns("nothing")


@pytest.mark.parametrize("descending", [True, False])
def test_every_sort_pages_without_overlap(db: Database, cases: list[str],
                                          descending: bool) -> None:
    for column in columns("mediations"):
        if not column.sortable:
            continue
        query = ListQuery("mediations", sort_key=column.key, descending=descending)
        pages = all_pages(db, query, 5)
        flat = [i for page in pages for i in page]
        assert [len(p) for p in pages] == [5, 5, 3], column.key
        assert len(set(flat)) == len(flat) == count_rows(db, query) == 13
        assert set(flat) == set(cases)
        # the same query twice gives the same order (stable tiebreak)
        assert flat == [i for page in all_pages(db, query, 4) for i in page]


def test_sort_orders_and_tiebreak(db: Database, cases: list[str]) -> None:
    rows = fetch_rows(db, ListQuery("mediations", sort_key="date"), 0, 100, today=TODAY)
    keys = [(r.date, r.id) for r in rows]
    assert keys == sorted(keys, reverse=True)
    rows = fetch_rows(db, ListQuery("mediations", sort_key="date", descending=False), 0, 100)
    assert [(r.date, r.id) for r in rows] == sorted(keys)
    rows = fetch_rows(db, ListQuery("mediations", sort_key="number", descending=False), 0, 3)
    assert [r.number[-6:] for r in rows] == ["第0001号", "第0002号", "第0003号"]
    rows = fetch_rows(db, ListQuery("mediations", sort_key="status_label",
                                    descending=False), 0, 100)
    assert [r.status for r in rows] == ["registered"] * 7 + ["accepted"] * 6
    rows = fetch_rows(db, ListQuery("mediations", sort_key="type_label",
                                    descending=False), 0, 100)
    assert [r.type_label for r in rows] == ["邻里"] * 5 + ["合同"] * 4 + ["劳动争议"] * 4


def test_mediation_row_contents(db: Database, actor: Actor, make, cases: list[str]) -> None:
    org_case = mediation.open_case(db, actor, make.case(
        registered_on=date(2025, 4, 1), parties=(
            PartyInput(role="applicant", person=make.person(100, "王五")),
            PartyInput(role="applicant", person=make.person(101, "赵六", "female")),
            PartyInput(role="respondent", org_name="海港物业公司", org_representative="钱七"),
            PartyInput(role="third_party", person=make.person(102, "孙八")),
        )), today=TODAY)
    mediation.accept_case(db, actor, org_case, date(2025, 4, 1))
    (row,) = fetch_rows(db, ListQuery("mediations", sort_key="date"), 0, 1, today=TODAY)
    assert row.id == org_case
    assert row.title == "王五、赵六与海港物业公司邻里纠纷（第三人：孙八）"
    assert (row.status, row.status_label, row.type_label) == ("accepted", "已受理", "邻里")
    assert row.extra == "2025-05-01（还剩21天）" and not row.alert
    (late,) = fetch_rows(db, ListQuery("mediations", sort_key="date"), 0, 1,
                         today=date(2025, 5, 3))
    assert late.extra.endswith("（已超期2天）") and late.alert
    row = fetch_rows(db, ListQuery("mediations", status="registered", sort_key="date"), 0, 1)[0]
    assert row.extra == "待受理"


def test_filters(db: Database, cases: list[str]) -> None:
    def count(**kw: object) -> int:
        query = ListQuery("mediations", **kw)  # type: ignore[arg-type]
        assert len(fetch_rows(db, query, 0, 100)) == count_rows(db, query)
        return count_rows(db, query)

    assert count() == 13
    assert count(status="accepted") == 6
    assert count(type_code="contract") == 4
    assert count(status="accepted", type_code="contract") == 2
    assert count(date_from=date(2025, 3, 2), date_to=date(2025, 3, 3)) == 6
    assert count(date_from=date(2025, 3, 4)) == 3
    assert count(text="0012") == 1
    assert count(text="%") == 0
    with pytest.raises(ValueError):
        fetch_rows(db, ListQuery("mediations", sort_key="title"), 0, 10)


def test_consultations_and_referrals(db: Database, actor: Actor, make) -> None:
    base = datetime(2025, 4, 9, 9, 0).astimezone()
    named = register_consultation(db, actor, make.consultation(
        make.person(1, "张三"), occurred_at=base), today=TODAY)
    anonymous = register_consultation(db, actor, replace(make.consultation(
        occurred_at=base + timedelta(hours=2), topic="neighbour"), person=None), today=TODAY)
    rows = fetch_rows(db, ListQuery("consultations"), 0, 10)
    assert [r.id for r in rows] == [anonymous, named]
    assert rows[0].title == "匿名" and rows[1].title == "张三"
    assert rows[1].when == base and rows[1].date == date(2025, 4, 9)
    assert (rows[1].type_label, rows[1].status_label, rows[1].extra) == (
        "劳动报酬", "当场解答", "来访")
    by_name = fetch_rows(db, ListQuery("consultations", sort_key="title", descending=False),
                         0, 10)
    assert [r.title for r in by_name] == ["匿名", "张三"]  # NULL names sort first ascending
    assert count_rows(db, ListQuery("consultations", type_code="neighbour")) == 1
    assert count_rows(db, ListQuery("consultations", date_from=date(2025, 4, 10))) == 0
    assert count_rows(db, ListQuery("consultations", date_to=date(2025, 4, 9))) == 2

    rid = aid.create_referral(db, actor, make.referral(
        make.person(2, "赵五"), applied_on=date(2025, 4, 8),
        limitation_deadline=date(2025, 4, 10)), today=TODAY)
    (row,) = fetch_rows(db, ListQuery("referrals"), 0, 10)
    assert (row.id, row.title, row.status_label, row.extra, row.alert) == (
        rid, "赵五", "待转交", "紧急", True)
    assert row.type_label == "请求确认劳动关系或者支付劳动报酬"
    assert count_rows(db, ListQuery("referrals", status="forwarded")) == 0


def test_persons_are_masked(db: Database, actor: Actor, make) -> None:
    register_consultation(db, actor, make.consultation(
        make.person(1, "张三", special_groups=("elderly",))), today=TODAY)
    (row,) = fetch_rows(db, ListQuery("persons", sort_key="title"), 0, 10)
    full = make.resident_id(1)
    assert row.number == full[:6] + "*" * 8 + full[-4:]
    assert full not in repr(row)
    assert (row.title, row.type_label, row.status_label) == ("张三", "老年人", "男")
    assert count_rows(db, ListQuery("persons", type_code="elderly")) == 1
    assert count_rows(db, ListQuery("persons", type_code="minor")) == 0


@pytest.mark.slow
def test_first_page_of_many_cases_is_fast(db: Database, actor: Actor) -> None:
    """Bulk-inserted cases (20,000 here; 100,000 measured by hand: ~5 ms a page)."""
    now = datetime.now(UTC)
    n = 20_000
    persons, cases, parties = [], [], []
    for i in range(n):
        common = {"station_id": actor.station_id, "created_at": now, "updated_at": now}
        pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
        persons.append({**common, "id": pid, "name": f"人{i}", "special_groups": []})
        day = date(2020, 1, 1) + timedelta(days=i % 1800)
        cases.append({**common, "id": cid, "year": day.year, "seq": i, "number": f"N{i:06d}",
                      "source": "application", "dispute_type": "other", "facts": "x",
                      "registered_on": day, "status": "archived",
                      "mediator_id": actor.operator_id})
        parties.append({**common, "id": str(uuid.uuid4()), "case_id": cid,
                        "role": "applicant", "person_id": pid})
    with db.engine.begin() as conn:
        conn.execute(insert(Person.__table__), persons)
        conn.execute(insert(MediationCase.__table__), cases)
        conn.execute(insert(MediationParty.__table__), parties)
    query = ListQuery("mediations", sort_key="date")
    fetch_rows(db, query, 0, 100)
    start = time.perf_counter()
    rows = fetch_rows(db, query, 0, 100)
    elapsed = time.perf_counter() - start
    assert len(rows) == 100 and count_rows(db, query) == n
    assert elapsed < 0.05 * 4  # target 50 ms; slack for a busy CI machine
