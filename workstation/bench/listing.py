"""Opening the mediation list: row count plus the first page of 200 rows."""

from __future__ import annotations

import statistics

from workstation.storage.engine import connect_raw

from .common import BenchContext, Figure, Target, figure, ms

REPEAT = 20
TARGET = Target("value", "<", 200.0, "< 200 ms")
RAW_SQL = "SELECT * FROM mediation_case ORDER BY registered_on DESC LIMIT 200"


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.services.listing import ListQuery, count_rows, fetch_rows

    query = ListQuery("mediations")

    def open_list() -> None:
        count_rows(ctx.db, query)
        fetch_rows(ctx.db, query, 0, 200)

    raw = connect_raw(ctx.db_path, ctx.db.key)  # SQLCipher, the station's pragmas
    try:
        def raw_list() -> None:
            raw.execute("SELECT count(*) FROM mediation_case").fetchone()
            raw.execute(RAW_SQL).fetchall()

        first = ms(open_list)
        repeat = 5 if ctx.quick else REPEAT
        value = statistics.median(ms(open_list) for _ in range(repeat))
        raw_list()
        baseline = statistics.median(ms(raw_list) for _ in range(repeat))
    finally:
        raw.close()
    return [figure("mediation list open (count + 200 rows)", value, "ms", baseline, TARGET,
                   note=f"median of {repeat}, first call {first:.1f} ms; baseline: raw count + "
                        "SELECT * LIMIT 200")]
