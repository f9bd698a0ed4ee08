"""Demo data generator: fills an initialised station database with realistic records.

``generate_demo(db, records)`` writes ``records`` consultations, mediation cases and legal-aid
referrals together (about 60 / 28 / 12 %) dated over the 12 months before ``today``, with their
persons, parties, sessions, agreements, follow-ups and status timelines, plus a few mediators,
a referral directory, some legal publicity activities with photos (``demo.publicity``), and
12348 work orders, hand-overs and consultation links over those records (``demo.handling``).
The output depends only on ``seed`` and ``today`` (and on what the database held before).

Speed: rows are built as dicts and written with SQLAlchemy Core ``executemany`` (no ORM
objects), one transaction per chunk of records, so a progress callback can report and cancel
between chunks. The search index is rebuilt once at the end.
"""

from __future__ import annotations

import math
import random
import time as clock
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from faker import Faker
from sqlalchemy import Connection, func, insert, select

from workstation.domain.numbering import NumberKind, format_number
from workstation.storage import audit_chain
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    AuditEntry,
    Consultation,
    MediationCase,
    Operator,
    Person,
    Station,
)

from . import committees as demo_committees
from . import handling as demo_handling
from . import publicity as pub
from . import records as rec
from .people import People, at
from .texts import MEDIATORS

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "DemoSummary", "create_demo_station",
           "generate_demo"]

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo1234"

#: Shares of consultations and mediation cases; aid referrals get the rest.
CONSULTATION_SHARE = 0.60
MEDIATION_SHARE = 0.28
#: Records per transaction (progress is reported after each).
MAX_CHUNK = 10_000
MIN_CHUNK = 500
DAYS = 365
#: Page cache (KiB) of the writing connection while generating.
BULK_CACHE_KIB = 131072

Progress = Callable[[int, int], bool | None]


@dataclass(frozen=True)
class DemoSummary:
    persons: int
    consultations: int
    mediation_cases: int
    aid_referrals: int
    operators: int
    seconds: float
    cancelled: bool = False
    activities: int = 0
    providers: int = 0
    work_orders: int = 0


def _chunk_size(records: int) -> int:
    return max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(records / 20)))


def _existing_state(conn: Connection) -> tuple[Station, str, dict[tuple[str, int], int], int]:
    station = conn.execute(select(Station.__table__)).first()
    if station is None:
        raise ValueError("数据库尚未初始化站点，请先初始化后再生成演示数据")
    admin = conn.execute(
        select(Operator.__table__.c.id).where(Operator.__table__.c.role == "admin")
        .order_by(Operator.__table__.c.created_at)
    ).first()
    if admin is None:
        raise ValueError("数据库中没有管理员账户")
    seqs: dict[tuple[str, int], int] = {}
    existing = 0
    for kind, model in ((NumberKind.CONSULTATION, Consultation),
                        (NumberKind.MEDIATION, MediationCase),
                        (NumberKind.AID_REFERRAL, AidReferral)):
        table = model.__table__  # type: ignore[attr-defined]
        for year, top, count in conn.execute(
            select(table.c.year, func.max(table.c.seq), func.count()).group_by(table.c.year)
        ):
            seqs[(kind, int(year))] = int(top)
            existing += int(count)
    existing += int(conn.execute(select(func.count()).select_from(Person.__table__)).scalar_one())
    return station, str(admin[0]), seqs, existing


