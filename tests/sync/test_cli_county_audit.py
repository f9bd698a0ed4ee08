"""``county audit``: the county's trail on the command line, verified first; the county
commands each leave their entry."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text as sql

from workstation.sync import keys

from .helpers import COUNTY_ADMIN, reopen
from .test_cli_sync import ok, run


def _audit(cwd: Path, *args: str) -> dict:
    return json.loads(ok(cwd, "county", "audit", "--db", "county.db", "--json", *args))


def test_county_audit_lists_the_commands_and_finds_tampering(tmp_path: Path) -> None:
    cty = "county.db"
    ok(tmp_path, "county", "init", "--db", cty)
    (tmp_path / "county.pem").write_text(ok(tmp_path, "county", "key", "--db", cty))
    (tmp_path / "st.pem").write_text(keys.public_pem(keys.new_signing_key().public_key()))
    ok(tmp_path, "county", "register-station", "--db", cty, "--division-code",
       "130302100000", "--key", "st.pem")
    ok(tmp_path, "county", "set-notice", "--db", cty, "--version", "0.3.0")
    ok(tmp_path, "county", "report", "--db", cty, "--period", "2026-10", "--out", "r.xlsx")
    junk = tmp_path / "junk.wsb"
    junk.write_bytes(b"not a bundle")
    assert run(tmp_path, "county", "import", "--db", cty, str(junk)).returncode != 0

    out = _audit(tmp_path)
    # Every command logs in first (one 登录 entry each, this listing's too): 6 pieces of work,
    # 6 logins, all the admin's (named by the user name: `county init` was given no --name).
    assert out["chain"] == {"intact": True, "entries": 12, "breaks": [],
                            "text": "操作日志完整（共 12 条，已核对）"}
    entries = out["entries"]
    assert [e["seq"] for e in entries] == list(range(1, 13))  # oldest first
    assert [e["action"] for e in entries] == [
        "county.init", "login", "key.export", "login", "station.register", "login",
        "notice.set", "login", "report.export", "login", "import.refused", "login"]
    assert {e["actor_label"] for e in entries} == {COUNTY_ADMIN}
    work = [e for e in entries if e["action"] != "login"]
    assert work[2]["station"] == "130302100000"
    assert work[4]["target"] == "r.xlsx" and "（Excel）" in work[4]["detail"]
    assert work[5]["target"] == "junk.wsb"
    first = entries[0]["at"]
    assert set(entries[0]) >= {"seq", "at", "actor", "action", "action_label", "station",
                               "target_type", "target", "detail"}

    assert _audit(tmp_path, "--since", "2099-01-01")["entries"] == []
    assert len(_audit(tmp_path, "--since", first[:10])["entries"]) == 14  # two more logins
    text = ok(tmp_path, "county", "audit", "--db", cty)
    assert text.splitlines()[0] == "操作日志完整（共 15 条，已核对）"
    assert "登记站点" in text and COUNTY_ADMIN in text

    bad = run(tmp_path, "county", "audit", "--db", cty, "--since", "昨天")
    assert bad.returncode == 2 and "2026-12-01" in bad.stderr

    tampered = reopen(tmp_path / cty)  # the key's holder edits the trail behind its back
    try:
        with tampered.engine.begin() as conn:
            conn.execute(sql("UPDATE county_audit SET detail = 'x' WHERE seq = 3"))
            conn.execute(sql("DELETE FROM county_audit WHERE seq = 5"))
    finally:
        tampered.dispose()
    result = run(tmp_path, "county", "audit", "--db", cty, "--json")
    assert result.returncode == 1
    chain = json.loads(result.stdout)["chain"]
    assert not chain["intact"]
    assert [(b["kind"], b["first_seq"], b["last_seq"]) for b in chain["breaks"]] == [
        ("altered", 3, 3), ("missing", 5, 5)]
    assert chain["text"] == "操作日志第 3 条被改动；第 5 条缺失：有日志在本程序之外被删除或改动"
