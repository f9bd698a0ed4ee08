"""A REAL county receiver process for the tests and the load benchmark, and a minimal signed
client for it.

``Servers.start(db_url, spool)`` runs ``python -m workstation county serve --bind
127.0.0.1:0`` (SQLite path or PostgreSQL URL), reads the port from the line the server prints
when it listens and returns a ``ServerProcess`` (``url``, ``stop()`` = Ctrl+C, ``kill()`` =
SIGKILL, ``log()`` = its standard error). ``Servers.close()`` kills whatever is still running:
use it from a fixture's teardown so nothing outlives a test.

``Station`` signs requests as a station does (``sync/protocol.py``) with httpx; ``raw_request``
sends a request's headers (and optionally part of its body) over a plain socket, to see what
the server answers before a body arrives or when the connection drops mid-body.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from workstation.sync import protocol

READY = re.compile(r"县级中心接收服务已启动：(https?://[^\s（]+)")
#: Generous limits for a process to come up or go down on a busy 2-core machine (a hang
#: guard, not a speed requirement).
START_WAIT = 90.0
STOP_WAIT = 60.0


@dataclass
class ServerProcess:
    proc: subprocess.Popen[str]
    url: str
    log_path: Path
    stdout: list[str] = field(default_factory=list)

    def stop(self) -> int:
        """Ctrl+C (SIGINT) and wait; SIGKILL if it does not stop. The exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(STOP_WAIT)
            except subprocess.TimeoutExpired:
                self.kill()
        self._kill_group()  # workers a stopped server left behind, if any
        return int(self.proc.returncode)

    def kill(self) -> None:
        """SIGKILL the server and its worker processes (its own process group: a killed
        uvicorn supervisor leaves its workers running otherwise)."""
        self._kill_group()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(STOP_WAIT)

    def _kill_group(self) -> None:
        if hasattr(os, "killpg"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def outcomes(self) -> list[str]:
        """The outcome word of each bundle upload in the access log (imported, replay ...)."""
        return re.findall(r"POST /v1/bundles \d+ .* (\S+)$", self.log(), re.M)


@dataclass
class Servers:
    """Starts server processes; ``close`` ends them all."""

    folder: Path
    started: list[ServerProcess] = field(default_factory=list)

    def start(self, db: str | Path, *, spool: Path | None = None,
              args: Sequence[str] = (), env: Mapping[str, str] | None = None
              ) -> ServerProcess:
        spool = spool or self.folder / "spool"
        log_path = self.folder / f"server-{len(self.started)}.log"
        command = [sys.executable, "-m", "workstation", "county", "serve", "--db", str(db),
                   "--bind", "127.0.0.1:0", "--spool", str(spool), *args]
        # The service runs as the tests' county admin (``county serve`` logs in at start).
        from .helpers import COUNTY_ADMIN, COUNTY_PASSWORD

        full_env = {**os.environ, "WORKSTATION_COUNTY_USER": COUNTY_ADMIN,
                    "WORKSTATION_COUNTY_PASSWORD": COUNTY_PASSWORD, **(env or {}),
                    "PYTHONUNBUFFERED": "1"}
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True,
                                    encoding="utf-8", env=full_env,
                                    start_new_session=hasattr(os, "killpg"))
        lines: queue.Queue[str | None] = queue.Queue()
        server = ServerProcess(proc, "", log_path)
        self.started.append(server)

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                server.stdout.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + START_WAIT
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                server.kill()
                raise RuntimeError(f"county serve did not start: {server.log()[-2000:]}")
            found = READY.search(line)
            if found:
                server.url = found.group(1)
                return server

    def close(self) -> None:
        for server in self.started:
            server.kill()
        self.started.clear()


@dataclass
class Station:
    """Signed requests of one station (its division code and signing key) to ``url``."""

    url: str
    division_code: str
    signer: Ed25519PrivateKey
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=120.0))

    def headers(self, method: str, path: str, body: bytes = b"", *,
                time_: int | None = None, nonce: str | None = None) -> dict[str, str]:
        return protocol.sign_request(
            self.signer, method=method, path=path, division_code=self.division_code,
            body=body, time=int(time.time()) if time_ is None else time_, nonce=nonce)

    def upload(self, bundle: bytes, **sign: Any) -> httpx.Response:
        headers = self.headers("POST", protocol.BUNDLES, bundle, **sign)
        headers["Content-Type"] = "application/octet-stream"
        return self.client.post(self.url + protocol.BUNDLES, content=bundle, headers=headers)

    def get(self, path: str, **sign: Any) -> httpx.Response:
        return self.client.get(self.url + path, headers=self.headers("GET", path, **sign))

    def close(self) -> None:
        self.client.close()


@dataclass
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


def raw_request(url: str, method: str, path: str, headers: Mapping[str, str], *,
                send: bytes = b"", wait_answer: bool = True) -> RawAnswer | None:
    """Send the request line and ``headers`` (as given: a Content-Length may promise more
    than ``send``), then ``send``; read the answer (None when ``wait_answer`` is false: the
    connection is closed at once, as a station that goes away mid-upload)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        if send:
            conn.send(send)
        if not wait_answer:
            return None
        response = conn.getresponse()
        return RawAnswer(response.status, {k.lower(): v for k, v in response.getheaders()},
                         response.read())
    finally:
        conn.close()
