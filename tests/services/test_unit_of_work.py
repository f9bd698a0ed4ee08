"""Core writes through the unit of work: change log, version, audit and search stay honest."""

from __future__ import annotations

import pytest

from workstation.services.context import Actor, UnitOfWork
from workstation.services.search import search
from workstation.storage.engine import Database
from workstation.storage.models import MediationParty, Person


def _person(uow: UnitOfWork, name: str = "钱七", **values: object) -> str:
    return uow.insert(Person, station_id=uow.actor.station_id, name=name, **values)["id"]


def test_insert_is_logged_indexed_and_rolled_back_with_the_transaction(
        db: Database, actor: Actor, sql) -> None:
    before = sql.counts("person", "change_log", "search_doc")
    with UnitOfWork(db, actor) as uow:
        _person(uow, phone="13600001234")
    assert sql.counts("person", "change_log", "search_doc") == before  # no commit
    with UnitOfWork(db, actor) as uow:
        person_id = _person(uow, phone="13600001234")
        uow.commit()
    assert sql.rows("SELECT table_name, version, op FROM change_log WHERE record_id = :i",
                    i=person_id) == [("person", 1, "I")]
    assert [h.record_id for h in search(db, "钱七")] == [person_id]
    assert [h.record_id for h in search(db, "1234")] == [person_id]


def test_update_bumps_version_and_updated_at_and_reindexes(db: Database, actor: Actor,
                                                          sql) -> None:
    with UnitOfWork(db, actor) as uow:
        person_id = _person(uow, special_groups=["elderly"])
        uow.commit()
    (created,) = sql.rows("SELECT updated_at, version FROM person")
    with UnitOfWork(db, actor) as uow:
        uow.update(Person, person_id, name="孙八", special_groups=["elderly", "disabled"])
        uow.update(Person, person_id)  # nothing to change: nothing written
        uow.commit()
    (row,) = sql.rows("SELECT name, special_groups, updated_at, version FROM person")
    assert (row.name, row.special_groups, row.version) == ("孙八", '["elderly", "disabled"]', 2)
    assert row.updated_at > created.updated_at
    assert sql.rows("SELECT op, version FROM change_log WHERE record_id = :i ORDER BY seq",
                    i=person_id) == [("I", 1), ("U", 2)]
    assert search(db, "钱七") == []
    assert [h.record_id for h in search(db, "孙八")] == [person_id]


def test_audit_goes_through_core_in_the_same_transaction(db: Database, actor: Actor,
                                                         sql) -> None:
    with UnitOfWork(db, actor) as uow:
        uow.audit("probe", "person", "x", "kept")
        seen = uow.connection.exec_driver_sql(
            "SELECT count(*) FROM audit_entry WHERE action = 'probe'").scalar()
        assert seen == 1  # written at once, on the transaction's connection
        uow.commit()
    assert sql.rows("SELECT operator_id, action, record_id, detail FROM audit_entry"
                    " WHERE action = 'probe'") == [(actor.operator_id, "probe", "x", "kept")]


def test_insert_refuses_unknown_columns(db: Database, actor: Actor) -> None:
    with pytest.raises(TypeError), UnitOfWork(db, actor) as uow:
        uow.insert(MediationParty, station_id=actor.station_id, case=None)


def test_core_update_of_a_party_reindexes_its_case(db: Database, actor: Actor, sql,
                                                   make) -> None:
    from workstation.services.mediation import open_case

    case_id = open_case(db, actor, make.case())
    party_id = sql.rows("SELECT id FROM mediation_party WHERE case_id = :c AND role = 'respondent'",
                        c=case_id)[0][0]
    with UnitOfWork(db, actor) as uow:
        uow.update(MediationParty, party_id, org_name="海港建筑公司")
        uow.commit()
    assert case_id in {h.record_id for h in search(db, "海港建筑公司")}  # trigram path
    assert case_id in {h.record_id for h in search(db, "建筑")}  # organisation name terms
