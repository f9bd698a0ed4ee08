"""Values the county keeps sealed with its data key (AES-256-GCM): on PostgreSQL the county's
private keys (``county_key``), which must never be stored in clear. A sealed value is text,
``sealed:v1:`` and the base64 of nonce ‖ ciphertext; its purpose (the column) is the
associated data, so a value moved to another column does not open."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.sync.errors import SyncError

PREFIX = "sealed:v1:"
_CONTEXT = b"workstation county: sealed values v1"


def _key(data_key: bytes) -> bytes:
    return hmac.new(data_key, _CONTEXT, hashlib.sha256).digest()


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(data_key: bytes, value: str, purpose: str) -> str:
    nonce = os.urandom(12)
    box = AESGCM(_key(data_key)).encrypt(nonce, value.encode("utf-8"), purpose.encode())
    return PREFIX + base64.b64encode(nonce + box).decode("ascii")


def unseal(data_key: bytes | None, value: str, purpose: str) -> str:
    """The clear text of a sealed value (a value not sealed is returned as it is: an old
    county before its conversion)."""
    if not is_sealed(value):
        return value
    if data_key is None:
        raise SyncError("县级中心的密钥已加密保存，需要县级中心操作员登录后才能使用")
    try:
        blob = base64.b64decode(value[len(PREFIX):], validate=True)
        return AESGCM(_key(data_key)).decrypt(blob[:12], blob[12:], purpose.encode()
                                              ).decode("utf-8")
    except (ValueError, InvalidTag) as exc:
        raise SyncError("县级中心的密钥无法解密（数据已损坏或密钥不符）") from exc
