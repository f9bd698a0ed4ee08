"""A rekey's progress moves while the database is copied (not only between its three steps),
forward only, to the end; the copy is still verified and swapped in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workstation.services import login_throttle, operators, revocation
from workstation.services.security import create_station, unlock_station
from workstation.storage import rekey
from workstation.storage.engine import connect_raw


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login_throttle, "now", lambda: 1_800_000_000.0)


def test_progress_moves_during_the_copy(tmp_path: Path, make: Any) -> None:
    station = create_station(tmp_path / "station.db", make.setup())
    db = station.db
    operators.add_operator(db, station.actor, username="tiaojie", name="李调解",
                           password="mediator-pass-1")
    target = unlock_station(db.path, "tiaojie", "mediator-pass-1")
    target.db.dispose()
    conn = connect_raw(db.path, db.key)  # a large station: ~8 MB more to copy
    with conn:
        conn.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, filler TEXT)")
        conn.executemany("INSERT INTO bulk (filler) VALUES (?)",
                         ((f"{i:08d}" + "填" * 90,) for i in range(30_000)))
    conn.close()
    db.dispose()

    seen: list[tuple[str, int, int]] = []
    result = operators.disable_operator(db, station.actor, target.actor.operator_id,
                                        progress=lambda *step: seen.append(step))
    assert not result.deferred
    copying = [done for step, done, _total in seen if step == "copy"]
    assert len(set(copying)) >= 5  # moved while copying, not once per step
    assert all(0 <= d < rekey.COPY_END for d in copying)
    dones = [done for _step, done, _total in seen]
    assert dones == sorted(dones)  # forward only
    assert {total for _s, _d, total in seen} == {revocation.REKEY_TOTAL}
    assert [s for s, _d, _t in seen][-1] == "swap" and dones[-1] == revocation.REKEY_TOTAL
    assert revocation.rekey_step(dones[len(copying)]) == "keys"
    check = connect_raw(db.path, db.key)
    assert check.execute("SELECT count(*) FROM bulk").fetchone()[0] == 30_000
    check.close()
    db.dispose()
