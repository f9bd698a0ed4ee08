"""Saving each record kind through the services vs one raw INSERT + COMMIT on an encrypted
(SQLCipher) scratch database with the station's pragmas: the baseline pays the encryption too."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .common import BenchContext, Figure, Target, figure, ms

REPEAT = 50
TARGET = Target("ratio", "<=", 3.0, "≤ 3×")
#: A region code unlike the demo station's, so benchmark people never match demo people.
_REGION = "110101"


def _person(seq: int, name: str, sex: str) -> Any:
    from workstation.domain.identity import make_resident_id
    from workstation.domain.inputs import PersonInput

    birth = date(1960, 1, 1) + timedelta(days=seq * 37 % 12000)
    return PersonInput(name=name, id_number=make_resident_id(_REGION, birth, seq % 500, sex),
                       phone="13800138000", address="海港镇东村1号")


def _inputs(seq: int) -> dict[str, Any]:
    from workstation.domain.inputs import CaseInput, ConsultationInput, PartyInput, ReferralInput

    today = date.today()
    return {
        "consultation": ConsultationInput(
            occurred_at=datetime.now(UTC) - timedelta(hours=1), channel="walk_in",
            topic="wages", question="老板拖欠三个月工资怎么办？", handling_result="answered",
            answer="可先协商，协商不成可申请劳动仲裁。", person=_person(seq * 4, "张三", "male")),
        "mediation_case": CaseInput(
            source="application", dispute_type="neighbour", facts="两家因排水沟堵塞发生争执。",
            registered_on=today - timedelta(days=2), parties=(
                PartyInput(role="applicant", person=_person(seq * 4 + 1, "张三", "male")),
                PartyInput(role="respondent", person=_person(seq * 4 + 2, "李四", "female")))),
        "aid_referral": ReferralInput(
            matter="wages", facts="在工地务工半年，工资未结清。",
            request="请求支付拖欠的劳动报酬。",
            hardship_route="commitment", household_size=4, applied_on=today - timedelta(days=3),
            applicant=_person(seq * 4 + 3, "赵五", "male")),
    }


class RawInsert:
    """One INSERT + COMMIT on a scratch table with the station's pragmas (the baseline).

    SQLCipher with the station's data key, WAL and ``synchronous=FULL`` as every station
    connection (``storage.engine.PRAGMAS``): one durable commit, fsync'd, like a save. The
    scratch file sits beside the station database.
    """

    BODY = "老板拖欠三个月工资怎么办？" * 4

    def __init__(self, ctx: BenchContext) -> None:
        from workstation.storage.engine import connect_raw

        self.conn = connect_raw(ctx.base / "scratch.db", ctx.db.key)
        self.conn.execute("CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, body TEXT)")
        _check_durable(self.conn)

    def once(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("INSERT INTO scratch (body) VALUES (?)", (self.BODY,))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def _check_durable(conn: Any) -> None:
    """Refuse to measure anything but WAL + synchronous=FULL (2)."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    sync = conn.execute("PRAGMA synchronous").fetchone()[0]
    if (str(mode).lower(), int(sync)) != ("wal", 2):
        raise RuntimeError(f"not durable: journal_mode={mode}, synchronous={sync}")


def raw_insert_commit_ms(ctx: BenchContext, repeat: int = REPEAT) -> float:
    """Median of one INSERT + COMMIT on a scratch table with the station's pragmas."""
    raw = RawInsert(ctx)
    try:
        raw.once()
        return statistics.median(ms(raw.once) for _ in range(repeat))
    finally:
        raw.close()


class StepClock:
    """Time spent in the station engine's SQL statements and in its COMMITs (the WAL write,
    FTS5 segment flush and fsync), by wrapping the dialect's ``do_*`` methods while on."""

    def __init__(self, engine: Any) -> None:
        self.dialect = engine.dialect
        self.sql = 0.0
        self.commit = 0.0
        self._saved: dict[str, Any] = {}

    def _wrap(self, name: str, bucket: str) -> None:
        original = getattr(self.dialect, name)
        self._saved[name] = original

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                setattr(self, bucket, getattr(self, bucket) + time.perf_counter() - started)

        setattr(self.dialect, name, timed)

    def __enter__(self) -> StepClock:
        for name in ("do_execute", "do_execute_no_params", "do_executemany"):
            self._wrap(name, "sql")
        self._wrap("do_commit", "commit")
        return self

    def __exit__(self, *_exc: object) -> None:
        for name in self._saved:
            delattr(self.dialect, name)  # back to the class's methods

    def take(self) -> tuple[float, float]:
        """(sql, commit) milliseconds since the last ``take``."""
        out = (self.sql * 1000, self.commit * 1000)
        self.sql = self.commit = 0.0
        return out


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME
    from workstation.services.aid import create_referral
    from workstation.services.auth import authenticate
    from workstation.services.consultations import register_consultation
    from workstation.services.mediation import open_case

    repeat = 10 if ctx.quick else REPEAT
    actor = authenticate(ctx.db, DEMO_USERNAME, DEMO_PASSWORD)
    with ctx.db.engine.connect() as conn:
        _check_durable(conn.connection.driver_connection)
    save = {
        "consultation": lambda data: register_consultation(ctx.db, actor, data),
        "mediation_case": lambda data: open_case(ctx.db, actor, data),
        "aid_referral": lambda data: create_referral(ctx.db, actor, data),
    }
    times: dict[str, list[float]] = {kind: [] for kind in save}
    steps: dict[str, list[tuple[float, float]]] = {kind: [] for kind in save}
    baseline: list[float] = []
    raw = RawInsert(ctx)
    try:
        with StepClock(ctx.db.engine) as clock:
            for seq in range(repeat + 1):  # the first round warms caches and is dropped
                inputs = _inputs(seq)
                # Interleaved with the saves, so that the disk's mood hits both alike.
                took = ms(raw.once)
                if seq:
                    baseline.append(took)
                for kind, fn in save.items():
                    clock.take()
                    took = ms(lambda fn=fn, data=inputs[kind]: fn(data))
                    if seq:
                        times[kind].append(took)
                        steps[kind].append(clock.take())
    finally:
        raw.close()
    base = statistics.median(baseline)
    out = []
    for kind, values in times.items():
        sql = statistics.median(s for s, _ in steps[kind])
        commit = statistics.median(c for _, c in steps[kind])
        rest = statistics.median(t - s - c for t, (s, c) in zip(values, steps[kind], strict=True))
        out.append(figure(
            f"save {kind}", statistics.median(values), "ms", base, TARGET,
            note=f"median of {len(values)}; commit (WAL write, FTS flush, fsync) {commit:.2f} ms, "
                 f"other SQL {sql:.2f} ms, Python {rest:.2f} ms (medians of each part); "
                 "baseline: raw INSERT+COMMIT, SQLCipher, WAL, synchronous=FULL, interleaved"))
    return out
