"""The audit trail's hash chain: one declaration of an entry's canonical bytes and hash, used
by the station where entries are written and verified and by the county where they arrive.

Each entry of a station carries a sequence number (1, 2, 3, … without gaps) and the hash of
the entry before it; its own hash is ``SHA-256(prev_hash ‖ canonical bytes)``, with
``prev_hash`` as its 32 raw bytes (the first entry's is all zeros). Deleting, altering or
reordering an entry breaks the chain from that point on; see docs/security.md for what this
does and does not protect against.

The canonical bytes are the compact JSON array ``[seq, at, operator_id, action, record_type,
record_id, detail_sha256]`` (UTF-8, no escaping of Chinese), ``at`` as the station stores it:
UTC ISO-8601 with microseconds (``2026-12-08T01:02:03.000004+00:00``), ``detail_sha256`` the
SHA-256 (hex) of the detail text. The county recomputes them from the exported fields, so the
layout never changes once written. The detail enters only through its digest: bundles carry
the digest and not the text (details can hold user names typed at a failed login, file names,
search filters and reasons), and the county still verifies every link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

#: Kinds of break, with the words the station and the county show.
MISSING = "missing"
ALTERED = "altered"
REORDERED = "reordered"
BREAK_LABELS = {MISSING: "缺失", ALTERED: "被改动", REORDERED: "顺序被打乱"}


def at_text(value: datetime | str) -> str:
    """``at`` exactly as the station stores and exports it."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: attach a timezone")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def detail_digest(detail: str) -> str:
    return hashlib.sha256(detail.encode("utf-8")).hexdigest()


def canonical(seq: int, at: datetime | str, operator_id: str | None, action: str,
              record_type: str, record_id: str, detail_sha256: str) -> bytes:
    return json.dumps([seq, at_text(at), operator_id, action, record_type, record_id,
                       detail_sha256], ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str, seq: int, at: datetime | str, operator_id: str | None,
               action: str, record_type: str, record_id: str, detail: str) -> str:
    return digest_hash(prev_hash, seq, at, operator_id, action, record_type, record_id,
                       detail_digest(detail))


def digest_hash(prev_hash: str, seq: int, at: datetime | str, operator_id: str | None,
                action: str, record_type: str, record_id: str, detail_sha256: str) -> str:
    """``entry_hash`` from the detail's digest (what the county receives)."""
    if len(prev_hash) != 64:
        raise ValueError("prev_hash is not 32 bytes")
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical(
        seq, at, operator_id, action, record_type, record_id, detail_sha256)).hexdigest()


def hash_of(entry: dict[str, Any]) -> str:
    """The hash ``entry`` (a mapping with the chained fields) should carry; "" when its
    fields cannot be hashed at all (a malformed ``prev_hash`` or ``at``)."""
    try:
        return _hash_of(entry)
    except (ValueError, TypeError, KeyError):
        return ""


def _hash_of(entry: dict[str, Any]) -> str:
    digest = (entry["detail_sha256"] if "detail_sha256" in entry
              else detail_digest(entry["detail"] or ""))
    return digest_hash(entry["prev_hash"], entry["seq"], entry["at"], entry["operator_id"],
                       entry["action"], entry["record_type"] or "", entry["record_id"] or "",
                       digest)


@dataclass(frozen=True)
class Break:
    kind: str
    first_seq: int
    last_seq: int

    @property
    def label(self) -> str:
        span = (f"第 {self.first_seq} 条" if self.first_seq == self.last_seq
                else f"第 {self.first_seq}–{self.last_seq} 条")
        return f"{span}{BREAK_LABELS.get(self.kind, self.kind)}"


def merge(breaks: Iterable[Break]) -> list[Break]:
    """Adjacent or overlapping breaks of one kind joined into one range, in order."""
    out: list[Break] = []
    for b in sorted(breaks, key=lambda b: (b.first_seq, b.kind)):
        last = next((o for o in reversed(out) if o.kind == b.kind), None)
        if last is not None and b.first_seq <= last.last_seq + 1:
            out[out.index(last)] = Break(b.kind, last.first_seq, max(last.last_seq, b.last_seq))
        else:
            out.append(b)
    return sorted(out, key=lambda b: (b.first_seq, b.kind))


class ChainChecker:
    """Verifies entries fed in ascending ``seq`` order (the station's local check)."""

    def __init__(self) -> None:
        self.count = 0
        self.last_seq = 0
        self.last_hash = GENESIS
        self.breaks: list[Break] = []

    def feed(self, entry: dict[str, Any]) -> None:
        seq = int(entry["seq"])
        self.count += 1
        if seq > self.last_seq + 1:
            self.breaks.append(Break(MISSING, self.last_seq + 1, seq - 1))
        elif entry["prev_hash"] != self.last_hash and seq == self.last_seq + 1:
            self.breaks.append(Break(ALTERED, max(1, seq - 1), seq))
        if hash_of(entry) != entry["hash"]:
            self.breaks.append(Break(ALTERED, seq, seq))
        self.last_seq, self.last_hash = seq, entry["hash"]

    def result(self) -> list[Break]:
        return merge(self.breaks)
