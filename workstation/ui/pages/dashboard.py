"""工作台: today's work at a glance, big buttons for the three core services, and the
deadlines that need attention (限时办结), each one double-click (or Enter) from its record.

Navigation uses ``ctx.signals.open_record(record_type, record_id)``; the id ``"new"`` asks the
page owning ``record_type`` for an empty new-record form (see ``pages/consultations.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.deadlines import DUE_SOON_DAYS

from ..appearance import set_role
from ..context import AppContext
from ..models.item_table import ItemTableModel
from ..widgets.responsibility import MyWorkPanel
from ..widgets.shortcuts import shortcut
from .base import Page

Index = QModelIndex | QPersistentModelIndex

OVERDUE_TEXT = QColor("#a93226")
OVERDUE_BACKGROUND = QColor("#fdecea")
SOON_TEXT = QColor("#7d5a00")
SOON_BACKGROUND = QColor("#fff4d6")


class DeadlineTableModel(ItemTableModel):
    """``DeadlineItem`` rows: kind, number, title, due date, how far off; overdue rows red,
    rows due within ``DUE_SOON_DAYS`` amber."""

    KIND, NUMBER, TITLE, DUE, LABEL = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Matter"), self.tr("Number"), self.tr("Parties / applicant"),
                          self.tr("Due date"), self.tr("Time left")), parent)

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (item.kind_label, item.number, item.title,
                      item.due.strftime("%Y-%m-%d"), item.label)
            return values[column]
        if role == Qt.ItemDataRole.UserRole:
            return item.record_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue:
                return QBrush(OVERDUE_TEXT)
            if item.days_left <= DUE_SOON_DAYS:
                return QBrush(SOON_TEXT)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if item.overdue:
                return QBrush(OVERDUE_BACKGROUND)
            if item.days_left <= DUE_SOON_DAYS:
                return QBrush(SOON_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.FontRole and item.overdue and column == self.LABEL:
            font = QFont()
            font.setBold(True)
            return font
        return None


class Tile(QFrame):
    """A large number with a caption under it (and an optional small note)."""

    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setProperty("role", "tile")
        self.setMinimumWidth(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.value = QLabel("–")
        self.value.setObjectName(f"tile_{name}")
        self.value.setProperty("role", "number")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "lead")
        self.caption.setWordWrap(True)
        self.note = QLabel()
        self.note.setProperty("role", "hint")
        for label in (self.value, self.caption, self.note):
            layout.addWidget(label)
        layout.addStretch(1)

    def set_value(self, value: int, note: str = "", *, alert: bool = False) -> None:
        self.value.setText(str(value))
        self.note.setText(note)
        self.note.setVisible(bool(note))
        set_role(self, "tile_alert" if alert else "tile")
        set_role(self.value, "number_alert" if alert else "number")


class DashboardPage(Page):
    """工作台: counts, quick-start buttons and the deadline list."""

    #: Emitted when counts and deadlines have been filled in (after each load).
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dashboard: Any = None
        self._focused_once = False
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        top = QHBoxLayout()
        heading = QLabel(self.tr("Workbench"))
        heading.setProperty("role", "heading")
        top.addWidget(heading)
        top.addStretch(1)
        self.date_label = QLabel()
        self.date_label.setObjectName("today")
        self.date_label.setProperty("role", "lead")
        top.addWidget(self.date_label)
        layout.addLayout(top)

        # Big buttons for the three core services ("3+X").
        buttons = QHBoxLayout()
        self.quick_buttons: dict[str, QPushButton] = {}
        for record_type, text, name in (
            ("consultation", self.tr("Register consultation"), "new_consultation"),
            ("mediation_case", self.tr("New mediation case"), "new_mediation"),
            ("aid_referral", self.tr("Legal aid application"), "new_aid"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setProperty("role", "big")
            button.setMinimumHeight(56)
            button.clicked.connect(lambda _=False, t=record_type: self.start_new(t))
            button.setAutoDefault(True)  # Enter on the focused button presses it
            buttons.addWidget(button)
            self.quick_buttons[record_type] = button
        layout.addLayout(buttons)

        tiles = QGridLayout()
        tiles.setSpacing(10)
        self.tiles = {
            "consultations": Tile(self.tr("Consultations today"), "consultations"),
            "cases": Tile(self.tr("Mediation cases registered today"), "cases"),
            "referrals": Tile(self.tr("Legal aid applications today"), "referrals"),
            "my_open": Tile(self.tr("My open mediation cases"), "my_open"),
            "overdue": Tile(self.tr("Overdue matters"), "overdue"),
        }
        for column, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, column)
        layout.addLayout(tiles)
        layout.addLayout(self._build_ratings_row())

        deadlines_heading = QLabel(self.tr("Deadlines (overdue and due within %1 days)")
                                   .replace("%1", str(DUE_SOON_DAYS)))
        deadlines_heading.setProperty("role", "subheading")
        layout.addWidget(deadlines_heading)
        self.model = DeadlineTableModel(self)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab leaves the list
        self.view.setObjectName("deadlines")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Size columns by the rows in view: Qt's default measures 1,000 rows, every cell
        # through Python, which froze the window ~1 s for a neglected station's 2,000 deadlines.
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(DeadlineTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(key, self.view, lambda: self.open_row(self.view.currentIndex().row()),
                     Qt.ShortcutContext.WidgetShortcut)
        layout.addWidget(self.view, 1)
        self.empty_label = QLabel(self.tr("Nothing is overdue or due within %1 days.")
                                  .replace("%1", str(DUE_SOON_DAYS)))
        self.empty_label.setObjectName("no_deadlines")
        self.empty_label.setProperty("role", "all_clear")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self.hint = QLabel(self.tr("Double-click a row or press Enter to open the record."))
        self.hint.setProperty("role", "hint")
        layout.addWidget(self.hint)
        # 首问负责: my open matters and the hand-overs waiting for me (its own widget).
        self.my_work = MyWorkPanel(ctx, self)
        layout.addWidget(self.my_work, 1)

        ctx.signals.records_changed.connect(self._records_changed)

    def _build_ratings_row(self) -> QHBoxLayout:
        """Citizens' ratings: a returned slip (anyone), the 不满意 reviews (the admin)."""
        row = QHBoxLayout()
        self.slip_button = QPushButton(self.tr("Enter a returned rating slip……"))
        self.slip_button.setObjectName("enter_returned_slip")
        self.slip_button.clicked.connect(self.enter_returned_slip)
        row.addWidget(self.slip_button)
        self.reviews_button = QPushButton(self.tr("Dissatisfied ratings to review……"))
        self.reviews_button.setObjectName("rating_reviews")
        self.reviews_button.clicked.connect(self.open_reviews)
        self.reviews_button.setVisible(self.ctx.actor.is_admin)
        row.addWidget(self.reviews_button)
        row.addStretch(1)
        return row

    def enter_returned_slip(self) -> None:
        from ..dialogs.ratings import ReturnedSlipDialog

        ReturnedSlipDialog(self.ctx, self).open()

    def open_reviews(self) -> None:
        from ..dialogs.ratings import ReviewsDialog

        ReviewsDialog(self.ctx, self).open()

    # -- Page --------------------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()
        self.my_work.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused_once:
            # When the window opens, Enter registers a consultation (the most common errand).
            self._focused_once = True
            QTimer.singleShot(0, self._focus_default)

    def _focus_default(self) -> None:
        focus = QApplication.focusWidget()
        idle = focus is None or not focus.isVisible() or (
            focus.objectName() in ("navigation", "global_search")
            and not getattr(focus, "text", lambda: "")())
        if self.isVisible() and idle:
            self.quick_buttons["consultation"].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- loading -----------------------------------------------------------------------------

    def _records_changed(self, record_type: str) -> None:
        self.reload()

    def reload(self) -> None:
        """Load counts and deadlines in the background (a newer load supersedes older ones)."""
        from workstation.services.dashboard import load_dashboard

        self._generation += 1
        generation, db, actor, today = self._generation, self.ctx.db, self.ctx.actor, date.today()
        self.ctx.runner.run(lambda: load_dashboard(db, actor, today),
                            on_done=lambda result: self._loaded(generation, result),
                            on_error=lambda exc: self._failed(generation, exc))

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.ctx.signals.status_message.emit(str(error))

    def _loaded(self, generation: int, dashboard: Any) -> None:
        if generation != self._generation:
            return
        self.dashboard = dashboard
        self.date_label.setText(self.tr("Today: %1").replace(
            "%1", dashboard.today.strftime("%Y-%m-%d")))
        month = self.tr("This month: %1")
        self.tiles["consultations"].set_value(
            dashboard.consultations_today,
            month.replace("%1", str(dashboard.consultations_month)))
        self.tiles["cases"].set_value(dashboard.cases_today,
                                      month.replace("%1", str(dashboard.cases_month)))
        self.tiles["referrals"].set_value(dashboard.referrals_today,
                                          month.replace("%1", str(dashboard.referrals_month)))
        self.tiles["my_open"].set_value(dashboard.my_open_cases)
        overdue = dashboard.overdue_count
        self.tiles["overdue"].set_value(overdue, alert=overdue > 0)
        self.model.set_items(dashboard.deadlines)
        has_items = bool(dashboard.deadlines)
        self.view.setVisible(has_items)
        self.hint.setVisible(has_items)
        self.empty_label.setVisible(not has_items)
        self.loaded.emit()

    # -- navigation --------------------------------------------------------------------------

    def start_new(self, record_type: str) -> None:
        self.ctx.signals.open_record.emit(record_type, "new")

    def open_row(self, row: int) -> None:
        item = self.model.item_at(row)
        if item is not None:
            self.ctx.signals.open_record.emit(item.record_type, item.record_id)
