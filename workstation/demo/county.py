"""A demo county: a county database fed by demo stations through real bundles and
acknowledgements, plus a folder of bundles still to import (for the console's 导入 page).

* 海港镇 (130302100000): bundles 1 and 3 imported — bundle 2 was "lost", its changes came
  with 3 — one county decision on its way back; its bundle 4 waits in the folder;
* 西港镇 (130302101000): bundle 1 imported; bundle 2 waits in the folder;
* 石门寨镇 (130302102000): bundle 1 imported 45 days ago and nothing since (a quiet station);
* the folder also holds a copy of 海港镇's bundle 3 (a duplicate) and a bundle of 驻操营镇
  (130302103000), which is not registered (refused).

Only the quiet station's dates are set back by hand (the county records when it imported);
everything else goes through the station and county code as in real use.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from workstation.county import service
from workstation.county.access import actor_name
from workstation.county.db import CountyDatabase, bundle, station
from workstation.county.importer import import_bundle
from workstation.county.referrals import DecisionInput, pending_referrals, record_decision
from workstation.services.printing import first_admin
from workstation.services.stations import StationSetup, init_station
from workstation.storage.engine import Database, open_database
from workstation.sync import station as sync

from .generator import DEMO_PASSWORD, DEMO_USERNAME, generate_demo

COUNTY_CENTER = "秦皇岛市海港区公共法律服务中心"
STATIONS = (
    ("130302100000", "海港镇公共法律服务工作站", "海调"),
    ("130302101000", "西港镇公共法律服务工作站", "西调"),
    ("130302102000", "石门寨镇公共法律服务工作站", "石调"),
    ("130302103000", "驻操营镇公共法律服务工作站", "驻调"),
)
QUIET_DAYS = 45


@dataclass
class DemoCounty:
    county: CountyDatabase
    path: Path
    #: Bundles not imported yet (the 导入 page's folder).
    inbox: Path
    #: Acknowledgements written so far.
    acks: Path
    stations: dict[str, Path] = field(default_factory=dict)


def _station(folder: Path, code: str, name: str, prefix: str, records: int,
             seed: int) -> Database:
    db = open_database(folder / f"station-{code}.db", create=True)
    init_station(db, StationSetup(
        station_name=name, division_code=code, county_center=COUNTY_CENTER,
        case_prefix=prefix, admin_username=DEMO_USERNAME, admin_name="张丽",
        admin_password=DEMO_PASSWORD))
    generate_demo(db, records, seed=seed)
    return db


def _round_trip(db: Database, county: CountyDatabase, out: Path, acks: Path) -> Path:
    """Export, import at the county, bring the acknowledgement back."""
    [path] = sync.export(db, out)
    summary = import_bundle(county, path, ack_dir=acks, actor=actor_name(county))
    assert summary.ack_path is not None
    sync.import_ack(db, summary.ack_path)
    return path


def create_demo_county(folder: Path, *, records: int = 1500, seed: int = 0,
                       today: date | None = None) -> DemoCounty:
    """Build the demo county in ``folder`` (see the module doc)."""
    folder.mkdir(parents=True, exist_ok=True)
    sent, inbox, acks = folder / "sent", folder / "inbox", folder / "acks"
    for path in (sent, inbox, acks):
        path.mkdir(exist_ok=True)
    from workstation.county.security import create_county

    # The demo's county admin logs in with the demo station's user name and password.
    county = create_county(folder / "county.db", username=DEMO_USERNAME, name="演示管理员",
                           password=DEMO_PASSWORD).db
    demo = DemoCounty(county, folder / "county.db", inbox, acks)
    # What the demo does at the county is done by its admin (the 操作日志 names them, as
    # for work done in the console; an empty actor would read 未登录).
    actor = actor_name(county)
    dbs: dict[str, Database] = {}
    try:
        for n, (code, name, prefix) in enumerate(STATIONS):
            db = dbs[code] = _station(folder, code, name, prefix,
                                      records if n < 2 else records // 3, seed + n)
            demo.stations[code] = db.path
            sync.set_county_key(db, first_admin(db), service.county_public_key(county))
            if n < 3:
                service.register_station(county, code, sync.station_public_key(db),
                                         actor=actor)
        harbour, west, quiet, unregistered = (dbs[code] for code, _n, _p in STATIONS)

        _round_trip(harbour, county, sent, acks)
        generate_demo(harbour, 40, seed=seed + 10)
        [lost] = sync.export(harbour, sent)
        lost.unlink()
        generate_demo(harbour, 30, seed=seed + 11)
        third = _round_trip(harbour, county, sent, acks)
        _round_trip(west, county, sent, acks)
        _round_trip(quiet, county, sent, acks)
        back = (datetime.now(UTC) - timedelta(days=QUIET_DAYS)).isoformat(
            timespec="microseconds")
        with county.write() as conn:
            code = STATIONS[2][0]
            conn.execute(update(bundle).where(bundle.c.division_code == code)
                         .values(imported_at=back))
            conn.execute(update(station).where(station.c.division_code == code)
                         .values(registered_at=back))

        oldest = pending_referrals(county, today=today)[-1]
        record_decision(county, DecisionInput(
            oldest.referral_id, "granted", today or date.today(), lawyer="李明（海港律师事务所）",
            reason="符合经济困难标准"), actor=actor)

        generate_demo(harbour, 25, seed=seed + 12)
        generate_demo(west, 35, seed=seed + 13)
        sync.export(harbour, inbox)
        sync.export(west, inbox)
        shutil.copy2(third, inbox / third.name)
        sync.export(unregistered, inbox)
    except BaseException:
        county.dispose()
        raise
    finally:
        for db in dbs.values():
            db.dispose()
    return demo
