"""Benchmark (not a test): export ~10,000 changes; county import vs raw executemany.

    .venv/bin/python -m tests.sync.bench_sync [records]

Not collected by pytest (file name does not start with ``test_``).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from workstation.county import service
from workstation.county.db import open_county
from workstation.county.importer import _parse, import_bundle
from workstation.demo.generator import generate_demo
from workstation.services.stations import StationSetup, init_station
from workstation.storage.engine import open_database
from workstation.sync import format as fmt
from workstation.sync import station as sync


def main(records: int = 1800) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        db = open_database(base / "station.db", create=True)
        init_station(db, StationSetup("海港镇公共法律服务工作站", "130302100000", "海港区中心",
                                      "海调", "admin", "王管理", "correct-horse-1"))
        generate_demo(db, records, seed=1)
        with db.engine.connect() as conn:
            changes = conn.execute(text("SELECT count(*) FROM change_log")).scalar_one()
        county = open_county(base / "county.db", create=True)
        service.init_county(county)
        sync.set_county_key(db, service.county_public_key(county))
        service.register_station(county, "130302100000", sync.station_public_key(db))
        out = base / "usb"
        out.mkdir()
        started = time.perf_counter()
        [path] = sync.export(db, out)
        export_s = time.perf_counter() - started
        print(f"export: {changes} changes -> {path.stat().st_size / 1e6:.1f} MB "
              f"in {export_s:.3f} s")

        started = time.perf_counter()
        summary = import_bundle(county, path)
        import_s = time.perf_counter() - started
        rows = summary.total("imported")
        print(f"county import (verify+decrypt+parse+apply+ack): {rows} rows in "
              f"{import_s:.3f} s ({rows / import_s:,.0f} rows/s)")

        # The same rows through a raw executemany into the same kind of database.
        raw = fmt.read_bundle(path)
        parsed = _parse(raw, fmt.decrypt_parts(raw, service.load_keys(county).box))
        con = sqlite3.connect(base / "raw.db", isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        for table in parsed:
            con.execute(f"CREATE TABLE rec_{table} (id VARCHAR(36) PRIMARY KEY, station_id "
                        "VARCHAR(36) NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL, "
                        "imported_at VARCHAR(32) NOT NULL)")
            con.execute(f"CREATE INDEX ix_{table} ON rec_{table} (station_id)")
        sid = raw.station["id"]
        started = time.perf_counter()
        con.execute("BEGIN")
        for table, items in parsed.items():
            con.executemany(f"INSERT INTO rec_{table} VALUES (?, ?, ?, ?, ?)",
                            [(i, sid, v, d, "now") for i, v, d in items])
        con.execute("COMMIT")
        raw_s = time.perf_counter() - started
        print(f"raw executemany: {rows} rows in {raw_s:.3f} s ({rows / raw_s:,.0f} rows/s); "
              f"import runs at {raw_s / import_s:.0%} of it")
        con.close()
        county.dispose()
        db.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1800)
