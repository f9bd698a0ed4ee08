"""Chain epochs of the station's sync bundles, as stored (``sync_state`` / ``sync_bundle``).

A station's bundles form a chain numbered 1, 2, 3 ... that the county imports in order. A
database restored from an older backup (or a PC reimaged from an older copy) has forgotten
the last bundles it sent: its next bundles would reuse numbers the county already holds with
other content. So the station starts a new **chain epoch**: its next bundle says so in its
manifest (``epoch``), carries the full current state of every synced record, and the county
merges it record by record (docs/sync-bundle.md, "Recovery after a restore").

This module is the one home of the stored side: the reasons, what a station "last knew"
(``previous``) and the mark "a new epoch is needed", written with plain SQL so the restore
can set it on its private copy before the swap (``storage.backup.restore``) and the sync
service through its session (``sync.station``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: Why a new epoch began: the database was restored from a backup, or an acknowledgement
#: named a bundle this station does not have (its data was rolled back some other way).
RESTORE = "restore"
ROLLBACK = "rollback"
REASONS = (RESTORE, ROLLBACK)


@dataclass(frozen=True)
class SentBundles:
    """What a station database knows of the bundles it sent."""

    epoch: int
    pending: int | None  # the epoch number the next export starts, if one is needed
    count: int  # bundles written (all epochs)
    last_seq: int | None
    last_file: str | None
    last_sha256: str | None
    last_created_at: datetime | None
    acked_seq: int

    def previous(self) -> dict[str, Any]:
        """The manifest's ``epoch.previous``: what the station last knew."""
        return {"number": self.epoch, "bundle_seq": self.last_seq or 0,
                "bundle_sha256": self.last_sha256, "acked_bundle_seq": self.acked_seq}

    def next_epoch(self, *others: SentBundles | None) -> int:
        """The number a new epoch gets: above every epoch this database (and ``others``)
        knew or was about to start."""
        known = [self, *(o for o in others if o is not None)]
        return max(max(k.epoch + 1, k.pending or 0) for k in known)


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read_sent(conn: Any) -> SentBundles | None:
    """The sync facts of the database behind ``conn`` (a raw DB-API connection, SQLite or
    SQLCipher, at this program's schema); None when the station never set up sync (no
    ``sync_state`` row)."""
    if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                    "AND name = 'sync_state'").fetchone()[0] == 0:
        return None
    state = conn.execute("SELECT epoch, epoch_pending, last_acked_bundle_seq "
                         "FROM sync_state WHERE id = 1").fetchone()
    if state is None:
        return None
    count = int(conn.execute("SELECT count(*) FROM sync_bundle").fetchone()[0])
    last = conn.execute("SELECT seq, file_name, sha256, created_at FROM sync_bundle "
                        "ORDER BY seq DESC LIMIT 1").fetchone()
    return SentBundles(
        epoch=int(state[0]), pending=None if state[1] is None else int(state[1]),
        count=count, last_seq=int(last[0]) if last else None,
        last_file=last[1] if last else None, last_sha256=last[2] if last else None,
        last_created_at=_time(last[3]) if last else None, acked_seq=int(state[2]))


def iso(when: datetime) -> str:
    """A time as ``AwareDateTime`` stores it."""
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def mark_values(reason: str, number: int, previous: dict[str, Any], now: datetime
                ) -> dict[str, Any]:
    """The ``sync_state`` columns that mark a new epoch as needed."""
    if reason not in REASONS:
        raise ValueError(reason)
    return {"epoch_pending": number, "epoch_reason": reason, "epoch_marked_at": now,
            "epoch_previous": json.dumps(previous, ensure_ascii=False, sort_keys=True)}


#: The station's sync identity: what a restored database that predates sync takes over
#: from the database it replaces (the county knows this station by that key).
_IDENTITY = ("station_private_key", "station_public_key", "county_public_key")


def carry_identity(source: Any, target: Any) -> bool:
    """Give the database behind ``target`` (a restored copy made before the station set up
    sync) the sync keys of the one behind ``source`` (the database it replaces), if both
    are the same station: its whole ``sync_state`` row when it has none, else the county's
    public key when it lacks it and has the same station key. True if it changed anything."""
    if read_sent(source) is None:
        return False
    if source.execute("SELECT id FROM station").fetchall() != target.execute(
            "SELECT id FROM station").fetchall():
        return False
    row = source.execute(f"SELECT {', '.join(_IDENTITY)} FROM sync_state WHERE id = 1"
                         ).fetchone()
    if read_sent(target) is None:
        target.execute(
            f"INSERT INTO sync_state (id, {', '.join(_IDENTITY)}, last_acked_change_seq, "
            "last_acked_bundle_seq, next_bundle_seq, updated_at) "
            "VALUES (1, ?, ?, ?, 0, 0, 1, ?)", (*row, iso(datetime.now(UTC))))
    else:
        changed = target.execute(
            "UPDATE sync_state SET county_public_key = ? WHERE id = 1 AND station_public_key "
            "= ? AND county_public_key IS NULL", (row[2], row[1])).rowcount
        if not changed:
            return False
    target.commit()
    return True


def mark_restored(conn: Any, before: SentBundles | None, now: datetime
                  ) -> int | None:
    """Mark the restored database behind ``conn`` as needing a new epoch; ``before`` is what
    the replaced database knew (None if there was none, or it could not be read). Returns the
    new epoch's number, or None when no bundle was ever sent (nothing to recover).

    Conservative: when the replaced database is unknown, a restored database that had set up
    sync is marked even without bundles of its own (a reimaged PC may have sent some since).
    """
    restored = read_sent(conn)
    if restored is None:
        return None  # never set up sync: the station key is made on first use
    if restored.count == 0 and before is not None and before.count == 0:
        return None
    number = restored.next_epoch(before)
    values = mark_values(RESTORE, number, (before or restored).previous(), now)
    values["epoch_marked_at"] = iso(values["epoch_marked_at"])
    conn.execute("UPDATE sync_state SET epoch_pending = ?, epoch_reason = ?, "
                 "epoch_marked_at = ?, epoch_previous = ? WHERE id = 1",
                 (values["epoch_pending"], values["epoch_reason"], values["epoch_marked_at"],
                  values["epoch_previous"]))
    conn.commit()
    return number
