"""The documented JSON Schemas describe what the code writes."""

from __future__ import annotations

import json
from pathlib import Path

from workstation.county.service import load_keys
from workstation.sync import format as fmt
from workstation.sync import keys
from workstation.sync import station as station_sync

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def _bundle() -> tuple[dict, list[dict]]:
    county = keys.CountyPublic(keys.new_signing_key().public_key(),
                               keys.new_box_key().public_key())
    line = {"table": "person", "id": "0ad1d209-31dd-4fba-a19f-1aabebc5bf0b", "version": 1,
            "schema_version": fmt.SCHEMA_VERSION, "data": {"id": "x"}}
    data, _ = fmt.build_bundle(
        station=fmt.StationIdentity("0ad1d209-31dd-4fba-a19f-1aabebc5bf0b", "130302100000",
                                    "站"),
        seq=1, prev_sha256=None, from_seq=1, to_seq=1, created_at="2026-01-01T00:00:00+00:00",
        payload={"person": json.dumps(line).encode() + b"\n"}, counts={"person": 1},
        county=county, signer=keys.new_signing_key())
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read(fmt.MANIFEST)), [line]


def _check(schema: dict, value: object) -> None:
    """A small subset of JSON Schema (type/required/properties/additionalProperties/items)."""
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "null": type(None),
             "boolean": bool}
    types = schema.get("type")
    if types:
        allowed = types if isinstance(types, list) else [types]
        assert any(isinstance(value, kinds[t]) for t in allowed), (schema, value)
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, key
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(props), set(value) - set(props)
        for key, sub in props.items():
            if key in value:
                _check(sub, value[key])
    if isinstance(value, list) and "items" in schema:
        for item in value:
            _check(schema["items"], item)
    if "const" in schema:
        assert value == schema["const"]
    if "enum" in schema:
        assert value in schema["enum"], (schema, value)


def test_manifest_and_records_match_their_schemas(demo_station, actor, county, usb: Path
                                                  ) -> None:
    # The demo has no screenings yet: one, so every table of the format is in the bundle.
    from datetime import date, timedelta

    from workstation.domain.screening import FoundDisputeInput, ScreeningInput
    from workstation.services.screening import create_screening

    create_screening(demo_station, actor, ScreeningInput(
        held_on=date.today() - timedelta(days=1), place="东村", kind="regular",
        participants="王管理", disputes=(FoundDisputeInput(parties="甲与乙",
                                                          dispute_type="neighbour"),)))
    from workstation.domain.work_orders import WorkOrderInput
    from workstation.services.work_orders import register_order

    register_order(demo_station, actor, WorkOrderInput(
        order_no="GD-1", channel="hotline_12348", received_on=date.today() - timedelta(days=1),
        due_on=date.today() + timedelta(days=5), request="咨询赡养费"))
    # Nor hand-overs or consultation links: one of each.
    from sqlalchemy import text

    from tests.conftest import case_input
    from workstation.services import mediation, responsibility

    with demo_station.engine.connect() as conn:
        consultation_id = conn.execute(text(
            "SELECT id FROM consultation WHERE voided_at IS NULL LIMIT 1")).scalar_one()
    case_id = mediation.open_case(demo_station, actor, case_input(),
                                  consultation_id=consultation_id)
    responsibility.hand_over(demo_station, actor, "mediation_case", case_id, target="county",
                             to_name="县级中心", reason="涉及跨乡镇")
    [path] = station_sync.export(demo_station, usb)
    raw = fmt.read_bundle(path)
    _check(json.loads((SCHEMAS / "manifest.schema.json").read_text("utf-8")), raw.manifest)
    record_schema = json.loads((SCHEMAS / "record.schema.json").read_text("utf-8"))
    plain = fmt.decrypt_parts(raw, load_keys(county).box)
    assert set(plain) == set(fmt.TABLES)
    for table, data in plain.items():
        for line in data.splitlines()[:50]:
            record = json.loads(line)
            _check(record_schema, record)
            assert record["table"] == table
    _check(json.loads((SCHEMAS / "manifest.schema.json").read_text("utf-8")), _bundle()[0])


def test_acknowledgements_match_their_schemas(demo_station, actor, county, usb: Path) -> None:
    """A sealed acknowledgement (envelope and the body inside, with a decision and an audit
    break) and an open one match docs/schemas/ack*.schema.json."""
    from sqlalchemy import text as sql_text
    from sqlalchemy import update

    from workstation.county import referrals, service
    from workstation.county.db import station
    from workstation.county.importer import import_bundle

    ack_schema = json.loads((SCHEMAS / "ack.schema.json").read_text("utf-8"))
    body_schema = json.loads((SCHEMAS / "ack-body.schema.json").read_text("utf-8"))
    [path] = station_sync.export(demo_station, usb, actor=actor)
    import_bundle(county, path)
    waiting = referrals.pending_referrals(county)[0]
    service.decide(county, waiting.referral_id, "granted", lawyer="律师",
                   decided_on=waiting.forwarded_on or waiting.received_on)
    with county.engine.begin() as conn:
        conn.execute(sql_text("INSERT INTO audit_break (division_code, kind, first_seq, "
                              "last_seq, detected_at, bundle_seq, epoch) VALUES "
                              "('130302100000', 'missing', 2, 3, '2026-12-08T03:00:00+00:00', "
                              "1, 1)"))
    ack = import_bundle(county, path).ack_path
    outer = json.loads(ack.read_bytes())
    _check(ack_schema, outer)
    _check(ack_schema["$defs"]["envelope"], json.loads(outer["body"]))
    body = station_sync.verified_ack(demo_station, ack.read_bytes(), ack.name)
    assert body["decisions"] and body["audit_breaks"]
    _check(body_schema, body)
    with county.engine.begin() as conn:
        conn.execute(update(station).values(box_key=None))
    ack = import_bundle(county, path).ack_path
    outer = json.loads(ack.read_bytes())
    _check(ack_schema, outer)
    _check(body_schema, json.loads(outer["body"]))
