"""``county serve``: a real server process on 127.0.0.1 (SQLite and PostgreSQL) in front of the
importer. Uploads, replays, gaps, tampering, refusals before the body is read, a dropped
connection, a killed server, two servers on one PostgreSQL database, the rate limit."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from tests.cli_support import run_workstation
from workstation.county import referrals, service
from workstation.county.db import RECORDS, CountyDatabase, bundle
from workstation.county.importer import import_bundle
from workstation.county.server.guard import NonceCache, RateLimiter
from workstation.domain.referral import ProviderInput
from workstation.services.stations import get_station
from workstation.storage.engine import Database
from workstation.sync import keys, protocol
from workstation.sync import station as sync

from .helpers import fingerprint, one_chinese_line, rezip, same_keys, touch_person
from .server_harness import Servers, Station, raw_request

#: A hang guard for the background work a test waits for (not a speed requirement).
WAIT = 60.0


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    made = Servers(tmp_path)
    try:
        yield made
    finally:
        made.close()


def _station(db: Database, url: str) -> Station:
    signer = keys.load_signing_private(sync.ensure_state(db).station_private_key)
    return Station(url, get_station(db).division_code, signer)


def _county_public(county: CountyDatabase) -> keys.CountyPublic:
    return service.load_keys(county).public()


def _bundles(county: CountyDatabase) -> list[tuple[int, str]]:
    with county.engine.connect() as conn:
        return [(r.seq, r.sha256) for r in conn.execute(
            select(bundle.c.seq, bundle.c.sha256).order_by(bundle.c.seq))]


def _chain(db: Database, usb: Path, count: int, *,
           acked_by: CountyDatabase | None = None) -> list[Path]:
    """``count`` bundles of the station in order (the first carries the demo data). With
    ``acked_by`` (a county with the same keys) each is imported there and its acknowledgement
    applied before the next export, so each bundle carries only the changes after it."""
    paths: list[Path] = []
    for n in range(count):
        if n:
            touch_person(db, f"1391111{n:04d}")
        [path] = sync.export(db, usb)
        paths.append(path)
        if acked_by is not None:
            summary = import_bundle(acked_by, path, ack_dir=usb)
            assert summary.ack_path is not None
            sync.import_ack(db, summary.ack_path)
    return paths


def _error(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["error"]


def _wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


# --- the real server, both backends -----------------------------------------------------------


def test_upload_replay_ack_and_directory(demo_station: Database, county: CountyDatabase,
                                         servers: Servers, usb: Path, tmp_path: Path) -> None:
    db = demo_station
    server = servers.start(county.url)
    station = _station(db, server.url)

    health = station.client.get(server.url + protocol.HEALTH)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.headers[protocol.SERVER_TIME].isdigit()

    # Nothing imported yet: no acknowledgement.
    status, code, message = _error(station.get(protocol.ACK))
    assert (status, code) == (404, "not_found") and one_chinese_line(message)

    [path] = sync.export(db, usb)
    answer = station.upload(path.read_bytes())
    assert answer.status_code == 200, answer.text
    body = sync.verified_ack(db, answer.content, "upload")
    assert body["bundle_seq"] == 1 and body["division_code"] == station.division_code
    with county.engine.connect() as conn:
        for table in ("person", "mediation_case", "referral_provider"):
            t = RECORDS[table]
            assert conn.execute(select(func.count()).select_from(t)).scalar_one() > 0, table
    # The station applies the acknowledgement it got over the network.
    result = sync.apply_ack(db, answer.content, "upload")
    assert result.bundle_seq == 1 and sync.unacknowledged_changes(db) == 0

    # A replay of the same bundle: the same acknowledgement, nothing imported twice.
    before = fingerprint(county)
    again = station.upload(path.read_bytes())
    assert again.status_code == 200
    body2 = sync.verified_ack(db, again.content, "replay")
    assert {k: body2[k] for k in ("bundle_seq", "bundle_sha256", "change_seq")} == {
        k: body[k] for k in ("bundle_seq", "bundle_sha256", "change_seq")}
    assert fingerprint(county) == before
    assert _bundles(county) == [(1, body["bundle_sha256"])]
    # Both uploads are in the county's audit trail, under the station that sent them.
    from workstation.county import audit

    uploads = audit.fetch_entries(county, audit.CountyAuditQuery(action="import",
                                                                 oldest_first=True))
    assert [(e.actor, e.station) for e in uploads] == [
        ("站点 130302100000（网络上传）", "130302100000")] * 2
    assert "已导入过" in uploads[1].detail

    # The current acknowledgement, fresh: a decision made since is in it.
    waiting = referrals.pending_referrals(county)[0]
    service.decide(county, waiting.referral_id, "denied", reason="不符合法律援助条件",
                   decided_on=waiting.forwarded_on or waiting.received_on)
    current = station.get(protocol.ACK)
    assert current.status_code == 200
    now = sync.verified_ack(db, current.content, "ack")
    assert now["bundle_seq"] == 1
    assert [d["referral_id"] for d in now["decisions"]] == [waiting.referral_id]

    # The directory: the station's providers, each a valid directory entry.
    directory = station.get(protocol.DIRECTORY)
    assert directory.status_code == 200
    providers = directory.json()["providers"]
    assert providers and len({p["name"] for p in providers}) == len(providers)
    for entry in providers:
        ProviderInput(**{k: entry[k] for k in ProviderInput.__dataclass_fields__}).validated()

    assert server.outcomes() == ["imported", "replay"]
    assert not list((tmp_path / "spool").iterdir())  # every request's spool folder is gone
    log = server.log()
    assert "station=130302100000 POST /v1/bundles 200" in log
    assert "张" not in log and "李" not in log  # no names in the log
    station.close()
    assert server.stop() == 0
    assert server.stdout[-1].strip() == "县级中心接收服务已停止"


def test_gap_and_tampered_bundles_are_refused(demo_station: Database, county: CountyDatabase,
                                              county_factory: Callable[[], CountyDatabase],
                                              servers: Servers, usb: Path) -> None:
    db = demo_station
    elsewhere = county_factory()
    same_keys(county, elsewhere)
    service.register_station(elsewhere, "130302100000", sync.station_public_key(db))
    first, second = _chain(db, usb, 2, acked_by=elsewhere)
    server = servers.start(county.url)
    station = _station(db, server.url)

    status, code, message = _error(station.upload(second.read_bytes()))
    assert (status, code) == (422, "refused")
    assert "缺少第 1 号数据包" in message and one_chinese_line(message)

    data = bytearray(first.read_bytes())
    data[len(data) // 2] ^= 0x01  # inside the ciphertext of a part
    status, code, message = _error(station.upload(bytes(data)))  # signed as sent
    assert (status, code) == (422, "refused") and one_chinese_line(message)

    # Changed in transit: the body no longer matches the signed digest.
    headers = station.headers("POST", protocol.BUNDLES, first.read_bytes())
    answer = station.client.post(server.url + protocol.BUNDLES, content=bytes(data),
                                 headers=headers)
    assert (answer.status_code, answer.json()["code"]) == (400, "bad_request")
    assert _bundles(county) == []

    # Signed by another registered station: not its bundle.
    other_key = keys.new_signing_key()
    service.register_station(county, "130302100009", keys.public_pem(other_key.public_key()))
    other = Station(server.url, "130302100009", other_key)
    status, code, message = _error(other.upload(first.read_bytes()))
    assert (status, code) == (422, "refused") and "属于另一个站点" in message

    # The same members compressed: refused before anything is inflated.
    with zipfile.ZipFile(first) as zf:
        deflated = rezip([(i.filename, zf.read(i)) for i in zf.infolist()], zipfile.ZIP_DEFLATED)
    status, code, message = _error(station.upload(deflated))
    assert (status, code) == (422, "refused") and "经过压缩" in message

    assert station.upload(first.read_bytes()).status_code == 200
    assert station.upload(second.read_bytes()).status_code == 200
    assert [seq for seq, _ in _bundles(county)] == [1, 2]
    station.close()


def test_refused_before_the_body_is_read(demo_station: Database, county: CountyDatabase,
                                         servers: Servers, usb: Path) -> None:
    """Each answer comes while the promised body was never sent: the server did not wait
    for it (a server that read the body first would hang here until the socket timeout)."""
    db = demo_station
    [path] = sync.export(db, usb)
    data = path.read_bytes()
    server = servers.start(county.url)
    station = _station(db, server.url)

    def post_headers_only(headers: dict[str, str], length: int = len(data)) -> tuple[int, str]:
        answer = raw_request(server.url, "POST", protocol.BUNDLES,
                             {**headers, "Content-Length": str(length)})
        assert answer is not None
        assert answer.headers[protocol.SERVER_TIME.lower()].isdigit()  # for a clock offset
        return answer.status, json.loads(answer.body)["code"]

    good = station.headers("POST", protocol.BUNDLES, data)
    stranger = Station(server.url, "130302999999", keys.new_signing_key())
    assert post_headers_only(stranger.headers("POST", protocol.BUNDLES, data)) == (
        403, "unknown_station")
    impostor = Station(server.url, station.division_code, keys.new_signing_key())
    assert post_headers_only(impostor.headers("POST", protocol.BUNDLES, data)) == (
        401, "bad_signature")
    stale = station.headers("POST", protocol.BUNDLES, data,
                            time_=int(time.time()) - 2 * protocol.MAX_SKEW)
    assert post_headers_only(stale) == (401, "clock")
    assert post_headers_only({k: v for k, v in good.items() if k != protocol.SIGNATURE}) == (
        401, "bad_signature")
    assert post_headers_only(good, protocol.MAX_UPLOAD + 1) == (413, "too_large")

    # A nonce already used (here by a request that went through) is refused.
    used = station.headers("GET", protocol.ACK)
    assert station.client.get(server.url + protocol.ACK, headers=used).status_code == 404
    reused = station.headers("POST", protocol.BUNDLES, data, nonce=used[protocol.NONCE])
    assert post_headers_only(reused) == (409, "replay")

    # No Content-Length at all (a chunked upload).
    def chunks() -> Iterator[bytes]:
        yield data

    answer = station.client.post(server.url + protocol.BUNDLES, content=chunks(),
                                 headers=station.headers("POST", protocol.BUNDLES, data))
    assert (answer.status_code, answer.json()["code"]) == (411, "bad_request")
    assert _bundles(county) == []
    station.close()


def test_dropped_connection_and_killed_server(demo_station: Database, county: CountyDatabase,
                                              servers: Servers, usb: Path,
                                              tmp_path: Path) -> None:
    db = demo_station
    [path] = sync.export(db, usb)
    data = path.read_bytes()
    spool = tmp_path / "spool"
    server = servers.start(county.url, spool=spool)
    station = _station(db, server.url)

    headers = {**station.headers("POST", protocol.BUNDLES, data),
               "Content-Length": str(len(data))}
    raw_request(server.url, "POST", protocol.BUNDLES, headers, send=data[: len(data) // 2],
                wait_answer=False)
    _wait_until(lambda: "disconnected" in server.log(), "the server to see the drop")
    assert not list(spool.iterdir())
    assert _bundles(county) == []

    # Killed outright, then started again on the same database: the next upload succeeds.
    server.kill()
    again = servers.start(county.url, spool=spool)
    station.url = again.url
    answer = station.upload(data)
    assert answer.status_code == 200, answer.text
    assert [seq for seq, _ in _bundles(county)] == [1]
    assert not list(spool.iterdir())
    station.close()


def test_rate_limit(demo_station: Database, county: CountyDatabase, servers: Servers) -> None:
    server = servers.start(county.url, args=["--rate-limit", "2"])
    station = _station(demo_station, server.url)
    assert station.get(protocol.ACK).status_code == 404
    assert station.get(protocol.ACK).status_code == 404
    limited = station.get(protocol.ACK)
    assert (limited.status_code, limited.json()["code"]) == (429, "rate_limited")
    assert int(limited.headers["Retry-After"]) >= 1
    assert one_chinese_line(limited.json()["error"])
    # Another station has its own bucket.
    other = Station(server.url, "130302999999", keys.new_signing_key())
    assert other.get(protocol.ACK).json()["code"] == "unknown_station"
    station.close()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (PEM files), as a county without a public CA
    makes one (docs/county-server.md)."""
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
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.mark.parametrize("county_backend", ["sqlite"], indirect=True)
def test_tls(demo_station: Database, county: CountyDatabase, servers: Servers, usb: Path,
             tmp_path: Path) -> None:
    import ssl

    cert, key = _self_signed(tmp_path)
    server = servers.start(county.url, args=["--tls-cert", str(cert), "--tls-key", str(key)])
    assert server.url.startswith("https://127.0.0.1:")
    station = _station(demo_station, server.url)
    station.client = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)),
                                  timeout=120.0)
    [path] = sync.export(demo_station, usb)
    answer = station.upload(path.read_bytes())
    assert answer.status_code == 200, answer.text
    sync.verified_ack(demo_station, answer.content, "tls")
    with pytest.raises(httpx.ConnectError):  # an unpinned client does not trust it
        httpx.get(server.url + protocol.HEALTH)
    station.close()


