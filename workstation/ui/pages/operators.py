"""操作员: the station's operator accounts (admins only; the services refuse anyone else too):
list, add, disable, re-enable, reset a password, and make a new recovery code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import OperatorRole
from workstation.domain.errors import FieldError, ValidationError

from ..context import AppContext
from ..models.item_table import ItemTableModel
from ..security.password_dialog import PasswordDialog
from ..security.recovery_code import RecoveryCodeDialog
from ..security.rekey_progress import run_rekey
from ..tasks import TaskRunner
from ..widgets.forms import ErrorLabel, FieldErrors, combo_for, combo_value, field_row, show_error
from ..widgets.progress import TaskProgress
from .base import Page

INACTIVE = QColor("#888888")


class OperatorTableModel(ItemTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([QCoreApplication.translate("Operators", "User name"),
                          QCoreApplication.translate("Operators", "Name"),
                          QCoreApplication.translate("Operators", "Role"),
                          QCoreApplication.translate("Operators", "Status")], parent)

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return QBrush(INACTIVE)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return item.username
        if column == 1:
            return item.name
        if column == 2:
            return item.role_label
        if not item.active:
            return QCoreApplication.translate("Operators", "Disabled")
        if item.locked_until is not None:
            return QCoreApplication.translate(
                "Operators", "Locked until %1 (failed logins)").replace(
                "%1", item.locked_until.strftime("%H:%M"))
        if not item.can_log_in:
            return QCoreApplication.translate("Operators", "Cannot log in: reset the password")
        return QCoreApplication.translate("Operators", "Active")


class AddOperatorDialog(QDialog):
    """User name, name, role, password twice; ``submit(username, name, role, password)``."""

    def __init__(self, runner: TaskRunner, submit: Callable[[str, str, str, str], object],
                 parent: QWidget | None = None, *, roles: Any = OperatorRole,
                 default_role: str = OperatorRole.MEDIATOR.value,
                 note: str | None = None) -> None:
        """``roles``: the role enum offered (the county passes ``CountyRole`` and its own
        ``note``)."""
        super().__init__(parent)
        self.runner = runner
        self._submit = submit
        self.setWindowTitle(self.tr("Add an operator"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.general = ErrorLabel()
        self.errors = FieldErrors(self.general)
        self.username = QLineEdit()
        self.username.setObjectName("new_username")
        self.username.setPlaceholderText(self.tr("letters and digits, e.g. liming"))
        self.name = QLineEdit()
        self.name.setObjectName("new_name")
        self.role: QComboBox = combo_for(roles)
        self.role.setObjectName("new_role")
        self.role.setCurrentIndex(self.role.findData(default_role))
        self.password = QLineEdit()
        self.password.setObjectName("new_password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat_password")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        field_row(form, self.tr("User name"), self.username, self.errors, "username",
                  required=True)
        field_row(form, self.tr("Name"), self.name, self.errors, "name", required=True)
        field_row(form, self.tr("Role"), self.role, self.errors, "role")
        field_row(form, self.tr("Password (at least 8 characters)"), self.password,
                  self.errors, "password", required=True)
        field_row(form, self.tr("Repeat the password"), self.repeat, self.errors, "repeat",
                  required=True)
        layout.addLayout(form)
        note = QLabel(note if note is not None else self.tr(
            "Mediators record and print; station administrators also manage operators and "
            "station settings."))
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        layout.addWidget(note)
        layout.addWidget(self.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        self.errors.reveal_all()  # a submit shows every problem
        username, name = self.username.text().strip(), self.name.text().strip()
        role, password = combo_value(self.role) or "", self.password.text()
        if password != self.repeat.text():
            self.errors.show([FieldError("repeat", self.tr("The two passwords differ."))])
            return
        self.errors.show([])
        self.buttons.setEnabled(False)
        submit = self._submit
        self.runner.run(lambda: submit(username, name, role, password), write=True,
                        on_done=lambda _id: self.accept(), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.show(error.errors)
        else:
            self.errors.show([FieldError("", str(error))])


class OperatorsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        #: The dialog or question currently open (tests drive it).
        self.dialog: QDialog | None = None
        self.progress_dialog: TaskProgress | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Operators"))
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        intro = QLabel(self.tr(
            "Everyone who uses this computer has an account of their own. A disabled account "
            "can no longer log in; what it recorded stays. Records are never deleted."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.model = OperatorTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setObjectName("operators_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add operator..."))
        self.add_button.setObjectName("add_operator")
        self.add_button.clicked.connect(self.add_operator)
        self.disable_button = QPushButton(self.tr("Disable"))
        self.disable_button.setObjectName("disable_operator")
        self.disable_button.clicked.connect(self.disable_selected)
        self.enable_button = QPushButton(self.tr("Enable..."))
        self.enable_button.setObjectName("enable_operator")
        self.enable_button.clicked.connect(self.enable_selected)
        self.reset_button = QPushButton(self.tr("Reset password..."))
        self.reset_button.setObjectName("reset_password")
        self.reset_button.clicked.connect(self.reset_selected)
        for button in (self.add_button, self.disable_button, self.enable_button,
                       self.reset_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        recovery = QGroupBox(self.tr("Recovery code"))
        box = QVBoxLayout(recovery)
        text = QLabel(self.tr(
            "The recovery code printed at set-up lets an administrator who forgot the password "
            "set a new one. If the sheet is lost or may have been seen, make a new code: the "
            "old one stops working."))
        text.setWordWrap(True)
        box.addWidget(text)
        self.recovery_button = QPushButton(self.tr("Make a new recovery code..."))
        self.recovery_button.setObjectName("renew_recovery_code")
        self.recovery_button.clicked.connect(self.renew_recovery_code)
        box.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(recovery)
        self._update_buttons()

    # -- data -------------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        from workstation.services.operators import list_operators

        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.runner.run(lambda: list_operators(db, actor), on_done=self._loaded,
                            on_error=lambda e: show_error(self, self.tr("Operators"), e))

    def _loaded(self, rows: list[Any]) -> None:
        selected = self.selected()
        self.model.set_items(rows)
        if selected is not None:
            for i, row in enumerate(rows):
                if row.id == selected.id:
                    self.table.selectRow(i)
        self._update_buttons()

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        mine = item is not None and item.id == self.ctx.actor.operator_id
        self.disable_button.setEnabled(item is not None and item.active and not mine)
        self.enable_button.setEnabled(item is not None and not item.active)
        self.reset_button.setEnabled(item is not None and item.active and not mine)

    # -- actions ----------------------------------------------------------------------------

    def _done(self, message: str) -> None:
        self.dialog = None
        self.ctx.signals.status_message.emit(message)
        self.refresh()

    def _open(self, dialog: QDialog, message: str) -> None:
        dialog.accepted.connect(lambda: self._done(message))
        dialog.rejected.connect(lambda: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def add_operator(self) -> None:
        from workstation.services.operators import add_operator

        db, actor = self.ctx.db, self.ctx.actor

        def submit(username: str, name: str, role: str, password: str) -> str:
            return add_operator(db, actor, username=username, name=name, password=password,
                                role=role)

        self._open(AddOperatorDialog(self.ctx.runner, submit, self),
                   self.tr("The operator was added."))

    def disable_selected(self) -> None:
        from workstation.services.operators import disable_operator

        item = self.selected()
        if item is None:
            return
        db, actor, oid = self.ctx.db, self.ctx.actor, item.id
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Disable operator"), self.tr(
            "Disable %1 (%2)? The account can no longer log in; everything it recorded "
            "stays. It can be enabled again with a new password.").replace(
            "%1", item.name).replace("%2", item.username) + "\n\n" + self.tr(
            "The database then gets a new key, so copies of the key file or backups the "
            "account may have kept open nothing recorded from now on. This can take a few "
            "minutes on a large station; keep the computer on."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirm_disable")
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(*_: object) -> None:
            self.dialog = None
            if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
                return
            self._rekeying(
                lambda progress: disable_operator(db, actor, oid, progress=progress),
                self.tr("Disable operator"),
                lambda result: self._rekeyed(result, self.tr("The operator was disabled.")))

        box.finished.connect(answered)
        self.dialog = box
        box.open()

    def _rekeying(self, fn: Callable[[Any], Any], title: str,
                  on_done: Callable[[Any], None]) -> None:
        """Run a change that gives the database a new key, with a progress dialog."""
        run_rekey(self, self.ctx.runner, fn, title=title, label=self._rekey_label,
                  object_name="rekey_progress", on_done=on_done)

    def _rekey_label(self, step: str) -> str:
        return self.tr("Changing the database key: %1. This cannot be cancelled; please "
                       "wait and do not switch the computer off.").replace("%1", step)

    def _rekeyed(self, result: Any, message: str) -> None:
        """Tell what a rekey left to do: operators who need a new password, a rekey that
        waits for the next login, a new recovery code to record."""
        notes = []
        if result.deferred:
            notes.append(self.tr(
                "The database key could not be changed now because another workstation "
                "program has the station open. It will be changed at the next login."))
        if result.needs_reset:
            notes.append(self.tr(
                "These accounts could not be given the new key and cannot log in until you "
                "reset their password: %1").replace("%1", "、".join(result.needs_reset)))
        if notes:
            box = QMessageBox(QMessageBox.Icon.Information, message, "\n\n".join(notes),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("rekey_notes")
            box.finished.connect(lambda *_: self._after_rekey(result, message))
            self.dialog = box
            box.open()
            return
        self._after_rekey(result, message)

    def _after_rekey(self, result: Any, message: str) -> None:
        self.dialog = None
        if result.recovery_code:
            self._show_code(result.recovery_code)
            return
        self._done(message)

    def enable_selected(self) -> None:
        from workstation.services.operators import enable_operator

        item = self.selected()
        if item is None:
            return
        db, actor, oid = self.ctx.db, self.ctx.actor, item.id
        dialog = PasswordDialog(
            self.ctx.runner, lambda new: enable_operator(db, actor, oid, new),
            title=self.tr("Enable %1").replace("%1", item.name),
            intro=self.tr("The account gets a new password; tell it to %1 in person.")
            .replace("%1", item.name), parent=self)
        self._open(dialog, self.tr("The operator was enabled."))

    def reset_selected(self) -> None:
        from workstation.services.operators import reset_password

        item = self.selected()
        if item is None:
            return
        db, actor, oid = self.ctx.db, self.ctx.actor, item.id
        dialog = PasswordDialog(
            self.ctx.runner, lambda new: reset_password(db, actor, oid, new),
            title=self.tr("Reset the password of %1").replace("%1", item.name),
            intro=self.tr("The old password stops working at once; a lock after failed "
                          "logins is lifted. Tell the new password to %1 in person.")
            .replace("%1", item.name), parent=self)
        self._open(dialog, self.tr("The password was reset."))

    def renew_recovery_code(self) -> None:
        from workstation.services.security import renew_recovery_code

        db, actor = self.ctx.db, self.ctx.actor
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Make a new recovery code"),
                          self.tr("Make a new recovery code? The old code stops working at "
                                  "once; print the new one and keep it in the safe.") + "\n\n"
                          + self.tr("The database also gets a new key, so the old code opens "
                                    "nothing recorded from now on. This can take a few "
                                    "minutes on a large station."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirm_recovery")
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(*_: object) -> None:
            self.dialog = None
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self._rekeying(
                    lambda progress: renew_recovery_code(db, actor, progress=progress),
                    self.tr("Recovery code"), self._show_code)

        box.finished.connect(answered)
        self.dialog = box
        box.open()

    def _show_code(self, code: str) -> None:
        from workstation.services.security import confirm_recovery_recorded

        db, actor = self.ctx.db, self.ctx.actor
        dialog = RecoveryCodeDialog(self.ctx.runner, self.ctx.station_name, code, self)
        dialog.accepted.connect(lambda: self.ctx.runner.run(
            lambda: confirm_recovery_recorded(db, actor), write=True))
        self._open(dialog, self.tr("The new recovery code is in force."))
