"""Drafts: forms saved as they are typed, offered back after a crash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert

from workstation.storage.engine import Database
from workstation.storage.models import Draft
from workstation.storage.types import utcnow

from .context import Actor


@dataclass(frozen=True)
class DraftInfo:
    form_key: str
    title: str
    saved_at: datetime
    payload: dict[str, Any]


def save_draft(db: Database, actor: Actor, form_key: str, title: str,
               payload: dict[str, Any]) -> None:
    """Insert or replace this operator's draft of ``form_key`` (one durable commit)."""
    stmt = insert(Draft).values(
        operator_id=actor.operator_id, form_key=form_key, title=title,
        payload=json.dumps(payload, ensure_ascii=False), saved_at=utcnow(),
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["operator_id", "form_key"],
        set_={"title": stmt.excluded.title, "payload": stmt.excluded.payload,
              "saved_at": stmt.excluded.saved_at},
    )
    with db.write_session() as session:
        session.execute(stmt)
        session.commit()


def discard_draft(db: Database, actor: Actor, form_key: str) -> None:
    with db.write_session() as session:
        session.execute(delete(Draft).where(Draft.operator_id == actor.operator_id,
                                            Draft.form_key == form_key))
        session.commit()


def list_drafts(db: Database, actor: Actor) -> list[DraftInfo]:
    """This operator's drafts, newest first."""
    with db.read() as session:
        rows = session.scalars(
            select(Draft).where(Draft.operator_id == actor.operator_id)
            .order_by(Draft.saved_at.desc())
        ).all()
        return [DraftInfo(r.form_key, r.title, r.saved_at, json.loads(r.payload)) for r in rows]
