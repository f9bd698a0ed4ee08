"""What the county console shows about its stations: registration, the bundles received,
gaps in each station's chain of bundle numbers, refusals, recent activity.

Gaps. A station numbers its bundles 1, 2, 3 ...; the county imports them in order, but a
bundle written again before an acknowledgement came back carries all of its predecessor's
changes, so a number may be missing without any data missing. For each station:

* ``skipped``: numbers below the last imported one that never arrived (or were refused) —
  harmless, a later bundle carried their changes;
* ``needed``: numbers above the last imported one and below a bundle that arrived and was
  refused — the county lacks changes until that bundle arrives or the station re-exports;
* ``refused``: bundles above the last imported one that arrived and were refused (with the
  reason), e.g. for the gap before them.

Chain epochs: a station restored from an older backup starts a new epoch whose bundles are
numbered again (docs/sync-bundle.md, Recovery after a restore). Gaps are looked for in the
current epoch only, from its first bundle on; the overview says when and why it began.

Times are aware ``datetime`` values (UTC); the UI shows them in local time.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from workstation.sync import keys
from workstation.version import is_newer

from .access import Permission, require
from .audit_chain import AuditChainStatus, chain_status
from .conflicts import open_counts
from .db import CountyDatabase, bundle, bundle_refusal, county_notice, station


@dataclass(frozen=True)
class Refusal:
    seq: int
    file_name: str
    reason: str
    refused_at: datetime


@dataclass(frozen=True)
class StationOverview:
    division_code: str
    name: str
    station_id: str | None
    revoked: bool
    registered_at: datetime
    key_fingerprint: str
    last_seq: int
    bundles_received: int
    last_received_at: datetime | None
    skipped: tuple[int, ...]
    needed: tuple[int, ...]
    refused: tuple[Refusal, ...]
    changes_this_month: int
    pending_referrals: int
    open_conflicts: int = 0  # records of its bundles the county holds differently (unsettled)
    #: The program version named by the station's newest bundle (None: not named, i.e.
    #: nothing received yet or a program older than the field).
    program_version: str | None = None
    #: The newest version the county distributes (``county set-notice``), when it is newer
    #: than ``program_version``: the station should upgrade.
    newer_version: str | None = None
    #: The station's chain epoch (1 until a restore or rollback), when it began here, why
    #: ("restore" / "rollback") and its first bundle.
    epoch: int = 1
    epoch_started_at: datetime | None = None
    epoch_reason: str | None = None
    epoch_first_seq: int = 0
    #: The station's audit trail as received: entries, breaks found (``county.audit_chain``).
    audit_chain: AuditChainStatus | None = None

    def days_quiet(self, now: datetime) -> int:
        """Whole days since the last bundle arrived (since registration if none did)."""
        since = self.last_received_at or self.registered_at
        return max(0, (now - since).days)

    def is_quiet(self, now: datetime, days: int) -> bool:
        """An active station whose last bundle (or registration) is ``days`` or more ago."""
        return not self.revoked and self.days_quiet(now) >= days

    @property
    def has_gap(self) -> bool:
        """Changes are missing at the county (not just numbers skipped harmlessly)."""
        return bool(self.needed or self.refused)


@dataclass(frozen=True)
class ReceivedBundle:
    seq: int
    file_name: str
    from_seq: int
    to_seq: int
    imported_at: datetime
    imported: int
    updated: int
    ignored: int
    conflicts: int
    epoch: int = 1


def parse_time(value: str) -> datetime:
    """A stored ISO timestamp as an aware datetime (UTC if it carries no offset)."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def month_start(now: datetime) -> datetime:
    """The first instant of ``now``'s month in this computer's time zone."""
    local = now.astimezone()
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def chain_gaps(last_seq: int, imported: set[int], refused: dict[int, Refusal],
               first_seq: int = 1
               ) -> tuple[tuple[int, ...], tuple[int, ...], tuple[Refusal, ...]]:
    """``(skipped, needed, refused)`` of one station in its current chain epoch, which began
    with bundle ``first_seq`` (see the module doc)."""
    waiting = {seq: r for seq, r in refused.items() if seq > last_seq and seq not in imported}
    top = max([last_seq, *waiting])
    skipped = tuple(s for s in range(max(first_seq, 1), last_seq) if s not in imported)
    needed = tuple(s for s in range(last_seq + 1, top) if s not in waiting)
    return skipped, needed, tuple(waiting[s] for s in sorted(waiting))


