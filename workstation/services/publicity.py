"""Legal publicity activities (普法宣传): register, edit, open and list them.

An activity, its operators and its photos are written in one transaction with their audit
entry (and, through the triggers, their change-log rows for sync). Edits are versioned: the
form hands back the version it showed and an edit of a newer version is refused. Photos are
prepared beforehand (``services.photos.prepare_photo``, on a worker thread) and stored in
the database; a removed photo keeps its row with its bytes cleared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workstation.domain.numbering import NumberKind
from workstation.domain.publicity import (
    MAX_PHOTOS,
    ActivityInput,
    PublicityForm,
    PublicityPlace,
)
from workstation.storage.engine import Database
from workstation.storage.models import (
    Operator,
    PublicityActivity,
    PublicityOperator,
    PublicityPhoto,
    Station,
)
from workstation.storage.types import utcnow

from .context import Actor, NotFound, ServiceError, UnitOfWork
from .listing import Column, ListQuery, ListRow, enum_order, like_pattern
from .numbers import next_number
from .photos import PreparedPhoto

RECORD_TYPE = "publicity_activity"
KIND = "activities"
STALE = "该活动已被修改（可能是其他人同时在编辑），请重新打开后再修改"
_FIELDS = ("held_on", "place_kind", "place", "form", "theme", "audience", "materials", "notes")


# --- writing ------------------------------------------------------------------------------


def create_activity(db: Database, actor: Actor, data: ActivityInput,
                    photos: Sequence[PreparedPhoto] = (), *, today: date | None = None) -> str:
    """Save a new activity with its operators and photos; returns its id."""
    data = data.validated(today)
    _check_photo_count(len(photos))
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        station = session.get_one(Station, actor.station_id)
        operators = _operators(session, data.operator_ids or (actor.operator_id,))
        seq, number = next_number(session, station, NumberKind.PUBLICITY, data.held_on.year)
        activity = PublicityActivity(
            station_id=station.id, year=data.held_on.year, seq=seq, number=number,
            operator_id=actor.operator_id, **{f: getattr(data, f) for f in _FIELDS},
        )
        session.add(activity)
        session.flush()
        for position, operator_id in enumerate(operators):
            session.add(PublicityOperator(station_id=station.id, activity_id=activity.id,
                                          operator_id=operator_id, position=position))
        _add_photos(session, activity, photos, start=0)
        session.flush()
        uow.audit("create", RECORD_TYPE, activity.id,
                  f"{number} operators={len(operators)} photos={len(photos)}")
        uow.commit()
        return activity.id


def update_activity(db: Database, actor: Actor, activity_id: str, data: ActivityInput, *,
                    expected_version: int, add_photos: Sequence[PreparedPhoto] = (),
                    remove_photo_ids: Sequence[str] = (), today: date | None = None) -> int:
    """Change an activity (fields, operators, photos added or removed); returns the new
    version. Refused when the activity changed since ``expected_version`` was read."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        activity = session.get(PublicityActivity, activity_id)
        if activity is None:
            raise NotFound("找不到该普法宣传活动")
        if activity.version != expected_version:
            raise ServiceError(STALE)
        # The activity row itself is changed last, once: its version grows by one per edit.
        fields = [f for f in _FIELDS if getattr(activity, f) != getattr(data, f)]
        changed = list(fields)
        wanted = _operators(session, data.operator_ids or (activity.operator_id,),
                            keep=_current_operator_ids(session, activity.id))
        if _set_operators(session, activity, wanted):
            changed.append("operators")
        removed = _remove_photos(session, activity.id, remove_photo_ids)
        kept = int(session.scalar(
            select(func.count()).select_from(PublicityPhoto)
            .where(PublicityPhoto.activity_id == activity.id,
                   PublicityPhoto.removed.is_(False))) or 0)
        _check_photo_count(kept + len(add_photos))
        start = int(session.scalar(select(func.max(PublicityPhoto.position))
                                   .where(PublicityPhoto.activity_id == activity.id)) or 0) + 1
        _add_photos(session, activity, add_photos, start=start)
        if add_photos or removed:
            changed.append(f"photos+{len(add_photos)}-{removed}")
        if not changed:
            return activity.version
        for name in fields:
            setattr(activity, name, getattr(data, name))
        activity.updated_at = utcnow()  # every edit bumps the activity's version
        session.flush()
        uow.audit("update", RECORD_TYPE, activity.id,
                  f"{activity.number} v{activity.version}: {', '.join(changed)}")
        uow.commit()
        return activity.version


def _check_photo_count(count: int) -> None:
    if count > MAX_PHOTOS:
        raise ServiceError(f"每次活动最多保存{MAX_PHOTOS}张照片，请删去一些后再保存")


