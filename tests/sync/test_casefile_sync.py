"""The case-file records travel to the county (schema version 3): mediation_step rows, the
session's 记录人, the visit's 回访方式/被回访人 and the agreement's judicial result and
performance status; an older county database gets rec_mediation_step when opened."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.domain.casefile import (
    InvestigationInput,
    JudicialResultInput,
    RightsNoticeInput,
    SupervisionInput,
)
from workstation.domain.inputs import AgreementInput, FollowUpInput, SessionInput
from workstation.services import casefile as cf
from workstation.services import mediation as m
from workstation.services.context import Actor
from workstation.storage.engine import Database
from workstation.sync import format as fmt
from workstation.sync import station as sync

from .helpers import link, make_county, reopen

DAY = date.today() - timedelta(days=6)


def _records(county: CountyDatabase, table: str) -> list[dict[str, Any]]:
    t = RECORDS[table]
    with county.engine.connect() as conn:
        return [json.loads(r.data) for r in conn.execute(select(t.c.data))]


def _full_case(db: Database, actor: Actor, make: Any) -> str:
    cid = m.open_case(db, actor, make.case(registered_on=DAY))
    cf.record_rights_notice(db, actor, cid, RightsNoticeInput(DAY, "written", "张三、李四"))
    m.accept_case(db, actor, cid, DAY)
    cf.record_investigation(db, actor, cid, InvestigationInput(DAY, "王管理", "李四家", "李四",
                                                               "属实。"))
    m.record_session(db, actor, cid, SessionInput(
        held_at=datetime.now(UTC) - timedelta(days=5), place="调解室", attendees="双方",
        record="记录", recorder="赵书记"))
    m.record_agreement(db, actor, cid, AgreementInput(
        form="written", terms="赔偿三百元。", effective_on=DAY + timedelta(days=1),
        performance_manner="现金"))
    m.set_judicial_confirmation(db, actor, cid, DAY + timedelta(days=2))
    cf.record_judicial_result(db, actor, cid, JudicialResultInput(
        "confirmed", DAY + timedelta(days=3), "海港区人民法院", "（2026）冀0302民特5号"))
    m.record_follow_up(db, actor, cid, FollowUpInput(
        DAY + timedelta(days=4), "not_performed", method="home", visitee="张三"))
    cf.record_supervision(db, actor, cid, SupervisionInput(
        DAY + timedelta(days=5), "phone", "电话督促", "performed"))
    return cid


def test_case_file_records_reach_the_county(db: Database, actor: Actor, county: CountyDatabase,
                                            usb: Path, make: Any) -> None:
    from workstation.county.records import record_details

    link(db, county)
    case_id = _full_case(db, actor, make)
    [bundle] = sync.export(db, usb)
    raw = fmt.read_bundle(bundle)
    assert raw.manifest["schema_version"] == fmt.SCHEMA_VERSION >= 3
    assert raw.manifest["counts"]["mediation_step"] == 3
    summary = import_bundle(county, bundle)
    assert summary.tables["mediation_step"].imported == 3
    kinds = sorted(r["kind"] for r in _records(county, "mediation_step"))
    assert kinds == ["investigation", "rights_notice", "supervision"]
    [session] = _records(county, "mediation_session")
    assert session["recorder"] == "赵书记"
    [visit] = _records(county, "follow_up")
    assert (visit["method"], visit["visitee"]) == ("home", "张三")
    [agreement] = _records(county, "mediation_agreement")
    assert (agreement["judicial_confirmation_applied"], agreement["judicial_result"],
            agreement["judicial_ruling_number"], agreement["performance_status"]) == (
        True, "confirmed", "（2026）冀0302民特5号", "performed")
    # The county console shows them when a case is opened.
    details = dict(record_details(county, "mediation_case", case_id).sections)
    agreement_rows = dict(details["调解协议"])
    assert agreement_rows["司法确认结果"] == "裁定确认调解协议有效"
    assert agreement_rows["履行情况"] == "已履行"
    steps = [f"{label}：{value}" for label, value in details["案卷记录"]]
    assert any(s.startswith("权利义务告知") and "书面告知" in s for s in steps)
    assert any(s.startswith("调查") and "李四家" in s for s in steps)
    assert any(s.startswith("督促履行") and "电话督促" in s for s in steps)
    assert any("上门" in value and "张三" in value for _l, value in details["回访"])


def test_older_county_database_gets_rec_mediation_step(db: Database, actor: Actor,
                                                        tmp_path: Path, usb: Path,
                                                        make: Any) -> None:
    path = tmp_path / "old-county.db"
    county = make_county(path)
    with county.engine.begin() as conn:
        conn.execute(text("DROP TABLE rec_mediation_step"))
    county.dispose()
    county = reopen(path)
    try:
        link(db, county)
        _full_case(db, actor, make)
        [bundle] = sync.export(db, usb)
        assert import_bundle(county, bundle).tables["mediation_step"].imported == 3
    finally:
        county.dispose()
