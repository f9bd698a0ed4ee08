"""Writing and checking the station's audit chain (``domain.audit_chain`` holds the hash).

Every writer of ``audit_entry`` passes its values through ``chained`` (Core and ORM) or
``chained_sqlite`` (a raw sqlite3 connection) inside its writing transaction. A trigger made
by migration 0015_audit_chain refuses an insert whose ``seq`` or ``prev_hash`` does not follow
the newest entry, so a writer that forgets fails loudly instead of breaking the chain.

Two writers cannot take the same ``seq``: write transactions take the lock up front
(``BEGIN IMMEDIATE``, storage.engine), so the chain's end is read under the write lock; and
``seq`` is unique besides.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from workstation.domain.audit_chain import GENESIS, Break, ChainChecker, at_text, entry_hash

from .types import utcnow

_FIELDS = ("seq", "at", "operator_id", "action", "record_type", "record_id", "detail",
           "prev_hash", "hash")
_LAST = "SELECT seq, hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"


def _link(values: dict[str, Any], last: Any) -> dict[str, Any]:
    seq, prev = (int(last[0]) + 1, str(last[1])) if last is not None else (1, GENESIS)
    at: datetime | str = values.get("at") or utcnow()
    out = dict(values, at=at, seq=seq, prev_hash=prev)
    out["hash"] = entry_hash(prev, seq, at, values.get("operator_id"), values["action"],
                             values.get("record_type") or "", values.get("record_id") or "",
                             values.get("detail") or "")
    return out


def chained(conn: Connection, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` of a new audit entry with ``seq``, ``prev_hash`` and ``hash`` added (and
    ``at`` defaulted to now): the next link after the newest entry seen by ``conn``."""
    return _link(values, conn.execute(text(_LAST)).first())


def chained_sqlite(conn: sqlite3.Connection, values: dict[str, Any]) -> dict[str, Any]:
    """``chained`` for a raw sqlite3 connection; ``at`` comes back as stored text."""
    out = _link(values, conn.execute(_LAST).fetchone())
    out["at"] = at_text(out["at"])
    return out


@dataclass(frozen=True)
class ChainState:
    """The local chain as verified: how many entries, and the breaks found (none: intact)."""

    count: int
    breaks: tuple[Break, ...]

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify(conn: Connection, batch: int = 5000) -> ChainState:
    """Read the whole chain in ``seq`` order, a batch at a time (bounded memory), and check
    every link and hash."""
    checker = ChainChecker()
    after = 0
    unchained = conn.execute(text("SELECT count(*) FROM audit_entry WHERE seq IS NULL")
                             ).scalar_one()
    while True:
        rows = conn.execute(text(
            f"SELECT {', '.join(_FIELDS)} FROM audit_entry WHERE seq > :after "
            "ORDER BY seq LIMIT :n"), {"after": after, "n": batch}).mappings().all()
        if not rows:
            break
        for row in rows:
            checker.feed(dict(row))
        after = int(rows[-1]["seq"])
    breaks = list(checker.result())
    if unchained:  # rows written past the chain (by hand, without a seq)
        breaks.append(Break("altered", checker.last_seq + 1, checker.last_seq + int(unchained)))
    return ChainState(checker.count + int(unchained), tuple(breaks))
