"""Key slots: the database's random data key, wrapped once per operator and once for recovery.

A station database is encrypted (SQLCipher, raw 256-bit key) with a random *data key*. The data
key is never stored in the clear: a small JSON file beside the database (``station.db.keys``)
holds one slot per operator and one for the station's recovery code. Each slot has its own
X25519 key pair: the private key sealed (AES-256-GCM) under a key derived with Argon2id from
the password, and the data key wrapped to the public key. So whoever holds the data key can
wrap a *new* one for every slot without anyone's password: revocation (``storage.rekey``,
``services.revocation``). Changing or resetting a password seals a new slot. Slots of the
first form (the data key sealed directly under the password) still open and are replaced at
their operator's next login.

Each slot's label (``operator:<username>`` or ``recovery``) is the AEAD associated data, so
a slot copied under another name fails to open. A wrong password and a damaged slot look the
same: the GCM tag does not verify.

Beside the wrapped key each slot carries unauthenticated bookkeeping: when it was sealed, the
failed-attempt counter and the times before which it refuses attempts (a throttle for the
login screen; Argon2 is what guards against offline guessing), and whether it was made from
an old database's password hash (re-sealed at the first login). The file also keeps the
station's name for the login screen, whether the recovery code still has to be shown to an
admin, and failed logins not yet written to the audit trail (the database does not open for a
wrong password). Those failed logins, and the throttle counters they carry, form a
hash-ratcheted MAC chain whose checkpoint only the data key opens (``append_pending``,
``verify_pending``): what cannot be prevented before anyone unlocks is noticed at the next
login. Writers change the file with ``KeyFile.update`` under an OS file lock, so the app and
a command running at the same time never lose each other's changes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from workstation.files import write_atomically

DATA_KEY_BYTES = 32
FORMAT_VERSION = 1
RECOVERY_LABEL = "recovery"
# Recovery codes: 25 characters of a 32-symbol alphabet without look-alikes (125 bits),
# printed in five groups of five.
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_GROUPS = 5
RECOVERY_GROUP_LEN = 5
# Failed logins waiting for the audit trail; beyond this only the newest are kept.
MAX_PENDING_FAILURES = 500
# Throttle counters kept for user names without a slot; beyond this the oldest are dropped.
MAX_DECOYS = 200
# Entries of the failed-login chain checked at one login (a hash each); a chain claiming more
# (days of attempts without any login, or a count edited by hand) fails the check.
MAX_CHAIN_STEPS = 200_000

# Bounds of what a key file may say (it is untrusted input: it travels inside backups).
# Checked when a file is parsed, before any Argon2 derivation: a crafted cost cannot make a
# login or a restore exhaust memory or time. The default cost (t=3, 64 MiB, p=2) and the
# tests' cost (t=1, 1 MiB, p=1) lie well inside.
#: Largest key file read (a slot is ~0.4 KB, the pending list at most ~60 KB).
MAX_KEYFILE_BYTES = 1 << 20
KDF_TIME_COST = (1, 16)
#: Argon2 memory in KiB: at least 8 per lane (Argon2's own floor), at most 1 GiB.
KDF_MEMORY_KIB = (8, 1 << 20)
KDF_PARALLELISM = (1, 16)
SALT_BYTES = (8, 64)
NONCE_BYTES = 12
WRAPPED_BYTES = 32 + 16  # the data key and the GCM tag


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
        return cls(raw["t"], raw["m"], raw["p"]).checked()

    def checked(self) -> KdfParams:
        """Itself if every cost is an integer within bounds; else ``OutOfBounds``."""
        values = (self.time_cost, self.memory_kib, self.parallelism)
        bounds = (KDF_TIME_COST, KDF_MEMORY_KIB, KDF_PARALLELISM)
        if not all(type(v) is int and low <= v <= high
                   for v, (low, high) in zip(values, bounds, strict=True)) \
                or self.memory_kib < 8 * self.parallelism:
            raise OutOfBounds("kdf")
        return self


class OutOfBounds(ValueError):
    """A key file's value outside the bounds above."""


def _sized(data: bytes, low: int, high: int) -> bytes:
    if not low <= len(data) <= high:
        raise OutOfBounds("size")
    return data


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


