"""The one style layer: widgets name a role, the application style sheet (derived from the
text size) gives it its size and colours. Nothing else in the UI sets a style sheet or a point
size, and every role a widget names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workstation.ui.appearance import ROLES, TEXT_SIZES, role_point_size, style_sheet

UI = Path(__file__).resolve().parents[2] / "workstation" / "ui"
#: Roles styled by a rule of their own in the sheet rather than an entry of ROLES.
SPECIAL = {"page_tabs", "statistics"}
#: Relative sizes drawn by hand (a painter's text, a chart title), not widget sizes.
RELATIVE_OK = {"session_lock.py", "statistics/charts.py"}


def ui_sources() -> dict[str, str]:
    return {str(p.relative_to(UI)): p.read_text(encoding="utf-8") for p in UI.rglob("*.py")
            if p.name != "appearance.py"}


def test_no_inline_style_sheets_or_point_sizes() -> None:
    offenders = []
    for name, text in ui_sources().items():
        for n, line in enumerate(text.splitlines(), 1):
            if "setStyleSheet(" in line or re.search(r"font-size|\d+pt\b", line):
                offenders.append(f"{name}:{n}: {line.strip()}")
            if "setPointSize" in line and name not in RELATIVE_OK:
                offenders.append(f"{name}:{n}: {line.strip()}")
    assert offenders == []


def test_every_role_named_in_the_ui_exists() -> None:
    named = set()
    for text in ui_sources().values():
        named |= set(re.findall(r'setProperty\("role", "(\w+)"\)', text))
        named |= set(re.findall(r'set_role\([^,]+,\s*"(\w+)"', text))
        for expression in re.findall(r"set_role\([^,]+,\s*([^)]*)\)", text):
            named |= set(re.findall(r'"(\w+)"', expression))
    named -= {"amber", "blue", "green", "red", "grey"}  # chip tones
    assert named, "no roles found: the scan is broken"
    assert named - set(ROLES) - SPECIAL == set()


@pytest.mark.parametrize("size", list(TEXT_SIZES))
def test_sheet_sizes_follow_the_text_size(size: str) -> None:
    sheet = style_sheet(size)
    assert f'*[role="heading"] {{ font-size: {role_point_size("heading", size):.1f}pt;' in sheet
    for role in ROLES:
        assert f'[role="{role}"]' in sheet
    assert role_point_size("heading", "larger") > role_point_size("heading", "normal")
    assert role_point_size("heading", size) > TEXT_SIZES[size]
