"""Paged list queries behind the desk application's lazy table models.

A table model asks ``count_rows`` once per filter change and ``fetch_rows`` for each page it
scrolls to. Filtering, sorting (with ``id`` as a stable tiebreak) and paging all happen in SQL;
names of a page's mediation parties come from one extra query per page.

Measured with 100,000 mediation cases (200,000 parties), 100,000 consultations, 150,000
persons; SQLite 3.40, default 2 MB page cache, 2-vCPU VM under load (ranges = quiet..busy):
mediations first page (100 rows) by registration date or case number 4-12 ms (target < 50 ms),
by deadline 5-15 ms, by dispute type/status (enum order: full sort) 30-65 ms; count 0.3 ms,
filtered count 3-6 ms; consultations first page by time/number 2-7 ms, by topic/result/channel
22-60 ms, by person name 230-440 ms (join and sort of every row; no index can serve it);
persons by name 2 ms; a deep page (offset 50,000) 120-190 ms. ``test_listing.py`` has a
``slow`` timing test on 20,000 cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from workstation.domain.committees import case_title
from workstation.domain.deadlines import due_state, is_urgent
from workstation.domain.enums import (
    AidMatter,
    AidStatus,
    Channel,
    ConsultationTopic,
    DisputeType,
    HandlingResult,
    LabeledEnum,
    MediationStatus,
    Sex,
    SpecialGroup,
)
from workstation.domain.identity import mask_id_number
from workstation.domain.wording import EMPTY
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    MediationParty,
    Person,
)

KINDS = ("consultations", "mediations", "referrals", "persons", "activities", "screenings",
         "orders")
#: Kinds whose queries live in their own service module (``columns``/``COLUMNS``,
#: ``count_rows``, ``fetch_rows``), imported when first listed.
_MODULE_KINDS = {"activities": "workstation.services.publicity",
                 "screenings": "workstation.services.screening",
                 "orders": "workstation.services.work_orders"}
ANONYMOUS = "匿名"
#: Largest IN list sent in one statement (SQLite's variable limit is far above this).
_CHUNK = 500


@dataclass(frozen=True)
class ListQuery:
    """What a list page shows: its kind, filters and sort order."""

    kind: str
    status: str | None = None
    type_code: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort_key: str = "date"
    descending: bool = True
    text: str = ""
    #: Show voided records too (marked); by default they are left out.
    include_voided: bool = False


@dataclass(frozen=True)
class Column:
    """A column of a list; ``key`` is also the name of the ListRow field it shows."""

    key: str
    label_zh: str
    sortable: bool


@dataclass(frozen=True)
class ListRow:
    """One row of a list page. ``date`` is the record's day (local); ``when`` the exact time
    where the record has one (consultations). ``alert`` asks for a red mark (overdue/urgent)."""

    id: str
    number: str
    date: date | None
    title: str
    type_label: str
    status: str
    status_label: str
    extra: str
    when: datetime | None = None
    alert: bool = False
    #: The record was voided: "已作废" and its reason (the table strikes it through).
    void_note: str = ""

    @property
    def voided(self) -> bool:
        return bool(self.void_note)


_COLUMNS: dict[str, tuple[Column, ...]] = {
    "consultations": (
        Column("number", "编号", True),
        Column("date", "咨询时间", True),
        Column("title", "咨询人", True),
        Column("type_label", "咨询类别", True),
        Column("status_label", "处理结果", True),
        Column("extra", "咨询方式", True),
    ),
    "mediations": (
        Column("number", "案号", True),
        Column("date", "登记日期", True),
        Column("title", "当事人", False),
        Column("type_label", "纠纷类型", True),
        Column("status_label", "状态", True),
        Column("extra", "调解期限", True),
    ),
    "referrals": (
        Column("number", "编号", True),
        Column("date", "申请日期", True),
        Column("title", "申请人", True),
        Column("type_label", "申请事项", True),
        Column("status_label", "状态", True),
        Column("extra", "紧急", True),
    ),
    "persons": (
        Column("number", "证件号码", True),
        Column("date", "登记日期", True),
        Column("title", "姓名", True),
        Column("type_label", "特殊群体", False),
        Column("extra", "联系电话", False),
    ),
}


def columns(kind: str) -> list[Column]:
    """Columns of a list kind, in display order."""
    if kind in _MODULE_KINDS:
        return list(_module(kind).COLUMNS)
    return list(_COLUMNS[_check_kind(kind)])


def _module(kind: str) -> Any:
    import importlib

    return importlib.import_module(_MODULE_KINDS[kind])


def _check_kind(kind: str) -> str:
    if kind not in _COLUMNS:
        raise ValueError(f"unknown list kind {kind!r}; expected one of {KINDS}")
    return kind


# --- shared helpers (also used by the dashboard, person history and detail loaders) ---------


def local_day_start(day: date) -> datetime:
    """Aware datetime of local midnight starting ``day`` (the PC's time zone)."""
    return datetime(day.year, day.month, day.day).astimezone()


def enum_order(column: Any, enum: type[LabeledEnum]) -> Any:
    """SQL expression ordering coded values in the enum's declaration order (unknown last)."""
    return case({m.value: i for i, m in enumerate(enum)}, value=column, else_=len(enum))


def chunks(values: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def party_titles(session: Session, case_ids: Sequence[str]) -> dict[str, str]:
    """Case id → its title ("张三与李四邻里纠纷", ``domain.committees.case_title``) for the
    given cases, two queries per 500 cases."""
    by_case: dict[str, list[tuple[str, str]]] = defaultdict(list)
    kinds: dict[str, str] = {}
    ids = list(dict.fromkeys(case_ids))
    for part in chunks(ids):
        kinds.update((cid, kind) for cid, kind in session.execute(
            select(MediationCase.id, MediationCase.dispute_type)
            .where(MediationCase.id.in_(part))).all())
        rows = session.execute(
            select(MediationParty.case_id, MediationParty.role, Person.name,
                   MediationParty.org_name)
            .outerjoin(Person, Person.id == MediationParty.person_id)
            .where(MediationParty.case_id.in_(part))
            .order_by(MediationParty.case_id, MediationParty.position, MediationParty.id)
        ).all()
        for case_id, role, name, org in rows:
            by_case[case_id].append((role, name or org or EMPTY))
    return {case_id: case_title(by_case.get(case_id, ()), kinds.get(case_id))
            for case_id in ids}


def void_note(row: Any) -> str:
    """"已作废：<reason>" for a row selected with ``voided_at`` and ``void_reason``, else ""."""
    if getattr(row, "voided_at", None) is None:
        return ""
    reason = getattr(row, "void_reason", None) or ""
    return f"已作废：{reason}" if reason else "已作废"


def marked(label: str, row: Any) -> str:
    """A status label with "（已作废）" appended for a voided row."""
    return f"{label}（已作废）" if getattr(row, "voided_at", None) is not None else label


def referral_title(applicant_name: str | None, matter: str) -> str:
    return f"{applicant_name or EMPTY} · {AidMatter.label_of(matter)}"


# --- per-kind statement builders ------------------------------------------------------------


def _date_filter(stmt: Select[Any], column: Any, query: ListQuery, *, aware: bool) -> Select[Any]:
    if aware:
        if query.date_from:
            stmt = stmt.where(column >= local_day_start(query.date_from))
        if query.date_to:
            stmt = stmt.where(column < local_day_start(query.date_to + timedelta(days=1)))
    else:
        if query.date_from:
            stmt = stmt.where(column >= query.date_from)
        if query.date_to:
            stmt = stmt.where(column <= query.date_to)
    return stmt


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: ``%text%`` for ``LIKE ... ESCAPE '\\'`` with the wildcards in ``text`` escaped.
like_pattern = _like


def _filtered(query: ListQuery, stmt: Select[Any]) -> Select[Any]:
    """Apply the query's filters to ``stmt`` (selecting from the kind's main table)."""
    kind = _check_kind(query.kind)
    text = query.text.strip()
    if not query.include_voided:
        stmt = stmt.where(_MAIN[kind].voided_at.is_(None))
    if kind == "consultations":
        if query.status:
            stmt = stmt.where(Consultation.handling_result == query.status)
        if query.type_code:
            stmt = stmt.where(Consultation.topic == query.type_code)
        stmt = _date_filter(stmt, Consultation.occurred_at, query, aware=True)
        if text:
            stmt = stmt.where(Consultation.number.like(_like(text), escape="\\"))
    elif kind == "mediations":
        if query.status:
            stmt = stmt.where(MediationCase.status == query.status)
        if query.type_code:
            stmt = stmt.where(MediationCase.dispute_type == query.type_code)
        stmt = _date_filter(stmt, MediationCase.registered_on, query, aware=False)
        if text:
            stmt = stmt.where(MediationCase.number.like(_like(text), escape="\\"))
    elif kind == "referrals":
        if query.status:
            stmt = stmt.where(AidReferral.status == query.status)
        if query.type_code:
            stmt = stmt.where(AidReferral.matter == query.type_code)
        stmt = _date_filter(stmt, AidReferral.applied_on, query, aware=False)
        if text:
            stmt = stmt.where(AidReferral.number.like(_like(text), escape="\\"))
    else:
        if query.type_code:
            # special_groups is a JSON array of codes: match the quoted code.
            stmt = stmt.where(
                type_coerce(Person.special_groups, String).like(f'%"{query.type_code}"%'))
        stmt = _date_filter(stmt, Person.created_at, query, aware=True)
        if text:
            stmt = stmt.where(Person.name.like(_like(text), escape="\\"))
    return stmt


_MAIN = {
    "consultations": Consultation,
    "mediations": MediationCase,
    "referrals": AidReferral,
    "persons": Person,
}


def _sort_terms(kind: str, key: str) -> list[Any]:
    """SQL expressions for a column key, before the ``id`` tiebreak."""
    if kind == "consultations":
        c = Consultation
        terms: dict[str, list[Any]] = {
            "number": [c.station_id, c.year, c.seq],
            "date": [c.occurred_at],
            "title": [Person.name],
            "type_label": [enum_order(c.topic, ConsultationTopic)],
            "status_label": [enum_order(c.handling_result, HandlingResult)],
            "extra": [enum_order(c.channel, Channel)],
        }
    elif kind == "mediations":
        m = MediationCase
        terms = {
            "number": [m.station_id, m.year, m.seq],
            "date": [m.registered_on],
            "type_label": [enum_order(m.dispute_type, DisputeType)],
            "status_label": [enum_order(m.status, MediationStatus)],
            "extra": [m.deadline],
        }
    elif kind == "referrals":
        r = AidReferral
        terms = {
            "number": [r.station_id, r.year, r.seq],
            "date": [r.applied_on],
            "title": [Person.name],
            "type_label": [enum_order(r.matter, AidMatter)],
            "status_label": [enum_order(r.status, AidStatus)],
            # urgency is a matter of the day: the deadline orders it without going stale
            "extra": [r.limitation_deadline],
        }
    else:
        p = Person
        terms = {
            "number": [p.id_number],
            "date": [p.created_at],
            "title": [p.name],
        }
    if key not in terms:
        raise ValueError(f"list {kind!r} cannot be sorted by {key!r}")
    return terms[key]


def _ordered(query: ListQuery, stmt: Select[Any]) -> Select[Any]:
    model = _MAIN[query.kind]
    terms = [*_sort_terms(query.kind, query.sort_key), model.id]
    return stmt.order_by(*(t.desc() if query.descending else t.asc() for t in terms))


def count_rows(db: Database, query: ListQuery) -> int:
    """Number of rows matching the query's filters.

    Without voided records it is "all matching" minus "voided matching": both counts use an
    index (the filters' or the partial index of voided rows), where "voided_at IS NULL" alone
    would read every row of the table.
    """
    if query.kind in _MODULE_KINDS:
        return int(_module(query.kind).count_rows(db, query))
    model = _MAIN[_check_kind(query.kind)]
    with_voided = replace(query, include_voided=True)
    stmt = _filtered(with_voided, select(func.count()).select_from(model))
    with db.read() as session:
        total = int(session.scalar(stmt) or 0)
        if query.include_voided or not total:
            return total
        voided = int(session.scalar(stmt.where(model.voided_at.is_not(None))) or 0)
        return total - voided


def fetch_rows(db: Database, query: ListQuery, offset: int, limit: int, *,
               today: date | None = None) -> list[ListRow]:
    """One page of rows, sorted by ``query.sort_key`` then id (stable across pages)."""
    if query.kind in _MODULE_KINDS:
        return list(_module(query.kind).fetch_rows(db, query, offset, limit))
    kind = _check_kind(query.kind)
    _sort_terms(kind, query.sort_key)  # refuse an unknown key before touching the database
    if limit <= 0:
        return []
    day = today or date.today()
    with db.read() as session:
        if kind == "consultations":
            return _consultation_rows(session, query, offset, limit)
        if kind == "mediations":
            return _mediation_rows(session, query, offset, limit, day)
        if kind == "referrals":
            return _referral_rows(session, query, offset, limit, day)
        return _person_rows(session, query, offset, limit)


_PERSON_FK = {"consultations": Consultation.person_id, "referrals": AidReferral.applicant_id}


def _page_ids(session: Session, query: ListQuery, offset: int, limit: int) -> list[str]:
    """Ids of one page in order. Only the sort needs other tables, so the page is chosen on
    the main table alone and the names are joined for its rows only (a join over all rows
    before the sort made a consultations page ~150 ms instead of ~2 ms)."""
    model = _MAIN[query.kind]
    stmt = select(model.id).select_from(model)
    if query.sort_key == "title" and query.kind in _PERSON_FK:
        stmt = stmt.outerjoin(Person, Person.id == _PERSON_FK[query.kind])
    stmt = _ordered(query, _filtered(query, stmt)).offset(max(0, offset)).limit(limit)
    return list(session.scalars(stmt))


def _in_page_order(rows: Sequence[Any], ids: list[str]) -> list[Any]:
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def _consultation_rows(session: Session, query: ListQuery, offset: int,
                       limit: int) -> list[ListRow]:
    c = Consultation
    ids = _page_ids(session, query, offset, limit)
    if not ids:
        return []
    rows = session.execute(
        select(c.id, c.number, c.occurred_at, c.topic, c.handling_result, c.channel, Person.name,
               c.void_reason, c.voided_at)
        .select_from(c).outerjoin(Person, Person.id == c.person_id).where(c.id.in_(ids))
    ).all()
    result = []
    for r in _in_page_order(rows, ids):
        when = r.occurred_at.astimezone()
        result.append(ListRow(
            id=r.id, number=r.number, date=when.date(), when=when,
            title=r.name or ANONYMOUS, type_label=ConsultationTopic.label_of(r.topic),
            status=r.handling_result,
            status_label=marked(HandlingResult.label_of(r.handling_result), r),
            extra=Channel.label_of(r.channel), void_note=void_note(r),
        ))
    return result


def mediation_extra(status: str, deadline: date | None, today: date) -> tuple[str, bool]:
    """Deadline column text of a case and whether it is overdue."""
    if status in (MediationStatus.ACCEPTED, MediationStatus.MEDIATING) and deadline:
        state = due_state(deadline, today)
        return f"{deadline:%Y-%m-%d}（{state.label}）", state.overdue
    if status == MediationStatus.REGISTERED:
        return "待受理", False
    return (f"{deadline:%Y-%m-%d}" if deadline else ""), False


def _mediation_rows(session: Session, query: ListQuery, offset: int, limit: int,
                    today: date) -> list[ListRow]:
    m = MediationCase
    ids = _page_ids(session, query, offset, limit)
    if not ids:
        return []
    rows = session.execute(
        select(m.id, m.number, m.registered_on, m.dispute_type, m.status, m.deadline,
               m.void_reason, m.voided_at)
        .where(m.id.in_(ids))
    ).all()
    titles = party_titles(session, ids)
    result = []
    for r in _in_page_order(rows, ids):
        extra, overdue = mediation_extra(r.status, r.deadline, today)
        if r.voided_at is not None:
            extra, overdue = "", False
        result.append(ListRow(
            id=r.id, number=r.number, date=r.registered_on, title=titles.get(r.id, ""),
            type_label=DisputeType.label_of(r.dispute_type), status=r.status,
            status_label=marked(MediationStatus.label_of(r.status), r), extra=extra,
            alert=overdue,
            void_note=void_note(r),
        ))
    return result


_OPEN_AID = (AidStatus.DRAFT, AidStatus.FORWARDED, AidStatus.RECEIVED)


def _referral_rows(session: Session, query: ListQuery, offset: int,
                   limit: int, today: date) -> list[ListRow]:
    r = AidReferral
    ids = _page_ids(session, query, offset, limit)
    if not ids:
        return []
    rows = session.execute(
        select(r.id, r.number, r.applied_on, r.matter, r.status, r.limitation_deadline,
               Person.name,
               r.void_reason, r.voided_at)
        .select_from(r).outerjoin(Person, Person.id == r.applicant_id).where(r.id.in_(ids))
    ).all()
    out = []
    for row in _in_page_order(rows, ids):
        urgent = is_urgent(row.limitation_deadline, today)
        out.append(ListRow(
            id=row.id, number=row.number, date=row.applied_on,
            title=row.name or EMPTY, type_label=AidMatter.label_of(row.matter),
            status=row.status, status_label=marked(AidStatus.label_of(row.status), row),
            extra="紧急" if urgent else "",
            alert=urgent and row.status in _OPEN_AID and row.voided_at is None,
            void_note=void_note(row),
        ))
    return out


def group_labels(codes: Iterable[str]) -> str:
    return "、".join(SpecialGroup.label_of(code) for code in codes)


def _person_rows(session: Session, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
    p = Person
    ids = _page_ids(session, query, offset, limit)
    if not ids:
        return []
    rows = session.execute(
        select(p.id, p.name, p.sex, p.id_number, p.phone, p.created_at, p.special_groups,
               p.void_reason, p.voided_at)
        .where(p.id.in_(ids))
    ).all()
    return [
        ListRow(
            id=row.id, number=mask_id_number(row.id_number or ""),
            date=row.created_at.astimezone().date(), title=row.name,
            type_label=group_labels(row.special_groups or ()),
            status=row.sex or "", status_label=Sex.label_of(row.sex), extra=row.phone,
            void_note=void_note(row),
        )
        for row in _in_page_order(rows, ids)
    ]