def _unb64_unpadded(text: str) -> bytes:
    """The unpadded base64 of PHC strings (argon2 hashes)."""
    return base64.b64decode((text + "=" * (-len(text) % 4)).encode("ascii"), validate=True)


# --- wrapping a data key to a slot's public key (the construction of sync/keys.wrap_key with
# its own label: X25519 with a fresh ephemeral key, HKDF-SHA256, AES key wrap) -------------
SLOT_WRAP_LABEL = b"workstation-keyslot/2 key-wrap"
WRAPPED_SIZE = 32 + 40
_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


def _slot_kek(shared: bytes, ephemeral: bytes, recipient: bytes, context: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=SLOT_WRAP_LABEL + ephemeral + recipient + context).derive(shared)


def wrap_to_public(data_key: bytes, public: bytes, context: bytes) -> bytes:
    """``data_key`` wrapped for the slot whose X25519 public key is ``public`` (raw 32 bytes):
    ephemeral public key ‖ AES-KW output. Needs no secret of the slot's owner."""
    ephemeral = X25519PrivateKey.generate()
    eph_raw = ephemeral.public_key().public_bytes(**_RAW)
    kek = _slot_kek(ephemeral.exchange(X25519PublicKey.from_public_bytes(public)), eph_raw,
                    public, context)
    return eph_raw + aes_key_wrap(kek, data_key)


def unwrap_with_private(blob: bytes, private: X25519PrivateKey, context: bytes) -> bytes | None:
    if len(blob) != WRAPPED_SIZE:
        return None
    eph_raw, wrapped = blob[:32], blob[32:]
    try:
        recipient = private.public_key().public_bytes(**_RAW)
        kek = _slot_kek(private.exchange(X25519PublicKey.from_public_bytes(eph_raw)), eph_raw,
                        recipient, context)
        return aes_key_unwrap(kek, wrapped)
    except (InvalidUnwrap, ValueError):
        return None


