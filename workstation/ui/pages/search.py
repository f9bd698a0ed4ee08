"""Search results for the main window's search box, grouped by kind of record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workstation.domain.enums import AidStatus, HandlingResult, MediationStatus

from ..appearance import set_role
from ..context import AppContext
from ..widgets.voiding import strike_item
from .base import Page

#: Kinds in display order, with the enum that labels their status codes.
KIND_ORDER = ("person", "consultation", "mediation_case", "aid_referral")
_STATUS_ENUMS: dict[str, Any] = {
    "consultation": HandlingResult,
    "mediation_case": MediationStatus,
    "aid_referral": AidStatus,
}
HIT_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def status_label(record_type: str, status: str | None) -> str:
    enum = _STATUS_ENUMS.get(record_type)
    return enum.label_of(status) if enum is not None and status else (status or "")


class SearchPage(Page):
    """Runs ``services.search.search`` in the background; newer queries win."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._generation = 0
        self.query = ""
        self.hits: list[Any] = []
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Search"))
        self.heading.setObjectName("search_heading")
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.status = QLabel(self.tr("Type in the search box at the top and press Enter."))
        self.status.setObjectName("search_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.results = QTreeWidget()
        self.results.setObjectName("search_results")
        self.results.setHeaderLabels([self.tr("Number / name"), self.tr("Names"),
                                      self.tr("Date"), self.tr("Status"), self.tr("Details")])
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setUniformRowHeights(True)
        header = self.results.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.results.itemActivated.connect(self._activate)
        self.results.setToolTip(self.tr("Double-click or press Enter to open"))
        layout.addWidget(self.results, 1)
        self.results.hide()
        layout.addStretch(0)  # takes the room while the results are hidden
        hint = QLabel(self.tr("Tip: search by name (张三), pinyin initials (zs), the last 4 "
                              "digits of an ID or phone number, a case number, or words from "
                              "the facts. Several words narrow the search."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)

    def kind_label(self, record_type: str) -> str:
        labels = {
            "person": self.tr("Persons"),
            "consultation": self.tr("Legal consultations"),
            "mediation_case": self.tr("People's mediation"),
            "aid_referral": self.tr("Legal aid"),
        }
        return labels.get(record_type, record_type)

    def search(self, text: str) -> None:
        """Search for ``text`` in the background; results of older queries are dropped."""
        from workstation.services.search import search

        text = text.strip()
        self._generation += 1
        generation = self._generation
        self.query = text
        self.heading.setText(self.tr("Search: %1").replace("%1", text))
        if not text:
            self._show(generation, [])
            return
        self.status.setText(self.tr("Searching..."))
        db = self.ctx.db
        self.ctx.runner.run(lambda: search(db, text),
                            on_done=lambda hits: self._show(generation, hits),
                            on_error=lambda exc: self._failed(generation, exc))

    def _failed(self, generation: int, error: BaseException) -> None:
        if isValid(self) and generation == self._generation:
            self.status.setText(self.tr("Search failed: %1").replace("%1", str(error)))

    def _show(self, generation: int, hits: list[Any]) -> None:
        if not isValid(self) or generation != self._generation:
            return  # a newer query was issued meanwhile (or the page was closed)
        self.hits = list(hits)
        self.results.clear()
        self.results.setVisible(bool(hits))
        set_role(self.status, None if hits else "nothing_found")
        if not hits:
            self.status.setText(
                self.tr("Nothing found for “%1”. Check the spelling, or try pinyin initials "
                        "or fewer words.").replace("%1", self.query))
            return
        self.status.setText(self.tr("%1 results").replace("%1", str(len(hits))))
        grouped: dict[str, list[Any]] = {}
        for hit in hits:
            grouped.setdefault(hit.record_type, []).append(hit)
        bold = QFont(self.results.font())
        bold.setBold(True)
        first: QTreeWidgetItem | None = None
        kinds = [k for k in KIND_ORDER if k in grouped] + [
            k for k in grouped if k not in KIND_ORDER]
        for kind in kinds:
            group = QTreeWidgetItem([f"{self.kind_label(kind)}（{len(grouped[kind])}）"])
            group.setFont(0, bold)
            group.setData(0, KIND_ROLE, kind)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.results.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for hit in grouped[kind]:
                item = QTreeWidgetItem(self._columns(hit))
                item.setData(0, HIT_ROLE, (hit.record_type, hit.record_id))
                if hit.voided:
                    strike_item(item)
                item.setToolTip(4, hit.snippet or "")
                group.addChild(item)
                first = first or item
            group.setExpanded(True)
        if first is not None:
            self.results.setCurrentItem(first)
            self.results.setFocus()

    def _columns(self, hit: Any) -> list[str]:
        number = hit.number or ""
        title = hit.title or ""
        if number and title.startswith(number):
            title = title[len(number):].strip()
        if hit.record_type == "person":
            number, title = title, ""
        status = status_label(hit.record_type, hit.status)
        if hit.voided:
            status = (status + self.tr(" (voided)")).strip()
        return [number, title, hit.date.isoformat() if hit.date else "", status,
                hit.snippet or ""]

    def result_count(self) -> int:
        return len(self.hits)

    def open_current(self) -> bool:
        item = self.results.currentItem()
        if item is None or item.data(0, HIT_ROLE) is None:
            return False
        self._activate(item)
        return True

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, HIT_ROLE)
        if data:
            record_type, record_id = data
            self.ctx.signals.open_record.emit(record_type, record_id)
