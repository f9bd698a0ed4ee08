"""Logging in to the encrypted station: the operator's key slot (Argon2id at its real cost),
opening and checking the database, the login audit entry; against opening it with the data
key already known (no Argon2)."""

from __future__ import annotations

import statistics

from .common import BenchContext, Figure, Target, figure, ms

REPEAT = 5
#: A login the user waits for (behind a busy bar): a second is a fair ceiling.
TARGET = Target("value", "<", 1500.0, "< 1.5 s")


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME
    from workstation.services.security import unlock_station
    from workstation.storage.engine import open_database

    def log_in() -> None:
        unlock_station(ctx.db_path, DEMO_USERNAME, DEMO_PASSWORD).db.dispose()

    def open_known_key() -> None:
        open_database(ctx.db_path, key=ctx.db.key).dispose()

    repeat = 2 if ctx.quick else REPEAT
    log_in()
    value = statistics.median(ms(log_in) for _ in range(repeat))
    baseline = statistics.median(ms(open_known_key) for _ in range(repeat))
    return [figure("log in (Argon2id slot + open)", value, "ms", baseline, TARGET,
                   note=f"median of {repeat}; Argon2id 64 MiB, t=3, p=2; baseline: opening "
                        "with the data key already known")]