def slot_tag(data_key: bytes, label: str, public: bytes) -> bytes:
    """Binds a slot's public key to the data key: only someone holding the data key can make a
    public key that a rekey will wrap the next data key for."""
    return hmac.new(data_key, b"slot-public|" + label.encode() + b"|" + public,
                    hashlib.sha256).digest()


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
    #: When the slot was sealed (seconds since the epoch).
    created: float = 0.0
    #: Made from an old plain database's argon2 hash: re-sealed at the first login.
    legacy: bool = False
    #: Failed attempts since the last success, and the throttle's times (epoch seconds).
    failures: int = 0
    retry_after: float = 0.0
    locked_until: float = 0.0
    #: Slots of form 2: the slot's X25519 public key (raw) and its HMAC under the data key;
    #: ``box`` is then the private key sealed under the password, ``wrapped`` the data key
    #: wrapped to the public key. Form 1 (``public`` None): ``wrapped`` is the data key sealed
    #: under the password directly; moved to form 2 at the next unlock.
    public: bytes | None = None
    tag: bytes = b""
    box: bytes = b""

    @classmethod
    def _sealed(cls, label: str, kek: bytes, salt: bytes, params: KdfParams,
                data_key: bytes) -> Slot:
        private = X25519PrivateKey.generate()
        public = private.public_key().public_bytes(**_RAW)
        nonce = os.urandom(12)
        box = AESGCM(kek).encrypt(nonce, private.private_bytes_raw(), label.encode())
        return cls(label, salt, params, nonce, wrap_to_public(data_key, public, label.encode()),
                   created=time.time(), public=public, tag=slot_tag(data_key, label, public),
                   box=box)

    @classmethod
    def seal(cls, label: str, secret: str, data_key: bytes,
             kdf: KdfParams | None = None) -> Slot:
        params = kdf or DEFAULT_KDF
        salt = os.urandom(16)
        return cls._sealed(label, _derive(secret, salt, params), salt, params, data_key)

    @classmethod
    def seal_many(cls, labels: list[str], secret: str, data_key: bytes) -> list[Slot]:
        """Slots for several labels sharing one secret, at the cost of one derivation (demo
        accounts with a common password); each has its own key pair."""
        params = DEFAULT_KDF
        salt = os.urandom(16)
        kek = _derive(secret, salt, params)
        return [cls._sealed(label, kek, salt, params, data_key) for label in labels]

    @property
    def rewrappable(self) -> bool:
        """A rekey can carry this slot over (form 2, not made from an old password hash)."""
        return self.public is not None and not self.legacy

    def authentic(self, data_key: bytes) -> bool:
        """Its public key was bound to ``data_key`` by someone holding it."""
        return self.public is not None and hmac.compare_digest(
            self.tag, slot_tag(data_key, self.label, self.public))

    def rewrapped(self, new_key: bytes) -> Slot:
        """The same slot (same password, same throttle) opening ``new_key`` instead."""
        if self.public is None:
            raise KeySlotError("该密钥槽不能转换，需要重设密码")
        return Slot(self.label, self.salt, self.kdf, self.nonce,
                    wrap_to_public(new_key, self.public, self.label.encode()),
                    created=self.created, legacy=self.legacy, failures=self.failures,
                    retry_after=self.retry_after, locked_until=self.locked_until,
                    public=self.public, tag=slot_tag(new_key, self.label, self.public),
                    box=self.box)

    @classmethod
    def from_password_hash(cls, label: str, encoded: str, data_key: bytes) -> Slot | None:
        """A slot that opens with the password behind an argon2id hash (PHC string), without
        knowing the password: the hash's raw output is exactly the key ``open`` derives from
        the same salt and cost. None for hashes of another shape (those operators need a
        password reset). The hash itself is not stored."""
        parts = encoded.split("$")
        if len(parts) != 6 or parts[1] != "argon2id" or parts[2] != "v=19":
            return None
        try:
            cost = dict(item.split("=", 1) for item in parts[3].split(","))
            params = KdfParams(int(cost["t"]), int(cost["m"]), int(cost["p"])).checked()
            salt = _sized(_unb64_unpadded(parts[4]), *SALT_BYTES)
            raw = _unb64_unpadded(parts[5])
        except (ValueError, KeyError):
            return None
        if len(raw) != 32:
            return None
        nonce = os.urandom(12)
        wrapped = AESGCM(raw).encrypt(nonce, data_key, label.encode())
        return cls(label, salt, params, nonce, wrapped, created=time.time(), legacy=True)

    def open(self, secret: str) -> bytes:
        key = _derive(secret, self.salt, self.kdf)
        if self.public is None:
            try:
                return AESGCM(key).decrypt(self.nonce, self.wrapped, self.label.encode())
            except InvalidTag:
                raise WrongSecret("密码错误") from None
        try:
            raw = AESGCM(key).decrypt(self.nonce, self.box, self.label.encode())
        except InvalidTag:
            raise WrongSecret("密码错误") from None
        private = X25519PrivateKey.from_private_bytes(raw)
        data_key = None
        if hmac.compare_digest(private.public_key().public_bytes(**_RAW), self.public):
            data_key = unwrap_with_private(self.wrapped, private, self.label.encode())
        if data_key is None:
            raise KeySlotError("数据库密钥文件中的密钥槽已损坏，请联系站点管理员重设密码")
        return data_key

    def as_dict(self) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "label": self.label, "kdf": {"alg": "argon2id", **self.kdf.as_dict()},
            "salt": _b64(self.salt), "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped),
            "created": self.created,
            "throttle": {"failures": self.failures, "retry_after": self.retry_after,
                         "locked_until": self.locked_until},
        }
        if self.legacy:
            raw["legacy"] = True
        if self.public is not None:
            raw.update(public=_b64(self.public), tag=_b64(self.tag), box=_b64(self.box))
        return raw

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Slot:
        if raw["kdf"].get("alg") != "argon2id":
            raise ValueError("unknown kdf")
        throttle = raw.get("throttle") or {}
        wrapped = WRAPPED_SIZE if raw.get("public") else WRAPPED_BYTES  # form 2 / form 1
        return cls(str(raw["label"]), _sized(_unb64(raw["salt"]), *SALT_BYTES),
                   KdfParams.from_dict(raw["kdf"]),
                   _sized(_unb64(raw["nonce"]), NONCE_BYTES, NONCE_BYTES),
                   _sized(_unb64(raw["wrapped"]), wrapped, wrapped),
                   created=float(raw.get("created", 0.0)), legacy=bool(raw.get("legacy")),
                   failures=int(throttle.get("failures", 0)),
                   retry_after=float(throttle.get("retry_after", 0.0)),
                   locked_until=float(throttle.get("locked_until", 0.0)),
                   **_key_pair_fields(raw))


