"""The station's people's mediation committees (人民调解委员会).

Everyone reads them (the case form's choice, printing); only the station admin changes them:
adding, editing, deactivating, and deleting one no case names. Exactly one active committee is
the station's default (a new case gets it unless the mediator chooses another); the last
active committee cannot be deactivated.

Printing and every other reader name a case's committee through :func:`case_committee` /
:func:`committee_names` (never from the station's name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workstation.domain.committees import CommitteeInput, CommitteeType, suggest_committee
from workstation.storage.engine import Database
from workstation.storage.models import MediationCase, MediationCommittee, Operator, Station

from .context import Actor, NotFound, ServiceError, UnitOfWork

RECORD_TYPE = "mediation_committee"
ADMIN_ONLY = "只有站点管理员可以管理人民调解委员会"
STALE = "该调解委员会已被修改（可能是其他人同时在编辑），请重新打开后再修改"
NOT_FOUND = "找不到该人民调解委员会"
_FIELDS = ("name", "kind", "division_code", "other_mediators", "active", "is_default")


@dataclass(frozen=True)
class CommitteeInfo:
    id: str
    name: str
    kind: str
    kind_label: str
    division_code: str
    operator_ids: tuple[str, ...]
    #: Names of the operators in ``operator_ids`` (same order; unknown ids left out).
    operator_names: tuple[str, ...]
    other_mediators: str
    is_default: bool
    active: bool
    #: How many cases (voided ones included) belong to it.
    cases: int = 0
    version: int = 1

    @property
    def mediators(self) -> str:
        """Every mediator as one line: operators, then the other names."""
        names = list(self.operator_names)
        names += [n for n in self.other_mediators.split("、") if n]
        return "、".join(dict.fromkeys(names))

    def as_input(self) -> CommitteeInput:
        return CommitteeInput(name=self.name, kind=self.kind, division_code=self.division_code,
                              operator_ids=self.operator_ids,
                              other_mediators=self.other_mediators, active=self.active,
                              is_default=self.is_default)


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise ServiceError(ADMIN_ONLY)


def _infos(session: Session, rows: Sequence[MediationCommittee]) -> list[CommitteeInfo]:
    ids = [r.id for r in rows]
    counts = dict(session.execute(
        select(MediationCase.committee_id, func.count())
        .where(MediationCase.committee_id.in_(ids))  # type: ignore[union-attr]
        .group_by(MediationCase.committee_id)).all()) if ids else {}
    op_ids = {i for r in rows for i in (r.operator_ids or [])}
    names = dict(session.execute(select(Operator.id, Operator.name)
                                 .where(Operator.id.in_(op_ids))).all()) if op_ids else {}
    return [CommitteeInfo(
        id=r.id, name=r.name, kind=r.kind, kind_label=CommitteeType.label_of(r.kind),
        division_code=r.division_code, operator_ids=tuple(r.operator_ids or ()),
        operator_names=tuple(names[i] for i in (r.operator_ids or ()) if i in names),
        other_mediators=r.other_mediators, is_default=r.is_default, active=r.active,
        cases=int(counts.get(r.id, 0)), version=r.version,
    ) for r in rows]


def _ordered() -> Any:
    c = MediationCommittee
    return select(c).order_by(c.active.desc(), c.is_default.desc(), c.name, c.id)


# --- reading ----------------------------------------------------------------------------------


def list_committees(db: Database, *, active_only: bool = False) -> list[CommitteeInfo]:
    """The station's committees: active ones first, the default first among them."""
    stmt = _ordered()
    if active_only:
        stmt = stmt.where(MediationCommittee.active.is_(True))
    with db.read() as session:
        return _infos(session, list(session.scalars(stmt)))


def load_committee(db: Database, committee_id: str) -> CommitteeInfo:
    with db.read() as session:
        row = session.get(MediationCommittee, committee_id)
        if row is None:
            raise NotFound(NOT_FOUND)
        return _infos(session, [row])[0]


def default_committee(db: Database) -> CommitteeInfo | None:
    """The committee a new case gets (None while the station has no active committee)."""
    active = list_committees(db, active_only=True)
    return active[0] if active else None


