"""One spelling of the words every screen and form shares (``domain/wording.py``): the
placeholder of a choice, the empty value and the ellipsis; and an amount nobody entered
shows as the empty value, on screen and on paper."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from workstation.domain.wording import CHOOSE, ELLIPSIS, EMPTY, or_empty

ROOT = Path(__file__).resolve().parents[2]
#: Spellings replaced by the glossary's words.
OTHER_SPELLINGS = ("- 请选择 -", "（请选择）", "（未登记）", "（未填写）", "未填）", "“未填”")


def _translations() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "resources" / "translations" / "zh_CN").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                found.append((path.name, line.split("\t", 1)[1]))
    return found


def _sources() -> list[tuple[str, str]]:
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "workstation").rglob("*.py"))
            if "demo" not in p.parts and p.name != "wording.py"]


def test_the_glossary_words() -> None:
    assert (CHOOSE, EMPTY, ELLIPSIS) == ("请选择", "—", "……")
    assert [or_empty(v) for v in (None, "", 0, "张三", 12)] == [EMPTY, EMPTY, EMPTY, "张三", "12"]


def test_one_spelling_in_translations_and_code() -> None:
    offenders = [(where, text) for where, text in _translations() + _sources()
                 for other in OTHER_SPELLINGS if other in text]
    assert offenders == []


def test_one_ellipsis_in_translations() -> None:
    single = re.compile(r"(?<!…)…(?!…)|\.\.\.")
    assert [(where, text) for where, text in _translations() if single.search(text)] == []


def test_optional_choices_start_with_the_one_placeholder(qapp: Any) -> None:
    from workstation.domain.enums import AidMatter
    from workstation.ui.widgets.forms import combo_for

    box = combo_for(AidMatter, optional=True)
    assert box.itemText(0) == CHOOSE and box.itemData(0) is None


@pytest.fixture
def case_without_amount(ui_ctx: Any, ui_make_person: Any) -> str:
    from datetime import date, timedelta

    from workstation.domain.inputs import CaseInput, PartyInput
    from workstation.services.mediation import open_case

    return open_case(ui_ctx.db, ui_ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="邻里纠纷。",
        registered_on=date.today() - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=ui_make_person("张三", 1)),
                 PartyInput(role="respondent", person=ui_make_person("李四", 2, "female")))))


def test_an_amount_not_entered_is_the_empty_value(qtbot: Any, ui_ctx: Any,
                                                   case_without_amount: str) -> None:
    from PySide6.QtWidgets import QLabel

    from workstation.printing.render import render
    from workstation.ui.mediation.case_view import CaseView

    view = CaseView(ui_ctx)
    qtbot.addWidget(view)
    view.load(case_without_amount)
    qtbot.waitUntil(lambda: view.case is not None, timeout=10_000)
    ui_ctx.runner.wait()
    texts = [w.text() for w in view.findChildren(QLabel)]
    assert not any("0.00" in t for t in texts)
    captions = [i for i, t in enumerate(texts) if t in ("Amount involved", "涉及金额")]
    assert captions and texts[captions[0] + 1] == EMPTY

    from tests.printing.conftest import flat, pdf_text

    text = flat(pdf_text(render(ui_ctx.db, "mediation_intake_register",
                                case_without_amount).pdf))
    assert "涉及金额" in text and "0.00" not in text and "0元" not in text