@pytest.mark.parametrize("county_backend", ["postgresql"], indirect=True)
def test_two_servers_on_one_postgresql(demo_station: Database, county: CountyDatabase,
                                       servers: Servers, usb: Path) -> None:
    """Two processes, one station's chain uploaded to both at once: each bundle imported
    exactly once (the other process answers a replay), the chain complete."""
    db = demo_station
    paths = _chain(db, usb, 5)
    first = servers.start(county.url, args=["--workers", "2"])
    second = servers.start(county.url)

    def upload_chain(url: str) -> list[int]:
        station = _station(db, url)
        try:
            return [station.upload(p.read_bytes()).status_code for p in paths]
        finally:
            station.close()

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(upload_chain, [first.url, second.url]))
    assert results == [[200] * 5, [200] * 5]
    assert [seq for seq, _ in _bundles(county)] == [1, 2, 3, 4, 5]
    outcomes = first.outcomes() + second.outcomes()
    assert outcomes.count("imported") == 5, outcomes
    assert outcomes.count("replay") + outcomes.count("superseded") == 5, outcomes


# --- the command line and the guards ----------------------------------------------------------


def test_serve_command_errors(tmp_path: Path) -> None:
    missing = run_workstation(["county", "serve", "--db", str(tmp_path / "none.db"),
                               "--bind", "127.0.0.1:0"])
    assert missing.returncode == 1 and "找不到县级数据库" in missing.stderr
    for bad in ("localhost", "127.0.0.1:99999", ":80"):
        done = run_workstation(["county", "serve", "--db", "x.db", "--bind", bad])
        assert done.returncode == 2 and "监听地址" in done.stderr, bad
    half = run_workstation(["county", "serve", "--db", "x.db", "--bind", "127.0.0.1:0",
                            "--tls-cert", "c.pem"])
    assert half.returncode == 2 and "--tls-key" in half.stderr
    county = tmp_path / "county.db"
    assert run_workstation(["county", "init", "--db", str(county)]).returncode == 0
    (tmp_path / "c.pem").write_text("not a certificate")
    bad_tls = run_workstation(["county", "serve", "--db", str(county), "--bind",
                               "127.0.0.1:0", "--tls-cert", str(tmp_path / "c.pem"),
                               "--tls-key", str(tmp_path / "c.pem")])
    assert bad_tls.returncode == 1 and "TLS" in bad_tls.stderr
    assert "Traceback" not in bad_tls.stderr + missing.stderr + half.stderr


