"""Mediation committees travel to the county: the bundle carries them (record layout 3) with
each case's committee, the county imports them and names the committee where it shows a case
(its record view and drill-down titles); a renamed committee follows."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.records import record_details, record_titles
from workstation.domain.committees import CommitteeInput
from workstation.services.committees import (
    create_committee,
    list_committees,
    update_committee,
)
from workstation.services.context import Actor
from workstation.services.mediation import open_case
from workstation.storage.engine import Database
from workstation.sync import format as fmt
from workstation.sync import station as sync

from .helpers import link

VILLAGE = CommitteeInput(name="东港村人民调解委员会", kind="village",
                         division_code="130302100201", other_mediators="王德顺")


def _county_rows(county: CountyDatabase, table: str) -> dict[str, dict]:
    t = RECORDS[table]
    with county.engine.connect() as conn:
        return {str(rid): json.loads(data) for rid, data in
                conn.execute(select(t.c.id, t.c.data))}


def test_bundle_carries_committees_and_the_county_names_them(
        db: Database, actor: Actor, county: CountyDatabase, usb: Path,
        make: SimpleNamespace) -> None:
    link(db, county)
    village = create_committee(db, actor, VILLAGE)
    case_id = open_case(db, actor, make.case(committee_id=village))
    other = open_case(db, actor, make.case())

    [bundle] = sync.export(db, usb)
    raw = fmt.read_bundle(bundle)
    assert raw.manifest["schema_version"] == fmt.SCHEMA_VERSION >= 3
    assert raw.manifest["counts"]["mediation_committee"] == 2
    summary = import_bundle(county, bundle)
    assert summary.tables["mediation_committee"].imported == 2

    committees = _county_rows(county, "mediation_committee")
    assert committees[village]["name"] == "东港村人民调解委员会"
    assert committees[village]["kind"] == "village"
    assert committees[village]["other_mediators"] == "王德顺"
    cases = _county_rows(county, "mediation_case")
    assert cases[case_id]["committee_id"] == village

    details = record_details(county, "mediation_case", case_id)
    assert details is not None
    fields = dict(details.fields)
    assert fields["人民调解委员会"] == "东港村人民调解委员会"
    assert fields["案件"] == "张三与李四邻里纠纷"
    titles = record_titles(county, [("mediation_case", case_id), ("mediation_case", other)])
    assert titles == {case_id: "张三与李四邻里纠纷 · 东港村人民调解委员会",
                      other: "张三与李四邻里纠纷 · 海港镇人民调解委员会"}

    # A renamed committee is a new version: the county shows the new name with the case.
    info = next(c for c in list_committees(db) if c.id == village)
    update_committee(db, actor, village, CommitteeInput(
        **{**VILLAGE.__dict__, "name": "海港镇东港村人民调解委员会"}),
        expected_version=info.version)
    [second] = sync.export(db, usb)  # not acknowledged yet: carries the first changes too
    assert import_bundle(county, second).tables["mediation_committee"].updated == 1
    fields = dict(record_details(county, "mediation_case", case_id).fields)  # type: ignore[union-attr]
    assert fields["人民调解委员会"] == "海港镇东港村人民调解委员会"

