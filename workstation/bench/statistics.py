"""A year's statistics report of the whole demo station (collect the facts, build every
table, render the PDF / the Excel file) vs plain ``COUNT ... GROUP BY`` over the same tables."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from workstation.storage.engine import connect_raw

from .common import BenchContext, Figure, Target, figure, ms

REPEAT = 3
TARGET = Target("value", "<", 3000.0, "< 3 s")
BASELINE_SQL = (
    "SELECT topic, channel, count(*) FROM consultation GROUP BY topic, channel",
    "SELECT dispute_type, status, count(*) FROM mediation_case GROUP BY dispute_type, status",
    "SELECT matter, status, count(*) FROM aid_referral GROUP BY matter, status",
    "SELECT performance, count(*) FROM follow_up GROUP BY performance",
)


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.printing.reports import render
    from workstation.statistics import Period, report_for
    from workstation.statistics.station_source import StationSource

    # The demo data covers the 365 days before today: a year of the station's work.
    today = date.today()
    period = Period.custom(today - timedelta(days=365), today)
    repeat = 1 if ctx.quick else REPEAT

    def make(fmt: str) -> None:
        render(report_for(StationSource(ctx.db), period, today), fmt)

    first = ms(lambda: make("pdf"))  # fonts, imports
    pdf = statistics.median(ms(lambda: make("pdf")) for _ in range(repeat))
    xlsx = statistics.median(ms(lambda: make("xlsx")) for _ in range(repeat))
    raw = connect_raw(ctx.db_path, ctx.db.key)  # SQLCipher, the station's pragmas
    try:
        def counts() -> None:
            for sql in BASELINE_SQL:
                raw.execute(sql).fetchall()

        counts()
        baseline = statistics.median(ms(counts) for _ in range(repeat))
    finally:
        raw.close()
    note = (f"median of {repeat}; {period.days} days, all records; first run {first:.0f} ms; "
            "baseline: four COUNT GROUP BY queries (raw connection)")
    return [figure("statistics report, a year (PDF)", pdf, "ms", baseline, TARGET, note=note),
            figure("statistics report, a year (Excel)", xlsx, "ms", baseline, TARGET,
                   note=note)]
