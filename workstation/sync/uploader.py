"""Online upload of a station's bundles to the county receiver, with back-off (no Qt).

One attempt (``Uploader.run``):

1. The county's current acknowledgement is fetched first (a signed request without a body:
   it finds a network that is down, a wrong clock or an unknown station before anything is
   exported or sent), verified with the county key (a wrong signature: "县级中心密钥不符",
   never applied) and applied (``station.apply_ack``): bundles the county already has from a
   USB stick are acknowledged and the county's decisions on forwarded aid applications come
   back.
2. Bundles waiting in the station's private outbox (``outbox_dir``: a hidden folder beside
   the database, never a shared temp folder) that the county has not acknowledged are kept;
   acknowledged ones are deleted. When changes exist that no waiting bundle carries, the
   ordinary export (``station.export``) writes a new bundle there and the older waiting ones
   are deleted (every export carries all unacknowledged changes, so the newest supersedes
   them, docs/sync-bundle.md). So a bundle is exported once per change set and sent until
   acknowledged; USB export and online upload mix freely.
3. Each waiting bundle, in sequence order, is sent; the answer is the county's signed
   acknowledgement, verified and applied as above; the bundle file is deleted.

The outcome is stored in ``sync_upload`` (surviving restarts): success resets the back-off;
a network or busy failure schedules the next automatic attempt by ``Backoff`` (1 minute
doubling to 1 hour, ±20 % jitter); a refusal is final for that bundle and stops automatic
attempts until a person acts (立即上传 / ``sync upload``, or new settings). ``check`` is
called between steps and may raise to cancel (logout, exit); a cancelled attempt records
nothing and the next one carries on from the outbox.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    ChangeLog,
    Station,
    SyncUpload,
    record_changes,
)

from . import keys, protocol
from . import station as sync
from .client import (
    ERROR,
    KEY_MISMATCH,
    NETWORK,
    REFUSED,
    RETRY,
    CountyClient,
    UploadError,
    certificate_fingerprint,
    normalise_pin,
    normalise_url,
)
from .client import ack_signed_by as _ack_signed_by
from .errors import SyncError

__all__ = [
    "Attempt",
    "Backoff",
    "UploadState",
    "Uploader",
    "certificate_fingerprint",
    "check_connection",
    "load_state",
    "outbox_dir",
    "save_settings",
    "status",
]

#: ``last_result`` values besides the client's error kinds (network, retry, refused, error).
OK = "ok"
RESULTS = (OK, NETWORK, RETRY, REFUSED, ERROR)

#: Automatic attempts while nothing failed: this often (the app also tries shortly after saves).
PERIOD = timedelta(minutes=10)

Clock = Callable[[], datetime]
ClientFactory = Callable[..., CountyClient]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Backoff:
    """When to try again after ``failures`` consecutive failures: ``base`` doubling up to
    ``cap``, times a random factor in [1 - jitter, 1 + jitter] (so stations that lost the
    network together do not all come back in the same second)."""

    base: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(hours=1)
    jitter: float = 0.2

    def nominal(self, failures: int) -> timedelta:
        if failures <= 0:
            return timedelta(0)
        steps = min(failures - 1, 32)
        return min(self.cap, self.base * (2 ** steps))

    def delay(self, failures: int, rand: Callable[[], float]) -> timedelta:
        """``rand()`` in [0, 1) (``random.random``)."""
        factor = 1 + self.jitter * (2 * rand() - 1)
        return self.nominal(failures) * factor

    def next_attempt(self, now: datetime, failures: int, rand: Callable[[], float]) -> datetime:
        return now + self.delay(failures, rand)


@dataclass(frozen=True)
class UploadState:
    """The ``sync_upload`` row as plain data (defaults while it was never written)."""

    enabled: bool = False
    url: str = ""
    pin_sha256: str = ""
    next_attempt_at: datetime | None = None
    failures: int = 0
    last_result: str = ""
    last_result_at: datetime | None = None
    last_error: str = ""
    last_success_at: datetime | None = None

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def due(self, now: datetime) -> bool:
        """Whether an automatic attempt may start now."""
        if not (self.enabled and self.url) or self.last_result == REFUSED:
            return False
        return self.next_attempt_at is None or self.next_attempt_at <= now

    def as_dict(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat(timespec="seconds") if value else None

        return {"enabled": self.enabled, "url": self.url, "pin_sha256": self.pin_sha256,
                "next_attempt_at": iso(self.next_attempt_at), "failures": self.failures,
                "last_result": self.last_result, "last_result_at": iso(self.last_result_at),
                "last_error": self.last_error, "last_success_at": iso(self.last_success_at)}


def load_state(db: Database) -> UploadState:
    with db.read() as session:
        row = session.get(SyncUpload, 1)
    if row is None:
        return UploadState()
    return UploadState(row.enabled, row.url, row.pin_sha256, row.next_attempt_at, row.failures,
                       row.last_result, row.last_result_at, row.last_error,
                       row.last_success_at)


def _row(uow: UnitOfWork) -> SyncUpload:
    row = uow.session.get(SyncUpload, 1)
    if row is None:
        row = SyncUpload(id=1)
        uow.session.add(row)
    return row


def save_settings(db: Database, actor: Actor, *, enabled: bool, url: str,
                  pin_sha256: str = "") -> UploadState:
    """The admin's upload settings (checked; audited ``sync.upload_settings``). New
    settings clear the back-off and a refusal's stop: the next attempt may start at once."""
    if not actor.is_admin:
        raise ServiceError("只有站点管理员可以设置在线上传")
    url = url.strip()
    try:
        url = normalise_url(url) if url else ""
        pin = normalise_pin(pin_sha256)
    except ValueError as exc:
        raise SyncError(str(exc)) from exc
    if enabled and not url:
        raise SyncError("开启自动上传前，请先填写县级中心地址")
    if pin and not url.startswith("https://"):
        raise SyncError("证书指纹只用于 https:// 地址；http:// 地址请清空证书指纹")
    with UnitOfWork(db, actor) as uow:
        row = _row(uow)
        row.enabled, row.url, row.pin_sha256 = enabled, url, pin
        row.failures, row.next_attempt_at = 0, None
        if row.last_result != OK:  # a failure of the old settings says nothing of the new
            row.last_result, row.last_error = "", ""
        row.updated_at = _utcnow()
        uow.audit("sync.upload_settings", "sync_upload", "1",
                  f"enabled={int(enabled)} url={url} pin={pin[:16]}")
        uow.commit()
    return load_state(db)


