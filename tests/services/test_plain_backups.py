"""Plain backups left by an old plain station: found once the station is encrypted, shredded
only on an admin's say, none left readable; the legacy slots their password hashes opened are
replaced at their operator's login and never carried by a rekey."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from workstation.paths import backup_dir
from workstation.services import operators, revocation
from workstation.services.backup import backup_now
from workstation.services.consultations import register_consultation
from workstation.services.context import ServiceError
from workstation.services.plain_backups import find_plain_backups, remove_plain_backups
from workstation.services.security import unlock_station
from workstation.services.stations import init_station
from workstation.storage.engine import open_database
from workstation.storage.keyslots import KeyFile, WrongSecret, keyfile_path, operator_label
from workstation.storage.models import AuditEntry, Operator

PASSWORD = "correct-horse-1"
NAME = "欧阳建国"


@pytest.fixture
def old(tmp_path: Path, make: Any) -> dict[str, Any]:
    """An old plain station with two plain backups in the backup folder (and its mediator's
    argon2 hash, as a plain backup holds it)."""
    path = tmp_path / "station.db"
    db = open_database(path, create=True)
    try:
        admin = init_station(db, make.setup())
        register_consultation(db, admin, make.consultation(make.person(40, NAME)))
        operators.add_operator(db, admin, username="tiaojie", name="李调解",
                               password="mediator-pass")
        made = [backup_now(db, admin, backup_dir()).path for _ in range(2)]
        with db.read() as session:
            mediator_hash = session.scalars(select(Operator.password_hash).where(
                Operator.username == "tiaojie")).one()
    finally:
        db.dispose()
    for backup in made:
        assert NAME.encode() in backup.read_bytes()
    return {"path": path, "backups": made, "hash": mediator_hash}


def _hash_key(encoded: str) -> bytes:
    """What the plain backup gives an attacker: the argon2 output of the hash."""
    import base64

    raw = encoded.split("$")[5]
    return base64.b64decode(raw + "=" * (-len(raw) % 4))


def test_plain_backups_are_found_and_shredded_on_an_admins_say(old: dict[str, Any]) -> None:
    opened = unlock_station(old["path"], "admin", PASSWORD)  # encrypts the station
    db, admin = opened.db, opened.actor
    try:
        encrypted = backup_now(db, admin, backup_dir()).path
        found = find_plain_backups(db)
        assert found == sorted(old["backups"], key=lambda p: p.name)
        mediator = unlock_station(old["path"], "tiaojie", "mediator-pass")
        mediator.db.dispose()
        with pytest.raises(ServiceError, match="管理员"):
            remove_plain_backups(db, mediator.actor)
        assert all(p.exists() for p in old["backups"])  # nothing removed unasked

        removed = remove_plain_backups(db, admin)
        assert removed == found
        assert find_plain_backups(db) == []
        assert encrypted.exists()  # encrypted backups are kept
        leftovers = [p for p in backup_dir().iterdir() if p != encrypted]
        assert leftovers == []  # nothing readable stays, not even a temporary file
        assert NAME.encode() not in encrypted.read_bytes()
        with db.read() as session:
            details = list(session.scalars(select(AuditEntry.detail).where(
                AuditEntry.action == "backup.plain_removed")))
        assert len(details) == 1 and "2 个" in details[0]
    finally:
        db.dispose()


def test_an_unencrypted_station_has_no_plain_backups_to_remove(old: dict[str, Any]) -> None:
    db = open_database(old["path"])
    try:
        assert find_plain_backups(db) == []
    finally:
        db.dispose()


def test_a_legacy_slot_opens_with_the_old_hash_until_its_operator_logs_in(
        old: dict[str, Any]) -> None:
    unlock_station(old["path"], "admin", PASSWORD).db.dispose()
    keys = keyfile_path(old["path"])
    slot = KeyFile.load(keys).operator_slot("tiaojie")
    assert slot is not None and slot.legacy
    # The finding: the hash in a plain backup unwraps the data key from the legacy slot.
    stolen = AESGCM(_hash_key(old["hash"])).decrypt(slot.nonce, slot.wrapped,
                                                     operator_label("tiaojie").encode())
    assert len(stolen) == 32
    unlock_station(old["path"], "tiaojie", "mediator-pass").db.dispose()
    replaced = KeyFile.load(keys).operator_slot("tiaojie")
    assert replaced is not None and not replaced.legacy and replaced.rewrappable
    assert [s.legacy for s in KeyFile.load(keys).slots.values()] == [False] * len(
        KeyFile.load(keys).slots)
    # The old hash's output no longer unwraps anything: the slot is a fresh salt's key pair.
    assert replaced.salt != slot.salt
    with pytest.raises(InvalidTag):
        AESGCM(_hash_key(old["hash"])).decrypt(replaced.nonce, replaced.box,
                                               operator_label("tiaojie").encode())
    with pytest.raises(WrongSecret):
        replaced.open("not-the-password")


def test_a_rekey_drops_a_legacy_slot_whose_operator_never_logged_in(
        old: dict[str, Any]) -> None:
    opened = unlock_station(old["path"], "admin", PASSWORD)
    db, admin = opened.db, opened.actor
    try:
        stolen_key = db.key
        result = revocation.rekey_station(db, admin)
        assert result.needs_reset == ["tiaojie"]
        assert KeyFile.load(keyfile_path(db.path)).operator_slot("tiaojie") is None
        assert db.key != stolen_key
    finally:
        db.dispose()
