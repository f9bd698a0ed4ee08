"""Chart labels that a user can read at any text size: no category label elided to "…", a
"0" on empty bars like the numbers on the others, labels laid out again when the text size
changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QGraphicsTextItem

from tests.ui.layout_check import restore_style
from tests.ui.test_screen_fit import use_ui_font
from workstation.statistics.model import Column, Row, Table
from workstation.ui.appearance import apply_text_size
from workstation.ui.statistics.charts import BarChart, ChartSpec

#: Category labels as long as the real ones: aid matters (horizontal charts), and the
#: outcomes or channels of the upright charts.
LONG_LABELS = ("请求给付赡养费、抚养费、扶养费", "婚姻家庭纠纷", "请求认定公民无民事行为能力",
               "邻里纠纷", "请求工伤、交通事故、食品药品安全、医疗事故人身损害赔偿", "其他")
SHORT_LABELS = ("调解成功", "调解不成", "终止调解", "来访咨询", "电话咨询", "其他")
VALUES = (12, 0, 7, 30, 0, 3)


def table(labels: tuple[str, ...]) -> Table:
    rows = tuple(Row(f"r{i}", label, (value,))
                 for i, (label, value) in enumerate(zip(labels, VALUES, strict=True)))
    return Table("t", "测试", "类别", (Column("count", "件数", "count"),), rows,
                 Row("total", "合计", (sum(VALUES),)))


def texts(chart: BarChart) -> list[str]:
    out = []
    for item in chart.scene().items():
        if isinstance(item, QGraphicsTextItem):
            out.append(item.toPlainText())
        elif isinstance(item, QGraphicsSimpleTextItem) and item.isVisible():
            out.append(item.text())
    return out


@pytest.fixture
def sized(qapp: QApplication, chinese_settings: Path) -> Iterator[Any]:
    font = qapp.font()
    use_ui_font(qapp)
    try:
        yield lambda size: apply_text_size(qapp, size)
    finally:
        restore_style(qapp, font)


@pytest.mark.parametrize("horizontal", [True, False], ids=["horizontal", "vertical"])
def test_no_label_is_elided_and_zero_bars_say_zero(qtbot: Any, sized: Any,
                                                    horizontal: bool) -> None:
    sized("normal")
    chart = BarChart(ChartSpec("t", "测试", "t", ("count",), horizontal=horizontal))
    qtbot.addWidget(chart)
    chart.resize(700, 420)
    chart.show()
    labels = LONG_LABELS if horizontal else SHORT_LABELS
    chart.show_table(table(labels))
    qtbot.wait(20)

    def check() -> None:
        shown = texts(chart)
        assert not [t for t in shown if "…" in t or "..." in t], shown
        # Every category label is on the axis in full (possibly over several lines).
        flat = {t.replace("\n", "").replace("\u2029", "") for t in shown}
        assert set(labels) <= flat, (set(labels) - flat, shown)
        # The zero bars are labelled like the others.
        assert [z.text() for z in chart.zero_labels] == ["0", "0"]
        assert shown.count("0") >= 2
        for item in chart.zero_labels:  # inside the plot, at the foot of its bar
            assert chart.chart().plotArea().adjusted(-40, -40, 40, 40).contains(item.pos())

    check()
    before = chart.minimumHeight()

    sized("larger")  # 特大: the open chart draws again with the larger text
    qtbot.waitUntil(lambda: chart._categories is not None
                    and chart._categories.labelsFont().pointSizeF() == 15.5, timeout=3000)
    qtbot.wait(20)
    check()
    assert chart.minimumHeight() >= before
    assert chart.zero_labels[0].font().pointSizeF() == 15.5

    chart.resize(420, 420)  # narrower: the labels wrap onto more lines, still in full
    qtbot.wait(20)
    check()
