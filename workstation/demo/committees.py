"""Demo people's mediation committees: the station's own (township) committee plus one or two
village committees it prints for, and how cases are spread over them."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from workstation.domain.committees import CommitteeType, suggest_committee
from workstation.storage.models import MediationCommittee

#: Village committees a demo station prints for (name stem, village code suffix, helper).
VILLAGES = (("东港村", "201", "王德顺"), ("西河村", "202", "李秀兰"))


def committee_rows(conn: Connection, *, rng: random.Random, station_id: str, station_name: str,
                   division_code: str, mediators: list[str], moment: datetime,
                   uid: Callable[[], str]) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
    """New committee rows to insert and the (committee id, weight) choices of new cases.

    Keeps what the station has; adds the township committee when there is none and the
    village committees not there yet (a station that already has village committees gets
    none)."""
    c = MediationCommittee.__table__  # type: ignore[attr-defined]
    existing = conn.execute(select(c.c.id, c.c.name, c.c.kind, c.c.active)).all()
    names = {r.name for r in existing}
    rows: list[dict[str, Any]] = []

    def row(name: str, kind: str, code: str, operators: list[str], others: str,
            default: bool) -> str:
        cid = uid()
        rows.append({"id": cid, "station_id": station_id, "created_at": moment,
                     "updated_at": moment, "version": 1, "name": name, "kind": kind,
                     "division_code": code, "operator_ids": operators,
                     "other_mediators": others, "is_default": default, "active": True})
        return cid

    choices = [(r.id, 6 if r.kind == CommitteeType.TOWNSHIP else 2)
               for r in existing if r.active]
    if not existing:
        name, kind = suggest_committee(station_name)
        choices.append((row(name, kind.value, division_code, list(mediators), "", True), 6))
    if not any(r.kind == CommitteeType.VILLAGE for r in existing):
        count = 1 + rng.randrange(len(VILLAGES))
        for stem, suffix, helper in VILLAGES[:count]:
            name = f"{stem}人民调解委员会"
            if name in names:
                continue
            code = division_code[:9] + suffix
            picked = [rng.choice(mediators)] if mediators else []
            choices.append((row(name, CommitteeType.VILLAGE.value, code, picked, helper,
                                False), 2))
    return rows, choices


def pick(case_id: str, choices: list[tuple[str, int]]) -> str | None:
    """A committee for the new demo case ``case_id`` (weighted: most cases at the township
    committee), drawn from the case's id so the demo's main random stream is untouched."""
    if not choices:
        return None
    draw = random.Random(case_id)
    return draw.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]
