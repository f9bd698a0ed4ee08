"""Giving an encrypted station a new data key (revocation), crash-safe at every step.

The database is copied with ``sqlcipher_export`` into ``station.db.rekeying`` under the new
key (every table's row count and the integrity check verified, fsynced); then the key file is
replaced (atomically) by one whose slots open the new key and whose ``meta.rekey_swap`` says
a swap is under way: **that write is the commit point**. Then the copy is renamed over the
database and the flag cleared. On the next start (``finish_rekey``, key file lock held):

* the key file has no ``rekey_swap``: nothing was committed; a ``.rekeying`` file is a
  half-made copy and is deleted (the database and key file are the old pair);
* ``rekey_swap`` and a ``.rekeying`` file: the copy is complete; roll forward (rename);
* ``rekey_swap`` and no ``.rekeying`` file: the rename happened; clear the flag.

So a power cut at any moment leaves the old database with the old key file, or the new
database with the new key file, never one with the other. The old file is replaced by the
rename (it is encrypted with the old key; it is not shredded).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from workstation.files import fsync_folder

from . import encryption
from .keyslots import KeyFile, keyfile_path

#: Set in the key file's meta from the commit point until the copy is in place.
SWAP_FLAG = "rekey_swap"
#: Set before a change that needs a rekey (disabling an operator) is committed; cleared by
#: the rekey. A login that finds it set rekeys first (the change was committed but the rekey
#: did not happen: a crash, or the database was busy).
DUE_FLAG = "rekey_due"

#: Steps reported to ``progress(step, done, total)``.
STEPS = ("copy", "keys", "swap")
#: ``done`` / ``total`` of ``progress``: one scale for the whole rekey. The copy (the long
#: step, minutes on a large station) moves from 0 to ``COPY_END`` as its file grows; writing
#: the key file and the swap take the rest.
TOTAL = 1000
COPY_END = 950
KEYS_AT = COPY_END
SWAP_AT = 980


def step_at(done: int) -> str:
    """The step a ``done`` value of ``progress`` belongs to."""
    return "copy" if done < KEYS_AT else "keys" if done < SWAP_AT else "swap"


def rekeying_path(path: Path) -> Path:
    return path.with_name(path.name + ".rekeying")


def _checkpoint(step: str) -> None:
    """Called between the steps; tests replace it to simulate a crash."""


Progress = Callable[[str, int, int], None]


def rekey_database(path: Path, old_key: bytes, new_key: bytes,
                   write_keys: Callable[[], None], progress: Progress | None = None) -> None:
    """Re-encrypt the closed database at ``path`` from ``old_key`` to ``new_key``.

    Call with the key file lock held and every connection to the database closed (the copy
    needs it alone: ``DatabaseError`` if another program has it open). ``write_keys`` writes
    the new key file, with ``meta[SWAP_FLAG]`` set, atomically; it runs once the copy is
    verified and is the commit point. ``progress(step, done, total)``: ``done`` out of
    ``TOTAL``, moving while the copy grows (``step_at``); a rekey cannot be cancelled.
    """
    report = progress or (lambda step, done, total: None)
    temp = rekeying_path(path)
    report("copy", 0, TOTAL)
    shown = 0

    def copied(written: int, expected: int) -> None:
        nonlocal shown
        done = min(COPY_END - 1, written * COPY_END // max(1, expected))
        if done > shown:  # the bar moves forward only, and only when it moves
            shown = done
            report("copy", done, TOTAL)

    encryption.export_encrypted(path, temp, new_key, source_key=old_key,
                                copied=copied if progress is not None else None)
    _checkpoint("exported")
    report("keys", KEYS_AT, TOTAL)
    write_keys()
    _checkpoint("keys_written")
    report("swap", SWAP_AT, TOTAL)
    finish_rekey(path)
    report("swap", TOTAL, TOTAL)


def finish_rekey(path: Path) -> None:
    """Complete or clean up a rekey a crash interrupted (a no-op otherwise). Call with the key
    file lock held."""
    temp = rekeying_path(path)
    keys = keyfile_path(path)
    if not keys.exists():
        return
    keyfile = KeyFile.load(keys)
    if not keyfile.meta.get(SWAP_FLAG):
        if temp.exists():
            encryption.remove_database_files(temp)  # never committed
        return
    if temp.exists():
        for suffix in encryption.SIDE_FILES:  # the old key's WAL must not meet the copy
            path.with_name(path.name + suffix).unlink(missing_ok=True)
            temp.with_name(temp.name + suffix).unlink(missing_ok=True)
        os.replace(temp, path)
        fsync_folder(path.parent)
        _checkpoint("swapped")
    keyfile.meta.pop(SWAP_FLAG, None)
    keyfile.save()
