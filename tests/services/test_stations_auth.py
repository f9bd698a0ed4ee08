"""Station setup, logging in and operator accounts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from workstation.domain.errors import ValidationError
from workstation.services.auth import LoginFailed, add_operator, authenticate, verify_password
from workstation.services.context import Actor, ServiceError
from workstation.services.stations import get_station, has_station, init_station
from workstation.storage.engine import Database
from workstation.storage.models import Operator


def test_init_station_creates_station_admin_audit_and_log(db: Database, sql, make) -> None:
    assert not has_station(db)
    actor = init_station(db, make.setup(case_prefix=""))
    assert actor.is_admin and actor.username == "admin" and actor.name == "王管理"

    station = get_station(db)  # readable after its session closed
    assert station.id == actor.station_id
    assert station.name == "海港镇公共法律服务工作站"
    assert station.division_code == make.division_code
    assert station.case_prefix == "海调"  # default: first character + 调
    assert has_station(db)

    (op_row,) = sql.rows("SELECT id, username, role, password_hash FROM operator")
    assert op_row.id == actor.operator_id and op_row.role == "admin"
    # An encrypted station checks passwords with key slots only: no second verifier.
    assert op_row.password_hash == ""

    audit = sql.rows("SELECT action, record_type, record_id, operator_id FROM audit_entry")
    assert [(a.action, a.record_type, a.record_id, a.operator_id) for a in audit] == [
        ("station.init", "station", actor.station_id, actor.operator_id),
        ("sync.key", "sync_state", "1", actor.operator_id),
    ]
    # The station's signing key pair for sync bundles is made with the station.
    (state,) = sql.rows("SELECT station_private_key, station_public_key FROM sync_state")
    assert "PRIVATE KEY" in state.station_private_key
    assert "PUBLIC KEY" in state.station_public_key
    (committee,) = sql.rows("SELECT id, name, kind, is_default FROM mediation_committee")
    assert committee[1:] == ("海港镇人民调解委员会", "township", 1)
    assert sql.rows("SELECT table_name, record_id, op FROM change_log "
                    "WHERE table_name != 'audit_entry'") == [
        ("operator", actor.operator_id, "I"), ("mediation_committee", committee.id, "I")
    ]


def test_second_init_is_refused_and_changes_nothing(db: Database, actor: Actor, sql, make
                                                    ) -> None:
    before = sql.counts("station", "operator", "audit_entry", "change_log")
    with pytest.raises(ServiceError, match="重复初始化"):
        init_station(db, make.setup(admin_username="other", station_name="别的站"))
    assert sql.counts("station", "operator", "audit_entry", "change_log") == before


def test_setup_validation_lists_every_bad_field(db: Database, sql, make) -> None:
    with pytest.raises(ValidationError) as info:
        init_station(db, make.setup(station_name=" ", division_code="130302",
                                    admin_username="1x", admin_password="short",
                                    case_prefix="一二三四五六七"))
    fields = set(info.value.by_field)
    assert {"station_name", "division_code", "admin_username", "admin_password",
            "case_prefix"} <= fields
    assert all(any("\u4e00" <= c <= "\u9fff" for c in m) for m in info.value.messages)
    assert sql.counts("station", "operator", "audit_entry") == {
        "station": 0, "operator": 0, "audit_entry": 0}


@pytest.mark.parametrize("code", ["130302000000", "13030210000", "990302100000", "13030210000X"])
def test_setup_refuses_bad_division_codes(db: Database, make, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        init_station(db, make.setup(division_code=code))
    assert list(info.value.by_field) == ["division_code"]


def test_authenticate_ok_records_login(db: Database, actor: Actor, sql, make) -> None:
    logged = authenticate(db, " admin ", make.password)
    assert logged == actor
    rows = sql.rows("SELECT operator_id, record_id FROM audit_entry WHERE action = 'login'")
    assert rows == [(actor.operator_id, actor.operator_id)]


@pytest.mark.parametrize(("username", "password"), [("admin", "wrong-password"),
                                                    ("nobody", "correct-horse-1")])
def test_authenticate_failure_is_audited(db: Database, actor: Actor, sql, make, username: str,
                                         password: str) -> None:
    with pytest.raises(LoginFailed, match="用户名或密码错误"):
        authenticate(db, username, password)
    # The database is open: the failure queued in the key file is audited at once ...
    rows = sql.rows("SELECT operator_id, record_id, detail FROM audit_entry"
                    " WHERE action = 'login.failed'")
    expected_id = actor.operator_id if username == "admin" else ""
    assert rows == [(None, expected_id, username)]
    assert sql.count("audit_entry", "action = 'login'") == 0
    # ... and not a second time at the next login.
    authenticate(db, "admin", make.password)
    assert sql.count("audit_entry", "action = 'login.failed'") == 1
    assert sql.count("audit_entry", "action = 'login'") == 1


def test_plain_database_checks_the_argon2_hash(tmp_path, make) -> None:
    from workstation.storage.engine import open_database

    plain = open_database(tmp_path / "plain.db", create=True)
    try:
        actor = init_station(plain, make.setup())
        with plain.read() as s:
            stored = s.scalars(select(Operator)).one().password_hash
        assert stored.startswith("$argon2id$") and verify_password(stored, make.password)
        assert authenticate(plain, "admin", make.password) == actor
        with pytest.raises(LoginFailed):
            authenticate(plain, "admin", "wrong-password")
    finally:
        plain.dispose()


def test_inactive_operator_cannot_log_in(db: Database, actor: Actor, make) -> None:
    with db.write_session() as s:
        s.scalars(select(Operator)).one().active = False
        s.commit()
    with pytest.raises(LoginFailed):
        authenticate(db, "admin", make.password)


def test_add_operator_by_admin_and_login(db: Database, actor: Actor, sql) -> None:
    op_id = add_operator(db, actor, username="tiaojie1", name=" 李调解 ",
                         password="mediator-pass")
    mediator = authenticate(db, "tiaojie1", "mediator-pass")
    assert mediator.operator_id == op_id and mediator.role == "mediator"
    assert not mediator.is_admin
    assert mediator.name == "李调解"
    assert sql.count("audit_entry", "action = 'operator.create' AND record_id = :id", id=op_id)
    assert sql.count("change_log", "table_name = 'operator' AND record_id = :id", id=op_id) == 1

    with pytest.raises(ServiceError, match="管理员"):
        add_operator(db, mediator, username="tiaojie2", name="王", password="mediator-pass")
    with pytest.raises(ValidationError) as info:
        add_operator(db, actor, username="tiaojie1", name="重名", password="mediator-pass")
    assert list(info.value.by_field) == ["username"]
    with pytest.raises(ValidationError):
        add_operator(db, actor, username="tiaojie3", name="短", password="short")
    assert sql.count("operator") == 2


def test_make_fixture_inputs_are_valid(make: SimpleNamespace) -> None:
    person = make.person(7, "钱七", "female").validated()
    assert person.sex == "female"
    assert person.birth_date is not None
