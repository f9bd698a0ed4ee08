"""People's mediation committees: admin-only CRUD, the default, each case's committee, no
deleting a committee with cases, and the confirmation asked after the upgrade."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import update

from workstation.domain.committees import CommitteeInput, case_title, parties_by_role
from workstation.domain.errors import ValidationError
from workstation.services import committees as com
from workstation.services.context import Actor, ServiceError
from workstation.services.corrections import correct_case
from workstation.services.mediation import open_case
from workstation.services.operators import add_operator
from workstation.services.records import load_case
from workstation.storage.engine import Database
from workstation.storage.models import Station

VILLAGE = CommitteeInput(name="东港村人民调解委员会", kind="village",
                         division_code="130302100201", other_mediators="王德顺, 李秀兰")


def _mediator(db: Database, actor: Actor) -> Actor:
    operator_id = add_operator(db, actor, username="wangli", name="王丽",
                               password="mediator-pass-1", role="mediator")
    return Actor(operator_id, actor.station_id, "wangli", "王丽", "mediator")


def test_station_starts_with_its_default_committee(db: Database, actor: Actor) -> None:
    [first] = com.list_committees(db)
    assert (first.name, first.kind, first.kind_label) == ("海港镇人民调解委员会", "township",
                                                          "乡镇（街道）")
    assert first.is_default and first.active and first.operator_ids == (actor.operator_id,)
    assert first.operator_names == ("王管理",) and first.division_code == "130302100000"
    assert com.default_committee(db) == first
    assert not com.needs_confirmation(db)


def test_create_update_and_read_back(db: Database, actor: Actor, sql) -> None:
    committee_id = com.create_committee(db, actor, VILLAGE)
    info = com.load_committee(db, committee_id)
    assert info.other_mediators == "王德顺、李秀兰" and info.mediators == "王德顺、李秀兰"
    assert not info.is_default and info.cases == 0
    assert sql.count("audit_entry", "action = 'create' AND record_type = 'mediation_committee'"
                     " AND record_id = :i", i=committee_id) == 1
    assert sql.count("change_log", "table_name = 'mediation_committee' AND record_id = :i",
                     i=committee_id) == 1

    version = com.update_committee(db, actor, committee_id, CommitteeInput(
        **{**VILLAGE.__dict__, "operator_ids": (actor.operator_id,), "is_default": True}),
        expected_version=info.version)
    assert version == info.version + 1
    rows = {c.name: c for c in com.list_committees(db)}
    assert rows["东港村人民调解委员会"].is_default
    assert not rows["海港镇人民调解委员会"].is_default  # one default per station
    assert rows["东港村人民调解委员会"].mediators == "王管理、王德顺、李秀兰"
    with pytest.raises(ServiceError, match="已被修改"):
        com.update_committee(db, actor, committee_id, VILLAGE, expected_version=info.version)
    with pytest.raises(ServiceError, match="已有名为“海港镇人民调解委员会”"):
        com.create_committee(db, actor, CommitteeInput(
            name="海港镇人民调解委员会", kind="township", division_code="130302100000"))


@pytest.mark.parametrize(("name", "message"), [
    ("", "请填写调解委员会名称"),
    ("东港村调委会", "应以“人民调解委员会”结尾"),
    ("人民调解委员会", "请在“人民调解委员会”前写明"),
])
def test_bad_names_are_refused(db: Database, actor: Actor, name: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        com.create_committee(db, actor, CommitteeInput(name=name, kind="village",
                                                       division_code="130302100201"))
    assert message in info.value.by_field["name"]


def test_only_the_admin_changes_committees(db: Database, actor: Actor, sql) -> None:
    mediator = _mediator(db, actor)
    [first] = com.list_committees(db)
    before = sql.counts("mediation_committee", "change_log")
    for attempt in (lambda: com.create_committee(db, mediator, VILLAGE),
                    lambda: com.update_committee(db, mediator, first.id, first.as_input()),
                    lambda: com.deactivate_committee(db, mediator, first.id),
                    lambda: com.delete_committee(db, mediator, first.id),
                    lambda: com.confirm_committees(db, mediator)):
        with pytest.raises(ServiceError, match="只有站点管理员可以管理人民调解委员会"):
            attempt()
    assert sql.counts("mediation_committee", "change_log") == before
    assert com.list_committees(db)  # everyone may read them (the case form's choice)


def test_each_case_belongs_to_a_committee(db: Database, actor: Actor,
                                          make: SimpleNamespace) -> None:
    village = com.create_committee(db, actor, VILLAGE)
    default_case = open_case(db, actor, make.case())
    village_case = open_case(db, actor, make.case(committee_id=village))
    assert load_case(db, default_case).committee_name == "海港镇人民调解委员会"
    detail = load_case(db, village_case)
    assert (detail.committee_id, detail.committee_name, detail.committee_kind) == (
        village, "东港村人民调解委员会", "village")
    assert com.case_committee(db, village_case).name == "东港村人民调解委员会"

    # A correction may move the case to another committee (audited like any field).
    correct_case(db, actor, village_case, make.case(committee_id=com.default_committee(db).id),
                 "登记时选错了调解委员会")
    assert load_case(db, village_case).committee_name == "海港镇人民调解委员会"

    com.deactivate_committee(db, actor, village)
    with pytest.raises(ServiceError, match="已停用"):
        open_case(db, actor, make.case(committee_id=village))
    with pytest.raises(ServiceError, match="找不到该人民调解委员会"):
        open_case(db, actor, make.case(committee_id="00000000-0000-4000-8000-000000000000"))


def test_a_committee_with_cases_cannot_be_deleted(db: Database, actor: Actor, sql,
                                                 make: SimpleNamespace) -> None:
    village = com.create_committee(db, actor, VILLAGE)
    open_case(db, actor, make.case(committee_id=village))
    with pytest.raises(ServiceError, match="已有1件调解案件，不能删除，只能停用"):
        com.delete_committee(db, actor, village)
    assert sql.count("mediation_committee", "id = :i", i=village) == 1
    com.deactivate_committee(db, actor, village)
    info = com.load_committee(db, village)
    assert not info.active and info.cases == 1

    unused = com.create_committee(db, actor, CommitteeInput(
        name="西河村人民调解委员会", kind="village", division_code="130302100202"))
    com.delete_committee(db, actor, unused)
    assert sql.count("mediation_committee", "id = :i", i=unused) == 0
    assert sql.count("audit_entry", "action = 'delete' AND record_id = :i", i=unused) == 1


def test_the_last_active_committee_stays(db: Database, actor: Actor) -> None:
    [first] = com.list_committees(db)
    with pytest.raises(ServiceError, match="唯一在用"):
        com.deactivate_committee(db, actor, first.id)
    with pytest.raises(ServiceError, match="唯一在用"):
        com.delete_committee(db, actor, first.id)
    village = com.create_committee(db, actor, VILLAGE)
    com.deactivate_committee(db, actor, first.id)
    assert com.default_committee(db).id == village  # the default moved to the active one


def test_confirmation_after_the_upgrade(db: Database, actor: Actor) -> None:
    with db.write_session() as s:  # as migration 0009_committees leaves an existing station
        s.execute(update(Station).values(committees_unconfirmed=True))
        s.commit()
    assert com.needs_confirmation(db)
    com.confirm_committees(db, actor)
    assert not com.needs_confirmation(db)


def test_case_title_is_mediation_wording() -> None:
    parties = [("applicant", "张三"), ("respondent", "李四"), ("applicant", "王五"),
               ("third_party", "赵六")]
    assert case_title(parties, "neighbour") == "张三、王五与李四邻里纠纷（第三人：赵六）"
    assert case_title(parties[:2], "labour") == "张三与李四劳动争议纠纷"
    assert case_title(parties[:2], "other") == "张三与李四纠纷"
    assert case_title(parties[:2]) == "张三与李四纠纷"
    assert "诉" not in case_title(parties, "contract")
    assert parties_by_role(parties) == [("申请人", "张三、王五"), ("被申请人", "李四"),
                                        ("第三人", "赵六")]
