"""Saving each record kind through the services vs one raw INSERT + COMMIT on an encrypted
(SQLCipher) scratch database with the station's pragmas: the baseline pays the encryption too."""

from __future__ import annotations

import statistics
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


def raw_insert_commit_ms(ctx: BenchContext, repeat: int = REPEAT) -> float:
    """Median of one INSERT + COMMIT on a scratch table: SQLCipher with the station's data key
    and pragmas (WAL, synchronous=FULL), like the station database itself."""
    from workstation.storage.engine import connect_raw

    conn = connect_raw(ctx.base / "scratch.db", ctx.db.key)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, body TEXT)")
        body = "老板拖欠三个月工资怎么办？" * 4

        def once() -> None:
            conn.execute("BEGIN")
            conn.execute("INSERT INTO scratch (body) VALUES (?)", (body,))
            conn.execute("COMMIT")

        once()
        return statistics.median(ms(once) for _ in range(repeat))
    finally:
        conn.close()


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME
    from workstation.services.aid import create_referral
    from workstation.services.auth import authenticate
    from workstation.services.consultations import register_consultation
    from workstation.services.mediation import open_case

    repeat = 10 if ctx.quick else REPEAT
    actor = authenticate(ctx.db, DEMO_USERNAME, DEMO_PASSWORD)
    save = {
        "consultation": lambda data: register_consultation(ctx.db, actor, data),
        "mediation_case": lambda data: open_case(ctx.db, actor, data),
        "aid_referral": lambda data: create_referral(ctx.db, actor, data),
    }
    times: dict[str, list[float]] = {kind: [] for kind in save}
    for seq in range(repeat + 1):  # the first round warms caches and is dropped
        inputs = _inputs(seq)
        for kind, fn in save.items():
            took = ms(lambda fn=fn, data=inputs[kind]: fn(data))
            if seq:
                times[kind].append(took)
    baseline = raw_insert_commit_ms(ctx, repeat)
    return [figure(f"save {kind}", statistics.median(values), "ms", baseline, TARGET,
                   note=f"median of {len(values)}; baseline: raw INSERT+COMMIT, SQLCipher, "
                        "WAL, synchronous=FULL")
            for kind, values in times.items()]
