"""The legal aid prints and the new fields: the application form and the forwarding letter
carry the form of aid, the opposing party and the agent's document (in full on the forms
that print full numbers, masked on the receipt); the receipt prints the urgent promise."""

from __future__ import annotations

from datetime import date, timedelta

from workstation.domain.identity import make_resident_id
from workstation.services import aid
from workstation.storage.engine import Database

from .test_aid_forms import _referral, _text

AGENT = make_resident_id("130302", date(1972, 8, 8), 21, "male")


def test_application_form_and_letter_carry_the_new_fields(db: Database, actor, make) -> None:
    rid = _referral(db, actor, make, aid_form="labour_arbitration",
                    opposing_party="海港建筑公司", agent_id_number=AGENT)
    form = _text(db, "aid_application", rid)
    assert "劳动争议调解与仲裁代理" in form and "海港建筑公司" in form
    assert AGENT in form  # the official form prints the full number (an audited print)
    letter = _text(db, "aid_forwarding_letter", rid)
    assert "申请援助形式：劳动争议调解与仲裁代理" in letter
    assert "对方当事人：海港建筑公司" in letter
    receipt = _text(db, "aid_receipt", rid)
    assert AGENT not in receipt and AGENT[-4:] in receipt


def test_receipt_prints_the_urgent_promise(db: Database, actor, make) -> None:
    today = date.today()
    rid = _referral(db, actor, make, applied_on=today,
                    limitation_deadline=today + timedelta(days=3))
    receipt = _text(db, "aid_receipt", rid)
    assert "第四十四条" in receipt and "次一工作日" in receipt
    aid.set_urgent_forward_days(db, actor, 0)
    assert "当日" in _text(db, "aid_receipt", rid)
    calm = _referral(db, actor, make, applied_on=today,
                     limitation_deadline=today + timedelta(days=30))
    assert "第四十四条" not in _text(db, "aid_receipt", calm)
