"""The county and the legal aid rules (SQLite and PostgreSQL): the bundle carries the new
referral fields (layout 5), the county's record view shows them, its queue computes urgency
from the limitation deadline on the day it is shown, and its aid sheet has the breakdown by
applicant group with the stations' numbers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import valid_setup
from tests.statistics.aid_groups import AS_OF, EXPECTED_BY_GROUP, PERIOD, build_aid_groups
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.records import record_details
from workstation.county.referrals import pending_referrals
from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import PersonInput, ReferralInput
from workstation.services import aid
from workstation.services.stations import init_station
from workstation.statistics import parse_period, report_for
from workstation.statistics.county_source import CountySource
from workstation.storage.engine import open_database
from workstation.sync import format as fmt
from workstation.sync import station as sync

from .helpers import link

AGENT = make_resident_id("130302", date(1970, 1, 1), 15, "male")


def test_county_keeps_and_shows_the_aid_rules(tmp_path: Path, county: CountyDatabase,
                                              usb: Path) -> None:
    assert fmt.SCHEMA_VERSION == 5 and 4 in fmt.SUPPORTED_SCHEMA_VERSIONS
    db = open_database(tmp_path / "station.db", create=True)
    try:
        actor = init_station(db, valid_setup())
        ids = build_aid_groups(db, actor)
        applied = date(2026, 3, 23)
        full = aid.create_referral(db, actor, ReferralInput(
            matter="wages", facts="工资被拖欠。", request="请求法律援助。",
            hardship_route="commitment", household_size=2, applied_on=applied,
            applicant=PersonInput(name="辛申请", id_number=make_resident_id(
                "130302", date(1975, 2, 2), 9, "male")),
            agent_name="辛小明", agent_relation="儿子", agent_id_number=AGENT,
            aid_form="labour_arbitration", opposing_party="海港建筑公司", stage="arbitration",
            limitation_deadline=applied + timedelta(days=20)), today=applied)
        aid.forward_referral(db, actor, full, forwarded_to="海港区法律援助中心",
                             forwarded_on=applied, allow_incomplete=True, today=applied)
        aid.record_decision(db, actor, full, decision="granted", decided_on=applied,
                            told_on=applied, today=applied)
        link(db, county)
        for bundle in sync.export(db, usb):
            assert import_bundle(county, bundle).status == "imported"

        # the record view: the new fields, the agent's number masked
        details = record_details(county, "aid_referral", full, today=applied)
        assert details is not None
        fields = {label: value for _, rows in details.sections for label, value in rows}
        assert fields["申请援助形式"] == "劳动争议调解与仲裁代理"
        assert fields["对方当事人"] == "海港建筑公司"
        assert fields["代理人证件号码"] == AGENT[:6] + "*" * 8 + AGENT[-4:]
        assert fields["告知申请人日期"] == applied.isoformat()
        assert fields["紧急"] == "否"
        later = record_details(county, "aid_referral", full, today=applied + timedelta(days=15))
        assert later is not None and dict(later.fields)["紧急"] == "是"

        # the queue: U1 (deadline 03-12) becomes urgent as days pass, nothing re-imported
        def urgent(day: date) -> bool:
            return next(p for p in pending_referrals(county, today=day)
                        if p.referral_id == ids["U1"]).urgent

        assert not urgent(date(2026, 3, 4))
        assert urgent(date(2026, 3, 6))

        # the aid sheet by applicant group, as the station counts it
        report = report_for(CountySource(county), parse_period(PERIOD), AS_OF)
        table = report.table("referral_by_group")
        for group, expected in EXPECTED_BY_GROUP.items():
            assert (table.value(group, "received"), table.value(group, "forwarded")) == expected
    finally:
        db.dispose()