def case_committee(db: Database, case_id: str) -> CommitteeInfo | None:
    """The committee a case belongs to (None for a case without one)."""
    with db.read() as session:
        committee_id = session.scalar(select(MediationCase.committee_id)
                                      .where(MediationCase.id == case_id))
        row = session.get(MediationCommittee, committee_id) if committee_id else None
        return _infos(session, [row])[0] if row is not None else None


def committee_names(session: Session, committee_ids: Sequence[str | None]) -> dict[str, str]:
    """Committee id → its name (as on its seal), for the given ids, in one query."""
    wanted = sorted({i for i in committee_ids if i})
    if not wanted:
        return {}
    rows = session.execute(select(MediationCommittee.id, MediationCommittee.name)
                           .where(MediationCommittee.id.in_(wanted)))
    return {cid: name for cid, name in rows}


def check_case_committee(session: Session, committee_id: str | None) -> str:
    """The committee a new or edited case is given: the chosen one (it must exist and be
    active), or the station's default. ServiceError when the station has none."""
    if committee_id:
        row = session.get(MediationCommittee, committee_id)
        if row is None:
            raise ServiceError(NOT_FOUND)
        if not row.active:
            raise ServiceError(f"“{row.name}”已停用，请选择其他人民调解委员会")
        return row.id
    found = session.scalars(_ordered().where(MediationCommittee.active.is_(True))).first()
    if found is None:
        raise ServiceError("还没有人民调解委员会，请站点管理员在“设置”中添加")
    return found.id


def committee_rows(db: Database) -> list[dict[str, Any]]:
    """The committees as plain rows for the command line (``committees list --json``)."""
    return [{"id": c.id, "name": c.name, "kind": c.kind, "kind_label": c.kind_label,
             "division_code": c.division_code, "mediators": c.mediators,
             "operator_ids": list(c.operator_ids), "other_mediators": c.other_mediators,
             "is_default": c.is_default, "active": c.active, "cases": c.cases}
            for c in list_committees(db)]


def suggestion_for(db: Database) -> CommitteeInput:
    """A first committee suggested from the station's settings (the setup wizard's default,
    the editor's starting point)."""
    with db.read() as session:
        station = session.scalars(select(Station)).first()
    if station is None:
        raise ServiceError("数据库尚未初始化站点，请先运行 init")
    name, kind = suggest_committee(station.name)
    return CommitteeInput(name=name, kind=kind.value, division_code=station.division_code,
                          is_default=True)


# --- the confirmation asked after migration 0009_committees ----------------------------------


def needs_confirmation(db: Database) -> bool:
    """Whether the admin has still to confirm the committees made from the old settings."""
    with db.read() as session:
        return bool(session.scalar(select(Station.committees_unconfirmed)))


def confirm_committees(db: Database, actor: Actor) -> None:
    """The admin has checked the committees' names against their seals."""
    require_admin(actor)
    with UnitOfWork(db, actor) as uow:
        uow.session.execute(update(Station).values(committees_unconfirmed=False))
        uow.audit("confirm", RECORD_TYPE, "", "调解委员会名称已确认")
        uow.commit()


# --- writing (admin only) ---------------------------------------------------------------------


def _check_operators(session: Session, ids: Sequence[str]) -> None:
    if not ids:
        return
    known = set(session.scalars(select(Operator.id).where(Operator.id.in_(list(ids)))))
    if set(ids) - known:
        raise ServiceError("所选调解员不是本站的操作员")


def _name_taken(session: Session, station_id: str, name: str, other_than: str | None) -> bool:
    found = session.scalar(select(MediationCommittee.id).where(
        MediationCommittee.station_id == station_id, MediationCommittee.name == name))
    return found is not None and found != other_than


def _clear_other_defaults(session: Session, keep: str) -> None:
    for row in session.scalars(select(MediationCommittee).where(
            MediationCommittee.is_default.is_(True), MediationCommittee.id != keep)):
        row.is_default = False