def generate_demo(db: Database, records: int, *, seed: int = 0, today: date | None = None,
                  progress: Progress | None = None) -> DemoSummary:
    """Fill the (initialised) station database of ``db`` with ``records`` demo records.

    ``progress(done, total)`` is called after each committed chunk; returning ``False`` stops
    the generation there (the summary then says ``cancelled=True``).
    """
    started = clock.perf_counter()
    if records < 0:
        raise ValueError("records must not be negative")
    today = today or date.today()
    with db.engine.connect() as conn:
        station, admin_id, seqs, existing = _existing_state(conn)
        used_ids = {row[0] for row in conn.execute(
            select(Person.__table__.c.id_number).where(Person.__table__.c.id_number.is_not(None))
        )}
        usernames = {row[0] for row in conn.execute(select(Operator.__table__.c.username))}

    rng = random.Random(f"workstation-demo:{seed}:{existing}")
    fake = Faker("zh_CN")
    fake.seed_instance(seed)

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    people = People(rng, fake, station.id, today, uid, used_ids)
    ctx = rec.Context(rng=rng, people=people, station_id=station.id, today=today,
                      last_day=today - timedelta(days=1), uid=uid,
                      aid_center=_aid_center(station.county_center))

    # Operators: the admin plus a few mediators sharing one password hash (argon2 is slow).
    operator_rows: list[dict[str, Any]] = []
    mediator_ids: list[str] = []
    ctx_names: dict[str, str] = {}
    if records > 0:
        from workstation.services.auth import hash_password

        # Encrypted stations log in with key slots (written below); plain ones with hashes.
        password_hash = "" if db.key is not None else hash_password(DEMO_PASSWORD)
        joined = at(today - timedelta(days=DAYS + 30), 9 * 60)
        for name, username in MEDIATORS:
            if username in usernames:
                continue
            oid = uid()
            mediator_ids.append(oid)
            ctx_names[oid] = name
            operator_rows.append({
                "id": oid, "station_id": station.id, "created_at": joined,
                "updated_at": joined, "version": 1, "name": name, "username": username,
                "role": "mediator", "password_hash": password_hash, "active": True,
            })
    if operator_rows:
        _give_slots(db, [row["username"] for row in operator_rows])  # before the rows
    ctx.operators = [admin_id, *mediator_ids]
    ctx.mediators = mediator_ids or [admin_id]
    ctx.mediator_names = ctx_names
    provider_rows: list[dict[str, Any]] = []
    committee_rows: list[dict[str, Any]] = []
    if records > 0:
        with db.engine.connect() as conn:
            # Their own random stream: the other demo records stay as they were.
            side = random.Random(f"workstation-demo-committees:{seed}:{existing}")
            committee_rows, ctx.committees = demo_committees.committee_rows(
                conn, rng=side, station_id=station.id, station_name=station.name,
                division_code=station.division_code, mediators=ctx.mediators,
                moment=at(today - timedelta(days=DAYS + 25), 9 * 60),
                uid=lambda: str(uuid.UUID(int=side.getrandbits(128), version=4)))
            provider_rows, ctx.providers = pub.provider_rows(
                conn, station.id, at(today - timedelta(days=DAYS + 20), 10 * 60), uid,
                ctx.aid_center)

    plan = rec.make_plan(ctx, records)
    counters = dict(seqs)
    total = len(plan)
    chunk = _chunk_size(total)
    done = 0
    cancelled = False
    counts = {"consultation": 0, "mediation_case": 0, "aid_referral": 0}
    persons_before = len(people.pool)
    with db.engine.connect() as conn:
        cache = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
        # Random UUID keys touch pages all over every index: a large page cache while
        # bulk-writing halves the time. Restored before the connection goes back to the pool.
        conn.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        conn.commit()
        try:
            for start in range(0, total, chunk):
                batch = rec.Rows()
                if start == 0 and operator_rows:
                    batch.add("operator", *operator_rows)
                if start == 0 and committee_rows:
                    batch.add("mediation_committee", *committee_rows)
                if start == 0 and provider_rows:
                    batch.add("referral_provider", *provider_rows)
                for entry in plan[start:start + chunk]:
                    kind = entry.kind
                    number_kind = rec.NUMBER_KIND[kind]
                    year = entry.day.year
                    seq = counters.get((number_kind, year), 0) + 1
                    counters[(number_kind, year)] = seq
                    number = format_number(number_kind, station.case_prefix, year, seq)
                    rec.BUILDERS[kind](ctx, batch, entry, year, seq, number)
                    counts[kind] += 1
                batch.add("person", *people.rows)
                people.rows.clear()
                batch.add_responsibility(ctx.today)
                with conn.begin():
                    batch.write(conn)
                done += min(chunk, total - start)
                if progress is not None and progress(done, total) is False and done < total:
                    cancelled = True
                    break
            activities = 0
            orders = 0
            if not cancelled:
                with conn.begin():
                    activities = pub.write_activities(
                        conn, rng=rng, station_id=station.id, prefix=station.case_prefix,
                        today=today, operators=ctx.operators, uid=uid,
                        count=pub.activity_count(records))
            if not cancelled and records > 0:
                # Their own random stream: the other demo records stay as they were.
                side = random.Random(f"workstation-demo-handling:{seed}:{existing}")
                with conn.begin():
                    orders = demo_handling.write_handling(
                        conn, rng=side, station_id=station.id, today=today,
                        admin_id=admin_id, mediators=ctx.mediators,
                        county_center=station.county_center,
                        uid=lambda: str(uuid.UUID(int=side.getrandbits(128), version=4)),
                        count=demo_handling.order_count(records))["orders"]
            with conn.begin():
                _rebuild_search(conn)
                conn.execute(insert(AuditEntry.__table__), [  # type: ignore[arg-type]
                    audit_chain.chained(conn, {
                        "at": datetime.now(UTC), "operator_id": admin_id,
                        "action": "demo.generate", "record_type": "station",
                        "record_id": station.id,
                        "detail": (f"种子 {seed}，截至 {today.isoformat()}，记录 {done}/{records}"
                                   + ("（已取消）" if cancelled else "")),
                    })])
        finally:
            if conn.in_transaction():
                conn.rollback()
            conn.exec_driver_sql(f"PRAGMA cache_size = {cache}")
            conn.commit()
    return DemoSummary(
        persons=len(people.pool) - persons_before, consultations=counts["consultation"],
        mediation_cases=counts["mediation_case"], aid_referrals=counts["aid_referral"],
        operators=len(operator_rows), seconds=clock.perf_counter() - started,
        cancelled=cancelled, activities=activities, providers=len(provider_rows),
        work_orders=orders,
    )


