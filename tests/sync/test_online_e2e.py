"""The online path end to end: the station's own client (``CountyClient``), uploader
(``Uploader``) and commands (``sync upload`` / ``sync status --json``) against the REAL
``county serve`` process (``server_harness.py``), on SQLite and PostgreSQL.

One server per backend serves the whole module (``online``; each start costs seconds); every
test brings its own station (its own division code) registered at that county. A small TCP
proxy in front of the server (``Proxy``) drops a connection mid-upload, or after the server
answered but before the station heard the answer. The TLS test starts its own server.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.cli_support import run_workstation
from workstation.county import service
from workstation.county.db import RECORDS, CountyDatabase, bundle
from workstation.county.importer import import_bundle
from workstation.services.printing import first_admin
from workstation.services.stations import get_station
from workstation.storage.engine import Database
from workstation.storage.models import Person
from workstation.sync import keys, protocol
from workstation.sync import station as sync
from workstation.sync.client import PIN_MISMATCH, CountyClient, UploadError
from workstation.sync.uploader import (
    Uploader,
    attempt_lines,
    certificate_fingerprint,
    check_connection,
    load_state,
    outbox_dir,
    save_settings,
    status,
)

from .helpers import BACKENDS, CountyMaker, make_county, new_station, one_chinese_line
from .helpers import touch_person as _touch
from .server_harness import ServerProcess, Servers

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
#: A hang guard for what the server logs after the station gave up (not a speed requirement).
WAIT = 60.0


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def _middle() -> float:
    return 0.5  # no jitter: the nominal back-off


# --- a module-wide server per backend -----------------------------------------------------------


@dataclass
class Online:
    backend: str
    county: CountyDatabase
    servers: Servers
    server: ServerProcess
    codes: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def restart(self) -> None:
        """Start the server again on the same port (the station's saved address)."""
        port = self.port
        self.server.kill()
        self.server = self.servers.start(self.county.url,
                                         args=["--bind", f"127.0.0.1:{port}"])

    def next_code(self) -> str:
        return f"1303021{next(self.codes):05d}"

    def outcomes(self, code: str) -> list[str]:
        """The outcome of each bundle upload of one station, from every server's access log."""
        text = "".join(s.log() for s in self.servers.started)
        return re.findall(rf"station={code} POST /v1/bundles \d+ .* (\S+)$", text, re.M)

    def await_outcomes(self, code: str, expected: list[str]) -> None:
        """Wait until the access log shows ``expected`` (a dropped connection is logged when
        the server notices it, after the station gave up)."""
        deadline = time.monotonic() + WAIT
        while (found := self.outcomes(code)) != expected:
            if time.monotonic() > deadline:
                pytest.fail(f"server outcomes {found}, expected {expected}")
            time.sleep(0.05)

    def requests(self, code: str) -> list[str]:
        text = "".join(s.log() for s in self.servers.started)
        return re.findall(rf"station={code} (\S+ /v1/\S+)", text)


@pytest.fixture(scope="module", params=BACKENDS)
def online(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Online]:
    backend = str(request.param)
    folder = tmp_path_factory.mktemp(f"online-{backend}")
    pg = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    maker = CountyMaker(backend, folder, pg)
    county = maker.new()
    servers = Servers(folder)
    try:
        yield Online(backend, county, servers, servers.start(county.url))
    finally:
        servers.close()
        maker.close()


@dataclass
class Made:
    db: Database
    code: str

    @property
    def station_id(self) -> str:
        return get_station(self.db).id


@pytest.fixture
def make_station(online: Online, tmp_path: Path) -> Iterator[Callable[..., Made]]:
    """New stations (30 demo records) with their own division code; ``register`` (default)
    registers the station's key at the module's county; the station always knows the
    county's key."""
    made: list[Database] = []

    def make(*, register: bool = True) -> Made:
        code = online.next_code()
        db = new_station(tmp_path / f"station-{code}.db", code, f"测试{code[-3:]}号工作站",
                         records=30, seed=int(code[-3:]))
        made.append(db)
        sync.set_county_key(db, first_admin(db), service.county_public_key(online.county))
        if register:
            service.register_station(online.county, code, sync.station_public_key(db))
        return Made(db, code)

    try:
        yield make
    finally:
        for db in made:
            db.dispose()


def _county_bundles(county: CountyDatabase, code: str) -> list[int]:
    with county.engine.connect() as conn:
        return list(conn.scalars(select(bundle.c.seq).where(bundle.c.division_code == code)
                                 .order_by(bundle.c.seq)))


def _county_count(county: CountyDatabase, table: str, station_id: str) -> int:
    t = RECORDS[table]
    with county.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t).where(
            t.c.station_id == station_id)).scalar_one())


