"""Load benchmark (not a test): 50 stations uploading 5 bundles each, concurrently, to one
``county serve`` process on PostgreSQL.

    .venv/bin/python -m tests.sync.bench_server [--stations 50] [--bundles 5] [--records 40]
                                                [--workers 1] [--json]

Each simulated station is a real station database (``--records`` demo records; cheap key
derivation, as in the tests: the KDF is not what is measured). Its chain is made by exporting,
importing the bundle *as a file* into a baseline county (``import_bundle``, timed: the
baseline) and applying the acknowledgement before the next change and export, so each bundle
carries only its own changes. Then every station uploads the same bundles, in order, from its
own thread, to one real server process whose county database (same keys) is empty; each upload
is timed until its acknowledgement arrives.

Reported as figures (``workstation.bench``): upload throughput in bundles/s with the file import
of the same bundles (sequential, in this process, same PostgreSQL server) as the same-run
baseline, and the p95 / p50 upload latency. Checked, not measured: every response is 200 with a
valid acknowledgement, the server's log shows each bundle imported exactly once, and the
county's records equal the baseline county's.

PostgreSQL comes from ``WORKSTATION_TEST_PG_URL`` or a throw-away server (``pgserver``).
Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import func, select

from workstation.bench.common import Figure, Target, figure, percentile
from workstation.bench.runner import format_table, to_json
from workstation.county import service
from workstation.county.db import RECORDS, CountyDatabase, bundle
from workstation.county.importer import import_bundle
from workstation.services import auth
from workstation.storage import keyslots
from workstation.sync import keys
from workstation.sync import station as sync
from workstation.sync.client import ack_signed_by

from . import pgserver
from .helpers import make_county, new_station, same_keys, touch_person
from .server_harness import Servers, Station

#: The receiver should not cost more than half the throughput of importing the same files
#: one after another in-process (HTTP, signatures, spooling, 50 clients on the same 2 cores).
TARGET = Target("ratio", ">=", 0.5, "≥ 0.5× file import")


def _cheap_kdf() -> None:
    keyslots.DEFAULT_KDF = keyslots.KdfParams(1, 1024, 1)
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    auth._hasher = lambda: cheap  # type: ignore[attr-defined]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _counts(county: CountyDatabase) -> dict[str, int]:
    with county.engine.connect() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for name, t in RECORDS.items()}


def _make_chains(base: Path, stations: int, bundles: int, records: int,
                 baseline: CountyDatabase, target: CountyDatabase
                 ) -> tuple[list[tuple[Station, list[bytes]]], float]:
    """Each station's bundles (made through the baseline county, file import timed)."""
    out: list[tuple[Station, list[bytes]]] = []
    import_s = 0.0
    for n in range(stations):
        code = f"1303021{n:05d}"
        folder = base / code
        folder.mkdir()
        db = new_station(folder / "station.db", code, f"第{n + 1}号测试工作站",
                         records=records, seed=n, county=baseline)
        try:
            service.register_station(target, code, sync.station_public_key(db))
            signer = keys.load_signing_private(sync.ensure_state(db).station_private_key)
            chain: list[bytes] = []
            for k in range(bundles):
                if k:
                    touch_person(db, f"1390000{k:04d}")
                [path] = sync.export(db, folder)
                started = time.perf_counter()
                summary = import_bundle(baseline, path, ack_dir=folder)
                import_s += time.perf_counter() - started
                assert summary.status == "imported" and summary.ack_path is not None
                sync.import_ack(db, summary.ack_path)
                chain.append(path.read_bytes())
        finally:
            db.dispose()
        out.append((Station("", code, signer), chain))
        if (n + 1) % 10 == 0:
            _say(f"bench_server: {n + 1}/{stations} stations ready")
    return out, import_s


def run(stations: int, bundles: int, records: int, workers: int) -> list[Figure]:
    _cheap_kdf()
    pg = pgserver.start()
    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp:
        base = Path(tmp)
        baseline = make_county(pg.new_url())
        target = make_county(pg.new_url())
        runner = Servers(base)
        try:
            same_keys(baseline, target)
            chains, import_s = _make_chains(base, stations, bundles, records, baseline, target)
            total = stations * bundles
            size = sum(len(b) for _, chain in chains for b in chain)
            server = runner.start(target.url, args=["--workers", str(workers),
                                                    "--rate-limit", "600"])
            county_sign = service.load_keys(target).public().signing
            latencies: list[float] = []
            lock = threading.Lock()
            start_gate = threading.Barrier(stations)

            def upload_chain(item: tuple[Station, list[bytes]]) -> None:
                station, chain = item
                station.url = server.url
                try:
                    start_gate.wait()
                    for data in chain:
                        started = time.perf_counter()
                        answer = station.upload(data)
                        took = time.perf_counter() - started
                        if answer.status_code != 200:
                            raise RuntimeError(f"{station.division_code}: "
                                               f"{answer.status_code} {answer.text}")
                        if not ack_signed_by(answer.content, county_sign):
                            raise RuntimeError(f"{station.division_code}: bad ack")
                        with lock:
                            latencies.append(took)
                finally:
                    station.close()

            _say(f"bench_server: uploading {total} bundles from {stations} stations …")
            started = time.perf_counter()
            with ThreadPoolExecutor(stations) as pool:
                list(pool.map(upload_chain, chains))
            upload_s = time.perf_counter() - started
            server.stop()
            outcomes = server.outcomes()
            with target.engine.connect() as conn:
                imported = int(conn.execute(select(func.count()).select_from(bundle))
                               .scalar_one())
            if outcomes.count("imported") != total or imported != total:
                raise RuntimeError(f"not imported exactly once: {imported} bundles, "
                                   f"log {outcomes.count('imported')} imported of {total}")
            if _counts(target) != _counts(baseline):
                raise RuntimeError("the county's records differ from the file import's")
        finally:
            runner.close()
            baseline.dispose()
            target.dispose()
            pg.stop()
    note = (f"{stations} stations × {bundles} bundles ({records} demo records each, "
            f"{size / 1e6:.1f} MB), {workers} server process(es), PostgreSQL")
    return [
        figure("county serve upload throughput", total / upload_s, "bundles/s",
               total / import_s, TARGET,
               note=note + "; vs sequential file import of the same bundles"),
        figure("county serve upload latency p95", percentile(latencies, 0.95) * 1000, "ms",
               None, note=f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                          f"max {max(latencies) * 1000:.0f} ms; each bundle imported once"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--bundles", type=int, default=5)
    parser.add_argument("--records", type=int, default=40)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.stations, args.bundles, args.records, args.workers)
    print(to_json(figures) if args.json else format_table(figures))
    raise SystemExit(0 if all(f.ok for f in figures) else 1)


if __name__ == "__main__":
    main()
