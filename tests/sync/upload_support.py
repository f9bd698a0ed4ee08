"""A small county receiver for the uploader tests: stdlib ``http.server`` on 127.0.0.1 in a
thread, speaking ``workstation/sync/protocol.py`` in front of a real county database's
importer (not the ``county serve`` product, which has its own real-process harness).

It verifies every signed request with ``protocol.parse_headers``/``verify_request`` against
the key the county registered, refuses reused nonces, checks the body's hash, imports an
uploaded bundle exactly as ``county import`` does and answers with the acknowledgement file's
bytes; it also serves the county's 服务指引 directory. Tests can make it answer errors
(``script``), shift its clock, serve TLS with a self-signed certificate, or stop it (network
down).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workstation.county.db import CountyDatabase
from workstation.county.db import station as station_table
from workstation.county.importer import import_bundle
from workstation.county.service import load_keys, now_iso, pending_decisions
from workstation.sync import keys, protocol
from workstation.sync.ack import encode_ack
from workstation.sync.errors import BundleRefused


@dataclass
class Seen:
    method: str
    path: str
    body_size: int
    status: int


@dataclass
class Receiver:
    county: CountyDatabase
    folder: Path
    #: Seconds added to the real clock by the server (a station with a wrong clock).
    server_skew: int = 0
    #: Acknowledgements to serve on GET instead of the county's current one (forgeries).
    acks: dict[str, bytes] = field(default_factory=dict)
    #: Answers to give instead of the real ones, first first: (status, code, message).
    script: list[tuple[int, str, str]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    nonces: set[str] = field(default_factory=set)
    tls: bool = False
    httpd: ThreadingHTTPServer | None = None
    thread: threading.Thread | None = None
    cert_sha256: str = ""
    port: int = 0

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def now(self) -> int:
        return int(time.time()) + self.server_skew

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                receiver._handle(self, "GET")

            def do_POST(self) -> None:
                receiver._handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        if self.tls:
            cert, key = _self_signed(self.folder)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            from cryptography import x509
            from cryptography.hazmat.primitives.serialization import Encoding

            der = x509.load_pem_x509_certificate(cert.read_bytes()).public_bytes(Encoding.DER)
            self.cert_sha256 = hashlib.sha256(der).hexdigest()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None
        if self.thread is not None:
            self.thread.join(10)
            self.thread = None

    # -- requests ----------------------------------------------------------------------------

    def current_ack(self, division_code: str) -> bytes | None:
        """What ``GET /v1/ack`` answers: the acknowledgement of everything imported from the
        station, with the county's pending decisions (as the importer builds it)."""
        with self.county.engine.connect() as conn:
            st = conn.execute(select(station_table).where(
                station_table.c.division_code == division_code)).one()
            if not st.last_seq:
                return None
            body = {"station_id": st.station_id, "division_code": st.division_code,
                    "bundle_seq": int(st.last_seq), "bundle_sha256": st.last_sha256,
                    "change_seq": int(st.last_change_seq), "created_at": now_iso(),
                    "decisions": pending_decisions(conn, st.station_id)}
        return encode_ack(body, load_keys(self.county).signing)

    def _answer(self, h: BaseHTTPRequestHandler, status: int, body: bytes,
                content_type: str = "application/json", close: bool = False) -> None:
        # Recorded before the answer leaves: a test that got its answer sees the request.
        self.seen.append(Seen(h.command, h.path, int(h.headers.get("Content-Length") or 0),
                              status))
        h.send_response(status)
        if close:  # an error may leave the body unread: this connection ends here
            h.send_header("Connection", "close")
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.send_header(protocol.SERVER_TIME, str(self.now()))
        h.end_headers()
        h.wfile.write(body)

    def _error(self, h: BaseHTTPRequestHandler, status: int, code: str, message: str) -> None:
        self._answer(h, status, json.dumps({"error": message, "code": code},
                                           ensure_ascii=False).encode("utf-8"), close=True)

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        self._respond(h, method, h.path, int(h.headers.get("Content-Length") or 0))

    def _respond(self, h: BaseHTTPRequestHandler, method: str, path: str, size: int) -> int:
        if path == protocol.HEALTH and method == "GET":
            self._answer(h, 200, b'{"status": "ok", "program_version": "test"}')
            return 200
        if path not in (protocol.BUNDLES, protocol.ACK, protocol.DIRECTORY):
            self._error(h, 404, "not_found", "没有这个地址")
            return 404
        try:
            signed = protocol.parse_headers(dict(h.headers.items()))
            with self.county.engine.connect() as conn:
                row = conn.execute(select(station_table).where(
                    station_table.c.division_code == signed.division_code)).first()
            if row is None or row.revoked:
                raise protocol.ProtocolError("unknown_station", "县级中心没有登记该站点", 401)
            protocol.verify_request(signed, keys.load_station_public(row.public_key),
                                    method=method, path=path, now=self.now())
            if signed.nonce in self.nonces:
                raise protocol.ProtocolError("replay", "重复的请求", 401)
            self.nonces.add(signed.nonce)
        except protocol.ProtocolError as exc:
            self._error(h, exc.status, exc.code, str(exc))
            return exc.status
        body = h.rfile.read(size) if size else b""
        if self.script and method == "POST":
            status, code, message = self.script.pop(0)
            self._error(h, status, code, message)
            return status
        if hashlib.sha256(body).hexdigest() != signed.content_sha256:
            self._error(h, 400, "bad_request", "请求内容与签名不符")
            return 400
        if method == "GET" and path == protocol.DIRECTORY:
            from workstation.county.directory import provider_directory

            self._answer(h, 200, json.dumps(provider_directory(self.county),
                                            ensure_ascii=False).encode("utf-8"))
            return 200
        if method == "GET":
            ack = self.acks.get(signed.division_code) or self.current_ack(signed.division_code)
            if ack is None:
                self._error(h, 404, "not_found", "尚未收到该站点的数据包")
                return 404
            self._answer(h, 200, ack)
            return 200
        with tempfile.TemporaryDirectory(dir=self.folder) as tmp:
            bundle = Path(tmp) / "upload.wsb"
            bundle.write_bytes(body)
            try:
                summary = import_bundle(self.county, bundle, ack_dir=Path(tmp))
            except BundleRefused as exc:
                self._error(h, 422, "refused", str(exc))
                return 422
            assert summary.ack_path is not None
            ack = summary.ack_path.read_bytes()
        self._answer(h, 200, ack)
        return 200


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "county.test")])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * 30))
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "county.crt", folder / "county.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
