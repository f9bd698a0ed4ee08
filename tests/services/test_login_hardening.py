"""Logging in cannot be raced past the throttle, and does not tell existing user names from
unknown ones (same messages, same throttle, the same Argon2 work)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import pytest

from workstation.services import login_throttle
from workstation.services.login_throttle import LoginFailed
from workstation.services.security import create_station, unlock_station
from workstation.storage import keyslots
from workstation.storage.keyslots import KdfParams, KeyFile, Slot, keyfile_path

PASSWORD = "correct-horse-1"  # the admin's, as in tests/conftest.py


@pytest.fixture
def path(tmp_path: Path, make: Any) -> Path:
    made = create_station(tmp_path / "station.db", make.setup())
    made.db.dispose()
    return made.db.path


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: now[0])
    return now


def test_parallel_attempts_are_checked_one_at_a_time(path: Path, clock: list[float],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """After one failure the next wrong password starts a delay: of four attempts made at the
    same moment only one may have its password checked, the others are refused unread."""
    with pytest.raises(LoginFailed):
        unlock_station(path, "admin", "wrong-0")
    attempts = 4
    together = threading.Barrier(attempts, timeout=1.0)
    checked: list[str] = []
    real_open = Slot.open

    def open_slowly(slot: Slot, secret: str) -> bytes:
        checked.append(secret)
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()  # wait for the others: without the lock they all get here
        return real_open(slot, secret)

    monkeypatch.setattr(Slot, "open", open_slowly)
    outcomes: list[type[BaseException]] = []

    def attempt(n: int) -> None:
        try:
            unlock_station(path, "admin", f"wrong-{n}")
        except LoginFailed as exc:
            outcomes.append(type(exc))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(1, attempts + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 1
    assert sorted(o.__name__ for o in outcomes) == ["LoginFailed"] + ["TooSoon"] * 3
    slot = KeyFile.load(keyfile_path(path)).operator_slot("admin")
    assert slot is not None and slot.failures == 2


def _sequence(path: Path, clock: list[float], username: str) -> list[tuple[str, str, int]]:
    """(exception, message, Argon2 derivations) of a run of wrong passwords, a retry too
    soon, the lock, and an attempt while locked."""
    seen: list[tuple[str, str, int]] = []

    def attempt(password: str) -> None:
        before = len(derived)
        with pytest.raises(LoginFailed) as info:
            unlock_station(path, username, password)
        seen.append((type(info.value).__name__, str(info.value), len(derived) - before))

    attempt("wrong-1")
    attempt("wrong-2")
    attempt("wrong-3")  # too soon
    for n in range(3, login_throttle.MAX_FAILURES + 1):
        clock[0] += login_throttle.MAX_DELAY_SECONDS
        attempt(f"wrong-{n}")
    clock[0] += login_throttle.MAX_DELAY_SECONDS
    attempt(PASSWORD)  # locked
    return seen


derived: list[KdfParams] = []


def test_unknown_and_existing_names_get_the_same_answers(path: Path, clock: list[float],
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    # The admin's slot at a cost of its own: an unknown name must cost the same Argon2 work.
    own_cost = KdfParams(time_cost=2, memory_kib=1024, parallelism=1)
    with KeyFile.update(keyfile_path(path)) as keyfile:
        key = keyfile.unlock("admin", PASSWORD)
        keyfile.slots["operator:admin"] = Slot.seal("operator:admin", PASSWORD, key, own_cost)
    real_derive = keyslots._derive

    def counting(secret: str, salt: bytes, params: KdfParams) -> bytes:
        derived.append(params)
        return real_derive(secret, salt, params)

    monkeypatch.setattr(keyslots, "_derive", counting)
    derived.clear()
    start = clock[0]
    known = _sequence(path, clock, "admin")
    assert {p for p in derived} == {own_cost}
    derived.clear()
    clock[0] = start
    unknown = _sequence(path, clock, "nobody")
    assert {p for p in derived} == {own_cost}
    assert unknown == known
    assert [name for name, _, _ in known].count("TooSoon") == 1
    assert known[-1][0] == "AccountLocked"
    # The audit trail still tells them apart (it is read by an admin, after a login).
    pending = KeyFile.load(keyfile_path(path)).pending
    assert {e["username"] for e in pending} == {"admin", "nobody"}


def test_the_command_line_answers_alike(tmp_path: Path) -> None:
    from tests.cli.test_cli import INIT, Cli
    from tests.cli.test_cli import PASSWORD as CLI_PASSWORD

    cli = Cli(tmp_path)
    assert cli(*INIT, stdin=CLI_PASSWORD).returncode == 0
    answers = []
    for user in ("admin", "nobody"):
        cli.env.update({"WORKSTATION_USER": user, "WORKSTATION_PASSWORD": "wrong-password"})
        for _ in range(2):  # the second failure in a row warns of the lock: for both
            result = cli("stats")
            assert result.returncode != 0 and "Traceback" not in result.stderr
            answers.append((result.returncode, result.stderr))
    assert answers[:2] == answers[2:]
    assert "用户名或密码错误" in answers[0][1] and "将锁定" in answers[1][1]


# --- the key file's failed-login queue and throttle, authenticated -----------------------------

def _entries(db: Any, action: str) -> list[str]:
    from sqlalchemy import select

    from workstation.storage.models import AuditEntry

    with db.read() as session:
        return list(session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action)
                                    .order_by(AuditEntry.id)))


def _edit(path: Path, change: Any) -> None:
    import json

    keys = keyfile_path(path)
    raw = json.loads(keys.read_text("utf-8"))
    change(raw)
    keys.write_text(json.dumps(raw), "utf-8")


def test_planted_and_altered_failures_are_dropped_and_flagged(path: Path, clock: list[float]
                                                             ) -> None:
    with pytest.raises(LoginFailed):
        unlock_station(path, "admin", "wrong-1")
    clock[0] += 60
    with pytest.raises(LoginFailed):
        unlock_station(path, "nobody", "wrong-2")
    assert all("tag" in e for e in KeyFile.load(keyfile_path(path)).pending)

    def plant(raw: dict[str, Any]) -> None:
        raw["pending"][1]["username"] = "tiaojie"  # a real entry altered
        raw["pending"].append({"at": "2026-01-01T08:00:00+00:00", "username": "wangli",
                               "kind": "failed"})  # an entry planted
    _edit(path, plant)
    clock[0] += 60
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        assert [d.split("（")[0] for d in _entries(opened.db, "login.failed")] == ["admin"]
        suspicious = _entries(opened.db, "login.suspicious")
        assert len(suspicious) == 2
        assert any("tiaojie" in d for d in suspicious) and any("wangli" in d for d in suspicious)
        assert KeyFile.load(keyfile_path(path)).pending == []
    finally:
        opened.db.dispose()


def test_deleted_failures_and_a_reset_throttle_are_noticed(path: Path, clock: list[float],
                                                          make: Any) -> None:
    from workstation.services import operators

    opened = unlock_station(path, "admin", PASSWORD)
    operators.add_operator(opened.db, opened.actor, username="tiaojie", name="李调解",
                           password="mediator-1")
    opened.db.dispose()
    clock[0] += 120  # the new slot is older than what follows
    for n in range(3):
        clock[0] += login_throttle.MAX_DELAY_SECONDS
        with pytest.raises(LoginFailed):
            unlock_station(path, "tiaojie", f"wrong-{n}")

    def hide(raw: dict[str, Any]) -> None:
        raw["pending"] = raw["pending"][:1]  # the last two failures deleted
        for slot in raw["slots"]:
            if slot["label"] == "operator:tiaojie":  # and the throttle reset by hand
                slot["throttle"] = {"failures": 0, "retry_after": 0.0, "locked_until": 0.0}
    _edit(path, hide)
    clock[0] += login_throttle.MAX_DELAY_SECONDS
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        assert [d.split("（")[0] for d in _entries(opened.db, "login.failed")] == ["tiaojie"]
        suspicious = _entries(opened.db, "login.suspicious")
        assert any("2 条" in d for d in suspicious), suspicious
        assert any("tiaojie" in d and "限制" in d for d in suspicious), suspicious
        # The counters the authenticated record holds (after the first failure, the one
        # left) are put back.
        slot = KeyFile.load(keyfile_path(path)).operator_slot("tiaojie")
        assert slot is not None and slot.failures == 1
    finally:
        opened.db.dispose()
    # A clean run afterwards flags nothing more.
    clock[0] += login_throttle.MAX_DELAY_SECONDS
    again = unlock_station(path, "admin", PASSWORD)
    try:
        assert len(_entries(again.db, "login.suspicious")) == 2
    finally:
        again.db.dispose()


def test_the_key_in_the_file_cannot_re_sign_an_earlier_entry(path: Path, clock: list[float]
                                                            ) -> None:
    """The file holds only the key of the next entry: an entry already written cannot be
    rewritten with it (forward security), nor the chain rolled back."""
    from workstation.storage.keyslots import _entry_tag, _unb64

    with pytest.raises(LoginFailed):
        unlock_station(path, "admin", "wrong-1")

    def rewrite(raw: dict[str, Any]) -> None:
        entry = raw["pending"][0]
        entry["username"] = "wangli"
        entry["tag"] = _entry_tag(_unb64(raw["chain"]["next"]), entry)
    _edit(path, rewrite)
    clock[0] += 60
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        assert _entries(opened.db, "login.failed") == []
        [suspicious] = _entries(opened.db, "login.suspicious")
        assert "wangli" in suspicious
    finally:
        opened.db.dispose()
