"""The station's HTTP client of the county receiver (``county serve``; ``sync/protocol.py``).

Every request but ``health`` is signed with the station key. Three ways to trust the county:

- ``https`` with a pinned certificate (``pin_sha256``: SHA-256 of the county certificate's DER
  bytes): county certificates are self-signed as a rule, so the pin *replaces* CA and host
  name checks. The pin is checked on every new connection right after the TLS handshake,
  before the request is sent (an httpcore ``trace`` hook): a wrong certificate never sees a
  bundle.
- ``https`` without a pin: ordinary CA verification.
- ``http``: nothing extra. Every acknowledgement is signed by the county key the station
  already holds and is verified before it is applied (``ack_signed_by``), so a man in the
  middle can delay uploads but cannot fake a receipt; bundles are encrypted for the county.

Errors are ``UploadError`` with a ``kind`` the uploader acts on (``NETWORK``: wait for the
network; ``RETRY``: the county is busy, later; ``REFUSED``: final for that bundle; ``ERROR``:
something a person must fix, retried with back-off) and one Chinese line.

The request path that is signed is the endpoint path of ``protocol`` (``/v1/bundles``), also
when the county's address carries a path of its own (a reverse proxy's sub-path): the proxy
strips its prefix before the receiver sees the request.
"""

from __future__ import annotations

import hashlib
import json
import ssl
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from workstation.version import program_version

from . import keys, protocol
from .ack import ACK_FORMAT, MAX_ACK
from .errors import SyncError

NETWORK, RETRY, REFUSED, ERROR = "network", "retry", "refused", "error"

#: Largest error or health answer read (bytes); acknowledgements may be ``MAX_ACK``.
MAX_SMALL = 64 << 10
#: Largest 服务指引 directory read (bytes): 5,000 providers of ~1 KB each, with room.
MAX_DIRECTORY = 16 << 20
#: Seconds: connecting, and waiting between bytes of the answer. A logout waits at most
#: this long for an upload in flight (the uploader cancels between steps).
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0

NETWORK_DOWN = "无法连接县级中心（网络不通，或县级中心未开机）"
BUSY = "县级中心暂时繁忙，稍后自动重试"
KEY_MISMATCH = "县级中心密钥不符：回执不是本站设置的县级中心签发的，未应用"
PIN_MISMATCH = ("县级中心证书指纹不符：连接到的服务器不是设置的县级中心（或县级中心更换了证书），"
                "数据包未发送；请向县级中心核对证书指纹")


