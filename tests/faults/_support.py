"""Shared helpers of the fault tests: run the writer child, check a database's invariants."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from workstation.storage.engine import connect_raw

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("_writer.py")
ADMIN_PASSWORD = "correct-horse-1"  # the admin's, as in tests/conftest.py
TEST_KEY = bytes(range(32))  # the data key of the ``db`` fixture (tests/conftest.py)


class Child:
    """A writer subprocess whose stdout lines are collected by a thread."""

    def __init__(self, db_path: Path, tag: str, count: int = 0, hold: bool = False) -> None:
        """With ``hold`` the child waits after ``READY`` until ``release()``."""
        env = dict(os.environ, WORKSTATION_FAULT_HOLD="1" if hold else "0",
                   WORKSTATION_PASSWORD=ADMIN_PASSWORD)
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db_path), tag, str(count)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env,
        )
        if not hold:
            self.proc.stdin.close()  # type: ignore[union-attr]
        self.lines: list[str] = []
        self.ready = threading.Event()
        #: Set at the first ``SAVED`` line: the child is past start-up and in its save loop.
        self.saving = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line == "READY":
                self.ready.set()
            elif line.startswith("SAVED "):
                self.saving.set()
            self.lines.append(line)
        self.ready.set()  # EOF: the child died or finished
        self.saving.set()

    def release(self) -> None:
        """Let a held child start saving (it reads one line from its standard input)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.close()

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for the child to exit; (return code, stderr)."""
        assert self.proc.stderr is not None
        err = self.proc.stderr.read().decode("utf-8", "replace")
        code = self.proc.wait(timeout)
        self._reader.join(timeout)
        return code, err

    def saved(self) -> list[tuple[str, str]]:
        """(id, number) of every save the child reported as returned (whole lines only)."""
        out = []
        for line in self.lines:
            parts = line.split(" ")
            if len(parts) == 4 and parts[0] == "SAVED":
                out.append((parts[1], parts[2]))
        return out


def check_database(db_path: Path, saved: Sequence[tuple[str, str]]) -> int:
    """Assert the durability invariants; returns the number of consultations stored."""
    conn = connect_raw(db_path, TEST_KEY)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = dict(conn.execute("SELECT id, number FROM consultation").fetchall())
        missing = [(i, n) for i, n in saved if stored.get(i) != n]
        assert not missing, f"saves reported as returned but lost: {missing[:5]}"
        # Nothing is ever deleted from change_log: AUTOINCREMENT seq is 1..count, no gaps.
        n_log, max_seq, min_seq = conn.execute(
            "SELECT count(*), coalesce(max(seq), 0), coalesce(min(seq), 1) FROM change_log"
        ).fetchone()
        assert (min_seq, max_seq) == (1, n_log), (min_seq, max_seq, n_log)
        # Every consultation row has its change-log row (written in the same transaction).
        unlogged = conn.execute(
            "SELECT count(*) FROM consultation WHERE id NOT IN (SELECT record_id FROM change_log"
            " WHERE table_name = 'consultation')").fetchone()[0]  # IN: indexed, not O(n*m)
        assert unlogged == 0
        for station, year, n, lo, hi, distinct in conn.execute(
                "SELECT station_id, year, count(*), min(seq), max(seq), count(DISTINCT number)"
                " FROM consultation GROUP BY station_id, year"):
            assert (lo, hi, distinct) == (1, n, n), (station, year, n, lo, hi, distinct)
        return len(stored)
    finally:
        conn.close()


def check_opens(db_path: Path) -> None:
    """The station still opens the way the app opens it (key file and database agree)."""
    from workstation.services.security import unlock_station
    from workstation.services.stations import get_station

    station = unlock_station(db_path, "admin", ADMIN_PASSWORD)
    try:
        get_station(station.db)
    finally:
        station.db.dispose()