def test_serve_without_the_server_extra(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    from workstation.county import server

    monkeypatch.setattr(server, "missing", lambda: ["uvicorn"])
    done = run_workstation(["county", "serve", "--db", str(tmp_path / "c.db"),
                            "--bind", "127.0.0.1:0"])
    assert done.returncode == 2
    assert "pip install 'workstation[server]'" in done.stderr and "需要" in done.stderr


@pytest.mark.parametrize("county_backend", ["sqlite"], indirect=True)
def test_spool_leftovers_and_room(county: CountyDatabase, tmp_path: Path) -> None:
    """A killed process's leftovers are removed at start (old ones only: another process may
    be receiving into a fresh one); uploads in flight are bounded."""
    import os

    from workstation.county.server.app import SPOOL_PREFIX, STALE_SPOOL, Settings, create_app

    spool = tmp_path / "spool"
    old, fresh = spool / f"{SPOOL_PREFIX}old", spool / f"{SPOOL_PREFIX}fresh"
    for folder in (old, fresh):
        folder.mkdir(parents=True)
        (folder / "upload.part").write_bytes(b"x" * 10)
    stamp = time.time() - STALE_SPOOL - 60
    os.utime(old, (stamp, stamp))
    app = create_app(Settings(db=county.url, spool=str(spool), spool_limit=100), db=county)
    assert sorted(p.name for p in spool.iterdir()) == [fresh.name]

    receiver = app.app.state.receiver  # type: ignore[attr-defined]
    receiver.reserve(60)
    with pytest.raises(protocol.ProtocolError) as info:
        receiver.reserve(60)
    assert (info.value.code, info.value.status) == ("busy", 503)
    receiver.in_flight -= 60
    receiver.reserve(60)


def test_nonce_cache_is_bounded_and_forgets_expired_nonces() -> None:
    cache = NonceCache(limit=3)
    assert not cache.seen("a", expires=100, now=0)
    assert cache.seen("a", expires=100, now=50)
    for nonce in "bcd":
        assert not cache.seen(nonce, expires=100, now=1)
    assert len(cache) == 3
    assert not cache.seen("a", expires=100, now=2)  # the oldest was dropped for the bound
    assert not cache.seen("e", expires=300, now=200)  # everything else expired
    assert len(cache) == 1


def test_rate_limiter_refills_with_time() -> None:
    limiter = RateLimiter(per_minute=6)  # a request every 10 s, bursts of 6
    assert [limiter.take("s", now=0) for _ in range(6)] == [0] * 6
    assert limiter.take("s", now=0) == 10
    assert limiter.take("other", now=0) == 0
    assert limiter.take("s", now=5) == 5
    assert limiter.take("s", now=10) == 0
