"""Setting up a station database and reading its identity."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from workstation.domain.committees import CommitteeInput, suggest_committee
from workstation.domain.enums import OperatorRole
from workstation.domain.errors import ValidationError
from workstation.domain.validators import ErrorCollector, require_text, validate_division_code
from workstation.storage.engine import Database
from workstation.storage.models import MediationCommittee, Operator, Station, SyncState

from .auth import MIN_PASSWORD_LENGTH, hash_password, validate_username
from .context import Actor, ServiceError, UnitOfWork


@dataclass(frozen=True)
class StationSetup:
    station_name: str
    division_code: str
    county_center: str
    case_prefix: str
    admin_username: str
    admin_name: str
    admin_password: str
    phone: str = ""
    address: str = ""
    #: The station's first people's mediation committee (name as on its seal, and its type);
    #: empty: suggested from the station's name (``domain.committees.suggest_committee``).
    committee_name: str = ""
    committee_kind: str = ""


def default_case_prefix(station_name: str) -> str:
    """A station's case-number prefix: its first character plus 调 (海港镇 → 海调)."""
    name = station_name.strip()
    return (name[:1] or "站") + "调"


def validate_setup(setup: StationSetup) -> StationSetup:
    errors = ErrorCollector()
    name = errors.check(require_text, setup.station_name, "station_name", "站点名称", max_len=60)
    code = errors.check(validate_division_code, setup.division_code)
    county = errors.check(require_text, setup.county_center, "county_center", "县级中心名称",
                          max_len=60)
    prefix = (setup.case_prefix or "").strip() or default_case_prefix(setup.station_name)
    if len(prefix) > 6:
        errors.add("case_prefix", "案号前缀不能超过6个字")
    username = errors.check(validate_username, setup.admin_username)
    admin_name = errors.check(require_text, setup.admin_name or setup.admin_username,
                              "admin_name", "管理员姓名", max_len=30)
    if len(setup.admin_password) < MIN_PASSWORD_LENGTH:
        errors.add("admin_password", f"密码至少需要{MIN_PASSWORD_LENGTH}位")
    suggested, kind = suggest_committee(name or setup.station_name)
    committee = CommitteeInput(name=(setup.committee_name or "").strip() or suggested,
                               kind=setup.committee_kind or kind.value,
                               division_code=code or "110101001000", is_default=True)
    try:
        committee = committee.validated()
    except ValidationError as exc:
        for error in exc.errors:
            if error.field in ("name", "kind"):
                errors.add(f"committee_{error.field}", error.message)
    errors.raise_if_any()
    return StationSetup(
        committee_name=committee.name, committee_kind=committee.kind,
        station_name=name or "", division_code=code or "", county_center=county or "",
        case_prefix=prefix, admin_username=username or "", admin_name=admin_name or "",
        admin_password=setup.admin_password, phone=setup.phone.strip(),
        address=setup.address.strip(),
    )


def init_station(db: Database, setup: StationSetup) -> Actor:
    """Create the station and its first admin; refuse if the database already has one."""
    from workstation.sync import keys  # cryptography (~7 MB): not needed to log in

    setup = validate_setup(setup)
    with UnitOfWork(db, None) as uow:
        if uow.session.scalar(select(func.count()).select_from(Station)):
            raise ServiceError("该数据库已经初始化过站点，不能重复初始化")
        station = Station(
            name=setup.station_name, division_code=setup.division_code,
            county_center=setup.county_center, case_prefix=setup.case_prefix,
            phone=setup.phone, address=setup.address,
        )
        uow.session.add(station)
        uow.session.flush()
        admin = Operator(
            station_id=station.id, name=setup.admin_name, username=setup.admin_username,
            role=OperatorRole.ADMIN,
            # Encrypted stations check passwords with key slots (security.py), not hashes.
            password_hash="" if db.key is not None else hash_password(setup.admin_password),
        )
        uow.session.add(admin)
        uow.session.flush()
        uow.session.add(MediationCommittee(
            station_id=station.id, name=setup.committee_name, kind=setup.committee_kind,
            division_code=setup.division_code, operator_ids=[admin.id], is_default=True))
        uow.session.flush()
        actor = Actor(admin.id, station.id, admin.username, admin.name, admin.role)
        uow.actor = actor
        uow.audit("station.init", "station", station.id, setup.station_name)
        signing_key = keys.new_signing_key()  # the station signs its sync bundles with it
        uow.session.add(SyncState(id=1, station_private_key=keys.private_pem(signing_key),
                                  station_public_key=keys.public_pem(signing_key.public_key())))
        uow.audit("sync.key", "sync_state", "1",
                  "本站密钥编号 " + keys.fingerprint(signing_key.public_key())[:16])
        uow.commit()
    return actor


def get_station(db: Database) -> Station:
    """The station of this database; ServiceError if it was never set up."""
    with db.read() as session:
        station = session.scalars(select(Station)).first()
    if station is None:
        raise ServiceError("数据库尚未初始化站点，请先运行 init")
    return station


def has_station(db: Database) -> bool:
    with db.read() as session:
        return bool(session.scalar(select(func.count()).select_from(Station)))
