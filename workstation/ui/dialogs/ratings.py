"""Entering a returned rating slip (登记回收的评价单) and the admin's review of 不满意 ratings
(不满意评价核查), opened from the workbench. Reads and writes run on ``ctx.runner``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import Satisfaction
from workstation.domain.rating import RatingReason

from ..context import AppContext
from ..models.item_table import ItemTableModel
from ..widgets.check_group import CheckGroup
from ..widgets.date_field import DateField
from ..widgets.forms import ErrorLabel, combo_for, combo_value, error_message


class ReturnedSlipDialog(QDialog):
    """A 服务评价单 brought back: its number, the value ticked, the reasons, the comment and
    the day written on it; saved as the citizen's own rating (回收评价单)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("returned_slip_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Enter a returned rating slip"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setObjectName("slip_number")
        self.number.setPlaceholderText(self.tr("The number printed on the slip"))
        self.value = combo_for(Satisfaction, optional=True, searchable=False)
        self.value.setObjectName("slip_value")
        self.reasons = CheckGroup(RatingReason.choices(), columns=2, name_prefix="slip_reason_")
        self.comment = QLineEdit()
        self.comment.setObjectName("slip_comment")
        self.rated_on = DateField()
        self.rated_on.setObjectName("slip_rated_on")
        self.rated_on.set_value(date.today())
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Rating"), self.value)
        form.addRow(self.tr("Reasons ticked"), self.reasons)
        form.addRow(self.tr("Comment"), self.comment)
        form.addRow(self.tr("Date on the slip"), self.rated_on)
        layout.addLayout(form)
        hint = QLabel(self.tr("Enter exactly what the citizen ticked: it is recorded as the "
                              "citizen's own rating."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.error = ErrorLabel()
        self.error.setObjectName("slip_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("slip_save")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        from workstation.services import ratings

        day = self.rated_on.date_value()
        if day is None:
            self.error.show_message(self.rated_on.error_text() or self.tr("Enter the date."))
            return
        if day > date.today():
            self.error.show_message(self.tr("The date cannot be later than today."))
            return
        ctx = self.ctx
        number, value = self.number.text(), combo_value(self.value) or ""
        reasons, comment = self.reasons.checked_codes(), self.comment.text()
        self.save_button.setEnabled(False)
        ctx.runner.run(lambda: ratings.enter_returned_slip(
            ctx.db, ctx.actor, number=number, value=value, reasons=reasons, comment=comment,
            rated_at=ratings.day_moment(day)), write=True, on_done=self._saved,
            on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.error.show_message(error_message(error))

    def _saved(self, _rating_id: object) -> None:
        self.ctx.signals.records_changed.emit("rating")
        self.accept()


class ReviewTableModel(ItemTableModel):
    """Open reviews: the record, the rating, the reasons, the day it is due by."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Number"), self.tr("Matter"), self.tr("Rated"),
                          self.tr("Reasons"), self.tr("Due date")), parent)

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            reasons = "；".join(x for x in (item.reason_labels, item.comment) if x)
            values = (item.number, item.kind_label,
                      f"{item.rated_at.astimezone():%Y-%m-%d}（{item.source_label}）",
                      reasons, item.due_on.strftime("%Y-%m-%d"))
            return values[column]
        return None


class ReviewsDialog(QDialog):
    """The admin's open reviews of 不满意 ratings; closing one records why the citizen was
    dissatisfied, what was done and when and how the citizen was contacted."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reviews_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Dissatisfied ratings to review"))
        layout = QVBoxLayout(self)
        self.model = ReviewTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("reviews")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.empty = QLabel(self.tr("No dissatisfied rating waits for review."))
        self.empty.setObjectName("no_reviews")
        self.empty.setProperty("role", "all_clear")
        self.empty.hide()
        layout.addWidget(self.empty)

        form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("review_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 2 + 14)
        self.action = QPlainTextEdit()
        self.action.setObjectName("review_action")
        self.action.setTabChangesFocus(True)
        self.action.setFixedHeight(self.action.fontMetrics().lineSpacing() * 2 + 14)
        self.contacted_on = DateField()
        self.contacted_on.setObjectName("review_contacted_on")
        self.contact_method = QLineEdit()
        self.contact_method.setObjectName("review_contact_method")
        self.contact_method.setPlaceholderText(self.tr("e.g. by phone, in person"))
        form.addRow(self.tr("Why dissatisfied"), self.reason)
        form.addRow(self.tr("Action taken"), self.action)
        form.addRow(self.tr("Citizen contacted on"), self.contacted_on)
        form.addRow(self.tr("How contacted"), self.contact_method)
        layout.addLayout(form)
        self.error = ErrorLabel()
        self.error.setObjectName("review_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_review_button = QPushButton(self.tr("Close the review"))
        self.close_review_button.setObjectName("review_close")
        self.close_review_button.setAutoDefault(False)
        self.close_review_button.clicked.connect(self.close_review)
        buttons.addButton(self.close_review_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.load()

    def load(self) -> None:
        from workstation.services import ratings

        db = self.ctx.db
        self.ctx.runner.run(lambda: ratings.reviews(db), on_done=self._loaded)

    def _loaded(self, items: list[Any]) -> None:
        self.model.set_items(items)
        self.view.setVisible(bool(items))
        self.empty.setVisible(not items)
        if items:
            self.view.selectRow(0)
        self._selected()

    def current(self) -> Any:
        return self.model.item_at(self.view.currentIndex().row())

    def _selected(self) -> None:
        self.close_review_button.setEnabled(self.current() is not None)
        self.error.show_message("")

    def close_review(self) -> None:
        from workstation.services import ratings

        item = self.current()
        if item is None:
            return
        ctx = self.ctx
        reason, action = self.reason.toPlainText(), self.action.toPlainText()
        contacted_on, method = self.contacted_on.date_value(), self.contact_method.text()
        self.close_review_button.setEnabled(False)
        ctx.runner.run(lambda: ratings.close_review(
            ctx.db, ctx.actor, item.id, reason=reason, action_taken=action,
            contacted_on=contacted_on, contact_method=method), write=True,
            on_done=self._closed, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.close_review_button.setEnabled(True)
        self.error.show_message(error_message(error))

    def _closed(self, _result: object) -> None:
        for field in (self.reason, self.action):
            field.clear()
        self.contacted_on.set_value(None)
        self.contact_method.clear()
        self.ctx.signals.records_changed.emit("rating_review")
        self.load()