def _aid_center(county_center: str) -> str:
    """The county legal aid centre a station forwards to, named after its county centre."""
    name = county_center.strip()
    for suffix in ("公共法律服务中心", "法律服务中心", "司法局"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + "法律援助中心"
    return (name or "县") + "法律援助中心" if not name.endswith("法律援助中心") else name


def _rebuild_search(conn: Connection) -> None:
    try:
        from workstation.services.search import rebuild_search_index
    except ImportError:  # pragma: no cover - older schema without a search index
        return
    rebuild_search_index(conn)


def _give_slots(db: Database, usernames: list[str]) -> None:
    """Key slots (password ``DEMO_PASSWORD``) for demo mediators of an encrypted station."""
    from workstation.storage.keyslots import KeyFile, Slot, keyfile_path, operator_label

    keys = keyfile_path(db.path)
    if db.key is None or not keys.exists():
        return
    slots = Slot.seal_many([operator_label(u) for u in usernames], DEMO_PASSWORD, db.key)
    with KeyFile.update(keys) as keyfile:
        for slot in slots:
            keyfile.slots[slot.label] = slot


def create_demo_station(path: Path, records: int, *, seed: int = 0, today: date | None = None,
                        progress: Progress | None = None) -> Database:
    """Create an encrypted demo station at ``path`` (login ``demo`` / ``demo1234``), filled;
    returns it open (its data key in ``Database.key``)."""
    from workstation.services.security import confirm_recovery_recorded, create_station
    from workstation.services.stations import StationSetup

    made = create_station(path, StationSetup(
        station_name="海港镇公共法律服务工作站", division_code="130302100000",
        county_center="秦皇岛市海港区公共法律服务中心", case_prefix="海调",
        admin_username=DEMO_USERNAME, admin_name="张丽", admin_password=DEMO_PASSWORD,
        phone="0335-1234567",
    ))
    db = made.db
    try:
        confirm_recovery_recorded(db, made.actor)  # a throw-away station: nothing to keep
        generate_demo(db, records, seed=seed, today=today, progress=progress)
    except BaseException:
        db.dispose()
        raise
    return db

