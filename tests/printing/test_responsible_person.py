"""Receipts and forms name the record's responsible person (首问负责), never whoever prints
them; a hand-over shows the current handler beside the first receiver."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.conftest import case_input, consultation_input, referral_input
from tests.printing.conftest import pdf_text
from workstation.services import aid, mediation, responsibility
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.operators import add_operator
from workstation.services.printing import print_document
from workstation.storage.engine import Database


def _colleague(db: Database, actor: Actor) -> Actor:
    operator_id = add_operator(db, actor, username="lidj", name="李调解",
                               password="another-horse-2")
    return replace(actor, operator_id=operator_id, username="lidj", name="李调解",
                   role="mediator")


def _flat(text: str) -> str:
    return "".join(text.split())


def test_consultation_receipt_names_the_first_receiver_not_the_printer(
        db: Database, actor: Actor) -> None:
    clerk = _colleague(db, actor)
    cid = register_consultation(db, actor, consultation_input(
        occurred_at=datetime(2026, 3, 2, 9, tzinfo=UTC)))
    text = _flat(pdf_text(print_document(db, clerk, "consultation_receipt", cid).pdf))
    assert "首问责任人：王管理" in text
    assert "李调解" not in text  # the colleague only printed it


def test_after_a_hand_over_the_receipt_names_both(db: Database, actor: Actor) -> None:
    clerk = _colleague(db, actor)
    case_id = mediation.open_case(db, actor, case_input())
    hid = responsibility.hand_over(db, actor, "mediation_case", case_id, target="operator",
                                   to_operator_id=clerk.operator_id, reason="调整分工")
    responsibility.accept_handover(db, clerk, hid)
    text = _flat(pdf_text(print_document(db, actor, "mediation_receipt", case_id).pdf))
    assert "首问责任人：王管理" in text and "当前承办人：李调解" in text


def test_aid_forms_name_the_handler_not_the_printer(db: Database, actor: Actor) -> None:
    clerk = _colleague(db, actor)
    rid = aid.create_referral(db, actor, referral_input())
    text = _flat(pdf_text(print_document(db, clerk, "aid_receipt", rid).pdf))
    assert "首问责任人：王管理" in text and "李调解" not in text
