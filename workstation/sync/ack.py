"""Acknowledgements: the county's signed receipt for a station, carrying aid decisions back.

File ``<division_code>-<seq:06d>.wsa``: a JSON object ``{"format", "body", "signature"}``
where ``body`` is a JSON *string* (so the signed bytes are exact) and ``signature`` the
county's Ed25519 signature over ``body`` encoded as UTF-8, in base64.

Two forms of ``body`` (docs/sync-bundle.md):

* version 1 (*open*): the acknowledgement itself, for a station whose X25519 box key the
  county does not know (a station program from before the key);
* version 2 (*sealed*): ``{"format_version": 2, "station_id", "bundle_seq", "sealed"}``,
  where ``sealed`` is the whole version 1 body encrypted for the station's box key with
  ``conflicts.seal`` (a fresh AES-256-GCM key wrapped by ``keys.wrap_key``, bound to the
  station, the seq and ``SEALED_LABEL``). Encrypt, then sign: the station checks the
  county's signature before it decrypts or reads anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from workstation.domain.audit_chain import BREAK_LABELS
from workstation.version import is_newer, program_version

from . import conflicts, keys
from .errors import BundleRefused
from .format import TABLES, epoch_tag, is_int, is_uuid

ACK_FORMAT = "workstation-sync-ack"
ACK_VERSION = 1
#: The ``format_version`` of a sealed acknowledgement's signed envelope.
SEALED_ACK_VERSION = 2
SEALED_LABEL = "workstation-sync/1 ack"
ACK_SUFFIX = ".wsa"
#: Most bytes of an acknowledgement file (or HTTP answer), and of its body once unsealed.
MAX_ACK = 8 << 20
MAX_ACK_BODY = 6 << 20
DECISIONS = ("granted", "denied")
#: Limits of the optional ``notice`` (the newest program version the county distributes).
MAX_NOTICE_VERSION = 64
MAX_NOTICE_TEXT = 500
#: Most audit-trail breaks one acknowledgement lists (``audit_breaks``).
MAX_ACK_BREAKS = 100


def ack_file_name(division_code: str, seq: int, epoch: int = 1) -> str:
    """``<division_code>-<seq:06d>.wsa``; from chain epoch 2 on ``<code>-e<n>-<seq>.wsa``."""
    return f"{division_code}-{epoch_tag(epoch)}{seq:06d}{ACK_SUFFIX}"


def encode_ack(body: dict[str, Any], signer: Ed25519PrivateKey,
               box: X25519PublicKey | None = None) -> bytes:
    """The acknowledgement file's bytes: sealed for ``box`` (the station's X25519 key) when
    given, open otherwise; signed by ``signer`` either way."""
    content: dict[str, Any] = {"format_version": ACK_VERSION, **body}
    if box is not None:
        station_id, seq = str(body["station_id"]), int(body["bundle_seq"])
        content = {"format_version": SEALED_ACK_VERSION, "station_id": station_id,
                   "bundle_seq": seq,
                   "sealed": conflicts.seal(content, box, station_id, seq, label=SEALED_LABEL)}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    signature = signer.sign(text.encode("utf-8"))
    return json.dumps({"format": ACK_FORMAT, "body": text, "signature": keys.b64(signature)},
                      ensure_ascii=False, indent=1).encode("utf-8")


def read_ack(path: Path, county: Ed25519PublicKey,
             box: X25519PrivateKey | None = None) -> dict[str, Any]:
    """The verified body of the acknowledgement file at ``path`` (``decode_ack``);
    BundleRefused otherwise."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_ACK + 1)
    except OSError as exc:
        raise BundleRefused(f"无法读取确认文件：{path}") from exc
    return decode_ack(data, county, path.name, box)


