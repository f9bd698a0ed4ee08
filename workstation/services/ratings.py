"""Citizens' ratings (群众评价) and the admin's review of a 不满意 (``domain.rating``).

``record_rating`` is the one writer of ratings: the rating screen (群众自评, 评价屏), a returned
slip (群众自评, 回收评价单), a follow-up visit (回访) and a consultation registered with a
satisfaction ticked by the operator (工作人员代录). A 不满意 opens its review in the same
transaction. ``release_screen`` checks the operator's password that lets the operator leave
the rating screen without a rating (audited either way).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.domain.enums import Satisfaction
from workstation.domain.rating import (
    MAX_TEXT,
    RATED_RECORDS,
    RatingMethod,
    RatingReason,
    RatingSource,
    check_rating,
    needs_review,
    review_due,
)
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    Operator,
    Rating,
    RatingReview,
)

from .context import Actor, NotFound, ServiceError, UnitOfWork
from .permissions import require_admin

#: The rated record's table, its number column and the operator whose service it is.
_RATED = {
    "consultation": (Consultation, Consultation.operator_id),
    "mediation_case": (MediationCase, MediationCase.mediator_id),
    "aid_referral": (AidReferral, AidReferral.operator_id),
}


class ScreenReleaseFailed(ServiceError):
    """The password given to leave the rating screen was wrong."""


@dataclass(frozen=True)
class RatedRecord:
    record_type: str
    record_id: str
    number: str
    kind_label: str


@dataclass(frozen=True)
class RatingInfo:
    id: str
    record_type: str
    record_id: str
    value: str
    value_label: str
    source: str
    source_label: str
    method: str
    method_label: str
    reasons: tuple[str, ...]
    reason_labels: str
    comment: str
    rated_at: datetime
    operator_name: str


@dataclass(frozen=True)
class ReviewInfo:
    id: str
    rating_id: str
    record_type: str
    record_id: str
    number: str
    kind_label: str
    rated_at: datetime
    source_label: str
    reason_labels: str
    comment: str
    due_on: date
    reason: str
    action_taken: str
    contacted_on: date | None
    contact_method: str
    closed_at: datetime | None
    closed_by_name: str

    def overdue(self, today: date) -> bool:
        return self.closed_at is None and self.due_on < today


def day_moment(day: date) -> datetime:
    """When a rating known only by its day (a follow-up visit) was given: local noon."""
    return datetime.combine(day, time(12)).astimezone()


def _rated_row(session: Session, record_type: str, record_id: str) -> RatedRecord:
    if record_type not in _RATED:
        raise ServiceError("这类记录不能评价")
    model, _operator = _RATED[record_type]
    row = session.get(model, record_id)
    if row is None:
        raise NotFound("找不到要评价的记录")
    if getattr(row, "voided_at", None) is not None:
        raise ServiceError("该记录已作废，不能评价")
    return RatedRecord(record_type, record_id, row.number, RATED_RECORDS[record_type])


def rated_record(db: Database, record_type: str, record_id: str) -> RatedRecord:
    """The record a rating screen or slip is for (its number and kind)."""
    with db.read() as session:
        return _rated_row(session, record_type, record_id)


def find_rated_record(db: Database, number: str) -> RatedRecord:
    """The consultation, case or aid application a returned slip names by its number."""
    number = (number or "").strip()
    if not number:
        raise ServiceError("请填写评价单上的编号")
    with db.read() as session:
        for record_type, (model, _operator) in _RATED.items():
            record_id = session.scalars(select(model.id).where(model.number == number)).first()
            if record_id is not None:
                return _rated_row(session, record_type, record_id)
    raise NotFound(f"找不到编号为“{number}”的咨询、调解案件或援助申请")


def add_rating(uow: UnitOfWork, *, record_type: str, record_id: str, value: str, source: str,
               method: str, reasons: list[str] | tuple[str, ...] = (), comment: str = "",
               rated_at: datetime | None = None) -> str:
    """Write a rating (and a 不满意's review) in ``uow``; the caller commits."""
    assert uow.actor is not None
    reasons = list(dict.fromkeys(reasons))
    comment = (comment or "").strip()
    errors = check_rating(record_type, value, source, method, reasons)
    if len(comment) > MAX_TEXT:
        errors.append(f"意见不能超过{MAX_TEXT}字")
    if errors:
        raise ServiceError("；".join(errors))
    record = _rated_row(uow.session, record_type, record_id)
    rated_at = rated_at or datetime.now(UTC)
    row = uow.insert(Rating, station_id=uow.actor.station_id, record_type=record_type,
                     record_id=record_id, value=value, source=source, method=method,
                     reasons=reasons, comment=comment, rated_at=rated_at,
                     operator_id=uow.actor.operator_id)
    uow.audit("rating", "rating", row["id"],
              f"{record.number} {Satisfaction.label_of(value)}"
              f"（{RatingSource.label_of(source)}·{RatingMethod.label_of(method)}）")
    if needs_review(value):
        review = uow.insert(RatingReview, station_id=uow.actor.station_id,
                            rating_id=row["id"], due_on=review_due(rated_at.astimezone().date()))
        uow.audit("create", "rating_review", review["id"], record.number)
    return str(row["id"])


def correct_staff_rating(uow: UnitOfWork, *, record_type: str, record_id: str,
                         old: str | None, new: str | None, rated_at: datetime) -> None:
    """A correction of the satisfaction an operator ticked on the record: its 工作人员代录
    rating follows (made when there was none; a 不满意 gets its review). The citizens' own
    ratings are never changed; a tick cannot be cleared once recorded."""
    if (old or None) == (new or None):
        return
    if not new:
        raise ServiceError("已登记的满意度不能清除，可以改为其他评价")
    existing = uow.session.scalars(
        select(Rating).where(Rating.record_type == record_type, Rating.record_id == record_id,
                             Rating.source == RatingSource.STAFF)
        .order_by(Rating.rated_at.desc())).first()
    if existing is None:
        add_rating(uow, record_type=record_type, record_id=record_id, value=new,
                   source=RatingSource.STAFF, method=RatingMethod.ENTERED, rated_at=rated_at)
        return
    if new not in {v.value for v in Satisfaction}:
        raise ServiceError("请选择满意、基本满意或不满意")
    # Through the ORM: Core's ``uow.update`` binds ``record_id``, a column of this table.
    existing.value = new
    uow.session.flush()
    has_review = uow.session.scalars(
        select(RatingReview.id).where(RatingReview.rating_id == existing.id)).first()
    if needs_review(new) and has_review is None:
        review = uow.insert(RatingReview, station_id=existing.station_id, rating_id=existing.id,
                            due_on=review_due(datetime.now(UTC).astimezone().date()))
        assert uow.actor is not None
        uow.audit("create", "rating_review", review["id"], "")


def record_rating(db: Database, actor: Actor, *, record_type: str, record_id: str, value: str,
                  source: str, method: str, reasons: list[str] | tuple[str, ...] = (),
                  comment: str = "", rated_at: datetime | None = None) -> str:
    """Save one rating in its own transaction; its id."""
    with UnitOfWork(db, actor) as uow:
        rating_id = add_rating(uow, record_type=record_type, record_id=record_id, value=value,
                               source=source, method=method, reasons=reasons, comment=comment,
                               rated_at=rated_at)
        uow.commit()
        return rating_id


def enter_returned_slip(db: Database, actor: Actor, *, number: str, value: str,
                        reasons: list[str] | tuple[str, ...] = (), comment: str = "",
                        rated_at: datetime | None = None) -> str:
    """A paper rating slip brought back: the citizen's own rating (回收评价单)."""
    record = find_rated_record(db, number)
    return record_rating(db, actor, record_type=record.record_type, record_id=record.record_id,
                         value=value, source=RatingSource.CITIZEN, method=RatingMethod.SLIP,
                         reasons=reasons, comment=comment, rated_at=rated_at)


def release_screen(db: Database, actor: Actor, password: str, record_type: str = "",
                   record_id: str = "") -> None:
    """Check the operator's password that closes the rating screen unrated; audited."""
    from .security import LoginFailed, verify_password

    ok = False
    try:
        verify_password(db, actor, password, queue=False)
        ok = True
    except LoginFailed:
        pass
    with UnitOfWork(db, actor) as uow:
        uow.audit("rating.screen_closed" if ok else "rating.screen_close_failed",
                  record_type, record_id, "" if ok else "密码错误")
        uow.commit()
    if not ok:
        raise ScreenReleaseFailed("密码错误，请由工作人员输入本人的登录密码")


def _reason_labels(reasons: list[str] | tuple[str, ...] | None) -> str:
    return "、".join(RatingReason.label_of(r) for r in reasons or ())


def ratings_of(db: Database, record_type: str, record_id: str) -> list[RatingInfo]:
    """A record's ratings, oldest first."""
    with db.read() as session:
        rows = session.execute(
            select(Rating, Operator.name).outerjoin(Operator, Operator.id == Rating.operator_id)
            .where(Rating.record_type == record_type, Rating.record_id == record_id)
            .order_by(Rating.rated_at)).all()
        return [RatingInfo(r.id, r.record_type, r.record_id, r.value,
                           Satisfaction.label_of(r.value), r.source,
                           RatingSource.label_of(r.source), r.method,
                           RatingMethod.label_of(r.method), tuple(r.reasons or ()),
                           _reason_labels(r.reasons), r.comment, r.rated_at, name or "")
                for r, name in rows]


def reviews(db: Database, *, open_only: bool = True) -> list[ReviewInfo]:
    """Reviews of 不满意 ratings, the earliest due first."""
    with db.read() as session:
        query = (select(RatingReview, Rating).join(Rating, Rating.id == RatingReview.rating_id)
                 .order_by(RatingReview.due_on, Rating.rated_at))
        if open_only:
            query = query.where(RatingReview.closed_at.is_(None))
        out: list[ReviewInfo] = []
        for review, rating in session.execute(query).all():
            record = _rated_row_any(session, rating.record_type, rating.record_id)
            closer = session.get(Operator, review.closed_by) if review.closed_by else None
            out.append(ReviewInfo(
                review.id, rating.id, rating.record_type, rating.record_id, record.number,
                record.kind_label, rating.rated_at, RatingSource.label_of(rating.source),
                _reason_labels(rating.reasons), rating.comment, review.due_on, review.reason,
                review.action_taken, review.contacted_on, review.contact_method,
                review.closed_at, closer.name if closer else ""))
        return out


def _rated_row_any(session: Session, record_type: str, record_id: str) -> RatedRecord:
    """Like ``_rated_row`` but for listing: a voided or missing record still shows."""
    model, _operator = _RATED.get(record_type, (None, None))
    row = session.get(model, record_id) if model is not None else None
    return RatedRecord(record_type, record_id, row.number if row is not None else "",
                       RATED_RECORDS.get(record_type, record_type))


@dataclass(frozen=True)
class ReviewDue:
    record_type: str
    record_id: str
    number: str
    title: str
    due_on: date


def reviews_due(session: Session, horizon: date) -> list[ReviewDue]:
    """Open reviews due by ``horizon`` (the workbench's deadline list), on ``session``."""
    rows = session.execute(
        select(RatingReview.due_on, Rating.record_type, Rating.record_id, Rating.source,
               Rating.reasons)
        .join(Rating, Rating.id == RatingReview.rating_id)
        .where(RatingReview.closed_at.is_(None), RatingReview.due_on <= horizon)).all()
    out = []
    for due_on, record_type, record_id, source, reasons in rows:
        record = _rated_row_any(session, record_type, record_id)
        why = _reason_labels(reasons)
        title = f"{record.kind_label}：{RatingSource.label_of(source)}不满意"
        out.append(ReviewDue(record_type, record_id, record.number,
                             f"{title}（{why}）" if why else title, due_on))
    return out


def overdue_reviews(db: Database, today: date) -> int:
    """Open reviews past their day (the 限时办结 reminders)."""
    with db.read() as session:
        return int(session.scalar(
            select(func.count()).select_from(RatingReview)
            .where(RatingReview.closed_at.is_(None), RatingReview.due_on < today)) or 0)


def close_review(db: Database, actor: Actor, review_id: str, *, reason: str,
                 action_taken: str, contacted_on: date | None, contact_method: str,
                 now: datetime | None = None, today: date | None = None) -> None:
    """The admin closes a 不满意's review: why the citizen was dissatisfied, what was done,
    when and how the citizen was contacted (all required)."""
    require_admin(actor, "处理不满意评价")
    reason, action_taken = (reason or "").strip(), (action_taken or "").strip()
    contact_method = (contact_method or "").strip()
    errors = []
    if not reason:
        errors.append("请填写不满意的原因")
    if not action_taken:
        errors.append("请填写采取的措施")
    if contacted_on is None or not contact_method:
        errors.append("请填写联系群众的日期和方式")
    elif contacted_on > (today or date.today()):
        errors.append("联系群众的日期不能晚于今天")
    if any(len(x) > MAX_TEXT for x in (reason, action_taken, contact_method)):
        errors.append(f"每项不能超过{MAX_TEXT}字")
    if errors:
        raise ServiceError("；".join(errors))
    with UnitOfWork(db, actor) as uow:
        review = uow.session.get(RatingReview, review_id)
        if review is None:
            raise NotFound("找不到该不满意评价的处理任务")
        if review.closed_at is not None:
            raise ServiceError("该不满意评价已处理完毕")
        uow.update(RatingReview, review_id, reason=reason, action_taken=action_taken,
                   contacted_on=contacted_on, contact_method=contact_method,
                   closed_at=now or datetime.now(UTC), closed_by=actor.operator_id)
        uow.audit("rating.review", "rating_review", review_id, action_taken[:60])
        uow.commit()
