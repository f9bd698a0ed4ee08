"""待决定援助: legal aid applications the stations forwarded and the county has not decided
(urgent first, then the longest waiting; past the 7-working-day decision time highlighted),
recording a decision, and the decisions on their way back to the stations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.county.db import CountyDatabase
from workstation.county.referrals import AwaitingStation, PendingReferral
from workstation.domain.enums import AidStatus

from ..models.item_table import ItemTableModel
from ..widgets.forms import show_error
from .common import (
    BAD_TEXT,
    WARN_BACKGROUND,
    WARN_TEXT,
    CountyPage,
    day_text,
    heading,
    hint,
    local_time,
    make_table,
)
from .context import CountyContext


@dataclass(frozen=True)
class ReferralsState:
    pending: list[PendingReferral]
    awaiting: list[AwaitingStation]
    today: date


def load_referrals(db: CountyDatabase) -> ReferralsState:
    from workstation.county.referrals import decided_awaiting_station, pending_referrals

    today = date.today()
    return ReferralsState(pending_referrals(db, today=today), decided_awaiting_station(db),
                          today)


class PendingTableModel(ItemTableModel):
    URGENT, STATION, NUMBER, APPLICANT, ID, MATTER, FORWARDED, WAITING, DUE, STATUS = range(10)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Urgent"), self.tr("Station"), self.tr("Application No."),
                          self.tr("Applicant"), self.tr("ID number"), self.tr("Matter"),
                          self.tr("Forwarded"), self.tr("Waiting"), self.tr("Decision due"),
                          self.tr("Status")), parent)
        self.today = date.today()

    def set_rows(self, rows: list[PendingReferral], today: date) -> None:
        self.today = today
        self.set_items(rows)

    def referral_at(self, row: int) -> PendingReferral | None:
        return self.item_at(row)

    def cell(self, p: PendingReferral, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(p, column)
        overdue = p.overdue(self.today)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.URGENT and p.urgent:
                return QBrush(BAD_TEXT)
            if column in (self.WAITING, self.DUE) and overdue:
                return QBrush(WARN_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole and column in (self.WAITING, self.DUE) \
                and overdue:
            return QBrush(WARN_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and column == self.URGENT and p.urgent:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.WAITING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.URGENT and p.limitation_deadline:
                return self.tr("Limitation period ends %1").replace(
                    "%1", day_text(p.limitation_deadline))
            if column == self.MATTER:
                return p.matter_label
        return None

    def _display(self, p: PendingReferral, column: int) -> str | None:
        if column == self.URGENT:
            return self.tr("Urgent") if p.urgent else ""
        if column == self.STATION:
            return p.station_name or p.division_code
        if column == self.NUMBER:
            return p.number
        if column == self.APPLICANT:
            return p.applicant_name
        if column == self.ID:
            return p.applicant_id_masked
        if column == self.MATTER:
            return p.matter_label
        if column == self.FORWARDED:
            return day_text(p.forwarded_on)
        if column == self.WAITING:
            return self.tr("%1 days").replace("%1", str(p.days_waiting(self.today)))
        if column == self.DUE:
            return day_text(p.decision_due)
        if column == self.STATUS:
            return AidStatus.label_of(p.status)
        return None


class AwaitingTableModel(ItemTableModel):
    STATION, NUMBER, APPLICANT, DECISION, LAWYER, DECIDED_ON, ENTERED = range(7)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Station"), self.tr("Application No."), self.tr("Applicant"),
                          self.tr("Decision"), self.tr("Assigned lawyer"),
                          self.tr("Decision date"), self.tr("Entered")), parent)

    def cell(self, a: AwaitingStation, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DECISION and a.reason:
            return a.reason
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (a.station_name or a.division_code, a.number, a.applicant_name,
                a.decision_label, a.lawyer, day_text(a.decided_on),
                local_time(a.decided_at))[column]


class ReferralsPage(CountyPage):
    def __init__(self, ctx: CountyContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: ReferralsState | None = None
        self.decision_dialog: Any = None

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("Legal aid applications awaiting a decision")))
        self.summary_label = QLabel(self.tr("Loading..."))
        self.summary_label.setObjectName("referrals_summary")
        self.summary_label.setProperty("role", "lead")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Station:")))
        self.station_filter = QComboBox()
        self.station_filter.setObjectName("station_filter")
        self.station_filter.setMinimumWidth(260)
        self.station_filter.currentIndexChanged.connect(lambda *_: self._apply_filter())
        bar.addWidget(self.station_filter)
        bar.addStretch(1)
        self.decide_button = QPushButton(self.tr("Record decision..."))
        self.decide_button.setObjectName("record_decision")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refresh_referrals")
        for button in (self.decide_button, self.refresh_button):
            button.setProperty("role", "wide")
            bar.addWidget(button)
        self.decide_button.clicked.connect(self.decide_selected)
        self.refresh_button.clicked.connect(self.refresh)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = PendingTableModel(self)
        self.table = make_table(self.model, "pending_referrals", PendingTableModel.MATTER)
        self.table.doubleClicked.connect(lambda *_: self.decide_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        splitter.addWidget(self.table)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(heading(self.tr("Decided here, not yet confirmed by the station"),
                                       "subheading"))
        lower_layout.addWidget(hint(self.tr(
            "Every acknowledgement written for the station carries these decisions, until a "
            "bundle from the station shows it applied them.")))
        self.awaiting_model = AwaitingTableModel(self)
        self.awaiting_table = make_table(self.awaiting_model, "awaiting_station",
                                         AwaitingTableModel.LAWYER)
        lower_layout.addWidget(self.awaiting_table, 1)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # -- loading -----------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_referrals(db), on_done=self.show_state,
                            on_error=self._load_failed)

    def _load_failed(self, error: BaseException) -> None:
        self.summary_label.setText(self.tr("Could not read the applications."))
        show_error(self, self.tr("Legal aid"), error)

    def show_state(self, state: ReferralsState) -> None:
        self.state = state
        current = self.station_filter.currentData()
        stations = sorted({(p.division_code, p.station_name) for p in state.pending})
        self.station_filter.blockSignals(True)
        self.station_filter.clear()
        self.station_filter.addItem(self.tr("All stations"), "")
        for code, name in stations:
            self.station_filter.addItem(f"{code} {name}".strip(), code)
        index = self.station_filter.findData(current) if current else 0
        self.station_filter.setCurrentIndex(max(index, 0))
        self.station_filter.blockSignals(False)
        self._apply_filter()
        self.awaiting_model.set_items(state.awaiting)

    def _apply_filter(self) -> None:
        state = self.state
        if state is None:
            return
        code = self.station_filter.currentData() or ""
        rows = [p for p in state.pending if not code or p.division_code == code]
        self.model.set_rows(rows, state.today)
        urgent = sum(1 for p in rows if p.urgent)
        overdue = sum(1 for p in rows if p.overdue(state.today))
        if rows:
            text = self.tr("%1 applications await a decision: %2 urgent, %3 past the seven "
                           "working days.").replace("%1", str(len(rows))).replace(
                "%2", str(urgent)).replace("%3", str(overdue))
        else:
            text = self.tr("No application awaits a decision.")
        self.summary_label.setText(text)
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    # -- deciding ----------------------------------------------------------------------------

    def selected_referral(self) -> PendingReferral | None:
        index = self.table.currentIndex()
        return self.model.referral_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        self.decide_button.setEnabled(self.selected_referral() is not None
                                      and self.decision_dialog is None)

    def decide_selected(self) -> None:
        referral = self.selected_referral()
        if referral is None or self.decision_dialog is not None:
            return
        from .decision_dialog import DecisionDialog

        dialog = DecisionDialog(self.ctx, referral, self)
        dialog.decided.connect(self._decided)
        dialog.finished.connect(lambda *_: self._dialog_closed())
        self.decision_dialog = dialog
        self._update_buttons()
        dialog.open()

    def _dialog_closed(self) -> None:
        self.decision_dialog = None
        self._update_buttons()

    def _decided(self, number: str) -> None:
        self.ctx.signals.status_message.emit(self.tr(
            "Decision on %1 recorded; the next acknowledgement for the station carries it.")
            .replace("%1", number))
        self.refresh()
