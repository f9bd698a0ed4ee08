"""Shared helpers of the sync tests: a linked station and county, fingerprints, zip surgery."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from workstation.county import service
from workstation.county.db import CountyDatabase, metadata, open_county
from workstation.storage.engine import Database
from workstation.sync import station as sync


def cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def one_chinese_line(message: str) -> bool:
    return cjk(message) and "\n" not in message


def make_county(path: Path) -> CountyDatabase:
    county = open_county(path, create=True)
    service.init_county(county)
    return county


def link(db: Database, county: CountyDatabase) -> None:
    """Station knows the county's key; county registered the station."""
    sync.set_county_key(db, service.county_public_key(county))
    from workstation.services.stations import get_station

    service.register_station(county, get_station(db).division_code,
                             sync.station_public_key(db))


def fingerprint(county: CountyDatabase) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every county table."""
    out = {}
    with county.engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
            out[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


@dataclass
class Member:
    name: str
    data: bytes
    start: int  # offset of the data in the file
    end: int


def members(data: bytes) -> list[Member]:
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            header = info.header_offset
            name_len = int.from_bytes(data[header + 26:header + 28], "little")
            extra_len = int.from_bytes(data[header + 28:header + 30], "little")
            start = header + 30 + name_len + extra_len
            out.append(Member(info.filename, zf.read(info), start, start + info.compress_size))
    return out


def rezip(entries: list[tuple[str, bytes]], compress: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compress) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                        compress_type=compress)
    return buffer.getvalue()