# --- the outbox -------------------------------------------------------------------------------


def outbox_dir(db: Database) -> Path:
    """The private folder of bundles waiting to be uploaded, beside the database."""
    path = Path(db.path)
    return path.parent / f".{path.name}.upload-outbox"


def _outbox(db: Database) -> Path:
    folder = outbox_dir(db)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise SyncError(f"无法在数据库所在的文件夹创建上传暂存文件夹：{exc.strerror or exc}"
                        ) from exc
    return folder


@dataclass(frozen=True)
class Waiting:
    seq: int
    path: Path
    to_seq: int


def _waiting(db: Database, folder: Path) -> list[Waiting]:
    """Bundles in the outbox the county has not acknowledged (others are deleted)."""
    state = sync.ensure_state(db)
    bundles = {b.file_name: b for b in sync.list_bundles(db)}
    out: list[Waiting] = []
    for path in folder.iterdir():
        bundle = bundles.get(path.name)
        if bundle is None or bundle.seq <= state.last_acked_bundle_seq or bundle.acked_at:
            with contextlib.suppress(OSError):
                path.unlink()  # acknowledged, or a leftover (.tmp of a crashed export)
            continue
        out.append(Waiting(bundle.seq, path, bundle.to_seq))
    return sorted(out, key=lambda w: w.seq)


def _last_change(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.max(ChangeLog.seq)).where(record_changes())) or 0)


def pending_decisions(db: Database) -> int:
    """Aid applications forwarded to the county that await its decision."""
    from workstation.domain.enums import AidStatus

    with db.read() as session:
        return int(session.scalar(
            select(func.count()).select_from(AidReferral).where(
                AidReferral.status.in_([AidStatus.FORWARDED, AidStatus.RECEIVED]),  # type: ignore[attr-defined]
                AidReferral.voided_at.is_(None))) or 0)  # type: ignore[union-attr]


