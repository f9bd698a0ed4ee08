"""Conflicts the county found in a station's bundle, as both sides name them.

A *conflict* is a record of a bundle the county did not apply because it holds the record
differently. Reasons (``REASONS``; the code travels in the acknowledgement, the Chinese text
is declared here once):

* ``same_version``: the county holds the same version number with different content;
* ``county_newer``: the county holds a newer version than the one sent, with different
  content (the county keeps only the latest version of a record, so it cannot tell an older
  version it once had from one it never saw; in normal operation a station never sends an
  older version: it happens after a restore or rollback, exactly when the station lacks the
  county's newer content and may want it back);
* ``foreign``: the id belongs to a record of another station (never applied; the county
  sends no data of the other station back).

The acknowledgement lists each open conflict in clear (table, id, versions, reason, no
personal data) and carries, encrypted for the station, the county's data of each record and
its number/name (``seal`` / ``unseal``): a fresh AES-256-GCM key per acknowledgement,
wrapped with ``keys.wrap_key`` for the station's X25519 key (sent, signed, in its bundle
manifests as ``station_box_key``). See docs/sync-bundle.md.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import keys

SAME_VERSION = "same_version"
COUNTY_NEWER = "county_newer"
FOREIGN = "foreign"

#: Reason code → what the station's operator reads.
REASONS: Mapping[str, str] = {
    SAME_VERSION: "同一版本号，内容不同",
    COUNTY_NEWER: "县级中心有更新的版本",
    FOREIGN: "这条记录的编号已属于另一个站点（县级中心未接收）",
}

#: Reasons the station can settle itself (keep its version above the county's, or take the
#: county's); a ``foreign`` conflict needs the county center.
RESOLVABLE = (SAME_VERSION, COUNTY_NEWER)

#: How a conflict ended. ``station``: a later bundle carried a version above the county's;
#: ``county``: the station took the county's version (its next bundle carried it unchanged).
RESOLUTIONS = ("station", "county")

#: Bounds of what one acknowledgement carries (it must stay under ``ack.MAX_ACK``).
MAX_LISTED = 500
MAX_RECORD_DATA = 512 << 10  # one record's county data (JSON text); a larger one is left out
MAX_SEALED = 2 << 20  # the sealed plaintext of one acknowledgement
MAX_LABEL = 200

#: The field that names a record to a person, per table (number, or name).
_LABEL_FIELDS: Mapping[str, tuple[str, ...]] = {
    "operator": ("name",), "person": ("name",), "referral_provider": ("name",),
    "consultation": ("number",), "mediation_committee": ("name",),
    "mediation_case": ("number",), "aid_referral": ("number",),
    "publicity_activity": ("number",), "screening": ("number",),
    "mediation_party": ("org_name",), "screening_dispute": ("parties",),
}

_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}
_SEAL_LABEL = "workstation-sync/1 ack-conflicts"


def reason_text(code: str, fallback: str = "") -> str:
    return REASONS.get(code, fallback or code)


def record_label(table: str, data: Mapping[str, Any]) -> str:
    """The record's number or name where it has one ('' otherwise)."""
    for name in _LABEL_FIELDS.get(table, ()):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:MAX_LABEL]
    return ""


def entry_key(table: str, record_id: str) -> str:
    return f"{table}/{record_id}"


# --- the station's box key in manifests -----------------------------------------------------


def box_key_text(public: X25519PublicKey) -> str:
    """The manifest's ``station_box_key``: the raw X25519 public key in base64."""
    return keys.b64(public.public_bytes(**_RAW))


def load_box_key_text(text: Any) -> X25519PublicKey | None:
    """The key of a ``station_box_key`` value, None if it is not one."""
    if not isinstance(text, str) or len(text) != 44:
        return None
    try:
        return X25519PublicKey.from_public_bytes(keys.unb64(text))
    except ValueError:
        return None


# --- sealing the county's data for the station --------------------------------------------


def _context(station_id: str, bundle_seq: int, label: str = _SEAL_LABEL) -> bytes:
    return f"{label}\n{station_id}\n{bundle_seq}".encode()


def seal(payload: Mapping[str, Any], recipient: X25519PublicKey, station_id: str,
         bundle_seq: int, *, label: str = _SEAL_LABEL) -> dict[str, str]:
    """``payload`` (JSON-able) encrypted for ``recipient``: ``{"key", "nonce", "data"}``
    (base64: the wrapped AES key, the GCM nonce, ciphertext ‖ tag), bound to the station,
    the acknowledged bundle seq and ``label`` (what is sealed: the conflicts' data, or a
    whole acknowledgement, ``ack.SEALED_LABEL``)."""
    context = _context(station_id, bundle_seq, label)
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    cipher = AESGCM(data_key).encrypt(nonce, plain, context)
    return {"key": keys.b64(keys.wrap_key(data_key, recipient, context)),
            "nonce": keys.b64(nonce), "data": keys.b64(cipher)}


def sealed_shape_ok(sealed: Any, limit: int = MAX_SEALED) -> bool:
    """Shape and size bounds of a ``sealed`` object of at most ``limit`` plaintext bytes
    (before decoding)."""
    if not (isinstance(sealed, dict) and set(sealed) == {"key", "nonce", "data"}
            and all(isinstance(v, str) for v in sealed.values())):
        return False
    return (len(sealed["key"]) == 96 and len(sealed["nonce"]) == 16
            and len(sealed["data"]) <= (limit + 16) * 4 // 3 + 4)


def unseal(sealed: Mapping[str, str], private: X25519PrivateKey, station_id: str,
           bundle_seq: int, *, label: str = _SEAL_LABEL,
           limit: int = MAX_SEALED) -> dict[str, Any] | None:
    """The sealed payload, or None if it was not sealed for ``private`` with this station,
    seq and ``label`` (or was altered, or is over ``limit`` bytes)."""
    context = _context(station_id, bundle_seq, label)
    try:
        blob = base64.b64decode(sealed["key"], validate=True)
        nonce = base64.b64decode(sealed["nonce"], validate=True)
        cipher = base64.b64decode(sealed["data"], validate=True)
    except (ValueError, KeyError, TypeError):
        return None
    data_key = keys.unwrap_key(blob, private, context)
    if data_key is None or len(nonce) != 12:
        return None
    try:
        plain = AESGCM(data_key).decrypt(nonce, cipher, context)
    except InvalidTag:
        return None
    if len(plain) > limit:
        return None
    try:
        payload = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
