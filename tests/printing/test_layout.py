"""Toolkit pieces: the QR code is a valid encoding, the verification code is stable, the page
footer counts pages."""

from __future__ import annotations

import hashlib

import qrcode

from workstation.printing.layout import cn_date, qr_matrix, verification_code, yuan


def test_qr_matrix_matches_an_independent_encoder() -> None:
    from reportlab.graphics.barcode import qrencoder

    payload = "WS1|mediation_agreement|〔2026〕海调字第0001号|0123456789abcdef"
    ours = qr_matrix(payload)
    probe = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    probe.addData(qrencoder.QR8bitByte(payload))
    probe.version = probe.calculate_version()
    mask = probe.getBestMaskPattern()
    other = qrcode.QRCode(version=probe.version, error_correction=qrcode.constants.ERROR_CORRECT_M,
                          mask_pattern=mask, border=0)
    other.add_data(payload.encode("utf-8"))
    other.make(fit=False)
    assert [tuple(row) for row in other.get_matrix()] == list(ours)


def test_verification_code() -> None:
    code = verification_code("aid_receipt", "id-1", "〔2026〕海援转字第0001号", 3)
    raw = "aid_receipt|id-1|〔2026〕海援转字第0001号|3".encode()
    assert code == hashlib.sha256(raw).hexdigest()[:16]
    assert code != verification_code("aid_receipt", "id-1", "〔2026〕海援转字第0001号", 4)


def test_formatting_helpers() -> None:
    from datetime import date

    assert cn_date(date(2026, 5, 3)) == "2026年5月3日"
    assert cn_date(None).endswith("年　　月　　日")
    assert yuan(150_000) == "1500元" and yuan(1_200_050) == "12000.50元"


def test_receipt_labels_never_wrap() -> None:
    """A label longer than the receipt's usual column (首问责任人：) widens the column for the
    whole block instead of breaking onto a second line."""
    from reportlab.lib.units import mm

    from workstation.printing.layout import RECEIPT_TEXT_WIDTH, kv_lines

    short = kv_lines([("站点电话", "0335-1234567")])
    assert short._colWidths[0] == 17 * mm  # the usual column
    table = kv_lines([("首问责任人", "陈秀梅"), ("站点电话", "0335-1234567")])
    label, value = table._colWidths
    assert label > 17 * mm and label + value == RECEIPT_TEXT_WIDTH
    _w, height = table.wrap(RECEIPT_TEXT_WIDTH, 1000)
    _w, one_line = kv_lines([("站点电话", "0335-1234567")]).wrap(RECEIPT_TEXT_WIDTH, 1000)
    assert height == 2 * one_line  # two rows, one line each