def _operators(session: Session, ids: Sequence[str], keep: Sequence[str] = ()) -> list[str]:
    """``ids`` in order, each an operator of this station (active, or already on the
    activity)."""
    wanted = list(dict.fromkeys(ids))
    rows = dict(session.execute(
        select(Operator.id, Operator.active).where(Operator.id.in_(wanted))).all())
    for operator_id in wanted:
        if operator_id not in rows:
            raise ServiceError("所选的工作人员不存在，请重新选择")
        if not rows[operator_id] and operator_id not in keep:
            raise ServiceError("所选的工作人员账户已停用，请重新选择")
    return wanted


def _current_operator_ids(session: Session, activity_id: str) -> list[str]:
    return list(session.scalars(
        select(PublicityOperator.operator_id)
        .where(PublicityOperator.activity_id == activity_id,
               PublicityOperator.removed.is_(False))))


def _set_operators(session: Session, activity: PublicityActivity, wanted: list[str]) -> bool:
    """Make the activity's participants exactly ``wanted`` (in order); True if any changed."""
    links = {link.operator_id: link for link in session.scalars(
        select(PublicityOperator).where(PublicityOperator.activity_id == activity.id))}
    changed = False
    for position, operator_id in enumerate(wanted):
        link = links.get(operator_id)
        if link is None:
            session.add(PublicityOperator(station_id=activity.station_id,
                                          activity_id=activity.id, operator_id=operator_id,
                                          position=position))
            changed = True
        elif link.removed or link.position != position:
            link.removed, link.position = False, position
            changed = True
    for operator_id, link in links.items():
        if operator_id not in wanted and not link.removed:
            link.removed = True
            changed = True
    return changed


def _add_photos(session: Session, activity: PublicityActivity,
                photos: Sequence[PreparedPhoto], *, start: int) -> None:
    for offset, photo in enumerate(photos):
        session.add(PublicityPhoto(
            station_id=activity.station_id, activity_id=activity.id, position=start + offset,
            file_name=photo.file_name, width=photo.width, height=photo.height,
            size_bytes=photo.size_bytes, sha256=photo.sha256, data=photo.data,
            thumbnail=photo.thumbnail,
        ))


def _remove_photos(session: Session, activity_id: str, photo_ids: Sequence[str]) -> int:
    """Mark photos removed and clear their bytes; returns how many were removed."""
    if not photo_ids:
        return 0
    photos = list(session.scalars(select(PublicityPhoto).where(
        PublicityPhoto.id.in_(list(dict.fromkeys(photo_ids))))))
    if len(photos) != len(set(photo_ids)) or any(p.activity_id != activity_id for p in photos):
        raise ServiceError("要删除的照片不属于该活动，请重新打开后再试")
    count = 0
    for photo in photos:
        if not photo.removed:
            photo.removed, photo.data, photo.thumbnail = True, b"", b""
            count += 1
    return count


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhotoInfo:
    id: str
    position: int
    file_name: str
    width: int
    height: int
    size_bytes: int
    thumbnail: bytes


@dataclass(frozen=True)
class ActivityOperator:
    id: str
    name: str


@dataclass(frozen=True)
class ActivityDetail:
    id: str
    number: str
    held_on: date
    place_kind: str
    place_kind_label: str
    place: str
    form: str
    form_label: str
    theme: str
    audience: int
    materials: int
    notes: str
    registered_by: str
    operators: list[ActivityOperator] = field(default_factory=list)
    photos: list[PhotoInfo] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1

    @property
    def operator_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.operators)

    def as_input(self) -> ActivityInput:
        return ActivityInput(
            held_on=self.held_on, place_kind=self.place_kind, place=self.place, form=self.form,
            theme=self.theme, audience=self.audience, materials=self.materials,
            notes=self.notes, operator_ids=self.operator_ids)


def load_activity(db: Database, activity_id: str) -> ActivityDetail:
    """An activity with its participants and its photos' thumbnails (not the full images)."""
    with db.read() as session:
        a = session.get(PublicityActivity, activity_id)
        if a is None:
            raise NotFound("找不到该普法宣传活动")
        operators = session.execute(
            select(Operator.id, Operator.name).join(
                PublicityOperator, PublicityOperator.operator_id == Operator.id)
            .where(PublicityOperator.activity_id == a.id, PublicityOperator.removed.is_(False))
            .order_by(PublicityOperator.position, Operator.name)).all()
        registered_by = session.scalar(select(Operator.name).where(Operator.id == a.operator_id))
        p = PublicityPhoto
        photos = session.execute(
            select(p.id, p.position, p.file_name, p.width, p.height, p.size_bytes, p.thumbnail)
            .where(p.activity_id == a.id, p.removed.is_(False))
            .order_by(p.position, p.id)).all()
        return ActivityDetail(
            id=a.id, number=a.number, held_on=a.held_on, place_kind=a.place_kind,
            place_kind_label=PublicityPlace.label_of(a.place_kind), place=a.place, form=a.form,
            form_label=PublicityForm.label_of(a.form), theme=a.theme, audience=a.audience,
            materials=a.materials, notes=a.notes, registered_by=registered_by or "",
            operators=[ActivityOperator(i, n) for i, n in operators],
            photos=[PhotoInfo(*row) for row in photos],
            created_at=a.created_at, updated_at=a.updated_at, version=a.version,
        )


