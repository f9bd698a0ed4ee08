"""Key slots: the database's random data key, wrapped once per operator and once for recovery.

A station database is encrypted (SQLCipher, raw 256-bit key) with a random *data key*. The data
key is never stored in the clear: a small JSON file beside the database (``station.db.keys``)
holds it wrapped (AES-256-GCM) by a key derived with Argon2id from each operator's password,
and once more by the station's recovery code. Changing or resetting a password re-wraps the
data key into that operator's slot; the database itself is never re-encrypted.

Each slot's label (``operator:<username>`` or ``recovery``) is the AEAD associated data, so
a slot copied under another name fails to open. A wrong password and a damaged slot look the
same: the GCM tag does not verify.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.files import write_atomically

DATA_KEY_BYTES = 32
FORMAT_VERSION = 1
RECOVERY_LABEL = "recovery"
# Recovery codes: 25 characters of a 32-symbol alphabet without look-alikes (125 bits),
# printed in five groups of five.
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_GROUPS = 5
RECOVERY_GROUP_LEN = 5


class KeySlotError(Exception):
    """A key file is missing, damaged or does not open; the message is fit to show (Chinese)."""


class WrongSecret(KeySlotError):
    """The password or recovery code does not open the slot."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored in every slot so it can be raised later without breaking old slots."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2

    def as_dict(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> KdfParams:
        return cls(int(raw["t"]), int(raw["m"]), int(raw["p"]))


# Module default; tests lower it (Argon2 at 64 MiB costs ~0.2 s per derivation).
DEFAULT_KDF = KdfParams()


def keyfile_path(db_path: Path | str) -> Path:
    """Where the key slots of the database at ``db_path`` live."""
    path = Path(db_path)
    return path.with_name(path.name + ".keys")


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(RECOVERY_ALPHABET)
                    for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return "-".join(chars[i:i + RECOVERY_GROUP_LEN]
                    for i in range(0, len(chars), RECOVERY_GROUP_LEN))


def normalize_recovery_code(code: str) -> str:
    """Upper case, no spaces or dashes; common misreadings (O→0 is not in the alphabet) kept."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def operator_label(username: str) -> str:
    return f"operator:{username}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=params.time_cost,
                           memory_cost=params.memory_kib, parallelism=params.parallelism,
                           hash_len=32, type=Type.ID)


@dataclass
class Slot:
    label: str
    salt: bytes
    kdf: KdfParams
    nonce: bytes
    wrapped: bytes

    @classmethod
    def seal(cls, label: str, secret: str, data_key: bytes,
             kdf: KdfParams | None = None) -> Slot:
        params = kdf or DEFAULT_KDF
        salt, nonce = os.urandom(16), os.urandom(12)
        wrapped = AESGCM(_derive(secret, salt, params)).encrypt(nonce, data_key, label.encode())
        return cls(label, salt, params, nonce, wrapped)

    def open(self, secret: str) -> bytes:
        key = _derive(secret, self.salt, self.kdf)
        try:
            return AESGCM(key).decrypt(self.nonce, self.wrapped, self.label.encode())
        except InvalidTag:
            raise WrongSecret("密码错误") from None

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "kdf": {"alg": "argon2id", **self.kdf.as_dict()},
                "salt": _b64(self.salt), "nonce": _b64(self.nonce),
                "wrapped": _b64(self.wrapped)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Slot:
        if raw["kdf"].get("alg") != "argon2id":
            raise ValueError("unknown kdf")
        return cls(str(raw["label"]), _unb64(raw["salt"]), KdfParams.from_dict(raw["kdf"]),
                   _unb64(raw["nonce"]), _unb64(raw["wrapped"]))


@dataclass
class KeyFile:
    """The slots of one database; ``save`` writes atomically (temp file, fsync, rename)."""

    path: Path
    slots: dict[str, Slot] = field(default_factory=dict)

    @classmethod
    def create(cls, path: Path, data_key: bytes, *, username: str, password: str,
               recovery_code: str) -> KeyFile:
        keyfile = cls(path)
        keyfile.set_operator(username, password, data_key)
        keyfile.set_recovery(recovery_code, data_key)
        return keyfile

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            raw = json.loads(path.read_text("utf-8"))
            if raw.get("format") != FORMAT_VERSION:
                raise ValueError("format")
            slots = [Slot.from_dict(item) for item in raw["slots"]]
        except FileNotFoundError:
            raise KeySlotError(f"找不到数据库密钥文件：{path}") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeySlotError(f"数据库密钥文件已损坏：{path}") from exc
        return cls(path, {slot.label: slot for slot in slots})

    def save(self) -> None:
        payload = json.dumps({"format": FORMAT_VERSION,
                              "slots": [s.as_dict() for s in self.slots.values()]},
                             indent=1, ensure_ascii=False).encode("utf-8")
        write_atomically(self.path, payload)

    # --- opening -------------------------------------------------------------------------
    def unlock(self, username: str, password: str) -> bytes:
        slot = self.slots.get(operator_label(username))
        if slot is None:
            raise WrongSecret("用户名或密码错误")
        try:
            return slot.open(password)
        except WrongSecret:
            raise WrongSecret("用户名或密码错误") from None

    def unlock_with_recovery(self, code: str) -> bytes:
        slot = self.slots.get(RECOVERY_LABEL)
        if slot is None:
            raise KeySlotError("该数据库没有恢复码")
        try:
            return slot.open(normalize_recovery_code(code))
        except WrongSecret:
            raise WrongSecret("恢复码不正确") from None

    def has_operator(self, username: str) -> bool:
        return operator_label(username) in self.slots

    # --- changing (callers hold the data key: they are logged in) ------------------------
    def set_operator(self, username: str, password: str, data_key: bytes) -> None:
        label = operator_label(username)
        self.slots[label] = Slot.seal(label, password, data_key)

    def remove_operator(self, username: str) -> None:
        self.slots.pop(operator_label(username), None)

    def set_recovery(self, code: str, data_key: bytes) -> None:
        self.slots[RECOVERY_LABEL] = Slot.seal(RECOVERY_LABEL, normalize_recovery_code(code),
                                               data_key)
