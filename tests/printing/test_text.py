"""Chinese line breaking: no line starts with closing or ends with opening punctuation."""

from __future__ import annotations

import io
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from workstation.printing.layout import para, styles
from workstation.printing.text import CANNOT_END, CANNOT_START, break_positions, line_texts

CLOSING = "，。、；：？！）」』》〉】"
OPENING = "（「『《〈【"
SAMPLE = ("申请人（张三）称：“被申请人于二〇二五年三月，在未经同意的情况下，擅自占用其宅基地，"
          "堆放建筑材料！”被申请人【李四】辩称：《协议书》约定的界线……——并非如此；"
          "双方争执不下？经调解员释法说理，双方同意："
          "「一、被申请人于十日内清理；二、赔偿损失人民币12000.50元。」") * 12


def _lines(chars: str, width: float, per_char: float = 1.0) -> list[str]:
    starts = break_positions(list(chars), [per_char] * len(chars), [width])
    bounds = [0, *starts, len(chars)]
    return [chars[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def test_break_positions_follow_the_rules() -> None:
    assert _lines("一二三四五六", 3) == ["一二三", "四五六"]
    assert _lines("一二三，四五六", 3) == ["一二", "三，四", "五六"]
    assert _lines("一二（三四五", 3) == ["一二", "（三四", "五"]
    assert _lines("好的。」他说", 3) == ["好", "的。」", "他说"]
    assert _lines("等等……好", 3) == ["等", "等……", "好"]


def test_numbers_and_words_are_not_split() -> None:
    assert _lines("电话13800138000请回电", 12) == ["电话", "13800138000请", "回电"]
    assert _lines("金额12000.50元", 9) == ["金额", "12000.50元"]
    # Longer than a line: cut where it overflows.
    assert _lines("1234567890", 4) == ["1234", "5678", "90"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=list("一二三四五六七八九十") + list(CLOSING + OPENING + "…—"), max_size=80),
       st.integers(min_value=2, max_value=12))
def test_no_line_breaks_a_rule_unless_unavoidable(text: str, width: int) -> None:
    lines = _lines(text, width)
    assert "".join(lines) == text
    for line in lines:
        assert 0 < len(line) <= width
    for prev, line in itertools.pairwise(lines):
        ok = line[0] not in CANNOT_START and prev[-1] not in CANNOT_END
        # Only a line made entirely of forbidden pairs may be cut anywhere.
        assert ok or len(prev) == width


def _render(text: str) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build([para(text, styles().body)])
    return buf.getvalue()


def test_paragraph_lines_read_back_from_the_pdf() -> None:
    p = para(SAMPLE, styles().body)
    p.wrap(300, 10_000)
    lines = line_texts(p)
    assert len(lines) > 20
    assert "".join(lines) == SAMPLE
    for prev, line in itertools.pairwise(lines):
        assert line[0] not in CLOSING, (prev, line)
        assert prev[-1] not in OPENING, (prev, line)
    pdf = _render(SAMPLE)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    read = [line for line in text.splitlines() if line.strip()]
    assert len(read) > 20
    for prev, line in itertools.pairwise(read):
        assert line.strip()[0] not in CLOSING, (prev, line)
        assert prev.strip()[-1] not in OPENING, (prev, line)
    assert "12000.50" in text.replace("\n", "")


def test_no_line_is_wider_than_its_frame() -> None:
    p = para(SAMPLE, styles().body)
    p.wrap(200, 10_000)
    for line in p.blPara.lines:
        assert line.currentWidth <= 200 + 1e-6