def photo_image(db: Database, photo_id: str) -> bytes:
    """The stored JPEG of a photo (for viewing it full size)."""
    with db.read() as session:
        data = session.scalar(select(PublicityPhoto.data).where(PublicityPhoto.id == photo_id,
                                                                PublicityPhoto.removed.is_(False)))
    if data is None:
        raise NotFound("找不到该照片")
    return bytes(data)


# --- the list (services.listing dispatches the "activities" kind here) ---------------------

COLUMNS = (
    Column("number", "编号", True),
    Column("date", "活动日期", True),
    Column("title", "宣传主题", True),
    Column("type_label", "活动地点", True),
    Column("status_label", "宣传形式", True),
    Column("extra", "受众人数", True),
)


def _filtered(query: ListQuery, stmt: Select[Any]) -> Select[Any]:
    a = PublicityActivity
    if query.status:
        stmt = stmt.where(a.form == query.status)
    if query.type_code:
        stmt = stmt.where(a.place_kind == query.type_code)
    if query.date_from:
        stmt = stmt.where(a.held_on >= query.date_from)
    if query.date_to:
        stmt = stmt.where(a.held_on <= query.date_to)
    text = query.text.strip()
    if text:
        pattern = like_pattern(text)
        stmt = stmt.where(a.number.like(pattern, escape="\\") | a.theme.like(pattern, escape="\\")
                          | a.place.like(pattern, escape="\\"))
    return stmt


def _sort_terms(key: str) -> list[Any]:
    a = PublicityActivity
    terms: dict[str, list[Any]] = {
        "number": [a.station_id, a.year, a.seq],
        "date": [a.held_on, a.year, a.seq],
        "title": [a.theme],
        "type_label": [enum_order(a.place_kind, PublicityPlace), a.place],
        "status_label": [enum_order(a.form, PublicityForm)],
        "extra": [a.audience],
    }
    if key not in terms:
        raise ValueError(f"list 'activities' cannot be sorted by {key!r}")
    return terms[key]


def count_rows(db: Database, query: ListQuery) -> int:
    stmt = _filtered(query, select(func.count()).select_from(PublicityActivity))
    with db.read() as session:
        return int(session.scalar(stmt) or 0)


def fetch_rows(db: Database, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
    terms = [*_sort_terms(query.sort_key), PublicityActivity.id]
    if limit <= 0:
        return []
    a = PublicityActivity
    photos = (select(func.count()).select_from(PublicityPhoto)
              .where(PublicityPhoto.activity_id == a.id, PublicityPhoto.removed.is_(False))
              .correlate(a).scalar_subquery())
    stmt = _filtered(query, select(a.id, a.number, a.held_on, a.theme, a.place_kind, a.place,
                                   a.form, a.audience, photos.label("photos")))
    stmt = stmt.order_by(*(t.desc() if query.descending else t.asc() for t in terms))
    with db.read() as session:
        rows = session.execute(stmt.offset(max(0, offset)).limit(limit)).all()
    return [
        ListRow(
            id=r.id, number=r.number, date=r.held_on, title=r.theme,
            type_label=f"{PublicityPlace.label_of(r.place_kind)} · {r.place}",
            status=r.form, status_label=PublicityForm.label_of(r.form),
            extra=f"{r.audience}人" + (f"（照片{r.photos}张）" if r.photos else ""),
        )
        for r in rows
    ]


def list_activities(db: Database, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Newest first, for the command line (``list activities``)."""
    a = PublicityActivity
    photos = (select(func.count()).select_from(PublicityPhoto)
              .where(PublicityPhoto.activity_id == a.id, PublicityPhoto.removed.is_(False))
              .correlate(a).scalar_subquery())
    participants = (select(func.count()).select_from(PublicityOperator)
                    .where(PublicityOperator.activity_id == a.id,
                           PublicityOperator.removed.is_(False))
                    .correlate(a).scalar_subquery())
    stmt = (select(a.id, a.number, a.held_on, a.place_kind, a.place, a.form, a.theme,
                   a.audience, a.materials, participants.label("operators"),
                   photos.label("photos"))
            .order_by(a.held_on.desc(), a.number.desc()).limit(limit))
    with db.read() as session:
        return [
            {"id": r.id, "number": r.number, "held_on": r.held_on.isoformat(),
             "place_kind": r.place_kind, "place": r.place, "form": r.form, "theme": r.theme,
             "audience": r.audience, "materials": r.materials, "operators": r.operators,
             "photos": r.photos}
            for r in session.execute(stmt)
        ]