def _station_count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _county_phone(county: CountyDatabase, person_id: str) -> str:
    t = RECORDS["person"]
    with county.engine.connect() as conn:
        data = conn.execute(select(t.c.data).where(t.c.id == person_id)).scalar_one()
    return str((json.loads(data) if isinstance(data, str) else data)["phone"])


def _outbox(db: Database) -> list[str]:
    folder = outbox_dir(db)
    return sorted(p.name for p in folder.glob("*.wsb")) if folder.is_dir() else []


def _client(made: Made, url: str) -> CountyClient:
    signer = keys.load_signing_private(sync.ensure_state(made.db).station_private_key)
    return CountyClient(url, division_code=made.code, signer=signer)


# --- a TCP proxy that drops connections ---------------------------------------------------------


class Proxy:
    """Forwards 127.0.0.1 connections to the server's port. ``mode``: ``pass``; ``cut`` (a
    bundle upload is cut off after ``cut_after`` bytes of it reached the server); ``no_answer``
    (an upload reaches the server whole, but the station's connection is closed as the
    server's answer comes back); ``too_large`` (as a reverse proxy with a body cap smaller
    than the bundle: a 413 page of its own, the connection closed)."""

    def __init__(self, target: Callable[[], int]) -> None:
        self.target = target
        self.mode = "pass"
        self.cut_after = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)  # accept() wakes up to see ``close``
        self._closed = False
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._spawn(self._accept)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.create_connection(("127.0.0.1", self.target()))
            self._sockets += [client, upstream]
            posted = threading.Event()
            self._spawn(self._up, client, upstream, posted)
            self._spawn(self._down, upstream, client, posted)

    @staticmethod
    def _close(*socks: socket.socket) -> None:
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _up(self, client: socket.socket, upstream: socket.socket,
            posted: threading.Event) -> None:
        after_post = -1
        try:
            while data := client.recv(65536):
                if after_post < 0 and b"POST " in data:
                    posted.set()
                    after_post = 0
                    data_from = data.index(b"POST ")
                else:
                    data_from = 0
                if after_post >= 0 and self.mode == "too_large":
                    page = b"<html><body><h1>413 Request Entity Too Large</h1></body></html>"
                    client.sendall(b"HTTP/1.1 413 Request Entity Too Large\r\n"
                                   b"Content-Type: text/html\r\nConnection: close\r\n"
                                   b"Content-Length: " + str(len(page)).encode() + b"\r\n\r\n"
                                   + page)
                    self._close(client, upstream)
                    return
                if after_post >= 0 and self.mode == "cut":
                    room = self.cut_after - after_post
                    chunk = data[:data_from + room]
                    upstream.sendall(chunk)
                    after_post += len(chunk) - data_from
                    if after_post >= self.cut_after:
                        self._close(client, upstream)
                        return
                    continue
                upstream.sendall(data)
        except OSError:
            pass
        self._close(client, upstream)

    def _down(self, upstream: socket.socket, client: socket.socket,
              posted: threading.Event) -> None:
        try:
            while data := upstream.recv(65536):
                if posted.is_set() and self.mode == "no_answer":
                    self._close(client, upstream)
                    return
                client.sendall(data)
        except OSError:
            pass
        self._close(client, upstream)

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self._close(*self._sockets)
        for thread in self._threads:
            thread.join(10)


@pytest.fixture
def proxy(online: Online) -> Iterator[Proxy]:
    made = Proxy(lambda: online.port)
    try:
        yield made
    finally:
        made.close()


# --- the tests ----------------------------------------------------------------------------------


