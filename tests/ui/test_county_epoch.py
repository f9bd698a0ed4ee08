"""The county's 站点 page shows a station's chain epoch change: when, which and why, and the
bundles counted in the new epoch (gap detection restarts there)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update

from tests.sync.helpers import make_county
from workstation.county.db import CountyDatabase, bundle, station
from workstation.county.service import register_station
from workstation.sync import keys
from workstation.ui.county.context import CountyContext
from workstation.ui.county.stations import StationsPage, StationTableModel
from workstation.ui.tasks import TaskRunner

CODE = "130302100000"
AT = "2026-12-01T08:00:00.000000+00:00"


@pytest.fixture(autouse=True)
def county_settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def county(tmp_path: Path) -> Iterator[CountyDatabase]:
    c = make_county(tmp_path / "county.db")
    try:
        yield c
    finally:
        c.dispose()


def test_the_stations_page_shows_the_epoch_change(qtbot: Any, county: CountyDatabase,
                                                  tmp_path: Path) -> None:
    register_station(county, CODE, keys.public_pem(keys.new_signing_key().public_key()),
                     "海港镇")
    with county.write() as conn:
        for epoch, seq in ((1, 1), (1, 2), (1, 3), (2, 2), (2, 3)):
            conn.execute(insert(bundle).values(
                division_code=CODE, epoch=epoch, seq=seq, sha256=f"{epoch}{seq}" * 32,
                file_name=f"{CODE}-{seq:06d}.wsb", from_seq=1, to_seq=9, imported_at=AT,
                summary=json.dumps({"person": {"imported": 1, "updated": 0, "ignored": 0,
                                               "conflicts": 0}})))
        conn.execute(update(station).values(
            last_seq=3, last_sha256="23" * 32, epoch=2, epoch_started_at=AT,
            epoch_reason="restore", epoch_first_seq=2,
            epoch_previous=json.dumps({"number": 1, "bundle_seq": 3})))
    runner = TaskRunner()
    ctx = CountyContext(db=county, runner=runner, label=str(tmp_path / "county.db"),
                        key_fingerprint="0123456789abcdef" * 4)
    page = StationsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    try:
        page.activated()
        qtbot.waitUntil(lambda: page.state is not None, timeout=20_000)
        page.table.selectRow(0)
        qtbot.waitUntil(lambda: "第 2 轮" in page.details_label.text(), timeout=20_000)
        details = page.details_label.text()
        assert "从备份恢复" in details and "逐条合并" in details and "第 2 号" in details
        model = page.table.model()
        assert model.index(0, StationTableModel.BUNDLES).data() == "5 个（第 2 轮，至第 3 号）"
        # Bundle 1 of epoch 2 never existed: no gap is shown for it.
        assert model.index(0, StationTableModel.GAPS).data() == "无"
        # On screen the open conflicts and the version follow the status; the gaps come last.
        header = page.table.horizontalHeader()
        assert [header.logicalIndex(n) for n in range(header.count())] == [
            StationTableModel.CODE, StationTableModel.NAME, StationTableModel.STATUS,
            StationTableModel.CONFLICTS, StationTableModel.VERSION, StationTableModel.LAST,
            StationTableModel.BUNDLES, StationTableModel.MONTH, StationTableModel.PENDING,
            StationTableModel.AUDIT, StationTableModel.GAPS]
    finally:
        runner.wait()
