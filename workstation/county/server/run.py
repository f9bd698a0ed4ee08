"""Running the county receiver: bind, one line when listening, uvicorn, a clean stop.

The socket is bound here (not by uvicorn) so that ``--bind 127.0.0.1:0`` reports the port the
system chose, and so that ``--workers N`` processes share it (uvicorn's multiprocess
supervisor; each worker builds its application from ``ENV_SETTINGS``).
"""

from __future__ import annotations

import inspect
import logging
import os
import signal
import socket
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from workstation.county.access import Permission, require
from workstation.county.db import CountyDatabase, open_county
from workstation.sync.errors import SyncError

from .app import ENV_KEY, ENV_SETTINGS, Settings, create_app

LOGGER = "workstation.county.server"
MAX_WORKERS = 32


class ServeError(SyncError):
    """The receiver cannot start (address taken, certificate unreadable ...)."""


@dataclass(frozen=True)
class Bind:
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Bind:
        """``HOST:PORT`` (``[::1]:8443`` for IPv6); ValueError with a Chinese message."""
        value = text.strip()
        host, sep, port = value.rpartition(":")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError(f"监听地址“{text}”格式不对，应为 主机:端口，例如 0.0.0.0:8443 "
                             "或 127.0.0.1:8080")
        return cls(host, int(port))


@dataclass(frozen=True)
class Tls:
    cert: Path
    key: Path

    def check(self) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(self.cert, self.key)
        except FileNotFoundError as exc:
            raise ServeError(f"找不到 TLS 证书或私钥文件：{exc.filename}") from exc
        except (ssl.SSLError, OSError) as exc:
            raise ServeError(f"无法读取 TLS 证书或私钥（{self.cert}，{self.key}）："
                             f"{getattr(exc, 'reason', None) or exc}") from exc


def configure_logging() -> None:
    """One line per event to standard error (the service manager's log)."""
    logger = logging.getLogger(LOGGER)
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _bind(bind: Bind) -> socket.socket:
    family = socket.AF_INET6 if ":" in bind.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # on Windows SO_REUSEADDR would let two servers share a port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((bind.host, bind.port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = "地址已被占用（是否已有一个接收服务在运行？）" if exc.errno in (
            98, 48, 10048) else (exc.strerror or str(exc))
        raise ServeError(f"无法监听 {bind.host}:{bind.port}：{reason}") from exc
    sock.set_inheritable(True)
    return sock


def _stop_on_sigterm() -> None:
    """SIGTERM (systemd's stop) ends the server like Ctrl+C: uvicorn finishes the requests
    in progress, then re-raises the signal, which lands here."""
    if hasattr(signal, "SIGTERM"):
        def stop(_signum: int, _frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)


def serve(settings: Settings, bind: Bind, *, tls: Tls | None = None, workers: int = 1,
          say: Callable[[str], None] = print, db: CountyDatabase | None = None) -> None:
    """Run until Ctrl+C / SIGTERM. ``say`` gets the listening and the stopped line.
    ``db``: the county opened by the operator who started the service (``county serve``
    logs in first); its key and session go to ``--workers`` processes."""
    import uvicorn

    if not 1 <= workers <= MAX_WORKERS:
        raise ServeError(f"工作进程数应在 1 到 {MAX_WORKERS} 之间")
    if tls is not None:
        tls.check()
    configure_logging()
    if db is not None:
        require(db, Permission.IMPORT)
    if workers == 1:
        # Opens the database now (unless given): a bad --db fails before binding.
        app = create_app(settings, db=db) if db is not None else create_app(settings)
    elif db is not None:  # each worker opens its own with the key of this login
        if db.key is not None:
            os.environ[ENV_KEY] = db.key.hex()
    else:
        open_county(settings.db).dispose()
    sock = _bind(bind)
    port = sock.getsockname()[1]
    shown = f"[{bind.host}]" if ":" in bind.host else bind.host
    scheme = "https" if tls else "http"
    options: dict[str, object] = {
        "log_config": None, "access_log": False, "server_header": False,
        "proxy_headers": True, "timeout_keep_alive": 15, "timeout_graceful_shutdown": 30,
    }
    if tls is not None:
        options.update(ssl_certfile=str(tls.cert), ssl_keyfile=str(tls.key))
    _stop_on_sigterm()
    try:
        say(f"县级中心接收服务已启动：{scheme}://{shown}:{port}"
            + (f"（{workers} 个工作进程）" if workers > 1 else ""))
        sys.stdout.flush()
        if workers == 1:
            uvicorn.Server(uvicorn.Config(app, **options)).run(sockets=[sock])  # type: ignore[arg-type]
        else:
            _run_workers(settings, sock, workers, options)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    say("县级中心接收服务已停止")


def _run_workers(settings: Settings, sock: socket.socket, workers: int,
                 options: dict[str, object]) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ[ENV_SETTINGS] = settings.to_env()
    config = uvicorn.Config("workstation.county.server.app:app_from_env", factory=True,
                            workers=workers, **options)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    if "target" in inspect.signature(Multiprocess).parameters:  # older uvicorn
        Multiprocess(config, target=server.run, sockets=[sock]).run()  # type: ignore[call-arg]
    else:
        Multiprocess(config, sockets=[sock]).run()