def test_upload_applies_the_ack_and_a_replay_imports_nothing(
        online: Online, make_station: Callable[..., Made], tmp_path: Path) -> None:
    st = make_station()
    attempt = Uploader(st.db).run(manual=True, url=online.url)
    assert attempt.outcome == "ok", attempt.message
    assert (attempt.uploaded, attempt.acked_bundle_seq) == (1, 1)
    assert sync.unacknowledged_changes(st.db) == 0 and _outbox(st.db) == []
    assert _county_bundles(online.county, st.code) == [1]
    assert _county_count(online.county, "person", st.station_id) == _station_count(
        st.db, Person)
    assert sync.list_bundles(st.db)[-1].acked_at is not None

    # A second bundle, sent twice by the client: the second time is a replay.
    person = _touch(st.db, "13912345678")
    usb = tmp_path / "usb"
    usb.mkdir()
    [path] = sync.export(st.db, usb)
    with _client(st, online.url) as client:
        first = client.upload(path.read_bytes())
        again = client.upload(path.read_bytes())
    answers = [sync.verified_ack(st.db, a, "upload") for a in (first, again)]
    assert [(a["bundle_seq"], a["bundle_sha256"]) for a in answers] == [
        (2, answers[0]["bundle_sha256"])] * 2
    assert online.outcomes(st.code) == ["imported", "imported", "replay"]
    assert _county_bundles(online.county, st.code) == [1, 2]
    assert _county_phone(online.county, person) == "13912345678"
    assert sync.apply_ack(st.db, again, "replay").bundle_seq == 2
    assert sync.unacknowledged_changes(st.db) == 0

    # Nothing new: the uploader only fetches the current acknowledgement.
    nothing = Uploader(st.db).run(manual=True, url=online.url)
    assert (nothing.outcome, nothing.uploaded) == ("ok", 0)
    assert online.outcomes(st.code) == ["imported", "imported", "replay"]


def test_a_gap_is_refused_naming_the_missing_bundle(
        online: Online, make_station: Callable[..., Made], tmp_path: Path) -> None:
    st = make_station()
    # Bundle 1 went to another county (same keys; a county restored elsewhere) and was
    # acknowledged there; bundle 2 alone cannot be imported here.
    elsewhere = make_county(tmp_path / "elsewhere.db")
    try:
        from .helpers import same_keys

        same_keys(online.county, elsewhere)
        service.register_station(elsewhere, st.code, sync.station_public_key(st.db))
        usb = tmp_path / "usb"
        usb.mkdir()
        [first] = sync.export(st.db, usb)
        summary = import_bundle(elsewhere, first, ack_dir=usb)
        assert summary.ack_path is not None
        sync.import_ack(st.db, summary.ack_path)
    finally:
        elsewhere.dispose()
    _touch(st.db, "13900000002")
    [second] = sync.export(st.db, usb)
    with _client(st, online.url) as client, pytest.raises(UploadError) as info:
        client.upload(second.read_bytes())
    assert info.value.kind == "refused" and info.value.code == "refused"
    assert "缺少第 1 号数据包" in str(info.value) and one_chinese_line(str(info.value))
    assert _county_bundles(online.county, st.code) == []
    # The first bundle, then the second: the chain is whole.
    with _client(st, online.url) as client:
        client.upload(first.read_bytes())
        client.upload(second.read_bytes())
    assert _county_bundles(online.county, st.code) == [1, 2]


def test_a_tampered_bundle_is_refused_and_final_until_a_person_acts(
        online: Online, make_station: Callable[..., Made]) -> None:
    st = make_station()
    clock = FakeClock()
    save_settings(st.db, first_admin(st.db), enabled=True, url=online.url)
    folder = outbox_dir(st.db)
    folder.mkdir()
    [path] = sync.export(st.db, folder)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # inside the ciphertext of a part
    path.write_bytes(bytes(data))

    uploader = Uploader(st.db, clock=clock, rand=_middle)
    attempt = uploader.run()  # automatic
    assert attempt.outcome == "refused"
    assert attempt.message.startswith("县级中心拒收：") and one_chinese_line(attempt.message)
    assert any("不会自动重发" in line for line in attempt_lines(attempt))
    assert online.outcomes(st.code) == ["refused"]
    assert _county_bundles(online.county, st.code) == []
    report = status(st.db)
    assert report["last_result"] == "refused" and report["last_error"] == attempt.message
    assert report["backoff"]["next_attempt_at"] is None and report["waiting_bundles"] == []
    # Final: no automatic attempt, however long one waits.
    clock.advance(timedelta(days=2))
    assert not uploader.due() and uploader.run().outcome == "not_due"
    assert online.outcomes(st.code) == ["refused"]

    # 立即上传: exported again (a new bundle carrying every change), imported.
    again = uploader.run(manual=True)
    assert (again.outcome, again.uploaded) == ("ok", 1), again.message
    assert online.outcomes(st.code) == ["refused", "imported"]
    assert _county_bundles(online.county, st.code) == [2]
    assert _county_count(online.county, "person", st.station_id) == _station_count(
        st.db, Person)
    assert load_state(st.db).last_result == "ok" and uploader.due()


