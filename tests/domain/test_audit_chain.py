"""The audit chain's hash and checks, without any database."""

from __future__ import annotations

from typing import Any

from workstation.domain.audit_chain import (
    ALTERED,
    GENESIS,
    MISSING,
    Break,
    ChainChecker,
    canonical,
    detail_digest,
    entry_hash,
    hash_of,
    merge,
)


def _chain(n: int) -> list[dict[str, Any]]:
    out, prev = [], GENESIS
    for seq in range(1, n + 1):
        e: dict[str, Any] = {"seq": seq, "at": f"2026-12-08T0{seq % 10}:00:00+08:00",
                             "operator_id": "op-1", "action": "print", "record_type": "person",
                             "record_id": f"p-{seq}", "detail": f"第{seq}份", "prev_hash": prev}
        e["hash"] = hash_of(e)
        prev = e["hash"]
        out.append(e)
    return out


def _check(entries: list[dict[str, Any]]) -> list[Break]:
    checker = ChainChecker()
    for e in entries:
        checker.feed(e)
    return checker.result()


def test_canonical_bytes_are_fixed() -> None:
    # The layout never changes once written: the county recomputes it from bundles.
    assert canonical(3, "2026-12-08T09:00:00+08:00", None, "login", "", "", "ab" * 32) == (
        b'[3,"2026-12-08T01:00:00.000000+00:00",null,"login","","","' + b"ab" * 32 + b'"]')
    assert entry_hash(GENESIS, 1, "2026-12-08T01:00:00+00:00", None, "login", "", "", "") == (
        entry_hash(GENESIS, 1, "2026-12-08T09:00:00.000000+08:00", None, "login", "", "", ""))
    e = _chain(1)[0]
    assert hash_of({**{k: v for k, v in e.items() if k != "detail"},
                    "detail_sha256": detail_digest("第1份")}) == e["hash"]


def test_an_intact_chain_has_no_break() -> None:
    assert _check(_chain(12)) == []


def test_deleted_entries_are_a_missing_range() -> None:
    chain = _chain(10)
    assert _check(chain[:3] + chain[6:]) == [Break(MISSING, 4, 6)]
    assert _check(chain[2:]) == [Break(MISSING, 1, 2)]


def test_a_changed_entry_and_a_rewritten_link_are_altered() -> None:
    chain = _chain(6)
    chain[2] = {**chain[2], "detail": "改过"}
    assert _check(chain) == [Break(ALTERED, 3, 3)]
    chain = _chain(6)
    chain[2] = {**chain[2], "detail": "改过"}
    chain[2]["hash"] = hash_of(chain[2])  # re-hashed, but the next link still names the old
    assert _check(chain) == [Break(ALTERED, 3, 4)]


def test_a_malformed_entry_is_altered_not_an_exception() -> None:
    chain = _chain(3)
    chain[1] = {**chain[1], "prev_hash": "not hex", "at": "yesterday"}
    assert hash_of(chain[1]) == ""
    assert _check(chain) == [Break(ALTERED, 1, 2)]


def test_merge_joins_adjacent_ranges_of_one_kind() -> None:
    assert merge([Break(ALTERED, 5, 5), Break(MISSING, 1, 2), Break(ALTERED, 6, 7),
                  Break(MISSING, 4, 4)]) == [Break(MISSING, 1, 2), Break(MISSING, 4, 4),
                                             Break(ALTERED, 5, 7)]
    assert Break(MISSING, 4, 6).label == "第 4–6 条缺失"
    assert Break(ALTERED, 9, 9).label == "第 9 条被改动"
