"""What the county found in this station's audit trail, as its acknowledgements tell it.

The county checks the hash chain of the audit entries every bundle carries
(county/audit_chain.py) and lists each break in every later acknowledgement
(``audit_breaks``: kind, range, when found, chain epoch). The station records each finding
once in its own audit trail (``sync.audit_break``, record id = ``finding_key``, detail = the
Chinese line), and reads them back from there for 操作日志 and the 同步 page: the audit trail is
the finding's only home here, and an entry deleted to hide it is itself a new break.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from workstation.domain.audit import AuditAction
from workstation.domain.audit_chain import Break
from workstation.services.context import UnitOfWork
from workstation.storage.engine import Database
from workstation.storage.models import AuditEntry

ACTION = AuditAction.SYNC_AUDIT_BREAK.value
#: The findings shown at most (the newest); the county lists at most ``ack.MAX_ACK_BREAKS``.
MAX_SHOWN = 20


def finding_key(found: Mapping[str, Any]) -> str:
    """The finding's audit record id: ``e<epoch>:<kind>:<first>-<last>``."""
    return (f"e{int(found.get('epoch', 1))}:{found['kind']}:"
            f"{int(found['first_seq'])}-{int(found['last_seq'])}")


def _when(text: str) -> str:
    try:
        return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text[:16]


def finding_text(found: Mapping[str, Any]) -> str:
    """One Chinese line: ``县级中心 <when> 发现本站操作日志第 5–7 条缺失``."""
    label = Break(str(found["kind"]), int(found["first_seq"]), int(found["last_seq"])).label
    return f"县级中心 {_when(str(found['detected_at']))} 发现本站操作日志{label}"


def record_findings(uow: UnitOfWork, found: Iterable[Mapping[str, Any]]) -> list[str]:
    """Audit each finding not recorded yet (inside the acknowledgement's unit of work);
    returns the lines newly recorded."""
    wanted = {finding_key(f): f for f in found}
    if not wanted:
        return []
    known = set(uow.session.scalars(select(AuditEntry.record_id).where(
        AuditEntry.action == ACTION,
        AuditEntry.record_id.in_(list(wanted)))))  # type: ignore[union-attr]
    out: list[str] = []
    for key, f in wanted.items():
        if key in known:
            continue
        line = finding_text(f)
        uow.audit(ACTION, "audit_break", key, line)
        out.append(line)
    return out


def county_findings(db: Database) -> list[str]:
    """The findings recorded here, oldest first (the newest ``MAX_SHOWN``)."""
    with db.read() as session:
        rows = list(session.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == ACTION).order_by(
            AuditEntry.seq.desc()).limit(MAX_SHOWN)))  # type: ignore[union-attr]
    return [str(r) for r in reversed(rows)]
