"""Keys for sync, all from ``cryptography`` (no home-made crypto).

* Station: one Ed25519 key pair; the station signs each bundle manifest with it.
* County: an Ed25519 key pair (signs acknowledgements) and an X25519 key pair (bundle keys
  are wrapped for it). The county's *public key file* is both public keys as PEM blocks, one
  after the other; ``load_county_public`` tells them apart by key type.

Key wrapping (``wrap_key``): a fresh X25519 ephemeral key, ECDH with the county's X25519
public key, HKDF-SHA256 (no salt, ``info`` = a label + both public keys + the context the
caller binds, i.e. station id and bundle seq) → a 256-bit key-encryption key → AES key wrap
(RFC 3394). ``key.bin`` = ephemeral public key (32 bytes) ‖ wrapped key (40 bytes).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from .errors import SyncError

WRAP_LABEL = b"workstation-sync/1 key-wrap"
WRAPPED_KEY_SIZE = 32 + 40
#: Most bytes read of a public key file (a station's or the county's: a few PEM blocks).
MAX_KEY_FILE = 64 << 10
SIGNATURE_SIZE = 64
_PEM_BLOCK = re.compile(
    rb"-----BEGIN ([A-Z ]+)-----\r?\n.+?-----END \1-----", re.DOTALL)

_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


def private_pem(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def public_pem(key: Ed25519PublicKey | X25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo,
    ).decode("ascii")


def fingerprint(key: Ed25519PublicKey | X25519PublicKey) -> str:
    """SHA-256 of the raw public key, hex (shown to people comparing keys by phone)."""
    return hashlib.sha256(key.public_bytes(**_RAW)).hexdigest()


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def new_box_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def load_signing_private(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SyncError("存储的签名私钥类型不对")
    return key


def load_box_private(pem: str) -> X25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, X25519PrivateKey):
        raise SyncError("存储的加密私钥类型不对")
    return key


def load_box_public(pem: str) -> X25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode("ascii"))
    if not isinstance(key, X25519PublicKey):
        raise SyncError("存储的加密公钥类型不对")
    return key


def _pem_blocks(text: str | bytes) -> list[bytes]:
    data = text.encode("ascii", "replace") if isinstance(text, str) else text
    return [m.group(0) for m in _PEM_BLOCK.finditer(data)]


def load_station_public(text: str | bytes) -> Ed25519PublicKey:
    """A station's public key (one Ed25519 PEM block)."""
    for block in _pem_blocks(text):
        try:
            key = serialization.load_pem_public_key(block)
        except ValueError:
            continue
        if isinstance(key, Ed25519PublicKey):
            return key
    raise SyncError("文件中没有有效的站点公钥（Ed25519 PEM）")


@dataclass(frozen=True)
class CountyPublic:
    signing: Ed25519PublicKey  # verifies acknowledgements
    box: X25519PublicKey  # bundle keys are wrapped for it

    def pem(self) -> str:
        return public_pem(self.signing) + public_pem(self.box)


def load_county_public(text: str | bytes) -> CountyPublic:
    """The county's public key file: an Ed25519 and an X25519 PEM block, in any order."""
    signing: Ed25519PublicKey | None = None
    box: X25519PublicKey | None = None
    for block in _pem_blocks(text):
        try:
            key = serialization.load_pem_public_key(block)
        except ValueError:
            continue
        if isinstance(key, Ed25519PublicKey):
            signing = key
        elif isinstance(key, X25519PublicKey):
            box = key
    if signing is None or box is None:
        raise SyncError("文件不是有效的县级中心公钥（需要 Ed25519 与 X25519 两个公钥）")
    return CountyPublic(signing, box)


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes, context: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None,
        info=WRAP_LABEL + ephemeral + recipient + context,
    ).derive(shared)


def wrap_key(data_key: bytes, recipient: X25519PublicKey, context: bytes) -> bytes:
    """``data_key`` (32 bytes) wrapped for ``recipient``: ephemeral public ‖ AES-KW output."""
    ephemeral = X25519PrivateKey.generate()
    eph_raw = ephemeral.public_key().public_bytes(**_RAW)
    kek = _kek(ephemeral.exchange(recipient), eph_raw, recipient.public_bytes(**_RAW), context)
    return eph_raw + aes_key_wrap(kek, data_key)


def unwrap_key(blob: bytes, private: X25519PrivateKey, context: bytes) -> bytes | None:
    """The data key, or None if ``blob`` was not wrapped for ``private`` (or was altered)."""
    if len(blob) != WRAPPED_KEY_SIZE:
        return None
    eph_raw, wrapped = blob[:32], blob[32:]
    try:
        ephemeral = X25519PublicKey.from_public_bytes(eph_raw)
        recipient = private.public_key().public_bytes(**_RAW)
        kek = _kek(private.exchange(ephemeral), eph_raw, recipient, context)
        return aes_key_unwrap(kek, wrapped)
    except (InvalidUnwrap, ValueError):
        return None


def verify(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def read_key_file(path: str | Path) -> bytes:
    """The bytes of a public key file, at most ``MAX_KEY_FILE`` (the loaders then refuse
    anything that is not a key); SyncError in Chinese when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_KEY_FILE)
    except OSError as exc:
        raise SyncError(f"无法读取文件 {Path(path).name}：{exc.strerror or exc}") from exc