def _totals(summary: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for table in json.loads(summary or "{}").values():
        counts.update({k: int(v) for k, v in table.items()})
    return counts


def _pending_by_station(db: CountyDatabase) -> Counter[str]:
    from .referrals import pending_referral_rows

    with db.engine.connect() as conn:
        return Counter(row.station_id for row in pending_referral_rows(conn))


def station_overview(db: CountyDatabase, *, now: datetime | None = None
                     ) -> list[StationOverview]:
    """Every registered station, by division code."""
    require(db, Permission.STATISTICS)
    now = now or datetime.now(UTC)
    start = month_start(now)
    with db.engine.connect() as conn:
        stations = list(conn.execute(select(station).order_by(station.c.division_code)))
        bundles = list(conn.execute(select(
            bundle.c.division_code, bundle.c.seq, bundle.c.imported_at, bundle.c.summary,
            bundle.c.epoch)))
        refusals = list(conn.execute(select(bundle_refusal)
                                     .order_by(bundle_refusal.c.refused_at)))
        newest = conn.execute(select(county_notice.c.newest_version)).scalar()
    pending = _pending_by_station(db)
    with db.engine.connect() as conn:
        conflicts = open_counts(conn)
        chains = chain_status(conn)
    epochs = {st.division_code: int(st.epoch) for st in stations}
    received: Counter[str] = Counter()
    imported: dict[str, set[int]] = {}  # of the current epoch
    last_at: dict[str, datetime] = {}
    month: Counter[str] = Counter()
    for b in bundles:
        received[b.division_code] += 1
        if int(b.epoch) == epochs.get(b.division_code, 1):
            imported.setdefault(b.division_code, set()).add(int(b.seq))
        at = parse_time(b.imported_at)
        if b.division_code not in last_at or at > last_at[b.division_code]:
            last_at[b.division_code] = at
        if at >= start:
            totals = _totals(b.summary)
            month[b.division_code] += totals["imported"] + totals["updated"]
    refused: dict[str, dict[int, Refusal]] = {}
    later: dict[str, dict[tuple[int, int], Refusal]] = {}  # of an epoch not begun here
    for r in refusals:  # oldest first: the latest refusal of a seq wins
        refusal = Refusal(int(r.seq), r.file_name, r.reason, parse_time(r.refused_at))
        held = epochs.get(r.division_code, 1)
        if int(r.epoch) == held:
            refused.setdefault(r.division_code, {})[int(r.seq)] = refusal
        elif int(r.epoch) > held:  # e.g. its first bundle has not arrived: a real gap
            later.setdefault(r.division_code, {})[(int(r.epoch), int(r.seq))] = refusal
    out = []
    for st in stations:
        code = st.division_code
        seqs = imported.get(code, set())
        skipped, needed, waiting = chain_gaps(int(st.last_seq), seqs, refused.get(code, {}),
                                              int(st.epoch_first_seq) or 1)
        waiting += tuple(r for _key, r in sorted(later.get(code, {}).items()))
        out.append(StationOverview(
            division_code=code, name=st.name or "", station_id=st.station_id,
            revoked=bool(st.revoked), registered_at=parse_time(st.registered_at),
            key_fingerprint=keys.fingerprint(keys.load_station_public(st.public_key)),
            last_seq=int(st.last_seq), bundles_received=received[code],
            last_received_at=last_at.get(code), skipped=skipped, needed=needed,
            refused=waiting, changes_this_month=month[code],
            pending_referrals=pending[st.station_id] if st.station_id else 0,
            open_conflicts=conflicts.get(code, 0),
            program_version=st.program_version,
            newer_version=newest if newest and st.program_version
            and is_newer(newest, st.program_version) else None,
            epoch=int(st.epoch), epoch_reason=st.epoch_reason,
            epoch_started_at=parse_time(st.epoch_started_at) if st.epoch_started_at else None,
            epoch_first_seq=int(st.epoch_first_seq), audit_chain=chains.get(code)))
    return out


def station_bundles(db: CountyDatabase, division_code: str) -> list[ReceivedBundle]:
    """The bundles imported from one station, newest first (the current chain epoch's
    before older epochs')."""
    require(db, Permission.STATISTICS)
    with db.engine.connect() as conn:
        rows = list(conn.execute(select(bundle).where(bundle.c.division_code == division_code)
                                 .order_by(bundle.c.epoch.desc(), bundle.c.seq.desc())))
    out = []
    for b in rows:
        totals = _totals(b.summary)
        out.append(ReceivedBundle(
            seq=int(b.seq), file_name=b.file_name, from_seq=int(b.from_seq),
            to_seq=int(b.to_seq), imported_at=parse_time(b.imported_at),
            imported=totals["imported"], updated=totals["updated"],
            ignored=totals["ignored"], conflicts=totals["conflicts"], epoch=int(b.epoch)))
    return out
