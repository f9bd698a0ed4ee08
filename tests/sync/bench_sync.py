"""Benchmark (not a test): export ~10,000 changes; county import vs raw executemany.

    .venv/bin/python -m tests.sync.bench_sync [records] [--backend sqlite|postgresql|both]

For each backend the county import of the bundle (verify, decrypt, parse, apply, ack) is
timed, then a raw DBAPI ``executemany`` INSERT of the same rows into a fresh county schema of
the same kind of database (same tables and column types, made from the county metadata),
in one transaction. PostgreSQL comes from ``WORKSTATION_TEST_PG_URL`` or a throw-away server
(``tests/sync/pgserver.py``: unix socket, fsync off; the same for both sides).
Issue 5 asks for the import at ≥ 30% of the raw insert.

Not collected by pytest (file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from workstation.county import service
from workstation.county.db import CountyDatabase, open_county
from workstation.county.importer import _parse, import_bundle
from workstation.demo.generator import generate_demo
from workstation.services.printing import first_admin
from workstation.services.stations import StationSetup, init_station
from workstation.storage.engine import Database, open_database
from workstation.sync import format as fmt
from workstation.sync import station as sync

from . import pgserver
from .helpers import make_county, same_keys


def _station(base: Path, records: int) -> Database:
    db = open_database(base / "station.db", create=True)
    init_station(db, StationSetup("海港镇公共法律服务工作站", "130302100000", "海港区中心",
                                  "海调", "admin", "王管理", "correct-horse-1"))
    generate_demo(db, records, seed=1)
    return db


def _raw_insert(raw: CountyDatabase, parsed: dict[str, list[tuple[str, int, str]]],
                station_id: str) -> float:
    pg = raw.dialect == "postgresql"
    mark = "%s" if pg else "?"
    stamp = datetime.now(UTC) if pg else datetime.now(UTC).isoformat()
    conn = raw.engine.raw_connection()
    try:
        cur = conn.cursor()
        started = time.perf_counter()
        if not pg:
            cur.execute("BEGIN")
        for table, items in parsed.items():
            cur.executemany(f"INSERT INTO rec_{table} VALUES ({mark}, {mark}, {mark}, {mark}, "
                            f"{mark})", [(i, station_id, v, d, stamp) for i, v, d in items])
        if pg:
            conn.commit()
        else:
            cur.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def bench(backend: str, base: Path, db: Database, path: Path, keys: CountyDatabase,
          server: pgserver.Server | None) -> float:
    def target(name: str) -> str | Path:
        return server.new_url() if server is not None else base / f"{name}.db"

    county = make_county(target(f"county-{backend}"))
    raw = open_county(target(f"raw-{backend}"), create=True)
    try:
        same_keys(keys, county)  # the bundle is encrypted for these keys
        service.register_station(county, "130302100000", sync.station_public_key(db))

        started = time.perf_counter()
        summary = import_bundle(county, path, ack_dir=base)
        import_s = time.perf_counter() - started
        rows = summary.total("imported")

        bundle = fmt.read_bundle(path)
        parsed = _parse(bundle, fmt.decrypt_parts(bundle, service.load_keys(county).box))
        raw_s = _raw_insert(raw, parsed, bundle.station["id"])
        ratio = raw_s / import_s
        print(f"[{backend}] county import (verify+decrypt+parse+apply+ack): {rows} rows in "
              f"{import_s:.3f} s ({rows / import_s:,.0f} rows/s); raw executemany: "
              f"{raw_s:.3f} s ({rows / raw_s:,.0f} rows/s); import runs at {ratio:.0%} of it")
        return ratio
    finally:
        county.dispose()
        raw.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", nargs="?", type=int, default=1800)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        db = _station(base, args.records)
        keys = make_county(base / "keys.db")
        sync.set_county_key(db, first_admin(db), service.county_public_key(keys))
        with db.engine.connect() as conn:
            changes = conn.execute(text("SELECT count(*) FROM change_log")).scalar_one()
        out = base / "usb"
        out.mkdir()
        started = time.perf_counter()
        [path] = sync.export(db, out)
        export_s = time.perf_counter() - started
        print(f"export: {changes} changes -> {path.stat().st_size / 1e6:.1f} MB "
              f"in {export_s:.3f} s")
        backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
        for backend in backends:
            server = pgserver.start() if backend == "postgresql" else None
            try:
                bench(backend, base, db, path, keys, server)
            finally:
                if server is not None:
                    server.stop()
        keys.dispose()
        db.dispose()


if __name__ == "__main__":
    main()