#: Sizes of a form-2 slot's fields: X25519 public key, HMAC-SHA256, sealed private key
#: (32 + GCM tag); its ``wrapped`` is then ``WRAPPED_SIZE`` (ephemeral key + AES-KW output).
_PAIR_SIZES = {"public": 32, "tag": 32, "box": 32 + 16}


def _key_pair_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """The form-2 fields of a slot read from a key file, their sizes checked (the file is
    untrusted input: it travels inside backups)."""
    if not raw.get("public"):
        return {}
    fields = {name: _unb64(raw[name]) for name in _PAIR_SIZES}
    if any(len(fields[name]) != size for name, size in _PAIR_SIZES.items()) \
            or len(_unb64(raw["wrapped"])) != WRAPPED_SIZE:
        raise ValueError("slot size")
    return fields


@dataclass
class KeyFile:
    """The slots of one database; ``save`` writes atomically (temp file, fsync, rename)."""

    path: Path
    slots: dict[str, Slot] = field(default_factory=dict)
    #: Shown before the database opens: ``station_name``; ``recovery_pending`` while no admin
    #: has confirmed recording the current recovery code.
    meta: dict[str, Any] = field(default_factory=dict)
    #: Failed logins not yet in the audit trail: ``{"at", "username", "kind"}``.
    pending: list[dict[str, Any]] = field(default_factory=list)
    #: Throttle counters of labels that have no slot (an unknown user name), by a hash of the
    #: label: an unknown name is throttled and answered exactly like a known one (``decoy``).
    decoys: dict[str, dict[str, float]] = field(default_factory=dict)
    #: The authentication of ``pending`` (``append_pending``, ``verify_pending``): the next
    #: entry's key and index, and the sealed checkpoint only the data key opens.
    chain: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, path: Path, data_key: bytes, *, username: str, password: str,
               recovery_code: str) -> KeyFile:
        keyfile = cls(path)
        keyfile.set_operator(username, password, data_key)
        keyfile.set_recovery(recovery_code, data_key)
        keyfile.start_chain(data_key)
        return keyfile

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_KEYFILE_BYTES + 1)
        except FileNotFoundError:
            raise KeySlotError(f"找不到数据库密钥文件：{path}") from None
        except OSError as exc:
            raise KeySlotError(f"数据库密钥文件已损坏：{path}") from exc
        return cls.parse(path, data)

    @classmethod
    def parse(cls, path: Path, data: bytes) -> KeyFile:
        """A key file from its bytes (``path`` names it in messages and is where ``save``
        writes; a key file kept elsewhere, e.g. in a database row, uses ``to_bytes``)."""
        try:
            if len(data) > MAX_KEYFILE_BYTES:
                raise KeySlotError(f"数据库密钥文件过大（超过 {MAX_KEYFILE_BYTES >> 10} KB），"
                                   f"不是本程序的密钥文件或已被改动：{path}")
            raw = json.loads(data.decode("utf-8"))
            if raw.get("format") != FORMAT_VERSION:
                raise ValueError("format")
            slots = [Slot.from_dict(item) for item in raw["slots"]]
            meta = dict(raw.get("meta") or {})
            pending = [dict(item) for item in raw.get("pending") or []]
            decoys = {str(k): {n: float(v[n]) for n in _DECOY_FIELDS}
                      for k, v in dict(raw.get("decoys") or {}).items()}
            chain = dict(raw.get("chain") or {})
        except OutOfBounds as exc:
            raise KeySlotError(f"数据库密钥文件中的参数超出允许范围（文件已损坏或被改动）："
                               f"{path}") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeySlotError(f"数据库密钥文件已损坏：{path}") from exc
        return cls(path, {slot.label: slot for slot in slots}, meta, pending, decoys, chain)

    def to_bytes(self) -> bytes:
        self.pending = self.pending[-MAX_PENDING_FAILURES:]
        self.decoys = dict(list(self.decoys.items())[-MAX_DECOYS:])
        return json.dumps({"format": FORMAT_VERSION, "meta": self.meta,
                           "slots": [s.as_dict() for s in self.slots.values()],
                           "pending": self.pending, "decoys": self.decoys,
                           "chain": self.chain},
                          indent=1, ensure_ascii=False).encode("utf-8")

    def save(self) -> None:
        write_atomically(self.path, self.to_bytes())

    @classmethod
    @contextmanager
    def update(cls, path: Path) -> Iterator[KeyFile]:
        """Load, let the caller change, save: under the file lock, so concurrent writers
        (the app and a command) never overwrite each other. Nothing is saved if the block
        raises."""
        with file_lock(path):
            keyfile = cls.load(path)
            yield keyfile
            keyfile.save()

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

    def decoy(self, label: str) -> Slot:
        """A slot for a label that has none (an unknown user name): it never opens, costs the
        same Argon2 work as a real operator slot (their cost, not the default) and carries the
        label's own throttle counters, so an unknown name gets the answers a known one gets.
        ``keep_decoy`` stores its counters after a failure."""
        real = [s for s in self.slots.values() if s.label != RECOVERY_LABEL]
        params = real[0].kdf if real else DEFAULT_KDF
        counters = self.decoys.get(_decoy_key(label), {})
        return Slot(label, os.urandom(16), params, os.urandom(12), os.urandom(48),
                    failures=int(counters.get("failures", 0)),
                    retry_after=counters.get("retry_after", 0.0),
                    locked_until=counters.get("locked_until", 0.0))

    def keep_decoy(self, slot: Slot) -> None:
        key = _decoy_key(slot.label)
        self.decoys.pop(key, None)  # the newest last: the oldest are dropped first
        self.decoys[key] = {"failures": float(slot.failures), "retry_after": slot.retry_after,
                            "locked_until": slot.locked_until}

    # --- the failed-login queue, authenticated ---------------------------------------------
    def append_pending(self, entry: dict[str, Any]) -> None:
        """Queue ``entry`` (a failed login, or a throttle change) tagged with the chain's
        current key, which is then replaced by its hash: whoever reads the file later holds
        only keys for entries still to come, never those of entries already written."""
        entry = dict(entry)
        if "next" in self.chain:
            key = _unb64(self.chain["next"])
            entry["i"] = int(self.chain["count"])
            entry["tag"] = _entry_tag(key, entry)
            self.chain["next"] = _b64(_ratchet(key))
            self.chain["count"] = entry["i"] + 1
        self.pending.append(entry)

    def start_chain(self, data_key: bytes) -> None:
        """A new chain from a random key, its checkpoint sealed with the data key."""
        key = os.urandom(32)
        self.chain = {"next": _b64(key), "count": 0}
        self.checkpoint(data_key, 0, key)

    def checkpoint(self, data_key: bytes, base: int, key: bytes) -> None:
        """Seal (AES-GCM under a key derived from the data key) the chain key of entry
        ``base`` and the slots' throttle counters now: the next ``verify_pending`` starts
        there. Only a holder of the data key (someone logged in) writes a checkpoint."""
        snapshot = {label: [slot.failures, slot.retry_after, slot.locked_until]
                    for label, slot in self.slots.items()}
        plain = json.dumps({"key": _b64(key), "throttle": snapshot, "at": time.time()}
                           ).encode("utf-8")
        nonce = os.urandom(12)
        sealed = AESGCM(_chain_key(data_key)).encrypt(nonce, plain, _chain_aad(base))
        self.chain["base"], self.chain["sealed"] = base, _b64(nonce + sealed)

    def verify_pending(self, data_key: bytes) -> PendingCheck:
        """Check every queued entry against the chain (see ``PendingCheck``)."""
        check = PendingCheck()
        if "sealed" not in self.chain:
            check.broken = check.absent = True
            check.forged = list(self.pending)
            return check
        try:
            base, count = int(self.chain["base"]), int(self.chain["count"])
            blob = _unb64(self.chain["sealed"])
            opened = json.loads(AESGCM(_chain_key(data_key)).decrypt(
                blob[:12], blob[12:], _chain_aad(base)))
            key = _unb64(opened["key"])
            if not 0 <= base <= count or count - base > MAX_CHAIN_STEPS:
                raise ValueError("chain")  # (a count beyond reason would stall the check)
        except (KeyError, ValueError, TypeError, InvalidTag):
            check.broken = True
            check.forged = list(self.pending)
            return check
        since = float(opened.get("at", 0.0))
        check.throttle = {label: (tuple(v), since)
                          for label, v in dict(opened.get("throttle") or {}).items()}
        keys = []
        for _ in range(count - base):
            keys.append(key)
            key = _ratchet(key)
        if _b64(key) != self.chain.get("next"):
            check.broken = True  # the chain's public state was rewritten
        seen: set[int] = set()
        for entry in sorted(self.pending, key=lambda e: e.get("i", -1)
                            if isinstance(e.get("i"), int) else -1):
            index = entry.get("i")
            if (isinstance(index, int) and base <= index < count and index not in seen
                    and hmac.compare_digest(str(entry.get("tag", "")),
                                            _entry_tag(keys[index - base], entry))):
                seen.add(index)
                check.genuine.append(entry)
                if "label" in entry:
                    check.throttle[str(entry["label"])] = (
                        (entry.get("failures", 0), entry.get("retry_after", 0.0),
                         entry.get("locked_until", 0.0)), _epoch_seconds(entry.get("at")))
            else:
                check.forged.append(entry)
        check.missing = (count - base) - len(seen) - sum(
            1 for e in check.forged if isinstance(e.get("i"), int) and base <= e["i"] < count
            and e["i"] not in seen)
        check.upto, check.key_upto = count, key
        return check

    def has_operator(self, username: str) -> bool:
        return operator_label(username) in self.slots

    def operator_slot(self, username: str) -> Slot | None:
        return self.slots.get(operator_label(username))

    def operator_usernames(self) -> list[str]:
        prefix = operator_label("")
        return [label[len(prefix):] for label in self.slots if label.startswith(prefix)]

    # --- changing (callers hold the data key: they are logged in) ------------------------
    def set_operator(self, username: str, password: str, data_key: bytes) -> None:
        label = operator_label(username)
        self.slots[label] = Slot.seal(label, password, data_key)

    def remove_operator(self, username: str) -> None:
        self.slots.pop(operator_label(username), None)

    def set_recovery(self, code: str, data_key: bytes) -> None:
        self.slots[RECOVERY_LABEL] = Slot.seal(RECOVERY_LABEL, normalize_recovery_code(code),
                                               data_key)


