"""Reading a bundle holds at most what its manifest declares: compressed members, lying zip
headers and oversized files are refused before their contents are read."""

from __future__ import annotations

import io
import json
import tracemalloc
import uuid
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from workstation.sync import format as fmt
from workstation.sync import keys
from workstation.sync.errors import BundleRefused

from .helpers import one_chinese_line, rezip

BOMB = 64 << 20  # declared and inflated size of the crafted part


def _bundle() -> bytes:
    county = keys.CountyPublic(Ed25519PrivateKey.generate().public_key(),
                               X25519PrivateKey.generate().public_key())
    station = fmt.StationIdentity(str(uuid.uuid4()), "130302100000", "海港镇")
    data, _hash = fmt.build_bundle(
        station=station, seq=1, prev_sha256=None, from_seq=1, to_seq=1,
        created_at="2026-12-01T08:00:00+00:00", payload={"person": b'{"x": 1}\n'},
        counts={"person": 1}, county=county, signer=Ed25519PrivateKey.generate())
    return data


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def _read(tmp_path: Path, data: bytes) -> tuple[str, int]:
    path = tmp_path / "130302100000-000001.wsb"
    path.write_bytes(data)
    tracemalloc.start()
    try:
        with pytest.raises(BundleRefused) as info:
            fmt.read_bundle(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert one_chinese_line(message), message
    return message, peak


def _inflating(declared_size: int) -> bytes:
    """A bundle whose person part declares ``declared_size`` bytes and is that many zeros,
    DEFLATE-compressed (~64 KB on disk)."""
    entries = _entries(_bundle())
    manifest = json.loads(dict(entries)[fmt.MANIFEST])
    manifest["parts"][0]["size"] = declared_size
    part = fmt.part_name("person")
    out = []
    for name, data in entries:
        if name == fmt.MANIFEST:
            data = json.dumps(manifest).encode()
        elif name == part:
            data = b"\0" * declared_size
        out.append((name, data))
    return rezip(out, zipfile.ZIP_DEFLATED)


def test_the_writer_stores_every_member_and_the_reader_takes_it(tmp_path: Path) -> None:
    path = tmp_path / "ok.wsb"
    path.write_bytes(_bundle())
    with zipfile.ZipFile(path) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
    raw = fmt.read_bundle(path)
    assert list(raw.parts) == [fmt.part_name("person")]


def test_a_compressed_member_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    data = _inflating(BOMB)
    assert len(data) < 1 << 20
    message, peak = _read(tmp_path, data)
    assert "压缩" in message
    assert peak < 4 << 20, f"held {peak >> 20} MB while refusing a {len(data) >> 10} KB file"


def test_a_compressed_manifest_is_refused(tmp_path: Path) -> None:
    entries = _entries(_bundle())
    message, _peak = _read(tmp_path, rezip(entries, zipfile.ZIP_DEFLATED))
    assert "压缩" in message


def _patch_sizes(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the central directory's sizes of member ``name`` (a lying header)."""
    blob = bytearray(data)
    encoded = name.encode()
    at = len(blob)
    while True:
        at = blob.rfind(b"PK\x01\x02", 0, at)
        assert at >= 0
        n = int.from_bytes(blob[at + 28:at + 30], "little")
        if bytes(blob[at + 46:at + 46 + n]) == encoded:
            break
    blob[at + 20:at + 24] = size.to_bytes(4, "little")  # compressed size
    blob[at + 24:at + 28] = size.to_bytes(4, "little")  # uncompressed size
    return bytes(blob)


def test_central_directory_sizes_must_match_the_manifest(tmp_path: Path) -> None:
    data = _patch_sizes(_bundle(), fmt.part_name("person"), 40 << 20)
    message, peak = _read(tmp_path, data)
    assert "大小" in message
    assert peak < 4 << 20


def test_declared_parts_larger_than_the_file_are_refused_unread(tmp_path: Path) -> None:
    entries = _entries(_bundle())
    manifest = json.loads(dict(entries)[fmt.MANIFEST])
    manifest["parts"][0]["size"] = 300 << 20
    part = fmt.part_name("person")
    out = [(n, json.dumps(manifest).encode() if n == fmt.MANIFEST else d) for n, d in entries]
    data = _patch_sizes(rezip(out), part, 300 << 20)
    message, peak = _read(tmp_path, data)
    assert "大小" in message
    assert peak < 4 << 20


def test_a_file_beyond_the_cap_is_refused_before_it_is_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "MAX_BUNDLE_FILE", 1000)
    message, _peak = _read(tmp_path, _bundle() + b"\0" * 1000)
    assert "超过" in message