def _ensure_a_default(session: Session) -> None:
    """Exactly one active committee is the default (the first active one when none is)."""
    rows = list(session.scalars(_ordered().where(MediationCommittee.active.is_(True))))
    if rows and not any(r.is_default for r in rows):
        rows[0].is_default = True


def create_committee(db: Database, actor: Actor, data: CommitteeInput) -> str:
    require_admin(actor)
    data = data.validated()
    with UnitOfWork(db, actor) as uow:
        if _name_taken(uow.session, actor.station_id, data.name, None):
            raise ServiceError(f"已有名为“{data.name}”的人民调解委员会")
        _check_operators(uow.session, data.operator_ids)
        row = MediationCommittee(station_id=actor.station_id,
                                 operator_ids=list(data.operator_ids),
                                 **{f: getattr(data, f) for f in _FIELDS})
        uow.session.add(row)
        uow.session.flush()
        if row.is_default:
            _clear_other_defaults(uow.session, row.id)
        _ensure_a_default(uow.session)
        uow.session.flush()
        uow.audit("create", RECORD_TYPE, row.id, data.name)
        uow.commit()
        return row.id


def update_committee(db: Database, actor: Actor, committee_id: str, data: CommitteeInput, *,
                     expected_version: int | None = None) -> int:
    """Change a committee; returns its new version (refused if it changed meanwhile)."""
    require_admin(actor)
    data = data.validated()
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(MediationCommittee, committee_id)
        if row is None:
            raise NotFound(NOT_FOUND)
        if expected_version is not None and row.version != expected_version:
            raise ServiceError(STALE)
        if _name_taken(uow.session, row.station_id, data.name, row.id):
            raise ServiceError(f"已有名为“{data.name}”的人民调解委员会")
        _check_operators(uow.session, data.operator_ids)
        if row.active and not data.active:
            others = uow.session.scalar(select(func.count()).select_from(MediationCommittee)
                                        .where(MediationCommittee.active.is_(True),
                                               MediationCommittee.id != row.id))
            if not others:
                raise ServiceError("这是唯一在用的人民调解委员会，不能停用（请先添加另一个）")
        changed = [f for f in _FIELDS if getattr(row, f) != getattr(data, f)]
        if list(row.operator_ids or []) != list(data.operator_ids):
            changed.append("operator_ids")
            row.operator_ids = list(data.operator_ids)
        for name in changed:
            if name != "operator_ids":
                setattr(row, name, getattr(data, name))
        if not changed:
            return row.version
        uow.session.flush()
        if row.is_default:
            _clear_other_defaults(uow.session, row.id)
        _ensure_a_default(uow.session)
        uow.session.flush()
        uow.audit("update", RECORD_TYPE, row.id, f"v{row.version}: {', '.join(changed)}")
        uow.commit()
        return row.version


def deactivate_committee(db: Database, actor: Actor, committee_id: str) -> int:
    """Stop offering a committee for new cases (its cases keep it)."""
    info = load_committee(db, committee_id)
    data = CommitteeInput(**{**info.as_input().__dict__, "active": False, "is_default": False})
    return update_committee(db, actor, committee_id, data, expected_version=info.version)


def delete_committee(db: Database, actor: Actor, committee_id: str) -> None:
    """Delete a committee no case names (one added by mistake); a committee with cases can
    only be deactivated."""
    require_admin(actor)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(MediationCommittee, committee_id)
        if row is None:
            raise NotFound(NOT_FOUND)
        cases = uow.session.scalar(select(func.count()).select_from(MediationCase)
                                   .where(MediationCase.committee_id == committee_id))
        if cases:
            raise ServiceError(f"“{row.name}”已有{cases}件调解案件，不能删除，只能停用")
        if row.active:
            others = uow.session.scalar(select(func.count()).select_from(MediationCommittee)
                                        .where(MediationCommittee.active.is_(True),
                                               MediationCommittee.id != row.id))
            if not others:
                raise ServiceError("这是唯一在用的人民调解委员会，不能删除")
        name = row.name
        uow.session.delete(row)
        uow.session.flush()
        _ensure_a_default(uow.session)
        uow.session.flush()
        uow.audit("delete", RECORD_TYPE, committee_id, name)
        uow.commit()