def decode_ack(data: bytes, county: Ed25519PublicKey, label: str,
               box: X25519PrivateKey | None = None) -> dict[str, Any]:
    """The verified body of an acknowledgement's bytes (a file's, or an HTTP response's);
    ``label`` names it in messages. ``box``: the station's X25519 private key, which opens
    a sealed acknowledgement (after the county's signature is checked)."""

    def refuse(reason: str) -> BundleRefused:
        return BundleRefused(f"确认文件 {label} 被拒绝：{reason}")

    if len(data) > MAX_ACK:
        raise refuse("文件过大")
    try:
        outer = json.loads(data.decode("utf-8"))
        if not isinstance(outer, dict) or outer.get("format") != ACK_FORMAT:
            raise ValueError("format")
        text, signature = outer["body"], keys.unb64(outer["signature"])
        if not isinstance(text, str):
            raise ValueError("body")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise refuse("不是有效的确认文件（已损坏或格式不对）") from exc
    if not keys.verify(county, signature, text.encode("utf-8")):
        raise refuse("县级中心签名无效（文件被改动，或不是本站设置的县级中心签发的）")
    body = json.loads(text)
    if isinstance(body, dict) and body.get("format_version") == SEALED_ACK_VERSION:
        body = _unsealed(body, box, refuse)
    if not isinstance(body, dict) or body.get("format_version") != ACK_VERSION:
        raise refuse("不支持的确认文件版本")
    if not (is_uuid(body.get("station_id")) and is_int(body.get("bundle_seq"), 0)
            and is_int(body.get("change_seq"), 0) and isinstance(body.get("decisions"), list)
            and is_int(body.get("epoch", 1), 1)):
        raise refuse("确认文件内容不完整")
    for d in body["decisions"]:
        if not (isinstance(d, dict) and is_uuid(d.get("referral_id"))
                and d.get("decision") in DECISIONS and isinstance(d.get("lawyer", ""), str)
                and isinstance(d.get("reason", ""), str)
                and isinstance(d.get("decided_on"), str)):
            raise refuse("确认文件中的决定格式不正确")
    if not _conflicts_ok(body):
        raise refuse("确认文件中的冲突记录格式不正确")
    notice = body.get("notice")
    if notice is not None and not (
            isinstance(notice, dict) and isinstance(notice.get("newest_version"), str)
            and 0 < len(notice["newest_version"]) <= MAX_NOTICE_VERSION
            and isinstance(notice.get("text", ""), str)
            and len(notice.get("text", "")) <= MAX_NOTICE_TEXT):
        raise refuse("确认文件中的版本提示格式不正确")
    if not _breaks_ok(body.get("audit_breaks", [])):
        raise refuse("确认文件中的操作日志检查结果格式不正确")
    return body


def _breaks_ok(breaks: Any) -> bool:
    """The optional ``audit_breaks``: what the county found in the station's audit trail."""
    return isinstance(breaks, list) and len(breaks) <= MAX_ACK_BREAKS and all(
        isinstance(b, dict) and b.get("kind") in BREAK_LABELS and is_int(b.get("first_seq"), 1)
        and is_int(b.get("last_seq"), b["first_seq"]) and is_int(b.get("epoch", 1), 1)
        and isinstance(b.get("detected_at"), str) and 0 < len(b["detected_at"]) <= 40
        for b in breaks)


def _unsealed(envelope: dict[str, Any], box: X25519PrivateKey | None,
              refuse: Callable[[str], BundleRefused]) -> dict[str, Any]:
    """The body inside a sealed acknowledgement's (already verified) envelope."""
    station_id, seq = envelope.get("station_id"), envelope.get("bundle_seq")
    if not (is_uuid(station_id) and is_int(seq, 0) and set(envelope) == {
            "format_version", "station_id", "bundle_seq", "sealed"}
            and conflicts.sealed_shape_ok(envelope["sealed"], MAX_ACK_BODY)):
        raise refuse("加密的确认文件格式不正确")
    if box is None:
        raise refuse("确认文件已加密，但本站还没有加密密钥（请先导出一次数据包）")
    body = conflicts.unseal(envelope["sealed"], box, station_id, seq, label=SEALED_LABEL,
                            limit=MAX_ACK_BODY)
    if body is None:
        raise refuse("无法解密（不是发给本站的，或已损坏）")
    if body.get("station_id") != station_id or body.get("bundle_seq") != seq:
        raise refuse("加密内容与确认文件不符")
    return body


def _conflicts_ok(body: dict[str, Any]) -> bool:
    """The optional conflict fields: ``conflicts`` (at most ``conflicts.MAX_LISTED`` entries,
    no personal data), ``conflicts_total`` and ``sealed`` (the county's data, encrypted for
    the station)."""
    listed = body.get("conflicts", [])
    if not (isinstance(listed, list) and len(listed) <= conflicts.MAX_LISTED
            and is_int(body.get("conflicts_total", len(listed)), len(listed))):
        return False
    for c in listed:
        if not (isinstance(c, dict) and c.get("table") in TABLES and is_uuid(c.get("record_id"))
                and isinstance(c.get("reason"), str) and len(c["reason"]) <= 32
                and isinstance(c.get("reason_text", ""), str)
                and len(c.get("reason_text", "")) <= conflicts.MAX_LABEL
                and is_int(c.get("county_version"), 0) and is_int(c.get("station_version"), 1)
                and isinstance(c.get("detected_at"), str) and len(c["detected_at"]) <= 40
                and is_int(c.get("bundle_seq"), 0)):
            return False
    return "sealed" not in body or conflicts.sealed_shape_ok(body["sealed"])


def notice_message(body: dict[str, Any], running: str | None = None) -> str | None:
    """What to tell the station about the acknowledgement's ``notice``: one Chinese line when
    the county distributes a newer program version than ``running`` (default: this
    program's), else None (no notice, the same or an older version, or not comparable)."""
    notice = body.get("notice")
    if not isinstance(notice, dict):
        return None
    newest = str(notice.get("newest_version", ""))
    current = running if running is not None else program_version()
    if not is_newer(newest, current):
        return None
    text = str(notice.get("text", "")).strip()
    line = f"县级中心提示：有新版本 {newest}（本站为 {current}），请安排升级。"
    return f"{line}{text}" if text else line
