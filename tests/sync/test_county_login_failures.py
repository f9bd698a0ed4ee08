"""Failed county logins cannot open the database: they are queued in the key file's
authenticated list (as at a station) and written to the county's audit trail at the next
successful login, once each; tampering with the list shows as 登录记录异常."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, update

from workstation.county import audit, security
from workstation.county.audit import CountyAuditQuery
from workstation.county.db import CountyDatabase, county_keyfile
from workstation.services import login_throttle
from workstation.services.login_throttle import LoginFailed
from workstation.storage.keyslots import keyfile_path

from .helpers import COUNTY_ADMIN, COUNTY_ADMIN_NAME, COUNTY_PASSWORD, reopen


def _entries(county: CountyDatabase) -> list[audit.CountyAuditRow]:
    return audit.fetch_entries(county, CountyAuditQuery(oldest_first=True), 0, 10_000)


def _since(county: CountyDatabase, seq: int) -> list[tuple[str, str, str, str]]:
    return [(e.action, e.actor, e.target, e.detail) for e in _entries(county) if e.seq > seq]


def _last_seq(county: CountyDatabase) -> int:
    return max(e.seq for e in _entries(county))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_700_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: now[0])
    return now


def test_two_wrong_passwords_then_a_right_one(county: CountyDatabase,
                                              clock: list[float]) -> None:
    start = _last_seq(county)
    for typed in (COUNTY_ADMIN, "nobody-here"):
        clock[0] += 120
        with pytest.raises(LoginFailed):
            security.unlock_county(county.url, typed, "wrong-password")
    clock[0] += 120
    admin = security.unlock_county(county.url, COUNTY_ADMIN, COUNTY_PASSWORD)
    try:
        found = _since(admin, start)
        assert found == [
            ("login.failed", "", COUNTY_ADMIN, "用户名或密码错误"),
            ("login.failed", "", "nobody-here", "用户名或密码错误"),
            ("login", COUNTY_ADMIN_NAME, COUNTY_ADMIN_NAME, ""),
        ]
        failed = [e for e in _entries(admin) if e.action == "login.failed"]
        assert [int(e.at.timestamp()) for e in failed] == [1_700_000_120, 1_700_000_240]
        assert all(e.action_label == "登录失败" for e in failed)
        assert audit.verify(admin).intact
    finally:
        admin.dispose()
    again = reopen(county)  # once each: the next login writes only itself
    try:
        assert [a for a, *_ in _since(again, start)] == ["login.failed", "login.failed",
                                                         "login", "login"]
    finally:
        again.dispose()


def _tamper(county: CountyDatabase, edit: Any) -> None:
    """Edit the key file's body as someone with the files (or the database server) could."""
    path = security.sqlite_path(county.url)
    if path is not None:
        keys = keyfile_path(path)
        body = json.loads(keys.read_text("utf-8"))
        edit(body)
        keys.write_text(json.dumps(body), "utf-8")
        return
    with county.write() as conn:
        raw = conn.execute(select(county_keyfile.c.body)).scalar_one()
        body = json.loads(raw)
        edit(body)
        conn.execute(update(county_keyfile).values(body=json.dumps(body)))


def test_a_forged_failure_shows_as_suspicious(county: CountyDatabase,
                                              clock: list[float]) -> None:
    start = _last_seq(county)
    clock[0] += 120
    with pytest.raises(LoginFailed):
        security.unlock_county(county.url, COUNTY_ADMIN, "wrong-password")

    def rename(body: dict[str, Any]) -> None:
        for entry in body["pending"]:
            if entry.get("kind") == "failed":
                entry["username"] = "someone-else"
    _tamper(county, rename)
    clock[0] += 120
    admin = security.unlock_county(county.url, COUNTY_ADMIN, COUNTY_PASSWORD)
    try:
        found = _since(admin, start)
        assert [a for a, *_ in found] == ["login.suspicious", "login"]
        assert "未通过校验" in found[0][3] and "someone-else" in found[0][3]
        assert [e.action_label for e in _entries(admin)][-2] == "登录记录异常"
    finally:
        admin.dispose()



def test_a_lock_and_refused_attempts_are_told_apart(county: CountyDatabase,
                                                    clock: list[float]) -> None:
    start = _last_seq(county)
    attempts = login_throttle.MAX_FAILURES  # the last one locks the account
    for _ in range(attempts):
        clock[0] += 600
        with pytest.raises(LoginFailed):
            security.unlock_county(county.url, COUNTY_ADMIN, "wrong-password")
    with pytest.raises(login_throttle.AccountLocked):  # refused: the password is not checked
        security.unlock_county(county.url, COUNTY_ADMIN, COUNTY_PASSWORD)
    clock[0] += login_throttle.LOCK_SECONDS + 1
    admin = security.unlock_county(county.url, COUNTY_ADMIN, COUNTY_PASSWORD)
    try:
        found = _since(admin, start)
        details = [d for a, _actor, _t, d in found if a == "login.failed"]
        assert len(details) == attempts + 1
        assert details[:attempts - 1] == ["用户名或密码错误"] * (attempts - 1)
        assert details[attempts - 1:] == ["连续输错，账户已锁定",
                                          "锁定或等待期间的尝试，未核对密码"]
        assert found[-1][0] == "login"
    finally:
        admin.dispose()
