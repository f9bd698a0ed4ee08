"""A unit of work commits records, audit entries and change-log rows together or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workstation.services import aid, mediation, persons
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.storage.engine import Database

TABLES = ("person", "consultation", "mediation_case", "mediation_party", "status_change",
          "aid_referral", "audit_entry", "change_log")


class Boom(RuntimeError):
    pass


def test_failure_after_case_flush_leaves_nothing(db: Database, actor: Actor, sql, make,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    before = sql.counts(*TABLES)
    real_resolve = persons.resolve_person
    calls: list[str] = []

    def resolve_then_fail_on_second(uow: UnitOfWork, person_id, data):
        calls.append(data.name if data else "")
        if len(calls) == 2:
            # By now the case row and the first party's person are flushed in this transaction.
            flushed = uow.session.execute(text("SELECT count(*) FROM mediation_case"))
            assert flushed.scalar_one() == 1
            raise Boom("second party exploded")
        return real_resolve(uow, person_id, data)

    monkeypatch.setattr(mediation, "resolve_person", resolve_then_fail_on_second)
    with pytest.raises(Boom):
        mediation.open_case(db, actor, make.case())
    assert calls == ["张三", "李四"]
    assert sql.counts(*TABLES) == before


def test_failure_in_the_final_audit_leaves_nothing(db: Database, actor: Actor, sql, make,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = sql.counts(*TABLES)
    real_audit = UnitOfWork.audit

    def audit(self: UnitOfWork, action: str, record_type: str = "", record_id: str = "",
              detail: str = "") -> None:
        if record_type == "mediation_case" and action == "create":
            self.session.flush()  # everything else really reached the database
            raise Boom("audit failed")
        real_audit(self, action, record_type, record_id, detail)

    monkeypatch.setattr(UnitOfWork, "audit", audit)
    with pytest.raises(Boom):
        mediation.open_case(db, actor, make.case())
    assert sql.counts(*TABLES) == before
    assert sql.count("person") == 0
    assert sql.count("mediation_party") == 0


def test_failure_during_a_status_change_keeps_the_old_status(
        db: Database, actor: Actor, sql, make, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = mediation.open_case(db, actor, make.case())
    before = sql.counts(*TABLES)
    version = sql.rows("SELECT version FROM mediation_case WHERE id = :id", id=case_id)[0][0]

    def audit(self: UnitOfWork, *args: object, **kwargs: object) -> None:
        self.session.flush()
        raise Boom("audit failed")

    monkeypatch.setattr(UnitOfWork, "audit", audit)
    with pytest.raises(Boom):
        mediation.change_status(db, actor, case_id, "terminated", reason="撤回")
    assert sql.counts(*TABLES) == before
    assert sql.rows("SELECT status, version FROM mediation_case WHERE id = :id",
                    id=case_id) == [("registered", version)]


def test_foreign_key_failure_rolls_back_the_person(db: Database, actor: Actor, sql, make
                                                   ) -> None:
    before = sql.counts(*TABLES)
    data = make.consultation(operator_id="no-such-operator")
    with pytest.raises(ServiceError, match="冲突") as info:
        register_consultation(db, actor, data)
    assert isinstance(info.value.__cause__, IntegrityError)
    assert "FOREIGN KEY" in str(info.value.__cause__)
    assert sql.counts(*TABLES) == before


def test_duplicate_id_number_conflict_rolls_back(db: Database, actor: Actor, sql, make,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    register_consultation(db, actor, make.consultation(make.person(3, "赵五")))
    before = sql.counts(*TABLES)
    # As if the lookup missed the existing row: the unique document index must still hold.
    monkeypatch.setattr(persons, "find_by_document", lambda *args: None)
    with pytest.raises(ServiceError, match="冲突") as info:
        aid.create_referral(db, actor, make.referral(make.person(3, "赵五")))
    assert "UNIQUE" in str(info.value.__cause__)
    assert sql.counts(*TABLES) == before


def test_unit_of_work_without_commit_rolls_back(db: Database, actor: Actor, sql) -> None:
    before = sql.counts(*TABLES)
    with UnitOfWork(db, actor) as uow:
        uow.audit("probe")
        uow.session.flush()
    assert sql.counts(*TABLES) == before
    with UnitOfWork(db, actor) as uow:
        uow.audit("probe", detail="kept")
        uow.commit()
    assert sql.rows("SELECT operator_id, detail FROM audit_entry WHERE action = 'probe'") == [
        (actor.operator_id, "kept")]
    with pytest.raises(RuntimeError):
        _ = uow.session
