"""操作日志 of the county console: who did what at the county center (imports and refusals,
registrations, decisions, notices, key and report exports, record views, logins), newest
first, filtered by dates, actor, action and station; lazily paged like the station's
操作日志 (its table model is reused); the whole hash chain is verified in the background each
time the page is shown."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.audit import CountyAuditAction, county_actor_label

from ..appearance import set_role
from ..models.record_table import RecordTableModel
from ..widgets.date_field import range_error, range_fields
from ..widgets.forms import error_message
from .common import CountyPage, heading, hint, make_table
from .context import CountyContext

MAX_COLUMN = 320


class CountyAuditModel(RecordTableModel):
    """Entries of a ``CountyAuditQuery``, fetched a page at a time on the task runner."""

    def __init__(self, ctx: CountyContext, query: Any, parent: Any = None) -> None:
        from workstation.county.audit import COLUMNS

        # The record table needs the database, the runner and the status signal: the county
        # context has them under the same names.
        super().__init__(ctx, query, parent, columns=list(COLUMNS))  # type: ignore[arg-type]

    def count(self, db: Any, query: Any) -> int:
        from workstation.county.audit import count_entries

        return count_entries(db, query)

    def fetch(self, db: Any, query: Any, offset: int, limit: int) -> list[Any]:
        from workstation.county.audit import fetch_entries

        return fetch_entries(db, query, offset, limit)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and self.columns[index.column()].key == "detail":
                return row.detail or None
        return super().data(index, role)


def load_filters(db: Any) -> tuple[list[str], list[Any]]:
    """The actors named in the trail and the registered stations (worker thread)."""
    from workstation.county.audit import actors
    from workstation.county.records import station_choices

    return actors(db), station_choices(db)


class CountyAuditPage(CountyPage):
    def __init__(self, ctx: CountyContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from workstation.county.audit import CountyAuditQuery

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Audit log")))
        layout.addWidget(hint(self.tr(
            "Every import and refused bundle, station registration and revocation, aid "
            "decision, version notice, key and report export, record opened and login at the "
            "county center, with who did it and when. Entries cannot be changed or deleted in "
            "this program, and each one is linked to the one before it: a change made outside "
            "the program shows below.")))
        self.chain_label = hint(self.tr("Verifying the audit log..."))
        self.chain_label.setObjectName("county_audit_chain")
        layout.addWidget(self.chain_label)

        bar = QHBoxLayout()
        self.actor_box = QComboBox()
        self.actor_box.setObjectName("county_audit_actor")
        self.actor_box.addItem(self.tr("All operators"), None)
        self.action_box = QComboBox()
        self.action_box.setObjectName("county_audit_action")
        self.action_box.addItem(self.tr("All actions"), None)
        for code, label in CountyAuditAction.choices():
            self.action_box.addItem(label, code)
        self.station_box = QComboBox()
        self.station_box.setObjectName("county_audit_station")
        self.station_box.addItem(self.tr("All stations"), None)
        self.station_box.setMinimumWidth(200)
        for box in (self.actor_box, self.action_box, self.station_box):
            box.currentIndexChanged.connect(self.apply_filters)
            bar.addWidget(box)
        bar.addStretch(1)
        layout.addLayout(bar)

        dates = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("Date from"))
        self.use_dates.setObjectName("county_audit_use_dates")
        self.date_from, self.date_to = range_fields(30)
        for edit, name in ((self.date_from, "county_audit_date_from"),
                           (self.date_to, "county_audit_date_to")):
            edit.setObjectName(name)
            edit.setEnabled(False)
            edit.dateChanged.connect(self.apply_filters)
            edit.returnPressed.connect(self.apply_filters)
        self.use_dates.toggled.connect(self._toggle_dates)
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.date_to)
        search = QPushButton(self.tr("Search"))
        search.setObjectName("county_audit_search")
        search.clicked.connect(self.apply_filters)
        dates.addWidget(search)
        dates.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("county_audit_count")
        dates.addWidget(self.count_label)
        layout.addLayout(dates)

        self.model = CountyAuditModel(ctx, CountyAuditQuery(), self)
        self.model.loaded.connect(self._show_count)
        self.view = make_table(self.model, "county_audit_table")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)

        self.message = QLabel()
        self.message.setObjectName("county_audit_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._sized = False

    # -- CountyPage -------------------------------------------------------------------------

    def activated(self) -> None:
        self.load_filters()
        self.model.reload()
        self.verify_chain()

    # -- the chain --------------------------------------------------------------------------

    def verify_chain(self) -> None:
        """Check the whole hash chain in the background and say what was found."""
        from workstation.county.audit import verify

        db = self.ctx.db
        self.ctx.runner.run(lambda: verify(db), on_done=self._show_chain,
                            on_error=self._chain_failed)

    def _show_chain(self, state: Any) -> None:
        if state.intact:
            text = self.tr("Audit log intact (%1 entries, verified)").replace(
                "%1", str(state.count))
            role = "ok"
        else:
            text = self.tr("Audit log %1: entries were deleted or changed outside this "
                           "program").replace("%1", "；".join(b.label for b in state.breaks))
            role = "alert"
        self.chain_label.setText(text)
        set_role(self.chain_label, role)

    def _chain_failed(self, error: BaseException) -> None:
        self.chain_label.setText(self.tr("The audit log could not be verified: %1").replace(
            "%1", error_message(error)))
        set_role(self.chain_label, "alert")

    # -- filters ----------------------------------------------------------------------------

    def load_filters(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_filters(db), on_done=self._fill_filters)

    def _fill_filters(self, found: tuple[list[str], list[Any]]) -> None:
        names, stations = found
        for box, items in ((self.actor_box, [(county_actor_label(a), a) for a in names]),
                           (self.station_box, [(s.label, s.division_code) for s in stations])):
            current = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for label, value in items:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
            box.blockSignals(False)

    def _toggle_dates(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def current_query(self) -> Any:
        dated = self.use_dates.isChecked()
        return replace(
            self.model.query,
            actor=self.actor_box.currentData(),
            action=self.action_box.currentData(),
            station=self.station_box.currentData(),
            date_from=self.date_from.date_value() if dated else None,
            date_to=self.date_to.date_value() if dated else None,
        )

    def apply_filters(self) -> None:
        if self.use_dates.isChecked() and (message := range_error(self.date_from,
                                                                  self.date_to)):
            self.message.setText(message)  # the list stays as it is until the date is fixed
            return
        self.message.clear()
        self.model.set_query(self.current_query())

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("%1 entries").replace("%1", str(total)))
        if total and not self._sized:
            self._sized = True
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for column in range(header.count() - 1):
                header.resizeSection(column, min(header.sectionSize(column) + 12, MAX_COLUMN))
