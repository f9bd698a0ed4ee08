"""The county receiver as an ASGI application (Starlette): the endpoints of
``sync/protocol.py`` in front of the same verified importer as ``county import``.

An upload, in order: Content-Length present and within the cap (else 411/413, the body
unread); the signature headers well-formed, the station registered and not revoked, the
signature valid, the time within the window, the nonce fresh, the station within its rate
(else refused, the body unread); room in the spool; then the body is streamed to a file of
its own in the spool folder, hashed as it arrives, checked against the signed length and
digest, and imported by ``county.importer.import_bundle`` in a worker thread (never in the
event loop), which writes the acknowledgement beside it; the answer is that file's bytes.
The request's spool folder is deleted afterwards whatever happened, a dropped connection
included. See ``docs/county-server.md``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import anyio
from sqlalchemy import select, text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workstation.county.db import CountyDatabase, db_error_line, open_county, station
from workstation.county.directory import provider_directory
from workstation.county.importer import AckNotWritten, current_ack, import_bundle
from workstation.domain.audit import upload_actor
from workstation.sync import keys, protocol
from workstation.sync.errors import BundleRefused, SyncError
from workstation.sync.format import MANIFEST, MAX_MANIFEST, bundle_file_name
from workstation.version import program_version

from .guard import NonceCache, RateLimiter

log = logging.getLogger("workstation.county.server")

ENV_SETTINGS = "WORKSTATION_SERVE_SETTINGS"
#: The county's data key (hex) for ``--workers`` processes, set by the parent that logged in
#: and removed from each worker's environment as it starts.
ENV_KEY = "WORKSTATION_SERVE_KEY"
#: Prefix of a request's folder in the spool; leftovers older than ``STALE_SPOOL`` seconds
#: (a process killed mid-upload) are removed when a server starts.
SPOOL_PREFIX = "upload-"
STALE_SPOOL = 6 * 3600
#: Free disk space kept in reserve beyond an upload's size.
DISK_RESERVE = 64 << 20
CHUNK_LOG = 64


@dataclass(frozen=True)
class Settings:
    """What a server process needs; JSON-able so ``--workers`` processes get the same."""

    db: str
    spool: str
    rate_per_minute: int = 60
    max_upload: int = protocol.MAX_UPLOAD
    #: Bytes of uploads in flight at once in this process (Content-Lengths reserved).
    spool_limit: int = 4 * protocol.MAX_UPLOAD
    #: Imports at once in this process; 0: 1 on SQLite (one writer anyway), 4 on PostgreSQL.
    imports: int = 0
    #: Seconds an upload may stall before it is abandoned.
    idle_timeout: float = 60.0
    #: The county operator who started the service (logged in at start: ``county serve``
    #: asks for their password); the data key reaches ``--workers`` processes through
    #: ``ENV_KEY``, never through these settings.
    operator: str = ""
    operator_name: str = ""
    role: str = ""

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, text: str) -> Settings:
        return cls(**json.loads(text))


class Refusal(protocol.ProtocolError):
    """A protocol error with extra response headers (``Retry-After``)."""

    def __init__(self, code: str, message: str, status: int,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(code, message, status)
        self.headers = headers or {}


def error_response(exc: protocol.ProtocolError) -> JSONResponse:
    headers = getattr(exc, "headers", {})
    return JSONResponse({"error": str(exc), "code": exc.code}, status_code=exc.status,
                        headers=headers)


def _signed_path(request: Request) -> str:
    query = request.scope.get("query_string", b"")
    path = request.scope["path"]
    return f"{path}?{query.decode('latin-1')}" if query else path


def _bundle_name(path: Path, division_code: str) -> str:
    """The bundle's usual file name (``<division>-<seq>.wsb``) from its manifest, read with
    the same size limit as the importer's; the importer checks everything itself later, so a
    manifest that cannot be read here just keeps a neutral name. BundleRefused when the
    manifest names another station than the one that signed the request."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(MANIFEST) as fh:
            manifest = json.loads(fh.read(MAX_MANIFEST + 1))
        code = manifest["station"]["division_code"]
        seq = manifest["seq"]
        epoch = (manifest.get("epoch") or {}).get("number", 1)
    except Exception:
        return f"{division_code}-upload.wsb"
    if code != division_code:
        raise BundleRefused(f"上传的数据包属于另一个站点（区划代码 {code}），"
                            f"不是发出请求的站点 {division_code} 的")
    if isinstance(seq, int) and 0 < seq < 10**9 and isinstance(epoch, int) and 0 < epoch < 10**6:
        return bundle_file_name(division_code, seq, epoch)
    return f"{division_code}-upload.wsb"


