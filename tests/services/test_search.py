"""Search everywhere: persons and records by name, pinyin, ID, phone, number and text."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workstation.services import mediation
from workstation.services.aid import create_referral
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.services.mediation import accept_case, open_case
from workstation.services.search import SearchHit, rebuild_search_index, search
from workstation.storage.engine import Database, make_engine, open_database
from workstation.storage.migrate import current_revision, head_revision, upgrade_to_head
from workstation.storage.models import Person

ZHANG_PHONE = "13800138000"
SHAN_PHONE = "13912345678"


@pytest.fixture
def recs(db: Database, actor: Actor, make: SimpleNamespace) -> SimpleNamespace:
    """张三 consults; 张三 v 李四 and 张三 v an organisation are mediated; 单雄信 asks for aid."""
    zhang = make.person(1, "张三", phone=ZHANG_PHONE)
    li = make.person(2, "李四", "female", phone="13700001111")
    shan = make.person(4, "单雄信", phone=SHAN_PHONE)
    consultation = register_consultation(db, actor, make.consultation(zhang))
    facts = "两家因宅基地界址发生争执，多次协商未果。"
    case = open_case(db, actor, make.case(zhang, li, facts=facts))
    referral = create_referral(db, actor, make.referral(shan))
    return SimpleNamespace(consultation=consultation, case=case, referral=referral,
                           zhang=zhang.id_number, shan=shan.id_number)


def ids(hits: list[SearchHit], kind: str | None = None) -> set[str]:
    return {h.record_id for h in hits if kind is None or h.record_type == kind}


def person_id(db: Database, name: str) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT id FROM person WHERE name = :n"), {"n": name}).scalar_one()


def test_two_character_name_finds_person_and_their_records(db: Database, recs) -> None:
    hits = search(db, "张三")
    assert {recs.consultation, recs.case, person_id(db, "张三")} <= ids(hits)
    assert recs.referral not in ids(hits)
    assert ids(search(db, "李四")) == {recs.case, person_id(db, "李四")}


def test_one_character_surname(db: Database, recs) -> None:
    assert {recs.consultation, recs.case} <= ids(search(db, "张"))
    assert ids(search(db, "单")) == {recs.referral, person_id(db, "单雄信")}
    assert ids(search(db, "四"), "mediation_case") == {recs.case}


def test_three_character_name_through_the_trigram_index(db: Database, recs) -> None:
    assert ids(search(db, "单雄信")) == {recs.referral, person_id(db, "单雄信")}


@pytest.mark.parametrize("query", ["zs", "ZS", "zhangs", "zhangsan", "ｚｓ"])
def test_pinyin_of_zhang_san(db: Database, recs, query: str) -> None:
    assert {recs.consultation, recs.case, person_id(db, "张三")} <= ids(search(db, query))


@pytest.mark.parametrize("query", ["sxx", "shanx", "shanxiongxin", "dxx"])
def test_pinyin_of_surname_shan_read_correctly_and_by_its_common_reading(
        db: Database, recs, query: str) -> None:
    assert recs.referral in ids(search(db, query))


def test_full_id_number_ranks_first_and_is_never_shown(db: Database, recs) -> None:
    hits = search(db, recs.zhang)
    assert hits[0].record_type == "person" or hits[0].record_id in {recs.consultation, recs.case}
    assert {recs.consultation, recs.case, person_id(db, "张三")} <= ids(hits)
    assert recs.referral not in ids(hits)
    for hit in search(db, "张三") + hits:
        assert recs.zhang not in hit.title + hit.snippet
    person = next(h for h in hits if h.record_type == "person")
    assert recs.zhang[:6] + "********" + recs.zhang[-4:] in person.snippet


def test_last_digits_of_id_number(db: Database, recs) -> None:
    assert recs.referral in ids(search(db, recs.shan[-4:]))
    assert recs.referral in ids(search(db, recs.shan[-6:].lower()))
    assert ids(search(db, recs.zhang[-5:])) >= {recs.consultation, recs.case}


def test_phone_full_suffix_and_middle(db: Database, recs) -> None:
    assert ids(search(db, SHAN_PHONE)) == {recs.referral, person_id(db, "单雄信")}
    assert recs.referral in ids(search(db, SHAN_PHONE[-4:]))
    assert recs.referral in ids(search(db, SHAN_PHONE[3:8]))
    assert recs.case in ids(search(db, "0013800"))


def test_serial_and_case_numbers(db: Database, recs) -> None:
    hits = search(db, "0001")
    # Serial numbers rank first; 李四's phone 13700001111 contains 0001 too.
    assert ids(hits[:3]) == {recs.consultation, recs.case, recs.referral}
    assert all(h.number and "0001" in h.number for h in hits[:3])
    assert person_id(db, "李四") in ids(hits[3:])
    year = date.today().year
    for query in ("海调字第0001", "海调字第0001号", f"〔{year}〕海调字第0001号",
                  f"[{year}]海调字第0001号"):
        hits = search(db, query)
        assert hits[0].record_id == recs.case, query
        assert hits[0].number == f"〔{year}〕海调字第0001号"
    assert ids(search(db, "海援转字第0001")) == {recs.referral}


def test_words_in_facts_question_and_request(db: Database, recs) -> None:
    assert ids(search(db, "宅基地")) == {recs.case}
    assert ids(search(db, "劳动仲裁")) == {recs.consultation}
    assert ids(search(db, "劳动报酬")) == {recs.referral}
    hit = search(db, "宅基地")[0]
    assert "宅基地" in hit.snippet
    assert hit.status == "registered"
    assert hit.date is not None and hit.date <= date.today()


def test_parts_are_intersected(db: Database, recs) -> None:
    assert ids(search(db, "张三 宅基地")) == {recs.case}
    assert ids(search(db, "zs 宅基地")) == {recs.case}
    assert ids(search(db, "张三 李四")) == {recs.case}
    assert search(db, "李四 劳动仲裁") == []


def test_ranking_exact_then_names_then_text(db: Database, actor: Actor, make, recs) -> None:
    # A consultation whose question mentions 单雄信 ranks after the records naming him, though
    # it is newer. (Text search needs 3+ characters: "张三" inside a text is not found.)
    other = register_consultation(db, actor, make.consultation(
        make.person(7, "王五"), question="邻居单雄信家的狗咬伤了我怎么办？"))
    order = [h.record_id for h in search(db, "单雄信")]
    assert order == [recs.referral, person_id(db, "单雄信"), other]
    # Exact number first; newest first within a group (the case was entered after the
    # consultation, the consultation after its person).
    order = [h.record_id for h in search(db, "张三")]
    assert order.index(recs.case) < order.index(recs.consultation)
    assert order.index(recs.consultation) < order.index(person_id(db, "张三"))
    hits = search(db, recs.zhang[-4:])
    assert [h.record_type for h in hits[:3]] == ["mediation_case", "consultation", "person"]


def test_kinds_filter(db: Database, recs) -> None:
    hits = search(db, "张三", kinds={"mediation_case"})
    assert ids(hits) == {recs.case}
    assert {h.record_type for h in search(db, "张", kinds={"person"})} == {"person"}
    assert search(db, "张三", kinds=set()) == []
    assert len(search(db, "张", limit=1)) == 1


def test_renamed_person_is_found_under_new_name(db: Database, actor: Actor, make) -> None:
    first = register_consultation(db, actor, make.consultation(make.person(9, "王五")))
    # The same ID number with a corrected name: resolve_person renames the person.
    second = register_consultation(db, actor, make.consultation(make.person(9, "王武")))
    assert ids(search(db, "王武"), "consultation") == {first, second}
    assert ids(search(db, "ww"), "consultation") == {first, second}
    assert search(db, "王五") == []
    titles = {h.title for h in search(db, "王武", kinds={"consultation"})}
    assert all(t.endswith("王武") for t in titles)


def test_status_change_reaches_the_index(db: Database, actor: Actor, recs) -> None:
    accept_case(db, actor, recs.case, date.today())
    assert search(db, "宅基地")[0].status == "accepted"


def _search_rows(db: Database) -> dict[str, set[tuple[Any, ...]]]:
    """The index by record (doc ids differ between incremental and rebuilt indexes)."""
    with db.engine.connect() as conn:
        docs = {tuple(r) for r in conn.execute(text(
            "SELECT record_type, record_id, number, title, body, phones, detail, day, status"
            " FROM search_doc"))}
        terms = {tuple(r) for r in conn.execute(text(
            "SELECT t.term, d.record_id FROM search_term t JOIN search_doc d ON d.id = t.doc_id"))}
        links = {tuple(r) for r in conn.execute(text(
            "SELECT p.record_id, r.record_id FROM search_link l"
            " JOIN search_doc p ON p.id = l.person_doc JOIN search_doc r ON r.id = l.record_doc"))}
        fts = {tuple(r) for r in conn.execute(text(
            "SELECT d.record_id FROM search_fts f JOIN search_doc d ON d.id = f.rowid"
            " WHERE search_fts MATCH '\"宅基地\"'"))}
    return {"docs": docs, "terms": terms, "links": links, "fts": fts}


def test_rebuild_gives_the_same_index_as_the_session_hooks(db: Database, actor: Actor,
                                                            make, recs) -> None:
    register_consultation(db, actor, make.consultation(make.person(9, "王五")))
    register_consultation(db, actor, make.consultation(make.person(9, "王武")))
    accept_case(db, actor, recs.case, date.today())
    incremental = _search_rows(db)
    assert incremental["fts"]
    with db.engine.begin() as conn:
        rebuild_search_index(conn)
        integrity = conn.execute(text(
            "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"))
        assert integrity is not None
    assert _search_rows(db) == incremental


def test_index_rolls_back_with_the_unit_of_work(db: Database, actor: Actor, sql) -> None:
    before = sql.counts("search_doc", "search_term", "search_link")
    with UnitOfWork(db, actor) as uow:
        uow.session.add(Person(station_id=actor.station_id, name="钱七", phone="13600001234"))
        uow.session.flush()
        # leave without commit
    with pytest.raises((IntegrityError, ServiceError)), UnitOfWork(db, actor) as uow:
        uow.session.add(Person(station_id=actor.station_id, name="孙八"))
        uow.session.add(Person(station_id="no-such-station", name="周九"))
        uow.commit()  # the foreign key fails at commit: nothing is kept, index rows neither
    assert sql.counts("search_doc", "search_term", "search_link") == before
    assert search(db, "钱七") == [] and search(db, "孙八") == []
    assert search(db, "1234") == []


def test_failed_service_leaves_no_search_rows(db: Database, actor: Actor, make, sql,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = sql.counts("search_doc", "search_term", "search_link")
    real_resolve = mediation.resolve_person
    calls: list[str] = []

    def resolve_then_fail_on_second(uow: UnitOfWork, person_id: Any, data: Any) -> Any:
        calls.append(data.name)
        if len(calls) == 2:  # the case and its first party are flushed by now
            uow.session.flush()
            raise RuntimeError("second party exploded")
        return real_resolve(uow, person_id, data)

    monkeypatch.setattr(mediation, "resolve_person", resolve_then_fail_on_second)
    with pytest.raises(RuntimeError):
        open_case(db, actor, make.case(make.person(11, "赵六"), make.person(12, "孙七")))
    assert calls == ["赵六", "孙七"]
    assert sql.counts("search_doc", "search_term", "search_link") == before
    assert search(db, "赵六") == []


def test_orm_person_written_directly_is_indexed(db: Database, actor: Actor) -> None:
    with db.write_session() as s:
        s.add(Person(station_id=actor.station_id, name="欧阳修", name_keys="oyx ouyangxiu",
                     phone="0335-7654321"))
        s.commit()
    assert [h.title for h in search(db, "oyx")] == ["欧阳修"]
    assert [h.title for h in search(db, "欧阳")] == ["欧阳修"]
    assert [h.title for h in search(db, "7654321")] == ["欧阳修"]


# --- upgrading an older database builds the index ----------------------------------------------

NOW = "2026-01-05T08:00:00.000000+00:00"


def test_migration_from_0003_indexes_existing_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    try:
        upgrade_to_head(engine, "0003")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO station (id, name, division_code, county_center, case_prefix, phone,"
                " address, referral_forward_days, created_at, updated_at, version) VALUES"
                " ('st-1', '旧站', '130302100000', '海港区中心', '海调', '', '', 3, :now, :now, 1)"
            ), {"now": NOW})
            conn.execute(text(
                "INSERT INTO operator (id, station_id, created_at, updated_at, version, name,"
                " username, role, password_hash, active) VALUES"
                " ('op-1', 'st-1', :now, :now, 1, '老王', 'laowang', 'admin', 'x', 1)"
            ), {"now": NOW})
            # name_keys left empty (an old importer): the index computes the pinyin itself.
            conn.execute(text(
                "INSERT INTO person (id, station_id, created_at, updated_at, version, name,"
                " name_keys, ethnicity, id_type, id_number, phone, address,"
                " household_registration, occupation, employer, special_groups) VALUES"
                " ('p-1', 'st-1', :now, :now, 1, '曾小贤', '', '', 'resident_id',"
                " '13030219800517003X', '13511112222', '海港镇', '', '', '', '[]')"
            ), {"now": NOW})
            conn.execute(text(
                "INSERT INTO consultation (id, station_id, created_at, updated_at, version, year,"
                " seq, number, occurred_at, channel, person_id, topic, question, answer,"
                " handling_result, referred_to, operator_id) VALUES ('c-1', 'st-1', :now, :now,"
                " 1, 2026, 7, '〔2026〕海咨字第0007号', :now, 'walk_in', 'p-1', 'land',"
                " '承包地被邻居占用怎么办', '', 'answered', '', 'op-1')"
            ), {"now": NOW})
    finally:
        engine.dispose()

    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        assert ids(search(db, "曾")) == {"p-1", "c-1"}
        assert ids(search(db, "zxx")) == {"p-1", "c-1"}
        assert ids(search(db, "0007")) == {"c-1"}
        assert ids(search(db, "003X")) == {"p-1", "c-1"}
        assert ids(search(db, "1111")) == {"p-1", "c-1"}
        assert ids(search(db, "承包地")) == {"c-1"}
        hit = search(db, "承包地")[0]
        assert hit.date == date(2026, 1, 5) and hit.status == "answered"
    finally:
        db.dispose()


# --- odd input -----------------------------------------------------------------------------------

ODD = ['"', '""', "*", "AND", "OR", "NOT", "(", ")", "-", "^", ":", "{", "}", "NEAR(a b)",
       'title : "x"', "a*", "'", "%", "_", "\\", "\x00", "　", "\n", "", "   ", "〔", "第号",
       "X", "x" * 500, "张" * 300, "1" * 40, "0", "𠮷", "a\"b c'd", "zs* OR 1=1", "\ud7ff",
       "ｘｙ", "11010119800101001x", "00\x00", "宅基\x00地", "\ud800abc", "abc\udfff",
       "\u200b宅基地", "宅\u0301基地"]


@pytest.mark.parametrize("query", ODD)
def test_odd_queries_do_not_raise(db: Database, recs, query: str) -> None:
    hits = search(db, query)
    assert isinstance(hits, list) and len(hits) <= 50


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40), limit=st.integers(min_value=-1, max_value=60),
       kinds=st.none() | st.sets(st.sampled_from(
           ["person", "consultation", "mediation_case", "aid_referral", "bogus"])))
def test_any_text_never_raises(db: Database, recs, query: str, limit: int,
                               kinds: set[str] | None) -> None:
    hits = search(db, query, limit=limit, kinds=kinds)
    assert len(hits) <= max(limit, 0)
    for hit in hits:
        assert recs.zhang not in hit.title + hit.snippet
