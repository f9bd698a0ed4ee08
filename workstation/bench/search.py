"""Search p50/p95 by name, pinyin initials, ID suffix and text vs a ``LIKE '%q%'`` scan."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from workstation.storage.engine import connect_raw

from .common import BenchContext, Figure, Target, figure, ms, percentile

SAMPLES = 30
P95_TARGET = Target("value", "<=", 30.0, "p95 ≤ 30 ms")
SPEEDUP_TARGET = Target("ratio", "<=", 1 / 20, "≥ 20× faster (ratio ≤ 0.05)")
WORDS = ["宅基地", "拖欠工资", "排水沟", "交通事故", "赡养费"]
LIKE_SQL = (
    "SELECT id FROM person WHERE name LIKE :q OR phone LIKE :q OR id_number LIKE :q "
    "UNION ALL SELECT id FROM consultation WHERE question LIKE :q OR number LIKE :q "
    "UNION ALL SELECT id FROM mediation_case WHERE facts LIKE :q OR number LIKE :q "
    "UNION ALL SELECT id FROM aid_referral WHERE facts LIKE :q OR number LIKE :q"
)


def queries(raw: sqlite3.Connection, samples: int) -> dict[str, list[str]]:
    from workstation.domain.pinyin import name_keys

    names = [r[0] for r in raw.execute(
        "SELECT name FROM person WHERE length(name) = 2 ORDER BY random() LIMIT ?", (samples,))]
    ids = [r[0][-4:] for r in raw.execute(
        "SELECT id_number FROM person WHERE id_number IS NOT NULL AND length(id_number) >= 4 "
        "ORDER BY random() LIMIT ?", (samples,))]
    initials = [name_keys(n).initials[0] for n in names]
    words = (WORDS * (samples // len(WORDS) + 1))[:samples]
    return {"name (2 chars)": names, "pinyin initials": initials, "ID last 4": ids,
            "text (3+ chars)": words}


def _times(fn: Callable[[str], object], qs: list[str]) -> list[float]:
    return [ms(lambda q=q: fn(q)) for q in qs]


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.services.search import search

    raw = connect_raw(ctx.db_path, ctx.db.key)  # SQLCipher, the station's pragmas
    try:
        groups = queries(raw, 10 if ctx.quick else SAMPLES)
        search(ctx.db, "张三")  # loads pypinyin and warms the page cache
        raw.execute(LIKE_SQL, {"q": "%张三%"}).fetchall()
        out: list[Figure] = []
        for label, qs in groups.items():
            if not qs:
                continue
            fast = _times(lambda q: search(ctx.db, q), qs)
            slow = _times(lambda q: raw.execute(LIKE_SQL, {"q": f"%{q}%"}).fetchall(), qs)
            note = f"{len(qs)} queries; baseline: LIKE '%q%' scan over the same columns"
            out.append(figure(f"search {label} p50", percentile(fast, .5), "ms",
                              percentile(slow, .5), SPEEDUP_TARGET, note))
            out.append(figure(f"search {label} p95", percentile(fast, .95), "ms",
                              percentile(slow, .95), P95_TARGET, note))
        return out
    finally:
        raw.close()