@dataclass
class Receiver:
    """One server process's state: the county database, the guards, the spool."""

    settings: Settings
    db: CountyDatabase
    clock: Callable[[], float] = time.time
    nonces: NonceCache = field(default_factory=NonceCache)
    limiter: RateLimiter = field(init=False)
    in_flight: int = 0
    imports: anyio.CapacityLimiter | None = None

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.settings.rate_per_minute)
        self.spool = Path(self.settings.spool)

    # --- checks before the body ---------------------------------------------------------

    def _station(self, code: str) -> Any:
        with self.db.engine.connect() as conn:
            return conn.execute(select(station.c.public_key, station.c.revoked).where(
                station.c.division_code == code)).first()

    async def authenticate(self, request: Request) -> protocol.SignedRequest:
        signed = protocol.parse_headers(request.headers)
        code = signed.division_code
        scope_state(request)["station"] = code
        row = await run_in_threadpool(self._station, code)
        if row is None:
            raise Refusal("unknown_station", f"县级中心没有登记本站（区划代码 {code}），"
                                             "请先把本站公钥交给县级中心登记", 403)
        if row.revoked:
            raise Refusal("unknown_station", f"本站（区划代码 {code}）在县级中心的登记"
                                             "已被撤销，请联系县级中心", 403)
        now = self.clock()
        protocol.verify_request(signed, keys.load_station_public(row.public_key),
                                method=request.method, path=_signed_path(request),
                                now=int(now))
        if self.nonces.seen(signed.nonce, signed.time + protocol.MAX_SKEW, now):
            raise Refusal("replay", "这个请求已经收到过（请求编号重复），已拒绝", 409)
        wait = self.limiter.take(code, now)
        if wait:
            raise Refusal("rate_limited", f"本站请求过于频繁，请 {wait} 秒后再试", 429,
                          {"Retry-After": str(wait)})
        return signed

    @staticmethod
    def content_length(request: Request, limit: int) -> int:
        value = request.headers.get("content-length")
        if value is None or not value.strip().isdigit():
            raise Refusal("bad_request", "请求缺少内容长度（Content-Length）", 411)
        length = int(value)
        if length > limit:
            raise Refusal("too_large", f"数据包太大（{length >> 20} MB），县级中心最多接收 "
                                       f"{limit >> 20} MB，请让站点分批导出", 413)
        return length

    # --- the spool ------------------------------------------------------------------------

    def clean_spool(self) -> None:
        self.spool.mkdir(parents=True, exist_ok=True)
        cutoff = time.time() - STALE_SPOOL
        for entry in self.spool.glob(SPOOL_PREFIX + "*"):
            try:
                if entry.stat().st_mtime < cutoff:
                    shutil.rmtree(entry, ignore_errors=True)
            except OSError:
                pass

    def reserve(self, length: int) -> None:
        if self.in_flight + length > self.settings.spool_limit:
            raise Refusal("busy", "县级中心正在接收较多数据包，请稍后再试", 503,
                          {"Retry-After": "30"})
        try:
            free = shutil.disk_usage(self.spool).free
        except OSError:
            free = 0
        if free < length + DISK_RESERVE:
            log.error("spool %s: disk almost full (%d MB free)", self.spool, free >> 20)
            raise Refusal("busy", "县级中心服务器磁盘空间不足，请稍后再试（并通知县级中心管理员）",
                          503, {"Retry-After": "300"})
        self.in_flight += length

    async def receive_body(self, request: Request, path: Path, length: int) -> str:
        """Stream the body to ``path``; its SHA-256 (hex). Refusal when it stalls or is
        longer than announced; ClientDisconnect when the station goes away."""
        digest = hashlib.sha256()
        size = 0
        chunks = request.stream().__aiter__()
        with open(path, "wb") as fh:
            while True:
                try:
                    with anyio.fail_after(self.settings.idle_timeout):
                        chunk = await chunks.__anext__()
                except StopAsyncIteration:
                    break
                except TimeoutError as exc:
                    raise Refusal("bad_request", "上传中断：长时间没有收到数据，请重新上传",
                                  408) from exc
                size += len(chunk)
                if size > length:
                    raise Refusal("bad_request", "上传的内容比声明的长度长", 400)
                fh.write(chunk)
                digest.update(chunk)
        if size != length:
            raise Refusal("bad_request", "上传不完整（连接中断），请重新上传", 400)
        return digest.hexdigest()

    def import_file(self, path: Path, division_code: str) -> tuple[str, bytes]:
        """In a worker thread: import the received bundle; (status, acknowledgement bytes)."""
        named = path.with_name(_bundle_name(path, division_code))
        path.rename(named)
        summary = import_bundle(self.db, named, ack_dir=named.parent,
                                actor=upload_actor(division_code))
        if summary.ack_path is None:  # pragma: no cover - import_bundle always writes it
            raise SyncError("确认文件没有生成")
        return summary.status, summary.ack_path.read_bytes()

    # --- endpoints ------------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        def check() -> None:
            with self.db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        try:
            await run_in_threadpool(check)
        except Exception as exc:
            log.error("health: database unavailable: %s", db_error_line(exc))
            return JSONResponse({"status": "error", "program_version": program_version(),
                                 "error": "县级数据库暂时不可用", "code": "server_error"},
                                status_code=503)
        return JSONResponse({"status": "ok", "program_version": program_version()})

    async def upload(self, request: Request) -> Response:
        length = self.content_length(request, self.settings.max_upload)
        signed = await self.authenticate(request)
        self.reserve(length)
        work: Path | None = None
        try:
            work = Path(tempfile.mkdtemp(prefix=SPOOL_PREFIX, dir=self.spool))
            part = work / "upload.part"
            try:
                digest = await self.receive_body(request, part, length)
            except ClientDisconnect:
                scope_state(request)["outcome"] = "disconnected"
                return Response(status_code=400)  # nobody is listening any more
            if digest != signed.content_sha256:
                raise Refusal("bad_request", "数据包在传输中被改动或损坏（校验值与签名不符），"
                                             "请重新上传", 400)
            if self.imports is None:
                self.imports = anyio.CapacityLimiter(self._import_slots())
            try:
                status, ack = await anyio.to_thread.run_sync(
                    self.import_file, part, signed.division_code, limiter=self.imports)
            except BundleRefused as exc:
                raise Refusal("refused", str(exc), 422) from exc
            except AckNotWritten as exc:
                log.error("upload: acknowledgement not written: %s", exc)
                raise Refusal("server_error", "数据包已导入，但确认没有生成，请重新上传", 500
                              ) from exc
            except SyncError as exc:  # the database failed: nothing was changed
                log.warning("upload: import failed: %s", exc)
                raise Refusal("busy", f"县级中心暂时无法导入，请稍后再试：{exc}", 503,
                              {"Retry-After": "60"}) from exc
            scope_state(request)["outcome"] = status
            return Response(ack, media_type="application/json")
        finally:
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)
            self.in_flight -= length

    def _import_slots(self) -> int:
        if self.settings.imports > 0:
            return self.settings.imports
        return 1 if self.db.dialect == "sqlite" else 4

    async def _bodiless(self, request: Request) -> protocol.SignedRequest:
        value = request.headers.get("content-length", "0").strip()
        if value not in ("", "0") or "transfer-encoding" in request.headers:
            raise Refusal("bad_request", "此请求不应带有内容", 400)
        signed = await self.authenticate(request)
        if signed.content_sha256 != protocol.EMPTY_SHA256:
            raise Refusal("bad_signature", "请求签名头中的内容校验值不符", 401)
        return signed

    async def ack(self, request: Request) -> Response:
        signed = await self._bodiless(request)
        found = await run_in_threadpool(current_ack, self.db, signed.division_code)
        if found is None:
            raise Refusal("not_found", "县级中心还没有导入过本站的数据包", 404)
        return Response(found[1], media_type="application/json")

    async def directory(self, request: Request) -> Response:
        await self._bodiless(request)
        data = await run_in_threadpool(provider_directory, self.db)
        return Response(json.dumps(data, ensure_ascii=False).encode("utf-8"),
                        media_type="application/json")


