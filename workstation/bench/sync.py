"""Sync export and county import (SQLite) throughput vs raw ``executemany`` of the same rows.

Measured on a separate demo station of at most ``MAX_RECORDS`` records: the throughput does not
depend on the station's size, and a full first export of 100,000 records would take minutes.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from .common import BenchContext, Figure, Target, figure

MAX_RECORDS = 2000
TARGET = Target("ratio", ">=", 0.30, "≥ 30% of raw")


def _raw_insert(raw: object, parsed: dict[str, list[tuple[str, int, str]]],
                station_id: str) -> float:
    stamp = datetime.now(UTC).isoformat()
    conn = raw.engine.raw_connection()  # type: ignore[attr-defined]
    try:
        cur = conn.cursor()
        started = time.perf_counter()
        cur.execute("BEGIN")
        for table, items in parsed.items():
            cur.executemany(f"INSERT INTO rec_{table} VALUES (?, ?, ?, ?, ?)",
                            [(i, station_id, v, d, stamp) for i, v, d in items])
        cur.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def run(ctx: BenchContext) -> list[Figure]:
    from sqlalchemy import text

    from workstation.county import service
    from workstation.county.db import open_county
    from workstation.county.importer import _parse, import_bundle
    from workstation.demo.generator import create_demo_station
    from workstation.services.printing import first_admin
    from workstation.sync import format as fmt
    from workstation.sync import station as sync

    base: Path = ctx.base / "sync"
    base.mkdir(exist_ok=True)
    records = min(ctx.records, MAX_RECORDS)
    db = create_demo_station(base / "station.db", records, seed=2)
    from workstation.county.security import create_county

    county = create_county(base / "county.db", username="bench", name="基准",
                           password="bench-password").db
    raw = open_county(base / "raw.db", create=True)
    try:
        sync.set_county_key(db, first_admin(db), service.county_public_key(county))
        service.register_station(county, "130302100000", sync.station_public_key(db))
        with db.engine.connect() as conn:
            changes = int(conn.execute(text("SELECT count(*) FROM change_log")).scalar_one())
        out = base / "usb"
        out.mkdir(exist_ok=True)
        started = time.perf_counter()
        paths = sync.export(db, out)
        export_s = time.perf_counter() - started

        import_s = 0.0
        raw_s = 0.0
        rows = 0
        for path in paths:
            started = time.perf_counter()
            import_bundle(county, path, ack_dir=base)
            import_s += time.perf_counter() - started
            bundle = fmt.read_bundle(path)
            parsed = _parse(bundle, fmt.decrypt_parts(bundle, service.load_keys(county).box))
            rows += sum(len(items) for items in parsed.values())
            raw_s += _raw_insert(raw, parsed, bundle.station["id"])
    finally:
        county.dispose()
        raw.dispose()
        db.dispose()
    note = f"{records} demo records, {changes} changes, {rows} rows"
    return [
        figure("sync export", changes / export_s, "changes/s", None,
               note=note + "; informational (no baseline)"),
        figure("county import (SQLite)", rows / import_s, "rows/s", rows / raw_s, TARGET,
               note=note + "; verify+decrypt+parse+apply+ack vs raw executemany"),
    ]