def test_an_unknown_station_is_told_so_and_sends_no_bundle(
        online: Online, make_station: Callable[..., Made]) -> None:
    st = make_station(register=False)
    attempt = Uploader(st.db, clock=FakeClock(), rand=_middle).run(manual=True, url=online.url)
    assert attempt.outcome == "error"
    assert "县级中心不认识本站" in attempt.message and one_chinese_line(attempt.message)
    assert online.requests(st.code) == ["GET /v1/ack"]  # refused before any bundle
    assert _outbox(st.db) == []  # nothing exported for a county that refuses the station

    service.register_station(online.county, st.code, sync.station_public_key(st.db))
    after = Uploader(st.db).run(manual=True, url=online.url)
    assert (after.outcome, after.uploaded) == ("ok", 1), after.message
    assert _county_bundles(online.county, st.code) == [1] and _outbox(st.db) == []


def test_an_oversized_bundle_is_never_sent(online: Online, make_station: Callable[..., Made],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    st = make_station()
    monkeypatch.setattr(protocol, "MAX_UPLOAD", 1024)  # the station's cap only
    attempt = Uploader(st.db, clock=FakeClock(), rand=_middle).run(manual=True, url=online.url)
    assert attempt.outcome == "refused" and "请用U盘导出" in attempt.message
    assert online.requests(st.code) == ["GET /v1/ack"]
    assert _county_bundles(online.county, st.code) == []
    monkeypatch.undo()
    # The person exports it to a USB stick instead; the county imports the file.
    usb = outbox_dir(st.db).parent / "usb"
    usb.mkdir()
    [path] = sync.export(st.db, usb)
    import_bundle(online.county, path, ack_dir=usb)
    after = Uploader(st.db).run(manual=True, url=online.url)
    assert (after.outcome, after.uploaded) == ("ok", 0)
    assert sync.unacknowledged_changes(st.db) == 0


def test_a_proxy_refusing_a_large_body_is_final_for_the_bundle(
        online: Online, make_station: Callable[..., Made], proxy: Proxy) -> None:
    st = make_station()
    save_settings(st.db, first_admin(st.db), enabled=True, url=proxy.url)
    proxy.mode = "too_large"
    attempt = Uploader(st.db, clock=FakeClock(), rand=_middle).run()
    assert attempt.outcome == "refused", attempt.message
    assert "过大" in attempt.message and "U盘" in attempt.message
    assert one_chinese_line(attempt.message)
    assert _county_bundles(online.county, st.code) == []


def test_connection_dropped_mid_upload_and_before_the_answer(
        online: Online, make_station: Callable[..., Made], proxy: Proxy) -> None:
    st = make_station()
    clock = FakeClock()
    save_settings(st.db, first_admin(st.db), enabled=True, url=proxy.url)
    uploader = Uploader(st.db, clock=clock, rand=_middle)

    # Cut off half-way through the body: nothing imported, retried after one minute.
    proxy.mode, proxy.cut_after = "cut", 2000
    attempt = uploader.run()
    assert attempt.outcome == "network", attempt.message
    assert attempt.state.failures == 1 and attempt.state.next_attempt_at == START + MIN
    online.await_outcomes(st.code, ["disconnected"])
    assert _county_bundles(online.county, st.code) == [] and len(_outbox(st.db)) == 1

    # The whole bundle arrives and is imported, but the answer never reaches the station.
    proxy.mode = "no_answer"
    clock.advance(MIN)
    attempt = uploader.run()
    assert attempt.outcome == "network", attempt.message
    assert attempt.state.failures == 2 and attempt.state.next_attempt_at == clock.now + 2 * MIN
    online.await_outcomes(st.code, ["disconnected", "imported"])
    assert _county_bundles(online.county, st.code) == [1]
    assert sync.unacknowledged_changes(st.db) > 0  # the station does not know yet

    # Next attempt: the current acknowledgement says bundle 1 arrived; it is not sent again.
    proxy.mode = "pass"
    clock.advance(2 * MIN)
    attempt = uploader.run()
    assert (attempt.outcome, attempt.uploaded, attempt.acked_bundle_seq) == ("ok", 0, 1)
    assert attempt.state.failures == 0 and attempt.state.next_attempt_at is None
    assert online.outcomes(st.code) == ["disconnected", "imported"]
    assert sync.unacknowledged_changes(st.db) == 0 and _outbox(st.db) == []
    assert _county_count(online.county, "person", st.station_id) == _station_count(
        st.db, Person)


def test_server_killed_while_the_station_retries(
        online: Online, make_station: Callable[..., Made]) -> None:
    st = make_station()
    clock = FakeClock()
    save_settings(st.db, first_admin(st.db), enabled=True, url=online.url)
    uploader = Uploader(st.db, clock=clock, rand=_middle)
    person = _touch(st.db, "13800000001")

    online.server.kill()
    try:
        first = uploader.run()
        assert first.outcome == "network" and "无法连接县级中心" in first.message
        assert first.state.failures == 1 and first.state.next_attempt_at == START + MIN
        clock.advance(MIN / 2)
        assert uploader.run().outcome == "not_due"  # the back-off holds
        clock.advance(MIN / 2)
        second = uploader.run()
        assert second.outcome == "network"
        assert second.state.failures == 2 and second.state.next_attempt_at == clock.now + 2 * MIN
        # A change meanwhile: the next attempt carries it too.
        _touch(st.db, "13800000002")
        clock.advance(2 * MIN)
        third = uploader.run()
        assert third.state.failures == 3 and third.state.next_attempt_at == clock.now + 4 * MIN
        assert status(st.db)["backoff"]["failures"] == 3
    finally:
        online.restart()

    assert uploader.run().outcome == "not_due"  # the server is back; the station waits
    clock.advance(4 * MIN)
    done = uploader.run()
    assert (done.outcome, done.uploaded) == ("ok", 1), done.message
    assert done.state.failures == 0 and done.state.last_success_at == clock.now
    # Nothing was exported while the county was out of reach: one bundle carries it all.
    assert _county_bundles(online.county, st.code) == [1]
    assert online.outcomes(st.code) == ["imported"]
    assert _county_phone(online.county, person) == "13800000002"
    # Nothing is imported twice.
    assert Uploader(st.db).run(manual=True).uploaded == 0
    assert online.outcomes(st.code) == ["imported"]


def test_usb_and_online_mixed_on_one_station(
        online: Online, make_station: Callable[..., Made], tmp_path: Path) -> None:
    st = make_station()
    usb = tmp_path / "usb"
    usb.mkdir()
    # 1 by USB; its acknowledgement never travels back.
    [one] = sync.export(st.db, usb)
    import_bundle(online.county, one, ack_dir=usb)
    person = _touch(st.db, "13700000001")
    # 2 online: the county's current acknowledgement covers 1; 2 carries the rest.
    attempt = Uploader(st.db).run(manual=True, url=online.url)
    assert (attempt.outcome, attempt.uploaded, attempt.acked_bundle_seq) == ("ok", 1, 2)
    # 3 by USB, its acknowledgement imported from the stick.
    _touch(st.db, "13700000003")
    [three] = sync.export(st.db, usb)
    summary = import_bundle(online.county, three, ack_dir=usb)
    assert summary.ack_path is not None
    assert sync.import_ack(st.db, summary.ack_path).bundle_seq == 3
    nothing = Uploader(st.db).run(manual=True, url=online.url)
    assert (nothing.outcome, nothing.uploaded) == ("ok", 0)
    # 4 online.
    _touch(st.db, "13700000004")
    last = Uploader(st.db).run(manual=True, url=online.url)
    assert (last.outcome, last.uploaded, last.acked_bundle_seq) == ("ok", 1, 4)
    assert _county_bundles(online.county, st.code) == [1, 2, 3, 4]
    assert online.outcomes(st.code) == ["imported", "imported"]
    assert _county_phone(online.county, person) == "13700000004"
    assert sync.unacknowledged_changes(st.db) == 0
    assert [b.seq for b in sync.list_bundles(st.db) if b.acked_at] == [1, 2, 3, 4]


# --- the commands -------------------------------------------------------------------------------


def _cli(cwd: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
    env.update(WORKSTATION_DATA_DIR=str(cwd), WORKSTATION_USER="admin",
               WORKSTATION_PASSWORD="secret-pass-1")
    result = run_workstation(args, input=stdin, env=env, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


def _ok(cwd: Path, *args: str, stdin: str = "") -> str:
    code, out, err = _cli(cwd, *args, stdin=stdin)
    assert code == 0, err
    return out


def cli_station(county: CountyDatabase, cwd: Path, code: str, *, demo: bool = True) -> str:
    """A station made with the commands, linked to ``county``; its database name."""
    st = "st.db"
    _ok(cwd, "init", "--station-name", "海港镇公共法律服务工作站", "--division-code", code,
        "--county", "海港区公共法律服务中心", "--admin", "admin", "--db", st,
        stdin="secret-pass-1\n")
    if demo:
        _ok(cwd, "demo", "--db", st, "--records", "30")
    (cwd / "county.pem").write_text(service.county_public_key(county))
    _ok(cwd, "sync", "set-county-key", "--db", st, "--key", "county.pem")
    service.register_station(county, code, _ok(cwd, "sync", "station-key", "--db", st))
    return st


def test_sync_upload_and_status_commands(online: Online, tmp_path: Path) -> None:
    code = online.next_code()
    st = cli_station(online.county, tmp_path, code)
    before = json.loads(_ok(tmp_path, "sync", "status", "--db", st, "--json"))
    assert before["unacknowledged_changes"] > 0 and before["last_result"] is None

    out = _ok(tmp_path, "sync", "upload", "--db", st, "--url", online.url)
    assert "已上传 1 个数据包" in out and "第 1 号" in out
    after = json.loads(_ok(tmp_path, "sync", "status", "--db", st, "--json"))
    assert after["unacknowledged_changes"] == 0 and after["waiting_bundles"] == []
    assert after["last_bundle"]["seq"] == 1 and after["last_bundle"]["acked_at"]
    assert after["last_result"] == "ok" and after["backoff"]["failures"] == 0
    assert _county_bundles(online.county, code) == [1]

    # Saved settings; nothing new to send: the acknowledgement is fetched again.
    _ok(tmp_path, "sync", "set-upload", "--db", st, "--url", online.url, "--enable")
    out = _ok(tmp_path, "sync", "upload", "--db", st)
    assert "没有需要上传的更改；已取回县级中心的回执" in out
    assert online.outcomes(code) == ["imported"]

    # Not registered under this code any more (revoked): a clear line, exit code 1.
    with online.county.write() as conn:
        from workstation.county.db import station as station_table

        conn.execute(station_table.update().where(station_table.c.division_code == code)
                     .values(revoked=True))
    exit_code, _out, err = _cli(tmp_path, "sync", "upload", "--db", st)
    assert exit_code == 1 and "县级中心不认识本站" in err and "Traceback" not in err
    report = json.loads(_ok(tmp_path, "sync", "status", "--db", st, "--json"))
    assert report["last_result"] == "error" and "县级中心不认识本站" in report["last_error"]
    assert report["backoff"]["failures"] == 1


def _exported_names(cwd: Path, st: str) -> list[str]:
    import csv
    import io

    out = _ok(cwd, "providers", "export", "--db", st, "directory.csv")
    assert out.startswith("已导出")
    text = (cwd / "directory.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return sorted(row[0] for row in rows[1:] if row)


def test_providers_update_command(online: Online, make_station: Callable[..., Made],
                                  tmp_path: Path) -> None:
    from workstation.county.directory import provider_directory

    donor = make_station()  # its directory reaches the county with its first bundle
    assert Uploader(donor.db).run(manual=True, url=online.url).outcome == "ok"
    offered = provider_directory(online.county)["providers"]
    assert offered

    cwd = tmp_path / "cli"
    cwd.mkdir()
    st = cli_station(online.county, cwd, online.next_code(), demo=False)
    exit_code, _out, err = _cli(cwd, "providers", "update", "--db", st)
    assert exit_code == 1 and "尚未设置县级中心地址" in err and "Traceback" not in err

    out = _ok(cwd, "providers", "update", "--db", st, "--url", online.url)
    assert out.strip() == f"已从县级中心更新名录：新增{len(offered)}家，更新0家，未变0家"
    assert _exported_names(cwd, st) == sorted(p["name"] for p in offered)
    # Saved settings; a second update changes nothing.
    _ok(cwd, "sync", "set-upload", "--db", st, "--url", online.url)
    out = _ok(cwd, "providers", "update", "--db", st)
    assert out.strip() == f"已从县级中心更新名录：新增0家，更新0家，未变{len(offered)}家"

    # The county out of reach: a clear line, nothing changed.
    exit_code, _out, err = _cli(cwd, "providers", "update", "--db", st, "--url",
                                "http://127.0.0.1:9")
    assert exit_code == 1 and "无法连接县级中心" in err and "Traceback" not in err


# --- TLS with a pinned certificate (its own server) --------------------------------------------


def _self_signed(folder: Path) -> tuple[Path, Path]:
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "county.test")])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * 50))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "county.crt", folder / "county.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_pinned_certificate_wrong_and_right(tmp_path: Path, db: Database) -> None:
    """SQLite only (TLS is the server's, not the backend's): a wrong pin sends nothing."""
    from tests.conftest import valid_setup
    from workstation.services.stations import init_station

    from .helpers import link

    county = make_county(tmp_path / "county.db")
    servers = Servers(tmp_path)
    try:
        admin = init_station(db, valid_setup())
        from workstation.demo.generator import generate_demo

        generate_demo(db, 30, seed=9)
        link(db, county)
        cert, key = _self_signed(tmp_path)
        server = servers.start(county.url, args=["--tls-cert", str(cert),
                                                 "--tls-key", str(key)])
        assert server.url.startswith("https://")
        code = get_station(db).division_code

        save_settings(db, admin, enabled=True, url=server.url, pin_sha256="ab" * 32)
        wrong = Uploader(db, clock=FakeClock(), rand=_middle).run(manual=True)
        assert wrong.outcome == "error" and wrong.message == PIN_MISMATCH
        with pytest.raises(UploadError, match="证书指纹不符"):
            check_connection(db, server.url, "ab" * 32)
        assert f"station={code}" not in server.log()  # not one request reached the server

        right = certificate_fingerprint(cert.read_bytes())
        assert "连接正常" in check_connection(db, server.url, right)
        save_settings(db, admin, enabled=True, url=server.url, pin_sha256=right)
        attempt = Uploader(db).run(manual=True)
        assert (attempt.outcome, attempt.uploaded) == ("ok", 1), attempt.message
        with county.engine.connect() as conn:
            assert list(conn.scalars(select(bundle.c.seq))) == [1]

        # The commands: a wrong --pin sends nothing; the certificate file (--cert) is pinned.
        cwd = tmp_path / "cli"
        cwd.mkdir()
        other = "130302100077"
        st = cli_station(county, cwd, other)
        _ok(cwd, "sync", "set-upload", "--db", st, "--url", server.url, "--pin", "cd" * 32,
            "--enable")
        exit_code, _out, err = _cli(cwd, "sync", "upload", "--db", st)
        assert exit_code == 1 and "证书指纹不符" in err and "Traceback" not in err
        assert f"station={other}" not in server.log()
        _ok(cwd, "sync", "set-upload", "--db", st, "--url", server.url, "--cert", str(cert))
        assert "已上传 1 个数据包" in _ok(cwd, "sync", "upload", "--db", st)
        report = json.loads(_ok(cwd, "sync", "status", "--db", st, "--json"))
        assert report["upload"]["pin_sha256"] == right and report["last_result"] == "ok"
        assert report["upload"]["enabled"] is True
    finally:
        servers.close()
        county.dispose()