class UploadError(SyncError):
    """An upload or a fetch that did not succeed; ``kind`` says what to do next."""

    def __init__(self, kind: str, message: str, code: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.code = code


class _PinMismatch(Exception):
    pass


def normalise_url(text: str) -> str:
    """The county receiver's address, checked: ``http(s)://host[:port][/path]`` without a
    trailing slash; ValueError with a Chinese message otherwise."""
    value = text.strip()
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ValueError("县级中心地址格式不正确（端口号无效）") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("县级中心地址须以 https:// 或 http:// 开头，后接服务器地址，"
                         "如 https://192.168.1.10:8443")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("县级中心地址中不能含用户名、密码、“?”或“#”")
    if any(ch.isspace() for ch in value) or (port is not None and not 0 < port < 65536):
        raise ValueError("县级中心地址格式不正确")
    return value.rstrip("/")


def normalise_pin(text: str) -> str:
    """A certificate fingerprint as 64 lowercase hex digits ("" for none); separators
    (colons, spaces) and upper case are accepted; ValueError otherwise."""
    value = "".join(ch for ch in text.strip().lower() if ch not in ": -\t")
    if value.startswith("sha256"):
        value = value.removeprefix("sha256").lstrip("=/")
    if not value:
        return ""
    if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
        raise ValueError("证书指纹应为 64 位十六进制数字（SHA-256），可含冒号")
    return value


def certificate_fingerprint(data: bytes) -> str:
    """SHA-256 (hex) of a certificate file's DER bytes (a PEM or DER ``.crt``/``.pem``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ValueError("不是有效的证书文件（应为 .crt 或 .pem 格式的证书）") from exc
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def ack_signed_by(data: bytes, county: Ed25519PublicKey) -> bool:
    """Whether an acknowledgement's bytes carry a valid signature of ``county``."""
    try:
        outer = json.loads(data.decode("utf-8"))
        body, signature = outer["body"], keys.unb64(outer["signature"])
        if outer.get("format") != ACK_FORMAT or not isinstance(body, str):
            return False
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return keys.verify(county, signature, body.encode("utf-8"))


def _cert_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError) or (
                "CERTIFICATE_VERIFY_FAILED" in str(seen)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class CountyClient:
    """One county receiver, as one station. Not thread-safe: one per uploading thread."""

    def __init__(self, url: str, *, division_code: str, signer: Ed25519PrivateKey,
                 pin_sha256: str = "", clock: Callable[[], float] = time.time,
                 clock_offset: int = 0, transport: httpx.BaseTransport | None = None) -> None:
        self.url = normalise_url(url)
        self.division_code = division_code
        self.signer = signer
        self.pin = normalise_pin(pin_sha256)
        self.clock = clock
        #: Seconds to add to this computer's clock (learnt from a ``clock`` refusal).
        self.clock_offset = clock_offset
        https = self.url.startswith("https://")
        verify: ssl.SSLContext | bool = True
        if https and self.pin:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the pin replaces CA verification
            verify = context
        self._http = httpx.Client(
            base_url=self.url, verify=verify, transport=transport, trust_env=False,
            timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
            headers={protocol.PROGRAM_VERSION: program_version(),
                     "Accept-Encoding": "identity"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CountyClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the endpoints ---------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        status, _headers, body = self._request("GET", protocol.HEALTH, signed=False,
                                              limit=MAX_SMALL)
        if status != 200:
            raise self._error(status, body)
        try:
            answer = json.loads(body.decode("utf-8"))
            if not isinstance(answer, dict):
                raise ValueError(answer)
        except ValueError as exc:
            raise UploadError(ERROR, "该地址上的服务不是县级中心接收服务（回答无法识别），"
                                     "请核对地址") from exc
        return answer

    def upload(self, bundle: bytes) -> bytes:
        """Send a bundle's bytes; the county's acknowledgement bytes (not yet verified)."""
        if len(bundle) > protocol.MAX_UPLOAD:
            raise UploadError(REFUSED, f"数据包过大（{len(bundle) >> 20} MB），无法在线上传，"
                                       "请用U盘导出后送县级中心", "too_large")
        return self._signed("POST", protocol.BUNDLES, bundle, limit=MAX_ACK)  # type: ignore[return-value]

    def fetch_ack(self) -> bytes | None:
        """The station's current acknowledgement (pending decisions), or None while the
        county has imported nothing of this station."""
        ack = self._signed("GET", protocol.ACK, b"", limit=MAX_ACK, none_if_missing=True)
        if ack is None:
            # "Nothing of yours imported yet" and "no such endpoint" (a wrong path in the
            # address) are both a JSON 404 ``not_found``: the receiver's health check at the
            # same address tells them apart (raises for a wrong address).
            self.health()
        return ack

    def fetch_directory(self) -> dict[str, Any]:
        """The county's 法律服务指引名录 (``county/directory.py``) as parsed JSON; checked
        entry by entry when it is imported (``services.providers.import_directory``)."""
        data = self._signed("GET", protocol.DIRECTORY, b"", limit=MAX_DIRECTORY)
        try:
            answer = json.loads((data or b"").decode("utf-8"))
            if not isinstance(answer, dict):
                raise ValueError(answer)
        except ValueError as exc:
            raise UploadError(ERROR, "县级中心发来的服务指引名录无法识别，未导入") from exc
        return answer

    # -- plumbing --------------------------------------------------------------------------

    def _signed(self, method: str, path: str, body: bytes, *, limit: int,
                none_if_missing: bool = False) -> bytes | None:
        for attempt in (1, 2):
            status, headers, answer = self._request(method, path, body=body, signed=True,
                                                    limit=limit)
            if status == 200:
                return answer
            error = self._error(status, answer)
            if status == 404 and none_if_missing and error.code == "not_found":
                return None  # the county's own answer (not a proxy's page for a wrong path)
            server_time = headers.get(protocol.SERVER_TIME, "").strip()
            if error.code == "clock" and attempt == 1 and server_time.isdigit():
                self.clock_offset = int(server_time) - int(self.clock())
                continue  # signed again with the corrected time
            raise error
        raise AssertionError("unreachable")

    def _request(self, method: str, path: str, *, body: bytes = b"", signed: bool,
                 limit: int) -> tuple[int, httpx.Headers, bytes]:
        headers: dict[str, str] = {}
        if signed:
            headers = protocol.sign_request(
                self.signer, method=method, path=path, division_code=self.division_code,
                body=body, time=int(self.clock()) + self.clock_offset)
        if body or method == "POST":
            headers["Content-Type"] = "application/octet-stream"
        extensions = {"trace": self._trace} if self.pin and self.url.startswith("https") else {}
        try:
            with self._http.stream(method, self.url + path, content=body or None,
                                   headers=headers, extensions=extensions) as response:
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > limit:
                        raise UploadError(ERROR, "县级中心的回答过大，已拒绝读取")
                return response.status_code, response.headers, bytes(data)
        except _PinMismatch as exc:
            raise UploadError(ERROR, PIN_MISMATCH, "pin") from exc
        except httpx.HTTPError as exc:
            if _cert_error(exc):
                raise UploadError(ERROR, "县级中心的证书无法验证（自签名证书须在同步设置中填写"
                                         "证书指纹）", "certificate") from exc
            if isinstance(exc, httpx.TimeoutException | httpx.NetworkError
                          | httpx.RemoteProtocolError | httpx.ProxyError):
                raise UploadError(NETWORK, NETWORK_DOWN) from exc
            raise UploadError(ERROR, f"与县级中心通信出错：{type(exc).__name__}") from exc
        except ssl.SSLError as exc:
            raise UploadError(NETWORK, NETWORK_DOWN) from exc

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if event != "connection.start_tls.complete":
            return
        stream = info.get("return_value")
        ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
        der = ssl_object.getpeercert(True) if ssl_object is not None else None
        if not der or hashlib.sha256(der).hexdigest() != self.pin:
            raise _PinMismatch

    def _error(self, status: int, body: bytes) -> UploadError:
        code, message = "", ""
        try:
            answer = json.loads(body.decode("utf-8"))
            if isinstance(answer, dict):
                code = str(answer.get("code", ""))[:40]
                message = " ".join(str(answer.get("error", "")).split())[:300]
        except ValueError:
            pass
        if code in ("refused", "too_large"):
            return UploadError(REFUSED, f"县级中心拒收：{message or '数据包被拒绝'}", code)
        if status == 413:  # a reverse proxy's own page: its body cap is below the bundle
            return UploadError(REFUSED, "县级中心拒收：数据包过大（县级中心的服务器限制了"
                                        "上传大小），请用U盘导出后送县级中心，并请县级中心"
                                        "调大上传限制", "too_large")
        if code in ("rate_limited", "busy", "server_error", "replay") or status >= 500 or (
                status == 429):
            return UploadError(RETRY, BUSY, code or str(status))
        if code == "unknown_station":
            return UploadError(ERROR, "县级中心不认识本站（尚未登记本站公钥，或已撤销），"
                                      "请联系县级中心", code)
        if code == "bad_signature":
            return UploadError(ERROR, "县级中心不接受本站的签名（登记的不是本站现在的密钥），"
                                      "请联系县级中心重新登记本站公钥", code)
        if code == "clock":
            return UploadError(ERROR, message or "站点电脑的时间与县级中心相差太大，请校准电脑时间",
                               code)
        if message:
            return UploadError(ERROR, f"县级中心回答：{message}", code or str(status))
        return UploadError(ERROR, f"县级中心地址可能不对（服务器回答 HTTP {status}），请核对地址",
                           code or str(status))
