"""Parsing record lines: the fast path keeps the station's exact ``data`` text; any other
layout is parsed in full and re-serialised; what is not JSON is refused."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from workstation.county.importer import _canonical, _parse, _same_content
from workstation.sync.errors import BundleRefused

STATION = "0ad1d209-31dd-4fba-a19f-1aabebc5bf0b"
RID = "5b0f3f4e-8f0a-4c43-9d7e-0b6a1a2b3c4d"
DATA = {"id": RID, "version": 2, "station_id": STATION, "name": "张三", "note": "a,\"data\":b"}


def _raw(lines: list[bytes]) -> Any:
    manifest = {"parts": [{"table": "person", "name": "records/person.jsonl.enc",
                           "records": len(lines)}]}
    return SimpleNamespace(station={"id": STATION}, manifest=manifest, file_name="x.wsb")


def _one(line: bytes) -> tuple[str, int, str]:
    [row] = _parse(_raw([line]), {"person": line + b"\n"})["person"]
    return row


def test_station_layout_keeps_the_exact_data_text() -> None:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    data_text = dumps(DATA)
    line = dumps({"table": "person", "id": RID, "version": 2, "schema_version": 1,
                  "data": DATA})
    assert _one(line.encode()) == (RID, 2, data_text)


@pytest.mark.parametrize("layout", [
    lambda rec: json.dumps(rec, ensure_ascii=False, sort_keys=True),
    lambda rec: json.dumps(rec, ensure_ascii=True),
    lambda rec: json.dumps({"data": rec["data"], **{k: v for k, v in rec.items()
                                                    if k != "data"}}),
])
def test_other_layouts_are_parsed_in_full(layout: Any) -> None:
    rec = {"table": "person", "id": RID, "version": 2, "schema_version": 1, "data": DATA}
    rid, version, text = _one(layout(rec).encode())
    assert (rid, version, text) == (RID, 2, _canonical(DATA))


def test_a_duplicate_data_key_is_read_like_any_json_parser_reads_it() -> None:
    other = {**DATA, "name": "李四"}
    head = f'{{"table":"person","id":"{RID}","version":2,"schema_version":1'
    line = f'{head},"data":{json.dumps(DATA)},"data":{json.dumps(other)}}}'
    _, _, text = _one(line.encode())
    assert json.loads(text) == other == json.loads(line)["data"]


@pytest.mark.parametrize("bad", [
    b'{"table":"person","id":"%s","version":2,"schema_version":1,"data":{"x":NaN}}',
    b'{"table":"person","id":"%s","version":2,"schema_version":1,"data":{"x":1}',
    b'{"table":"person","id":"%s","version":2,"schema_version":1,"data":{"x":"\xff"}}',
])
def test_what_is_not_json_is_refused(bad: bytes) -> None:
    with pytest.raises(BundleRefused, match="第 1 行 不是有效的 JSON"):
        _one(bad.replace(b"%s", RID.encode()))


def test_same_content_compares_parsed_json_when_texts_differ() -> None:
    assert _same_content('{"a":1,"b":[1,2]}', '{"b": [1, 2], "a": 1}')
    assert not _same_content('{"a":1}', '{"a":2}')
