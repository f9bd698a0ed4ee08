"""Acknowledgements sealed for the station's box key (sync/ack.py): nothing of them readable
on the USB stick, verified before they are opened, the open form kept for older stations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update

from workstation.county import referrals, service
from workstation.county.db import CountyDatabase, station
from workstation.county.importer import import_bundle
from workstation.storage.engine import Database
from workstation.sync import ack as sync_ack
from workstation.sync import conflicts, keys
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused

LAWYER = "欧阳明远律师"
REASON = "申请人家庭人均收入低于当地最低生活保障标准"


def _decided(db: Database, county: CountyDatabase, usb: Path) -> tuple[Path, str]:
    """Bundle 1 imported, one forwarded referral granted at the county with a lawyer and a
    reason, and the acknowledgement that carries the decision (a replay of bundle 1)."""
    [bundle] = sync.export(db, usb)
    import_bundle(county, bundle)
    waiting = referrals.pending_referrals(county)[0]
    service.decide(county, waiting.referral_id, "granted", lawyer=LAWYER, reason=REASON,
                   decided_on=waiting.forwarded_on or waiting.received_on)
    ack = import_bundle(county, bundle).ack_path
    assert ack is not None
    return ack, waiting.referral_id


def _searchable() -> list[bytes]:
    """The forms a text may take in a JSON file: UTF-8, and \\u escapes of any depth."""
    out = []
    for secret in (LAWYER, REASON):
        out.append(secret.encode("utf-8"))
        escaped = json.dumps(secret)[1:-1]
        out.extend([escaped.encode("ascii"), escaped.replace("\\", "\\\\").encode("ascii")])
    return out


def test_the_acknowledgement_is_sealed_and_the_station_applies_it(
        demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    ack, referral_id = _decided(demo_station, county, usb)
    data = ack.read_bytes()
    for needle in _searchable():
        assert needle not in data, needle
    outer = json.loads(data)
    envelope = json.loads(outer["body"])
    assert set(envelope) == {"format_version", "station_id", "bundle_seq", "sealed"}
    assert envelope["format_version"] == sync_ack.SEALED_ACK_VERSION
    assert "decisions" not in outer["body"] and "division_code" not in outer["body"]

    body = sync.verified_ack(demo_station, data, ack.name)
    [decision] = body["decisions"]
    assert (decision["referral_id"], decision["lawyer"], decision["reason"]) == (
        referral_id, LAWYER, REASON)
    result = sync.import_ack(demo_station, ack)
    assert (result.bundle_seq, result.decisions_applied) == (1, 1)
    with demo_station.engine.connect() as conn:
        assert conn.execute(text("SELECT assigned_lawyer, decision_note FROM aid_referral "
                                 "WHERE id = :id"), {"id": referral_id}).one() == (
            LAWYER, REASON)


def test_a_station_the_county_has_no_box_key_for_gets_the_open_form(
        demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    [bundle] = sync.export(demo_station, usb)
    import_bundle(county, bundle)
    with county.engine.begin() as conn:  # as if the station ran a program from before the key
        conn.execute(update(station).values(box_key=None))
    waiting = referrals.pending_referrals(county)[0]
    service.decide(county, waiting.referral_id, "denied", reason=REASON,
                   decided_on=waiting.forwarded_on or waiting.received_on)
    ack = import_bundle(county, bundle).ack_path
    assert ack is not None
    body = json.loads(json.loads(ack.read_bytes())["body"])
    assert body["format_version"] == sync_ack.ACK_VERSION and "sealed" not in body
    assert [d["reason"] for d in body["decisions"]] == [REASON]
    result = sync.import_ack(demo_station, ack)  # the station accepts both forms
    assert (result.bundle_seq, result.decisions_applied) == (1, 1)


def _county_signer(county: CountyDatabase) -> Any:
    return service.load_keys(county).signing


def _resigned(envelope: dict[str, Any], signer: Any) -> bytes:
    text_ = json.dumps(envelope, ensure_ascii=False, sort_keys=True)
    return json.dumps({"format": sync_ack.ACK_FORMAT, "body": text_,
                       "signature": keys.b64(signer.sign(text_.encode("utf-8")))}).encode()


def _refused(db: Database, data: bytes) -> str:
    with pytest.raises(BundleRefused) as info:
        sync.apply_ack(db, data, "x.wsa")
    assert sync.unacknowledged_changes(db) > 0  # nothing applied
    return str(info.value)


def test_tampered_or_misdirected_acknowledgements_are_refused(
        demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    db = demo_station
    ack, _ = _decided(db, county, usb)
    outer = json.loads(ack.read_bytes())
    envelope = json.loads(outer["body"])

    # A changed byte of the ciphertext: the county's signature no longer matches.
    cipher = envelope["sealed"]["data"]
    flipped = ("A" if cipher[10] != "A" else "B").join((cipher[:10], cipher[11:]))
    changed = {**envelope, "sealed": {**envelope["sealed"], "data": flipped}}
    forged = dict(outer, body=json.dumps(changed, ensure_ascii=False, sort_keys=True))
    assert "签名无效" in _refused(db, json.dumps(forged).encode())

    # Signed by another key: refused before anything is decrypted.
    assert "签名无效" in _refused(db, _resigned(changed, keys.new_signing_key()))

    # Properly signed by the county but sealed for another box key (another station's).
    body = sync.verified_ack(db, ack.read_bytes(), ack.name)
    plain = {k: v for k, v in body.items() if k != "format_version"}
    other = sync_ack.encode_ack(plain, _county_signer(county), keys.new_box_key().public_key())
    assert "无法解密" in _refused(db, other)

    # The envelope names another seq than the sealed body.
    sealed = conflicts.seal(body, keys.load_box_private(
        sync.ensure_state(db).box_private_key or "").public_key(), body["station_id"], 7,
        label=sync_ack.SEALED_LABEL)
    moved = {"format_version": 2, "station_id": body["station_id"], "bundle_seq": 7,
             "sealed": sealed}
    assert "不符" in _refused(db, _resigned(moved, _county_signer(county)))

    # A station without a box key cannot open it (and says so).
    with pytest.raises(BundleRefused, match="加密密钥"):
        sync_ack.decode_ack(ack.read_bytes(), service.load_keys(county).public().signing,
                            ack.name, None)
    # The genuine one still applies.
    assert sync.import_ack(db, ack).decisions_applied == 1
