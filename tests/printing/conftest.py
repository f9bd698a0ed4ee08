"""Fixtures for printing: a small demo station (shared) and cases built through services."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from workstation.domain.inputs import AgreementInput, PartyInput, SessionInput
from workstation.services import mediation as m
from workstation.services.context import Actor
from workstation.storage.engine import Database

TODAY = date.today()
TERMS = "一、被申请人于本协议生效之日起十日内疏通排水沟；二、申请人不再追究。"


@dataclass
class Demo:
    path: Path
    db: Database

    def first(self, sql: str) -> Any:
        with self.db.engine.connect() as conn:
            return conn.execute(text(sql)).first()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    from workstation.demo.generator import create_demo_station

    path = tmp_path_factory.mktemp("printing") / "d.db"
    db = create_demo_station(path, 300, seed=1)
    try:
        yield Demo(path, db)
    finally:
        db.dispose()


def make_agreed_case(db: Database, actor: Actor, make: SimpleNamespace, *,
                     applicant: str = "张三", respondent: str = "李四", facts: str | None = None,
                     terms: str = TERMS, written: bool = True, agree: bool = True,
                     parties: tuple[PartyInput, ...] | None = None) -> str:
    """A case through the services: opened, accepted, mediated and (optionally) agreed."""
    data = make.case(
        applicant=make.person(1, applicant, ethnicity="汉族", occupation="农民",
                              employer="海港镇东村农业合作社"),
        respondent=make.person(2, respondent, "female", ethnicity="回族", occupation="个体经营"),
        facts=facts or "两家因排水沟堵塞发生争执，申请人家院墙受损。",
        claims="要求被申请人疏通排水沟并赔偿损失。",
        registered_on=TODAY - timedelta(days=5),
        **({"parties": parties} if parties else {}),
    )
    case_id = m.open_case(db, actor, data)
    m.accept_case(db, actor, case_id, TODAY - timedelta(days=4))
    if not agree:
        return case_id
    m.record_session(db, actor, case_id, SessionInput(
        held_at=datetime.now(UTC) - timedelta(hours=2), place="海港镇调解室",
        attendees="双方当事人", record="双方陈述意见后达成一致。"))
    m.record_agreement(db, actor, case_id, AgreementInput(
        form="written" if written else "oral", terms=terms, effective_on=TODAY,
        responsibility="被申请人对排水沟堵塞负主要责任，申请人负次要责任。",
        performance_manner="被申请人自行雇工疏通，并现金支付赔偿款",
        performance_place="申请人住所", performance_deadline=TODAY + timedelta(days=10),
        amount_agreed_fen=150_000, copies=3))
    return case_id


def organisation_party(name: str = "海港镇建筑有限公司", rep: str = "周经理") -> PartyInput:
    return PartyInput(role="respondent", org_name=name, org_representative=rep,
                      org_address="海港镇工业园1号")


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def fonts_by_text(pdf: bytes) -> list[tuple[str, str]]:
    """(BaseFont, text) of every text run in the PDF."""
    runs: list[tuple[str, str]] = []

    def visit(txt: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if txt and font is not None:
            runs.append((str(font.get("/BaseFont", "")), txt))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def all_fonts(pdf: bytes) -> dict[str, Any]:
    """Every font dictionary in the pages' resources (and in form XObjects), by BaseFont."""
    found: dict[str, Any] = {}

    def scan(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is not None:
            for ref in fonts.get_object().values():
                font = ref.get_object()
                found[str(font.get("/BaseFont"))] = font
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                scan(ref.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        scan(page.get("/Resources"))
    return found


def flat(text: str) -> str:
    """Text with all white space removed (PDF extraction breaks lines anywhere)."""
    return re.sub(r"\s+", "", text)


def assert_fonts_embedded(pdf: bytes) -> None:
    """Every font of ``pdf`` is an embedded TrueType subset (no standard fonts)."""
    found = all_fonts(pdf)
    assert found
    for name, font in found.items():
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor")
        assert descriptor is not None, f"{name} has no font descriptor (standard font?)"
        assert "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"
        assert re.match(r"^/?[A-Z]{6}\+", name), f"{name} is not a subset"
