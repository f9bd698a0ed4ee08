"""The county receiver's HTTP protocol, shared by the server (``county serve``) and the
station's uploader. See ``docs/county-server.md``.

Endpoints (all under ``PREFIX``):

- ``GET  /v1/health``: no signature; ``{"status": "ok", "program_version": …}``.
- ``POST /v1/bundles``: body = the bundle file's bytes (``application/octet-stream``);
  200 with the acknowledgement file's bytes (``application/json``), exactly what
  ``county import`` writes beside a bundle (a replay answers the same way).
- ``GET  /v1/ack``: the station's current acknowledgement (pending decisions included);
  404 while nothing of the station was imported.
- ``GET  /v1/directory``: the county's 法律服务指引名录 (JSON).

Every request but ``health`` is signed with the station's Ed25519 key (the one the county
registered): the headers below, the signature over ``canonical(...)``. The server refuses an
unknown station, a bad signature, a stale time or a reused nonce *before reading the body*;
the body is then read against ``CONTENT_SHA256`` and the size cap.

Errors are JSON ``{"error": "<中文说明>", "code": "<code>"}`` with a 4xx/5xx status;
``code`` is one of ``ERROR_CODES``. A refused bundle (``refused``) is final for that bundle;
``busy``/``rate_limited``/5xx mean "retry later"; ``clock`` carries the server's time in
``SERVER_TIME`` so the station can correct its clock offset and retry at once.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import keys

PREFIX = "/v1"
HEALTH = PREFIX + "/health"
BUNDLES = PREFIX + "/bundles"
ACK = PREFIX + "/ack"
DIRECTORY = PREFIX + "/directory"

SCHEME = "workstation-request/1"
STATION = "X-Workstation-Station"          # the station's 12-digit division code
TIME = "X-Workstation-Time"                # Unix seconds (integer) when signed
NONCE = "X-Workstation-Nonce"              # 32 lowercase hex digits, fresh per request
CONTENT_SHA256 = "X-Workstation-Content-SHA256"  # hex SHA-256 of the body ("" body too)
SIGNATURE = "X-Workstation-Signature"      # base64 Ed25519 signature over canonical()
SERVER_TIME = "X-Workstation-Server-Time"  # on responses: the server's Unix seconds
PROGRAM_VERSION = "X-Workstation-Version"  # on requests and responses: the program version

#: How far a request's time may be from the server's (seconds).
MAX_SKEW = 15 * 60
#: Largest bundle upload accepted (bytes); the bundle format's own cap is larger, but a
#: station splits its exports well below this.
MAX_UPLOAD = 256 << 20

ERROR_CODES = ("unknown_station", "bad_signature", "clock", "replay", "too_large",
               "bad_request", "refused", "rate_limited", "busy", "not_found", "server_error")

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_DIVISION = re.compile(r"^[0-9]{12}$")
_NONCE = re.compile(r"^[0-9a-f]{32}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def canonical(method: str, path: str, division_code: str, time: int, nonce: str,
              content_sha256: str) -> bytes:
    """The exact bytes a request's signature covers. ``path`` includes any query string."""
    return "\n".join((SCHEME, method.upper(), path, division_code, str(time), nonce,
                      content_sha256)).encode("utf-8")


def sign_request(signer: Ed25519PrivateKey, *, method: str, path: str, division_code: str,
                 body: bytes = b"", time: int, nonce: str | None = None) -> dict[str, str]:
    """The headers that sign one request."""
    nonce = nonce or os.urandom(16).hex()
    digest = hashlib.sha256(body).hexdigest()
    signature = signer.sign(canonical(method, path, division_code, time, nonce, digest))
    return {STATION: division_code, TIME: str(time), NONCE: nonce, CONTENT_SHA256: digest,
            SIGNATURE: keys.b64(signature)}


@dataclass(frozen=True)
class SignedRequest:
    """The signature headers of a request, checked for shape (not yet verified)."""

    division_code: str
    time: int
    nonce: str
    content_sha256: str
    signature: bytes


class ProtocolError(ValueError):
    """A request the server refuses; ``code`` is one of ``ERROR_CODES``."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def parse_headers(headers: Mapping[str, str]) -> SignedRequest:
    """The signature headers of a request (case-insensitive ``headers``), or ProtocolError."""
    lower = {k.lower(): v for k, v in headers.items()}

    def get(name: str) -> str:
        value = lower.get(name.lower())
        if value is None:
            raise ProtocolError("bad_signature", f"请求缺少签名头 {name}", 401)
        return value.strip()

    code, time, nonce = get(STATION), get(TIME), get(NONCE)
    digest, signature = get(CONTENT_SHA256), get(SIGNATURE)
    if not _DIVISION.match(code):
        raise ProtocolError("bad_signature", "请求头中的区划代码格式不正确", 401)
    if not (time.isdigit() and len(time) <= 12) or not _NONCE.match(nonce) or not (
            _HEX64.match(digest)):
        raise ProtocolError("bad_signature", "请求签名头格式不正确", 401)
    try:
        raw = keys.unb64(signature)
    except ValueError as exc:
        raise ProtocolError("bad_signature", "请求签名格式不正确", 401) from exc
    if len(raw) != keys.SIGNATURE_SIZE:
        raise ProtocolError("bad_signature", "请求签名格式不正确", 401)
    return SignedRequest(code, int(time), nonce, digest, raw)


def verify_request(request: SignedRequest, public: Ed25519PublicKey, *, method: str,
                   path: str, now: int) -> None:
    """Check the signature and the time window (not the nonce: the server's cache does)."""
    message = canonical(method, path, request.division_code, request.time, request.nonce,
                        request.content_sha256)
    if not keys.verify(public, request.signature, message):
        raise ProtocolError("bad_signature", "请求签名无效（不是该站点登记的密钥签的）", 401)
    if abs(now - request.time) > MAX_SKEW:
        raise ProtocolError("clock", "站点电脑的时间与县级中心相差太大，请校准电脑时间", 401)