def _read_bundle(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(protocol.MAX_UPLOAD + 1)
    except OSError as exc:
        raise SyncError(f"无法读取待上传的数据包 {path.name}：{exc.strerror or exc}") from exc
    return data


# --- one attempt ------------------------------------------------------------------------------


@dataclass
class Attempt:
    """What one attempt did. ``outcome``: ok, nothing (nothing to send, no answer needed),
    not_due (automatic attempt skipped), or a failure kind (network, retry, refused, error)."""

    outcome: str
    message: str = ""
    uploaded: int = 0
    acked_bundle_seq: int = 0
    decisions_applied: int = 0
    decisions_skipped: list[str] = field(default_factory=list)
    state: UploadState = field(default_factory=UploadState)
    #: The last acknowledgement applied in this attempt (its open conflicts, its version
    #: notice), or None when none came back.
    ack: sync.AckResult | None = None

    @property
    def failed(self) -> bool:
        return self.outcome in (NETWORK, RETRY, REFUSED, ERROR)


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(db: Database) -> threading.Lock:
    """One attempt at a time per station database in this process (the background uploader
    and 立即上传 may ask at once)."""
    key = str(Path(db.path).resolve())
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


class Uploader:
    """Uploads one station's bundles. ``clock`` (aware UTC datetimes) and ``rand`` drive the
    back-off; ``client_factory(url, division_code=, signer=, pin_sha256=, clock_offset=)``
    makes the HTTP client (tests inject one with a fake clock or transport). ``actor``: the
    logged-in operator its exports, acknowledgements and failures are audited under."""

    def __init__(self, db: Database, *, clock: Clock = _utcnow,
                 rand: Callable[[], float] = random.random, backoff: Backoff | None = None,
                 client_factory: ClientFactory = CountyClient,
                 actor: Actor | None = None) -> None:
        self.db = db
        self.actor = actor
        self.clock = clock
        self.rand = rand
        self.backoff = backoff or Backoff()
        self.client_factory = client_factory
        #: Seconds the county's clock is ahead of this computer's (learnt from a refusal).
        self.clock_offset = 0

    def due(self) -> bool:
        return load_state(self.db).due(self.clock())

    def wanted(self) -> bool:
        """Whether an automatic attempt has work: unacknowledged changes, bundles waiting,
        or aid applications awaiting the county's decision."""
        return (sync.unacknowledged_changes(self.db) > 0 or pending_decisions(self.db) > 0
                or any(outbox_dir(self.db).glob("*.wsb")))

    def run(self, *, manual: bool = False, url: str | None = None,
            check: Callable[[], None] = lambda: None) -> Attempt:
        """One attempt. Automatic (``manual`` False): only when enabled and due. Manual
        (立即上传, ``sync upload``): whenever an address is known (``url`` overrides it)."""
        lock = _lock_for(self.db)
        if not lock.acquire(blocking=False):
            if not manual:
                return Attempt("not_due", state=load_state(self.db))
            raise SyncError("正在上传，请稍候再试")
        try:
            return self._run(manual, url, check)
        finally:
            lock.release()

    def _run(self, manual: bool, url: str | None, check: Callable[[], None]) -> Attempt:
        state = load_state(self.db)
        if not manual and not state.due(self.clock()):
            return Attempt("not_due", state=state)
        address = url or state.url
        if not address:
            raise SyncError("尚未设置县级中心地址（同步设置，或 sync set-upload --url）")
        try:
            address = normalise_url(address)
        except ValueError as exc:
            raise SyncError(str(exc)) from exc
        pin = state.pin_sha256 if address == state.url else ""
        try:
            attempt = self._attempt(address, pin, check)
        except UploadError as exc:
            return self._record(Attempt(exc.kind, str(exc)))
        except SyncError as exc:  # export or acknowledgement refused locally
            return self._record(Attempt(ERROR, str(exc)))
        return self._record(attempt)

    def _attempt(self, address: str, pin: str, check: Callable[[], None]) -> Attempt:
        check()
        db = self.db
        state = sync.ensure_state(db)
        if not state.county_public_key:
            raise SyncError("尚未设置县级中心公钥，请先在同步页面导入县级中心公钥")
        county = keys.load_county_public(state.county_public_key)
        with db.read() as session:
            division_code = session.scalars(select(Station.division_code)).one()
        folder = _outbox(db)
        attempt = Attempt(OK)
        client = self.client_factory(address, division_code=division_code,
                                     signer=keys.load_signing_private(state.station_private_key),
                                     pin_sha256=pin, clock_offset=self.clock_offset)
        try:
            # A signed request without a body first: it finds a network that is down, a
            # wrong clock (corrected and retried) or an unknown station before any bundle is
            # exported or sent, and the county's current acknowledgement (decisions; bundles
            # it already has from a USB stick need not travel again, nor be exported again).
            ack = client.fetch_ack()
            if ack is not None:
                self._apply(ack, "县级中心的当前回执", county.signing, attempt)
            waiting = self._export(folder, check)
            if ack is None:
                attempt.outcome = "nothing" if not waiting else OK
            for item in waiting:
                if not item.path.exists():
                    continue  # covered by an acknowledgement meanwhile
                check()
                try:
                    ack = client.upload(_read_bundle(item.path))
                except UploadError as exc:
                    if exc.kind == REFUSED:  # final for this bundle: the next try re-exports
                        with contextlib.suppress(OSError):
                            item.path.unlink()
                    raise
                self._apply(ack, f"第 {item.seq} 号数据包的回执", county.signing, attempt)
                attempt.uploaded += 1
                attempt.outcome = OK
                with contextlib.suppress(OSError):
                    item.path.unlink()
                _waiting(db, folder)  # deletes every bundle the acknowledgement covers
        finally:
            self.clock_offset = client.clock_offset
            client.close()
        return attempt

    def _export(self, folder: Path, check: Callable[[], None]) -> list[Waiting]:
        """The bundles to send: those waiting, or a new export when changes exist that no
        waiting bundle carries (the older waiting ones are then superseded and deleted)."""
        db = self.db
        waiting = _waiting(db, folder)
        newest = waiting[-1].to_seq if waiting else sync.ensure_state(db).last_acked_change_seq
        if _last_change(db) > newest:
            check()
            sync.export(db, folder, actor=self.actor)
            waiting = _waiting(db, folder)
            for older in waiting[:-1]:  # superseded: the new bundle carries their changes too
                with contextlib.suppress(OSError):
                    older.path.unlink()
            waiting = waiting[-1:]
        check()
        return waiting

    def _apply(self, ack: bytes, label: str, county: Any, attempt: Attempt) -> None:
        if not _ack_signed_by(ack, county):
            raise UploadError(ERROR, KEY_MISMATCH, "key")
        result = sync.apply_ack(self.db, ack, label, actor=self.actor)
        attempt.ack = result
        attempt.acked_bundle_seq = max(attempt.acked_bundle_seq, result.bundle_seq)
        attempt.decisions_applied += result.decisions_applied
        attempt.decisions_skipped += result.decisions_skipped

    def _record(self, attempt: Attempt) -> Attempt:
        """Store the outcome (back-off included) and hand it back with the new state."""
        now = self.clock()
        with UnitOfWork(self.db, self.actor) as uow:
            row = _row(uow)
            before = row.last_result
            row.last_result_at = now
            if attempt.failed:
                row.failures += 1
                row.last_result = attempt.outcome
                row.last_error = attempt.message
                row.next_attempt_at = (None if attempt.outcome == REFUSED else
                                       self.backoff.next_attempt(now, row.failures, self.rand))
            else:
                row.failures = 0
                row.last_result, row.last_error = OK, ""
                row.last_success_at = now
                row.next_attempt_at = None
            row.updated_at = now
            if attempt.failed and (before != row.last_result or attempt.outcome == REFUSED):
                uow.audit("sync.upload", "sync_upload", "1",
                          f"{attempt.outcome}: {attempt.message}"[:500])
            uow.commit()
        attempt.state = load_state(self.db)
        return attempt


def check_connection(db: Database, url: str, pin_sha256: str = "", *,
                    client_factory: ClientFactory = CountyClient) -> str:
    """测试连接: the health check, then a signed fetch of this station's acknowledgement
    (verified when there is one). A one-line Chinese verdict; UploadError/SyncError if not."""
    try:
        address, pin = normalise_url(url), normalise_pin(pin_sha256)
    except ValueError as exc:
        raise SyncError(str(exc)) from exc
    state = sync.ensure_state(db)
    with db.read() as session:
        division_code = session.scalars(select(Station.division_code)).one()
    with client_factory(address, division_code=division_code,
                        signer=keys.load_signing_private(state.station_private_key),
                        pin_sha256=pin) as client:
        health = client.health()
        ack = client.fetch_ack()
    version = str(health.get("program_version", ""))[:40]
    head = f"连接正常（县级中心程序版本 {version}）" if version else "连接正常"
    if ack is None:
        return head + "；县级中心已认出本站，尚未收到本站的数据包"
    if state.county_public_key and not _ack_signed_by(
            ack, keys.load_county_public(state.county_public_key).signing):
        raise UploadError(ERROR, KEY_MISMATCH, "key")
    return head + "；县级中心已认出本站"


def status(db: Database) -> dict[str, Any]:
    """``sync status --json``: what has not reached the county, the last bundle and
    acknowledgement, the upload settings, the back-off state and the last error."""
    state = sync.ensure_state(db)
    bundles = sync.list_bundles(db)
    last = bundles[-1] if bundles else None
    acked = [b.acked_at for b in bundles if b.acked_at]
    upload = load_state(db)
    waiting = sorted(p.name for p in outbox_dir(db).glob("*.wsb")) if outbox_dir(
        db).is_dir() else []

    def iso(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None

    return {
        "unacknowledged_changes": sync.unacknowledged_changes(db),
        "last_acked_bundle_seq": state.last_acked_bundle_seq,
        "last_bundle": None if last is None else {
            "seq": last.seq, "file_name": last.file_name, "records": last.records,
            "created_at": iso(last.created_at), "acked_at": iso(last.acked_at)},
        "last_ack_at": iso(max(acked)) if acked else None,
        "pending_decisions": pending_decisions(db),
        "upload": {"enabled": upload.enabled, "url": upload.url,
                   "pin_sha256": upload.pin_sha256},
        "backoff": {"failures": upload.failures,
                    "next_attempt_at": iso(upload.next_attempt_at)},
        "last_result": upload.last_result or None,
        "last_result_at": iso(upload.last_result_at),
        "last_success_at": iso(upload.last_success_at),
        "last_error": upload.last_error or None,
        "waiting_bundles": waiting,
    }


def _local(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


def attempt_lines(attempt: Attempt) -> list[str]:
    """The command line's Chinese summary of an attempt (``sync upload``)."""
    if attempt.failed:
        lines = [attempt.message]
        nxt = attempt.state.next_attempt_at
        if attempt.outcome == REFUSED:
            lines.append("该数据包不会自动重发：请联系县级中心查明原因；问题解决后再次运行 "
                         "sync upload（将重新导出），或用U盘导出送县级中心")
        elif nxt is not None and attempt.state.enabled:
            lines.append(f"下次自动重试：{_local(nxt)}")
        elif nxt is not None:
            lines.append(f"下次自动重试：{_local(nxt)}（自动上传未开启，须再次运行 sync upload）")
        return lines
    lines = []
    if attempt.uploaded:
        lines.append(f"已上传 {attempt.uploaded} 个数据包；县级中心已确认第 "
                     f"{attempt.acked_bundle_seq} 号及之前的数据包")
    elif attempt.outcome == "nothing":
        lines.append("没有需要上传的更改；县级中心尚未收到本站的数据包")
    else:
        lines.append("没有需要上传的更改；已取回县级中心的回执")
    if attempt.decisions_applied:
        lines.append(f"应用县级中心的决定 {attempt.decisions_applied} 项")
    lines += [f"未应用的决定：{note}" for note in attempt.decisions_skipped]
    return lines


_RESULT_WORDS = {OK: "成功", NETWORK: "等待网络", RETRY: "县级中心繁忙", REFUSED: "县级中心拒收",
                 ERROR: "失败"}


def status_lines(report: dict[str, Any]) -> list[str]:
    """``sync status`` without ``--json``: the same facts in Chinese lines."""
    def when(value: str | None) -> str:
        return _local(datetime.fromisoformat(value)) if value else "—"

    last = report["last_bundle"]
    upload, backoff = report["upload"], report["backoff"]
    lines = [f"未同步的更改：{report['unacknowledged_changes']}",
             "最近的数据包：" + (f"第 {last['seq']} 号（{when(last['created_at'])}，"
                               f"{'已确认' if last['acked_at'] else '未确认'}）" if last else "—"),
             f"最近的回执：{when(report['last_ack_at'])}",
             f"等待县级中心决定的法律援助申请：{report['pending_decisions']}",
             f"县级中心地址：{upload['url'] or '未设置'}"
             + (f"（证书指纹 {upload['pin_sha256'][:16]}…）" if upload["pin_sha256"] else ""),
             f"自动上传：{'开启' if upload['enabled'] else '关闭'}"]
    if report["last_result"]:
        lines.append(f"最近一次上传：{_RESULT_WORDS.get(report['last_result'], '')}"
                     f"（{when(report['last_result_at'])}）")
    if report["last_error"]:
        lines.append(f"最近的错误：{report['last_error']}")
    if backoff["failures"]:
        lines.append(f"连续失败 {backoff['failures']} 次，下次自动重试："
                     f"{when(backoff['next_attempt_at'])}")
    return lines
