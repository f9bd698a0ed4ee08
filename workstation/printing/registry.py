"""The documents that can be printed: one ``DocumentSpec`` per form, registered by its module.

``import workstation.printing.documents`` imports every document module, each of which calls
``register(spec)``; ``DOCUMENTS`` then maps keys to specs in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workstation.services.context import ServiceError

RECORD_TYPES = ("consultation", "mediation_case", "aid_referral", "work_order")
RECORD_TYPE_LABELS = {
    "consultation": "法律咨询",
    "mediation_case": "人民调解案件",
    "aid_referral": "法律援助申请",
    "work_order": "12348工单",
}
PAGES = ("A4", "receipt80")


@dataclass(frozen=True)
class StationInfo:
    """What documents print about the issuing station."""

    id: str
    name: str
    phone: str = ""
    address: str = ""
    county_center: str = ""
    #: The people's mediation committee issuing a mediation case's documents (its heading,
    #: 落款 and 印章), the case's own (``render.issuing_committee``); "" for other records.
    committee: str = ""


@dataclass(frozen=True)
class DocumentData:
    """Everything a builder draws from: the record's detail snapshot and its context."""

    key: str
    title: str
    record_type: str
    record_id: str
    number: str
    #: ``CaseDetail`` / ``ReferralDetail`` / ``ConsultationDetail`` from services.records.
    detail: Any
    station: StationInfo
    operator_name: str
    today: date
    #: Record version the document was made from (part of the verification code).
    version: int
    #: First 16 hex of SHA-256 over key|record_id|number|version (printed and in the QR).
    verification: str
    #: Person id → full document number, for forms registered with ``full_ids=True``.
    full_id_numbers: dict[str, str] = field(default_factory=dict)
    #: 首问责任人 and 当前承办人 of the record (``services.responsibility``; "" for records
    #: without them). ``operator_name`` is the responsible person, never whoever prints.
    first_receiver: str = ""
    handler: str = ""

    @property
    def issuer(self) -> str:
        """Who issues the document (its heading): a mediation case's committee, exactly as on
        its seal; the station for every other record."""
        return self.station.committee or self.station.name

    @property
    def place_of_service(self) -> str:
        """The station, named as where the service was given, on documents a committee
        issues ("" when the station itself issues the document)."""
        return self.station.name if self.station.committee else ""


@dataclass(frozen=True)
class DocumentSpec:
    key: str  # e.g. "mediation_agreement"
    title: str  # Chinese, e.g. "人民调解协议书"
    record_type: str  # "consultation" | "mediation_case" | "aid_referral"
    page: str  # "A4" | "receipt80"
    #: Returns reportlab flowables (see ``workstation.printing.layout``).
    build: Callable[[DocumentData], list]  # type: ignore[type-arg]
    #: None if the record fits the form, else a Chinese reason ("该案件尚无调解协议").
    accepts: Callable[[Any], str | None] = lambda detail: None
    #: The official form carries full ID numbers (the application form, the forwarding letter);
    #: other documents print masked numbers only.
    full_ids: bool = False


def refusal(spec: DocumentSpec, detail: Any) -> str | None:
    """Why ``detail`` cannot be printed as ``spec`` (Chinese), or None.

    A voided record (作废) prints nothing: a receipt, agreement or letter made from it could
    pass for a valid one, and a watermark is easily cut off or missed on a receipt. The
    record stays readable in the app and its audit trail.
    """
    void = getattr(detail, "void", None)
    if void is not None:
        return f"该记录已作废，不能打印（作废原因：{void.reason}）"
    return spec.accepts(detail)


class NotPrintable(ServiceError):
    """The record does not fit the form asked for (message in Chinese)."""


DOCUMENTS: dict[str, DocumentSpec] = {}


def register(spec: DocumentSpec) -> DocumentSpec:
    if spec.record_type not in RECORD_TYPES:
        raise ValueError(f"unknown record type {spec.record_type!r}")
    if spec.page not in PAGES:
        raise ValueError(f"unknown page {spec.page!r}")
    if spec.key in DOCUMENTS and DOCUMENTS[spec.key] is not spec:
        raise ValueError(f"document {spec.key!r} registered twice")
    DOCUMENTS[spec.key] = spec
    return spec


def get_spec(key: str) -> DocumentSpec:
    import workstation.printing.documents  # noqa: F401  (registers every document)

    try:
        return DOCUMENTS[key]
    except KeyError:
        raise NotPrintable(f"没有名为“{key}”的文书") from None


def agent_key(referral_id: str) -> str:
    """Key of a legal aid applicant's agent in ``DocumentData.full_id_numbers``."""
    return f"agent:{referral_id}"