_DECOY_FIELDS = ("failures", "retry_after", "locked_until")


@dataclass
class PendingCheck:
    """What ``KeyFile.verify_pending`` found. ``genuine``: entries whose tag verifies, in
    chain order. ``forged``: entries that do not (planted, altered, or from another chain).
    ``missing``: chain entries no longer in the file (deleted, or dropped beyond
    ``MAX_PENDING_FAILURES``). ``broken``: the chain itself does not verify (rewritten,
    removed, or a key file from before chains). ``throttle``: per slot label, the counters
    the authenticated record last holds, and since when. ``upto`` / ``key_upto``: where the
    next checkpoint starts."""

    genuine: list[dict[str, Any]] = field(default_factory=list)
    forged: list[dict[str, Any]] = field(default_factory=list)
    missing: int = 0
    broken: bool = False
    #: No chain at all (a key file written before chains existed, or its chain removed).
    absent: bool = False
    throttle: dict[str, tuple[tuple[Any, ...], float]] = field(default_factory=dict)
    upto: int = 0
    key_upto: bytes | None = None


_CHAIN_CONTEXT = b"workstation key file: failed-login chain v1"


def _chain_key(data_key: bytes) -> bytes:
    return hmac.new(data_key, _CHAIN_CONTEXT, hashlib.sha256).digest()


def _chain_aad(base: int) -> bytes:
    return f"pending-chain:{base}".encode("ascii")


def _ratchet(key: bytes) -> bytes:
    return hashlib.sha256(b"ratchet:" + key).digest()


def _entry_tag(key: bytes, entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "tag"}
    data = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _b64(hmac.new(key, data.encode("utf-8"), hashlib.sha256).digest())


def _epoch_seconds(text: Any) -> float:
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(text)).timestamp()
    except ValueError:
        return 0.0


def _decoy_key(label: str) -> str:
    """Unknown names are kept as a hash (a typed password in the user-name field is not
    written down)."""
    return hashlib.sha256(label.encode("utf-8")).hexdigest()[:32]


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive OS lock on ``<path>.lock`` (released when the block ends, or when the
    process dies)."""
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+b") as handle:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ~10 s; keep waiting
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