def scope_state(request: Request) -> dict[str, Any]:
    """The per-request notes the access log reads (station, outcome)."""
    return request.scope.setdefault("workstation", {})


def _guarded(handler: Callable[[Request], Awaitable[Response]]
             ) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except protocol.ProtocolError as exc:
            scope_state(request)["outcome"] = exc.code
            return error_response(exc)
        except Exception:
            log.exception("%s %s failed", request.method, request.scope["path"])
            scope_state(request)["outcome"] = "server_error"
            return error_response(Refusal("server_error", "县级中心内部错误，请稍后再试", 500))
    return endpoint


class AccessLog:
    """Pure ASGI middleware: the server's time and version on every response, and one log
    line per request (station, endpoint, status, bytes in and out, milliseconds, outcome);
    no personal data: no record content, no names, no addresses."""

    def __init__(self, app: ASGIApp, clock: Callable[[], float]) -> None:
        self.app = app
        self.clock = clock
        self.version = program_version().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen = {"in": 0, "out": 0, "status": 0}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen["in"] += len(message.get("body", b""))
            return message

        async def stamping_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((protocol.SERVER_TIME.lower().encode(),
                                str(int(self.clock())).encode()))
                headers.append((protocol.PROGRAM_VERSION.lower().encode(), self.version))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                seen["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, stamping_send)
        finally:
            notes = scope.get("workstation", {})
            log.info("station=%s %s %s %s in=%d out=%d ms=%.1f %s",
                     notes.get("station", "-"), scope.get("method", "-"),
                     scope.get("path", "")[:CHUNK_LOG], seen["status"] or "-", seen["in"],
                     seen["out"], (time.perf_counter() - started) * 1000,
                     notes.get("outcome", "ok"))


async def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    scope_state(request)["outcome"] = "bad_request" if status == 405 else "not_found"
    if status == 405:
        return error_response(Refusal("bad_request", "不支持的请求方法", 405))
    return error_response(Refusal("not_found", "没有这个接口", 404))


def create_app(settings: Settings, *, clock: Callable[[], float] = time.time,
               db: CountyDatabase | None = None) -> ASGIApp:
    """The receiver for ``settings`` (opens the county database unless ``db`` is given)."""
    county = db if db is not None else open_county(settings.db)
    receiver = Receiver(settings, county, clock)
    receiver.clean_spool()

    @asynccontextmanager
    async def lifespan(_app: Starlette):  # type: ignore[no-untyped-def]
        try:
            yield
        finally:
            if db is None:
                county.dispose()

    app = Starlette(
        routes=[
            Route(protocol.HEALTH, _guarded(receiver.health), methods=["GET"]),
            Route(protocol.BUNDLES, _guarded(receiver.upload), methods=["POST"]),
            Route(protocol.ACK, _guarded(receiver.ack), methods=["GET"]),
            Route(protocol.DIRECTORY, _guarded(receiver.directory), methods=["GET"]),
        ],
        exception_handlers={404: _not_found, 405: _not_found},
        lifespan=lifespan,
    )
    app.state.receiver = receiver
    return AccessLog(app, clock)


def app_from_env() -> ASGIApp:
    """The application of a ``--workers`` process (settings from ``ENV_SETTINGS``, the data
    key from ``ENV_KEY``: the operator who started the service logged in)."""
    from workstation.county.access import CountySession
    from workstation.domain.enums import CountyRole

    from .run import configure_logging

    configure_logging()
    settings = Settings.from_env(os.environ[ENV_SETTINGS])
    key_hex = os.environ.pop(ENV_KEY, "")
    session = (CountySession(settings.operator, settings.operator_name,
                             CountyRole(settings.role)) if settings.role else None)
    db = open_county(settings.db, key=bytes.fromhex(key_hex) if key_hex else None,
                     session=session)
    return create_app(settings, db=db)
