"""The station's online uploader: back-off, the HTTP client against a receiver on 127.0.0.1
that verifies signatures and imports into a real county database, and the commands."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text

from tests.cli_support import run_workstation
from workstation.county import service
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.services.context import Actor
from workstation.storage.engine import Database, open_database
from workstation.storage.models import SYNCED_TABLES, AidReferral, Person
from workstation.sync import station as sync
from workstation.sync.ack import encode_ack
from workstation.sync.client import (
    KEY_MISMATCH,
    NETWORK_DOWN,
    PIN_MISMATCH,
    CountyClient,
    UploadError,
    certificate_fingerprint,
    normalise_pin,
    normalise_url,
)
from workstation.sync.errors import SyncError
from workstation.sync.uploader import (
    Backoff,
    Uploader,
    check_connection,
    load_state,
    outbox_dir,
    save_settings,
    status,
)

from .helpers import make_county, one_chinese_line
from .upload_support import Receiver

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _county_count(county: CountyDatabase, table: str) -> int:
    with county.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM rec_{table}")).scalar_one())


def _touch_person(db: Database, phone: str) -> None:
    with db.write_session() as s:
        person = s.scalars(select(Person).order_by(Person.id)).first()
        assert person is not None
        person.phone = phone
        s.commit()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def receiver(county: CountyDatabase, tmp_path: Path) -> Iterator[Receiver]:
    folder = tmp_path / "receiver"
    folder.mkdir()
    server = Receiver(county, folder).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sqlite_county(tmp_path: Path) -> Iterator[CountyDatabase]:
    county = make_county(tmp_path / "county-lite.db")
    try:
        yield county
    finally:
        county.dispose()


@pytest.fixture
def small_station(db: Database, actor: Actor, sqlite_county: CountyDatabase) -> Database:
    """A station with a few records, linked to a SQLite county (for the tests whose point
    is the client, not the county backend)."""
    from workstation.demo.generator import generate_demo

    from .helpers import link

    generate_demo(db, 30, seed=3)
    link(db, sqlite_county)
    return db


@pytest.fixture
def lite_receiver(sqlite_county: CountyDatabase, tmp_path: Path) -> Iterator[Receiver]:
    folder = tmp_path / "lite-receiver"
    folder.mkdir()
    server = Receiver(sqlite_county, folder).start()
    try:
        yield server
    finally:
        server.stop()


# --- back-off -----------------------------------------------------------------------------------


def test_backoff_doubles_from_one_minute_to_one_hour() -> None:
    backoff = Backoff()
    middle = [backoff.delay(n, lambda: 0.5) for n in range(1, 10)]
    assert middle == [MIN * m for m in (1, 2, 4, 8, 16, 32, 60, 60, 60)]
    assert backoff.delay(0, lambda: 0.5) == timedelta(0)


def test_backoff_jitter_stays_within_twenty_percent() -> None:
    backoff = Backoff()
    for n, minutes in ((1, 1), (3, 4), (7, 60)):
        assert backoff.delay(n, lambda: 0.0) == MIN * minutes * 0.8
        high = backoff.delay(n, lambda: 0.999999)
        assert MIN * minutes * 1.19 < high < MIN * minutes * 1.2
    assert backoff.next_attempt(START, 2, lambda: 0.25) == START + MIN * 2 * 0.9


def test_network_down_backs_off_persists_and_resets(small_station: Database, db_path: Path,
                                                    actor: Actor,
                                                    sqlite_county: CountyDatabase,
                                                    tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there: the network is "down"
    save_settings(small_station, actor, enabled=True, url=f"http://127.0.0.1:{port}")
    clock = FakeClock()
    uploader = Uploader(small_station, clock=clock, rand=lambda: 0.5)
    schedule = []
    for _ in range(8):
        attempt = uploader.run()
        assert attempt.outcome == "network"
        assert attempt.message == NETWORK_DOWN
        state = attempt.state
        assert state.next_attempt_at is not None
        schedule.append(state.next_attempt_at - clock.now)
        assert not uploader.due()
        assert uploader.run().outcome == "not_due"  # nothing is sent before its time
        clock.advance(state.next_attempt_at - clock.now)
        assert uploader.due()
    assert schedule == [MIN * m for m in (1, 2, 4, 8, 16, 32, 60, 60)]
    # Nothing is exported while the county cannot be reached (the first request of an
    # attempt has no body): no bundle piles up, none is made twice.
    assert not list(outbox_dir(small_station).glob("*.wsb"))
    assert outbox_dir(small_station).parent == db_path.parent
    _touch_person(small_station, "13900000003")
    assert uploader.run().outcome == "network"
    clock.advance(timedelta(hours=2))
    assert not list(outbox_dir(small_station).glob("*.wsb"))

    # The state survives a restart (a reopened database).
    before = load_state(small_station)
    again = open_database(db_path, key=small_station.key)
    try:
        assert load_state(again) == before
        assert before.failures == 9 and before.last_result == "network"
    finally:
        again.dispose()

    # The county comes up on that port: the next attempt succeeds and resets the back-off.
    folder = tmp_path / "up"
    folder.mkdir()
    server = Receiver(sqlite_county, folder).start(port)
    try:
        attempt = uploader.run()
    finally:
        server.stop()
    assert attempt.outcome == "ok", attempt.message
    assert (attempt.uploaded, attempt.acked_bundle_seq) == (1, 1)
    assert sync.unacknowledged_changes(small_station) == 0
    state = attempt.state
    assert (state.failures, state.next_attempt_at, state.last_result, state.last_error) == (
        0, None, "ok", "")
    assert state.last_success_at == clock.now
    assert not list(outbox_dir(small_station).glob("*"))  # deleted after the upload
    # The first failure after a success waits one minute again.
    attempt = uploader.run(manual=True)
    assert attempt.outcome == "network"
    assert attempt.state.next_attempt_at == clock.now + MIN


# --- uploads ------------------------------------------------------------------------------------


def test_upload_reaches_the_county_and_applies_its_ack(demo_station: Database, actor: Actor,
                                                       county: CountyDatabase,
                                                       receiver: Receiver, usb: Path) -> None:
    db = demo_station
    save_settings(db, actor, enabled=True, url=receiver.url)
    uploader = Uploader(db, actor=actor)
    attempt = uploader.run()
    assert attempt.outcome == "ok", attempt.message
    assert (attempt.uploaded, attempt.acked_bundle_seq) == (1, 1)
    # Audited under the operator who is logged in (not as "未登录").
    with db.engine.connect() as conn:
        who = dict(conn.execute(text(
            "SELECT action, operator_id FROM audit_entry"
            " WHERE action IN ('sync.export', 'sync.ack')")).all())
    assert who == {"sync.export": actor.operator_id, "sync.ack": actor.operator_id}
    for table in SYNCED_TABLES:
        assert _county_count(county, table) == _count(db, table), table
    assert sync.unacknowledged_changes(db) == 0
    assert [b.acked_at is not None for b in sync.list_bundles(db)] == [True]
    posts = [s for s in receiver.seen if s.method == "POST"]
    assert [(s.path, s.status) for s in posts] == [("/v1/bundles", 200)]

    # Nothing new: the attempt only fetches the current acknowledgement.
    attempt = uploader.run(manual=True)
    assert attempt.uploaded == 0 and attempt.outcome == "ok"
    assert receiver.seen[-1].method == "GET" and receiver.seen[-1].path == "/v1/ack"

    # USB and online mix: a bundle carried by hand, then a change uploaded online.
    _touch_person(db, "13900000001")
    [by_hand] = sync.export(db, usb)
    import_bundle(county, by_hand)  # its acknowledgement stays on the stick
    _touch_person(db, "13900000002")
    attempt = uploader.run(manual=True)
    assert attempt.outcome == "ok", attempt.message
    assert attempt.acked_bundle_seq == 3
    assert sync.unacknowledged_changes(db) == 0
    with county.engine.connect() as conn:
        phones = conn.execute(text("SELECT count(*) FROM rec_person "
                                   "WHERE CAST(data AS TEXT) LIKE '%13900000002%'")).scalar_one()
    assert phones == 1


def test_decisions_come_back_without_a_bundle(demo_station: Database, actor: Actor,
                                              county: CountyDatabase,
                                              receiver: Receiver) -> None:
    db = demo_station
    save_settings(db, actor, enabled=True, url=receiver.url)
    uploader = Uploader(db)
    assert uploader.run().outcome == "ok"
    with db.read() as s:
        referral = s.scalars(select(AidReferral).where(
            AidReferral.status.in_(["forwarded", "received"]))  # type: ignore[attr-defined]
            .order_by(AidReferral.id)).first()
    assert referral is not None
    service.decide(county, referral.id, "denied", reason="不符合条件")
    assert uploader.wanted()
    attempt = uploader.run(manual=True)
    assert (attempt.outcome, attempt.decisions_applied) == ("ok", 1)
    with db.read() as s:
        assert s.get_one(AidReferral, referral.id).status == "denied"
    # The decision applied is a change of the station's: it goes back in the same attempt.
    assert attempt.uploaded == 1 and sync.unacknowledged_changes(db) == 0


def test_refused_bundle_is_final_and_stops_automatic_attempts(
        small_station: Database, actor: Actor, lite_receiver: Receiver) -> None:
    db = small_station
    save_settings(db, actor, enabled=True, url=lite_receiver.url)
    lite_receiver.script.append((422, "refused", "数据包链不符（缺少第 1 号数据包）"))
    clock = FakeClock()
    uploader = Uploader(db, clock=clock)
    attempt = uploader.run()
    assert attempt.outcome == "refused"
    assert attempt.message == "县级中心拒收：数据包链不符（缺少第 1 号数据包）"
    assert one_chinese_line(attempt.message)
    assert attempt.state.next_attempt_at is None
    clock.advance(timedelta(days=3))
    assert not uploader.due()  # a person must act: no automatic retry of a refused bundle
    assert uploader.run().outcome == "not_due"
    with db.read() as s:
        details = s.execute(text("SELECT detail FROM audit_entry WHERE action = 'sync.upload'"
                                 )).scalars().all()
    assert any("县级中心拒收" in d for d in details)
    assert not list(outbox_dir(db).glob("*.wsb"))  # the refused bundle is not sent again
    # New settings (or 立即上传) clear the stop; the county takes the bundle this time.
    save_settings(db, actor, enabled=True, url=lite_receiver.url)
    assert uploader.due()
    attempt = uploader.run()
    assert attempt.outcome == "ok", attempt.message
    assert attempt.acked_bundle_seq == 2  # exported again as the next bundle of the chain


def test_busy_county_is_retried_later(small_station: Database, actor: Actor,
                                      lite_receiver: Receiver) -> None:
    save_settings(small_station, actor, enabled=True, url=lite_receiver.url)
    lite_receiver.script.append((503, "busy", "服务器繁忙"))
    clock = FakeClock()
    attempt = Uploader(small_station, clock=clock, rand=lambda: 0.5).run()
    assert attempt.outcome == "retry"
    assert attempt.state.next_attempt_at == clock.now + MIN
    assert sync.unacknowledged_changes(small_station) > 0


def test_clock_skew_is_corrected_and_retried_once(small_station: Database, actor: Actor,
                                                  lite_receiver: Receiver) -> None:
    lite_receiver.server_skew = 2 * 3600  # the county's clock is two hours ahead
    save_settings(small_station, actor, enabled=True, url=lite_receiver.url)
    uploader = Uploader(small_station)
    attempt = uploader.run()
    assert attempt.outcome == "ok", attempt.message
    # The first signed request (no body) is refused for the clock, then signed again.
    # (Nothing imported yet: the health check confirms the address before the upload.)
    assert [(s.method, s.path, s.status) for s in lite_receiver.seen] == [
        ("GET", "/v1/ack", 401), ("GET", "/v1/ack", 404), ("GET", "/v1/health", 200),
        ("POST", "/v1/bundles", 200)]
    assert abs(uploader.clock_offset - 2 * 3600) <= 2
    # The offset is kept: the next request is right the first time.
    lite_receiver.seen.clear()
    assert uploader.run(manual=True).outcome == "ok"
    assert [s.status for s in lite_receiver.seen] == [200]  # GET: nothing new to send


def test_ack_signed_by_another_key_is_never_applied(small_station: Database, actor: Actor,
                                                    lite_receiver: Receiver) -> None:
    db = small_station
    save_settings(db, actor, enabled=True, url=lite_receiver.url)
    assert Uploader(db).run().outcome == "ok"
    [bundle] = sync.list_bundles(db)
    with db.read() as s:
        station_id = s.execute(text("SELECT id FROM station")).scalar_one()
    forged = encode_ack({"station_id": station_id, "division_code": "130302100000",
                         "bundle_seq": 1, "bundle_sha256": bundle.sha256, "change_seq": 1,
                         "created_at": "2026-12-01T08:00:00+00:00", "decisions": []},
                        Ed25519PrivateKey.generate())
    lite_receiver.acks["130302100000"] = forged
    attempt = Uploader(db).run(manual=True)
    assert (attempt.outcome, attempt.message) == ("error", KEY_MISMATCH)
    with pytest.raises(UploadError, match="县级中心密钥不符"):
        check_connection(db, lite_receiver.url)


def test_unknown_station_says_so(small_station: Database, actor: Actor,
                                 lite_receiver: Receiver, sqlite_county: CountyDatabase) -> None:
    service.revoke_station(sqlite_county, "130302100000")
    save_settings(small_station, actor, enabled=True, url=lite_receiver.url)
    attempt = Uploader(small_station).run()
    assert attempt.outcome == "error"
    assert "不认识本站" in attempt.message and one_chinese_line(attempt.message)


# --- TLS pinning --------------------------------------------------------------------------------


@pytest.fixture
def tls_receiver(sqlite_county: CountyDatabase, tmp_path: Path) -> Iterator[Receiver]:
    folder = tmp_path / "tls"
    folder.mkdir()
    server = Receiver(sqlite_county, folder, tls=True).start()
    try:
        yield server
    finally:
        server.stop()


def test_pinned_certificate(small_station: Database, actor: Actor,
                            tls_receiver: Receiver) -> None:
    db = small_station
    pin = certificate_fingerprint((tls_receiver.folder / "county.crt").read_bytes())
    assert pin == tls_receiver.cert_sha256
    wrong = "ab" * 32
    save_settings(db, actor, enabled=True, url=tls_receiver.url, pin_sha256=wrong)
    attempt = Uploader(db).run()
    assert (attempt.outcome, attempt.message) == ("error", PIN_MISMATCH)
    assert tls_receiver.seen == []  # refused after the handshake: no request, no bundle sent

    # Without a pin a self-signed certificate fails ordinary verification.
    save_settings(db, actor, enabled=True, url=tls_receiver.url)
    attempt = Uploader(db).run()
    assert attempt.outcome == "error" and "证书" in attempt.message
    assert tls_receiver.seen == []

    colons = ":".join(pin[i:i + 2].upper() for i in range(0, 64, 2))
    save_settings(db, actor, enabled=True, url=tls_receiver.url, pin_sha256=colons)
    assert load_state(db).pin_sha256 == pin
    assert "连接正常" in check_connection(db, tls_receiver.url, pin)
    attempt = Uploader(db).run()
    assert attempt.outcome == "ok", attempt.message
    assert sync.unacknowledged_changes(db) == 0


# --- settings -----------------------------------------------------------------------------------


def test_settings_are_checked_and_audited(small_station: Database, actor: Actor) -> None:
    db = small_station
    for bad in ("ftp://x", "county.example", "https://", "https://u:p@x", "http://x:99999"):
        with pytest.raises(SyncError) as info:
            save_settings(db, actor, enabled=False, url=bad)
        assert one_chinese_line(str(info.value))
    with pytest.raises(SyncError, match="64"):
        save_settings(db, actor, enabled=False, url="https://x", pin_sha256="abc")
    with pytest.raises(SyncError, match="https"):
        save_settings(db, actor, enabled=False, url="http://x", pin_sha256="ab" * 32)
    with pytest.raises(SyncError, match="地址"):
        save_settings(db, actor, enabled=True, url="")
    clerk = Actor(actor.operator_id, actor.station_id, "clerk", "办事员", "clerk")
    with pytest.raises(Exception, match="管理员"):
        save_settings(db, clerk, enabled=True, url="http://x")
    state = save_settings(db, actor, enabled=True, url=" https://10.0.0.5:8443/ ")
    assert (state.enabled, state.url) == (True, "https://10.0.0.5:8443")
    with db.read() as s:
        detail = s.execute(text("SELECT detail FROM audit_entry WHERE action = "
                                "'sync.upload_settings'")).scalar_one()
    assert "https://10.0.0.5:8443" in detail
    assert normalise_url("http://a.b/county/") == "http://a.b/county"
    assert normalise_pin("SHA256:" + "AB:" * 31 + "AB") == "ab" * 32


def test_client_reads_answers_with_bounded_memory(small_station: Database) -> None:
    import httpx

    def huge(request: httpx.Request) -> httpx.Response:
        from workstation.sync.ack import MAX_ACK

        return httpx.Response(200, content=b"x" * (MAX_ACK + 1))

    client = CountyClient("http://county.test", division_code="130302100000",
                          signer=Ed25519PrivateKey.generate(),
                          transport=httpx.MockTransport(huge))
    with client, pytest.raises(UploadError, match="过大"):
        client.fetch_ack()

    def proxy_page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=b"<html>Not Found</html>")

    client = CountyClient("http://county.test/wrong", division_code="130302100000",
                          signer=Ed25519PrivateKey.generate(),
                          transport=httpx.MockTransport(proxy_page))
    with client, pytest.raises(UploadError, match="地址可能不对"):
        client.fetch_ack()  # not "nothing imported yet"


def test_wrong_path_in_the_address_is_not_taken_for_nothing_imported(
        small_station: Database, lite_receiver: Receiver) -> None:
    with pytest.raises(UploadError) as info:
        check_connection(small_station, lite_receiver.url + "/wrong")
    assert "没有这个地址" in str(info.value)
    attempt = Uploader(small_station).run(manual=True, url=lite_receiver.url + "/wrong")
    assert attempt.outcome == "error"
    assert not [s for s in lite_receiver.seen if s.method == "POST"]  # nothing was sent


# --- commands -----------------------------------------------------------------------------------


INIT = ["init", "--station-name", "海港镇公共法律服务工作站", "--division-code", "130302100000",
        "--county", "海港区公共法律服务中心", "--admin", "admin"]


def _run(cwd: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
    env["WORKSTATION_DATA_DIR"] = str(cwd)
    env["WORKSTATION_USER"] = "admin"
    env["WORKSTATION_PASSWORD"] = "secret-pass-1"
    result = run_workstation(args, input=stdin, env=env, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


def _ok(cwd: Path, *args: str, stdin: str = "") -> str:
    code, out, err = _run(cwd, *args, stdin=stdin)
    assert code == 0, err
    return out


def test_sync_upload_and_status_commands(tmp_path: Path) -> None:
    st, cty = "st.db", "county.db"
    _ok(tmp_path, *INIT, "--db", st, stdin="secret-pass-1\n")
    _ok(tmp_path, "demo", "--db", st, "--records", "30")
    (tmp_path / "st.pem").write_text(_ok(tmp_path, "sync", "station-key", "--db", st))
    _ok(tmp_path, "county", "init", "--db", cty)
    (tmp_path / "county.pem").write_text(_ok(tmp_path, "county", "key", "--db", cty))
    _ok(tmp_path, "sync", "set-county-key", "--db", st, "--key", "county.pem")
    _ok(tmp_path, "county", "register-station", "--db", cty, "--division-code",
        "130302100000", "--key", "st.pem")

    before = json.loads(_ok(tmp_path, "sync", "status", "--db", st, "--json"))
    assert before["unacknowledged_changes"] > 0 and before["last_bundle"] is None
    assert before["upload"] == {"enabled": False, "url": "", "pin_sha256": ""}

    code, _out, err = _run(tmp_path, "sync", "upload", "--db", st)
    assert code == 2 and "县级中心地址" in err and "Traceback" not in err

    port = _free_port()
    out = _ok(tmp_path, "sync", "set-upload", "--db", st, "--url", f"http://127.0.0.1:{port}",
              "--enable")
    assert "已开启自动上传" in out
    code, _out, err = _run(tmp_path, "sync", "upload", "--db", st)
    assert code == 1 and "无法连接县级中心" in err and "下次自动重试" in err
    down = json.loads(_ok(tmp_path, "sync", "status", "--db", st, "--json"))
    assert down["last_result"] == "network" and down["backoff"]["failures"] == 1
    assert down["last_error"] == NETWORK_DOWN and down["backoff"]["next_attempt_at"]
    assert down["upload"]["enabled"] is True

    county = open_county_at(tmp_path / cty)
    folder = tmp_path / "receiver"
    folder.mkdir()
    server = Receiver(county, folder).start()
    try:
        out = _ok(tmp_path, "sync", "upload", "--db", st, "--url", server.url)
    finally:
        server.stop()
        county.dispose()
    assert "已上传 1 个数据包" in out and "第 1 号" in out
    after = json.loads(_ok(tmp_path, "sync", "status", "--db", st, "--json"))
    assert after["unacknowledged_changes"] == 0
    assert after["last_bundle"]["seq"] == 1 and after["last_bundle"]["acked_at"]
    assert after["last_result"] == "ok" and after["backoff"]["failures"] == 0
    assert after["last_error"] is None and after["waiting_bundles"] == []
    plain = _ok(tmp_path, "sync", "status", "--db", st)
    assert "未同步的更改：0" in plain


def open_county_at(path: Path) -> CountyDatabase:

    from .helpers import reopen

    return reopen(path)


def test_status_json_shape(small_station: Database) -> None:
    report = status(small_station)
    json.dumps(report, ensure_ascii=False)
    assert set(report) >= {"unacknowledged_changes", "last_bundle", "last_ack_at", "upload",
                           "backoff", "last_result", "last_error"}
