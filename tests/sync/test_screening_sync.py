"""Screenings travel to the county: the screening, its disputes (a dispute taken off stays,
marked), the cases' referring body kind and prevention; the county reads them back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.conftest import case_input
from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.records import record_details, record_titles
from workstation.domain.screening import FoundDisputeInput, ScreeningInput
from workstation.services import mediation
from workstation.services import screening as scr
from workstation.services.context import Actor
from workstation.storage.engine import Database
from workstation.sync import format as fmt
from workstation.sync import station as sync

from .helpers import link


def _records(county: CountyDatabase, table: str) -> dict[str, dict[str, Any]]:
    t = RECORDS[table]
    with county.engine.connect() as conn:
        return {str(r.id): {"version": r.version, **json.loads(r.data)}
                for r in conn.execute(select(t.c.id, t.c.version, t.c.data))}


def test_screenings_reach_the_county(db: Database, actor: Actor, county: CountyDatabase,
                                     usb: Path) -> None:
    link(db, county)
    case_id = mediation.open_case(db, actor, case_input(
        source="referred", referring_body="海港区人民法院", referring_body_kind="court"))
    scr.set_case_prevention(db, actor, case_id, "group_petition", 8)
    day = date.today() - timedelta(days=1)
    sid = scr.create_screening(db, actor, ScreeningInput(
        held_on=day, place="海港镇东村", kind="special", participants="王管理",
        disputes=(FoundDisputeInput(parties="张三与李四", dispute_type="neighbour",
                                    risk_level="major", outcome="mediated", case_id=case_id,
                                    prevention_kind="criminal", prevention_persons=2),
                  FoundDisputeInput(parties="甲与乙", dispute_type="contract"))))
    [bundle] = sync.export(db, usb)
    assert fmt.read_bundle(bundle).manifest["schema_version"] == fmt.SCHEMA_VERSION >= 3
    assert import_bundle(county, bundle).status == "imported"

    [screening] = _records(county, "screening").values()
    assert (screening["id"], screening["kind"], screening["place"]) == (sid, "special",
                                                                         "海港镇东村")
    disputes = sorted(_records(county, "screening_dispute").values(),
                      key=lambda d: d["position"])
    assert [(d["parties"], d["case_id"], d["prevention_kind"]) for d in disputes] == [
        ("张三与李四", case_id, "criminal"), ("甲与乙", None, "")]
    case = _records(county, "mediation_case")[case_id]
    assert (case["referring_body_kind"], case["prevention_kind"],
            case["prevention_persons"]) == ("court", "group_petition", 8)

    details = record_details(county, "screening", sid)
    assert details is not None and details.kind_label == "矛盾纠纷排查"
    fields = dict(details.fields)
    assert fields["排查类型"] == "专项排查" and fields["参加人员"] == "王管理"
    assert "防止民间纠纷转化为刑事案件2人" in fields["张三与李四"]
    assert record_titles(county, [("screening", sid)]) == {sid: "海港镇东村（专项排查）"}
    case_fields = dict(record_details(county, "mediation_case", case_id).fields)
    assert case_fields["移送单位类别"] == "法院"

    # A dispute taken off travels as a change (kept, marked removed).
    detail = scr.load_screening(db, sid)
    scr.update_screening(db, actor, sid, replace(detail.as_input(), disputes=(
        detail.disputes[0].as_input(),)), expected_version=detail.version)
    [second] = sync.export(db, usb)
    assert import_bundle(county, second).status == "imported"
    removed = [d for d in _records(county, "screening_dispute").values() if d["removed"]]
    assert [d["parties"] for d in removed] == ["甲与乙"]
    assert dict(record_details(county, "screening", sid).fields).get("甲与乙") is None
