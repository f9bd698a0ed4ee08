"""The sort arrow stays on a column the list can really sort by."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from workstation.domain.enums import DisputeType, MediationStatus
from workstation.ui.widgets.record_list import RecordList


def test_unsortable_column_keeps_the_previous_sort(ui_ctx: Any, qtbot: Any) -> None:
    widget = RecordList(ui_ctx, "mediations", status_enum=MediationStatus,
                        type_enum=DisputeType)
    qtbot.addWidget(widget)
    header = widget.view.horizontalHeader()
    titles = [c.key for c in widget.model.columns]
    parties = titles.index("title")
    assert not widget.model.columns[parties].sortable

    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # 案号: sortable
    assert widget.model.query.sort_key == "number"
    header.setSortIndicator(parties, Qt.SortOrder.DescendingOrder)
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert widget.model.query.sort_key == "number"
    ui_ctx.runner.wait()
