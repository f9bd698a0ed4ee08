"""Mediation documents are issued in the name of the case's own committee (exactly as on its
seal; the station only as the place of service) and name the case as mediation does: 甲与乙…纠纷,
申请人/被申请人/第三人, never "诉"."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import workstation.printing.documents  # noqa: F401  (registers every document)
from tests.conftest import ADMIN_PASSWORD, TEST_KEY, valid_setup
from workstation.domain.committees import CommitteeInput
from workstation.domain.inputs import FollowUpInput, PartyInput
from workstation.printing.registry import DOCUMENTS, NotPrintable
from workstation.printing.render import render
from workstation.services import mediation as m
from workstation.services.committees import create_committee
from workstation.services.context import Actor
from workstation.services.stations import init_station
from workstation.storage.engine import Database, open_database

from .conftest import TODAY, flat, make_agreed_case, pdf_text

MEDIATION_KEYS = [k for k, s in DOCUMENTS.items() if s.record_type == "mediation_case"]
STATION = "王村镇公共法律服务工作站"
TOWNSHIP = "王村镇人民调解委员会"
VILLAGE = "东港村人民调解委员会"


@pytest.fixture
def wangcun(tmp_path: Path) -> tuple[Database, Actor]:
    """A station the old guess named wrongly (王村镇… → 王村人民调解委员会)."""
    from workstation.services.security import seal_new_station

    db = open_database(tmp_path / "w.db", key=TEST_KEY, create=True)
    actor = init_station(db, valid_setup(station_name=STATION, case_prefix="王调"))
    seal_new_station(db, "admin", ADMIN_PASSWORD)
    yield db, actor
    db.dispose()


def _full_case(db: Database, actor: Actor, make: SimpleNamespace, *, written: bool,
               committee_id: str | None = None) -> str:
    third = PartyInput(role="third_party", person=make.person(3, "赵六"))
    parties = (PartyInput(role="applicant", person=make.person(1, "张三")),
               PartyInput(role="applicant", person=make.person(4, "王五")),
               PartyInput(role="respondent", person=make.person(2, "李四", "female")), third)
    case_id = make_agreed_case(db, actor, make, written=written, parties=parties)
    if committee_id:
        from workstation.services.corrections import correct_case
        from workstation.services.records import load_case

        detail = load_case(db, case_id)
        correct_case(db, actor, case_id, make.case(
            committee_id=committee_id, facts=detail.facts, claims=detail.claims,
            registered_on=detail.registered_on), "登记时选错调解委员会")
    m.record_follow_up(db, actor, case_id, FollowUpInput(
        visited_on=TODAY, performance="performed", satisfaction="satisfied",
        notes="赔偿款已全部付清。"))
    m.change_status(db, actor, case_id, "archived")
    return case_id


def _texts(db: Database, case_id: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in MEDIATION_KEYS:
        try:
            doc = render(db, key, case_id)
        except NotPrintable:
            continue
        out[key] = flat(pdf_text(doc.pdf))
    return out


def test_every_mediation_document_is_issued_in_the_committees_name(
        wangcun: tuple[Database, Actor], make: SimpleNamespace) -> None:
    db, actor = wangcun
    written = _full_case(db, actor, make, written=True)
    oral = _full_case(db, actor, make, written=False)
    texts = {**_texts(db, written), **{f"oral {k}": v for k, v in _texts(db, oral).items()}}
    # A refused case gives the rejection notice; the other case-file papers need steps of their
    # own (tests/printing/test_case_file.py prints each, through the same issuer).
    refused = m.open_case(db, actor, make.case(registered_on=TODAY))
    m.change_status(db, actor, refused, "terminated", reason="纠纷已由人民法院受理")
    texts.update({f"refused {k}": v for k, v in _texts(db, refused).items()})
    needs_steps = {"mediation_termination_notice", "mediation_investigation_record",
                   "mediation_supervision_record", "mediation_feedback_letter"}
    printed = {k.removeprefix("oral ").removeprefix("refused ") for k in texts}
    assert set(MEDIATION_KEYS) - needs_steps <= printed
    assert "mediation_rejection_notice" in printed
    for key, text in texts.items():
        assert flat(TOWNSHIP) in text, key
        assert flat("王村人民调解委员会") not in text, key  # the old guess
        assert flat(STATION) in text, key  # as the place of service
        assert "诉" not in text.replace("诉前", ""), key
    for key in ("mediation_session_record", "mediation_follow_up_record", "case_file_cover",
                "case_file_contents", "mediation_intake_register"):
        text = texts[key]
        for role, names in (("申请人", "张三、王五"), ("被申请人", "李四"), ("第三人", "赵六")):
            assert flat(role) in text, (key, role)
            if key == "mediation_intake_register":  # one table row per party
                assert all(flat(role + n) in text for n in names.split("、")), (key, role)
            else:
                assert flat(role + names) in text, (key, role)
    assert flat("第三人") in texts["mediation_application"]


def test_a_village_committees_case_prints_the_village_committee(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    village = create_committee(db, actor, CommitteeInput(
        name=VILLAGE, kind="village", division_code="130302100201"))
    case_id = _full_case(db, actor, make, written=True, committee_id=village)
    texts = _texts(db, case_id)
    for key, text in texts.items():
        assert flat(VILLAGE) in text, key
        assert flat("海港镇人民调解委员会") not in text, key
    # the agreement's heading and its seal area both carry the village committee
    assert texts["mediation_agreement"].count(flat(VILLAGE)) >= 2


def test_case_titles_on_lists_use_mediation_wording(db: Database, actor: Actor,
                                                     make: SimpleNamespace) -> None:
    from workstation.services.listing import ListQuery, fetch_rows

    case_id = _full_case(db, actor, make, written=True)
    [row] = [r for r in fetch_rows(db, ListQuery(kind="mediations"), 0, 50, today=TODAY)
             if r.id == case_id]
    assert row.title == "张三、王五与李四邻里纠纷（第三人：赵六）"


def test_a_case_without_a_committee_is_not_printed_with_a_guess(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE mediation_case SET committee_id = NULL WHERE id = ?",
                             (case_id,))
    with pytest.raises(NotPrintable, match="没有所属的人民调解委员会"):
        render(db, "mediation_agreement", case_id)
