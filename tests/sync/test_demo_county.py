"""The demo county (screenshots, trying the console) is built through real bundles."""

from __future__ import annotations

from pathlib import Path

from workstation.county import overview
from workstation.county.audit import CountyAuditQuery, fetch_entries
from workstation.demo.county import STATIONS, create_demo_county


def test_demo_county_has_registered_stations_and_bundles_waiting(tmp_path: Path) -> None:
    demo = create_demo_county(tmp_path / "county", records=200)
    try:
        seen = {s.division_code: s for s in overview.station_overview(demo.county)}
        registered = [code for code, _name, _prefix in STATIONS[:3]]
        assert set(registered) <= set(seen)
        assert all(seen[code].bundles_received >= 1 for code in registered[:2])
        assert any(demo.inbox.iterdir())  # bundles left for the 导入 page
        # Its 操作日志 names the demo admin for what the demo did, never 未登录.
        entries = fetch_entries(demo.county, CountyAuditQuery(), limit=1000)
        assert entries and {e.actor for e in entries} == {"演示管理员"}
    finally:
        demo.county.dispose()
