"""Printing a document of a record: resolve the record, render the PDF, audit the print."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from workstation.domain.enums import OperatorRole
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    Operator,
    WorkOrder,
)

from .context import Actor, NotFound, ServiceError, UnitOfWork

if TYPE_CHECKING:
    from workstation.printing.registry import DocumentSpec
    from workstation.printing.render import RenderedDocument

_MODELS = {"consultation": Consultation, "mediation_case": MediationCase,
           "aid_referral": AidReferral, "work_order": WorkOrder}
_KIND_NAMES = {"consultation": "咨询记录", "mediation_case": "调解案件",
               "aid_referral": "法律援助申请", "work_order": "12348工单"}
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "（": "〔", "）": "〕",
                           "(": "〔", ")": "〕", "［": "〔", "］": "〕"})


def list_documents(record_type: str | None = None) -> list[DocumentSpec]:
    """Every printable document (registration order), or those of one record type."""
    from workstation.printing.documents import mediation  # noqa: F401  (registers all)
    from workstation.printing.registry import DOCUMENTS

    return [s for s in DOCUMENTS.values() if record_type is None or s.record_type == record_type]


def normalize_number(text: str) -> str:
    """A typed record number in its printed form.

    ``[2026]海调字第1号`` → ``〔2026〕海调字第0001号``.
    """
    value = re.sub(r"\s+", "", text).translate(_BRACKETS)
    match = re.fullmatch(r"〔?(\d{4})〕?(.+?字第)0*(\d+)号?", value)
    if match:
        year, middle, seq = match.groups()
        return f"〔{year}〕{middle}{int(seq):04d}号"
    return value


def resolve_record(db: Database, record_type: str, record_id_or_number: str) -> str:
    """The UUID of the record of ``record_type`` given its UUID or its number; NotFound else."""
    model = _MODELS[record_type]
    text = record_id_or_number.strip()
    with db.read() as session:
        try:
            uuid.UUID(text)
        except ValueError:
            pass
        else:
            if session.get(model, text) is not None:
                return text
        if model is WorkOrder:  # the platform's own number, as typed (spaces dropped)
            found = session.scalars(select(WorkOrder.id).where(
                WorkOrder.order_no == "".join(text.split()))).first()
        else:
            number = normalize_number(text)
            found = session.scalars(select(model.id).where(model.number == number)).first()
    if found is None:
        raise NotFound(f"找不到{_KIND_NAMES[record_type]}“{text}”")
    return str(found)


def print_document(db: Database, actor: Actor, key: str, record_id_or_number: str, *,
                   today: date | None = None) -> RenderedDocument:
    """Render document ``key`` of a record (UUID or number) and audit the print.

    The audit entry (action ``print``, the record, detail ``<key> sha256=<hash>``) is written
    in one transaction after the PDF was made. ServiceError (Chinese) when the record does not
    exist or does not fit the form.
    """
    from workstation.printing.registry import get_spec
    from workstation.printing.render import render

    spec = get_spec(key)
    record_id = resolve_record(db, spec.record_type, record_id_or_number)
    # The form names the record's responsible person (首问负责), never whoever prints it.
    doc = render(db, key, record_id, today=today)
    with UnitOfWork(db, actor) as uow:
        uow.audit("print", doc.record_type, doc.record_id, f"{doc.key} sha256={doc.sha256}")
        uow.commit()
    return doc


def record_saved_copy(db: Database, actor: Actor, doc: RenderedDocument, path: str) -> None:
    """A printed document saved as a PDF file (a copy that can leave the PC): audited as
    ``export`` with the document, the file name and the SHA-256 of its bytes."""
    from pathlib import Path

    with UnitOfWork(db, actor) as uow:
        uow.audit("export", doc.record_type, doc.record_id,
                  f"{doc.key} 另存为PDF：{Path(path).name} sha256={doc.sha256}")
        uow.commit()


def first_admin(db: Database) -> Actor:
    """The station's first active admin, as the acting operator where nobody logs in (CLI)."""
    with db.read() as session:
        op = session.scalars(
            select(Operator).where(Operator.role == OperatorRole.ADMIN,
                                   Operator.active.is_(True))
            .order_by(Operator.created_at, Operator.id)
        ).first()
        if op is None:
            raise ServiceError("数据库中没有可用的管理员账户")
        return Actor(op.id, op.station_id, op.username, op.name, op.role)
