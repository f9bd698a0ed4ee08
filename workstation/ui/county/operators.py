"""操作员 of the county console (admins only: ``Permission.OPERATORS``; the services in
``county.security`` check it again): list the county operators, add one, disable one (the
county gets a new data key: a progress dialog that cannot be cancelled), enable one or reset
a password (a new password twice), and make a new recovery code (shown once). The station's
dialogs are reused (``AddOperatorDialog``, ``PasswordDialog``, ``RecoveryCodeDialog``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import CountyRole

from ..pages.operators import INACTIVE, AddOperatorDialog, OperatorTableModel
from ..security.password_dialog import PasswordDialog
from ..security.recovery_code import RecoveryCodeDialog
from ..security.rekey_progress import run_rekey
from ..widgets.forms import show_error
from ..widgets.progress import TaskProgress
from ..widgets.shortcuts import confirm
from .common import CountyPage, heading, hint, make_table
from .context import CountyContext


class CountyOperatorModel(OperatorTableModel):
    """``county.security.OperatorInfo`` rows: user name, name, role, status (the station's
    columns and words)."""

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
            return item.role.label
        return (QCoreApplication.translate("Operators", "Active") if item.active
                else QCoreApplication.translate("Operators", "Disabled"))


class CountyOperatorsPage(CountyPage):
    def __init__(self, ctx: CountyContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        #: The dialog currently open (tests drive it).
        self.dialog: QDialog | None = None
        self.progress_dialog: TaskProgress | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("County operators")))
        layout.addWidget(hint(self.tr(
            "Everyone who works at the county center logs in with an account of their own. "
            "A disabled account can no longer open the county database; what it did stays "
            "in the audit log.")))
        self.model = CountyOperatorModel(self)
        self.table = make_table(self.model, "county_operators_table", stretch=1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add..."))
        self.add_button.setObjectName("add_county_operator")
        self.add_button.clicked.connect(self.add_operator)
        self.disable_button = QPushButton(self.tr("Disable"))
        self.disable_button.setObjectName("disable_county_operator")
        self.disable_button.clicked.connect(self.disable_selected)
        self.enable_button = QPushButton(self.tr("Enable..."))
        self.enable_button.setObjectName("enable_county_operator")
        self.enable_button.clicked.connect(self.enable_selected)
        self.reset_button = QPushButton(self.tr("Reset password..."))
        self.reset_button.setObjectName("reset_county_password")
        self.reset_button.clicked.connect(self.reset_selected)
        for button in (self.add_button, self.disable_button, self.enable_button,
                       self.reset_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        recovery = QGroupBox(self.tr("Recovery code"))
        box = QVBoxLayout(recovery)
        box.addWidget(hint(self.tr(
            "The recovery code lets an administrator who forgot the password set a new one. "
            "If the sheet is lost or may have been seen, make a new code: the old one stops "
            "working.")))
        self.recovery_button = QPushButton(self.tr("New recovery code..."))
        self.recovery_button.setObjectName("renew_county_recovery_code")
        self.recovery_button.clicked.connect(self.renew_recovery_code)
        box.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(recovery)
        self._update_buttons()

    # -- data -------------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        from workstation.county.security import list_operators

        db = self.ctx.db
        self.ctx.runner.run(lambda: list_operators(db), on_done=self._loaded,
                            on_error=lambda e: show_error(self, self.tr("County operators"), e))

    def _loaded(self, rows: list[Any]) -> None:
        selected = self.selected()
        self.model.set_items(rows)
        if selected is not None:
            self.select(selected.username)
        self._update_buttons()

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def select(self, username: str) -> None:
        for i in range(self.model.rowCount()):
            if self.model.item_at(i).username == username:
                self.table.selectRow(i)
                return

    def _update_buttons(self) -> None:
        item = self.selected()
        session = self.ctx.session
        mine = item is not None and session is not None and item.username == session.username
        self.disable_button.setEnabled(item is not None and item.active and not mine)
        self.enable_button.setEnabled(item is not None and not item.active)
        self.reset_button.setEnabled(item is not None and item.active)

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
        from workstation.county.security import add_operator

        db = self.ctx.db

        def submit(username: str, name: str, role: str, password: str) -> object:
            return add_operator(db, username=username, name=name, role=role,
                                password=password)

        dialog = AddOperatorDialog(
            self.ctx.runner, submit, self, roles=CountyRole,
            default_role=CountyRole.STATISTICS.value,
            note=self.tr("Clerks import and decide; read-only operators see statistics; "
                         "administrators also manage operators."))
        dialog.setWindowTitle(self.tr("Add a county operator"))
        self._open(dialog, self.tr("The operator was added."))

    def disable_selected(self) -> None:
        from workstation.county.security import disable_operator

        item = self.selected()
        if item is None:
            return
        if not confirm(self, self.tr("Disable operator"), self.tr(
                "Disable %1 (%2)? The account can no longer log in; what it did stays in the "
                "audit log. It can be enabled again with a new password.").replace(
                "%1", item.name).replace("%2", item.username) + "\n\n" + self.tr(
                "The county database then gets a new key, so copies of the key file the "
                "account may have kept open nothing. This can take a few minutes on a large "
                "county database and cannot be cancelled.")):
            return
        db, username = self.ctx.db, item.username
        self._rekeying(lambda progress: disable_operator(db, username, progress=progress),
                       self.tr("Disable operator"),
                       lambda _result: self._done(self.tr("The operator was disabled.")))

    def _rekeying(self, fn: Callable[[Any], Any], title: str,
                  on_done: Callable[[Any], None]) -> None:
        """Run a change that gives the county a new data key, with a progress dialog."""
        run_rekey(self, self.ctx.runner, fn, title=title, label=self._rekey_label,
                  object_name="county_rekey_progress", on_done=on_done)

    def _rekey_label(self, step: str) -> str:
        return self.tr("Changing the county database key: %1. This cannot be cancelled; "
                       "please wait and do not switch the computer off.").replace("%1", step)

    def enable_selected(self) -> None:
        from workstation.county.security import enable_operator

        item = self.selected()
        if item is None:
            return
        db, username = self.ctx.db, item.username
        dialog = PasswordDialog(
            self.ctx.runner, lambda new: enable_operator(db, username, new),
            title=self.tr("Enable %1").replace("%1", item.name),
            intro=self.tr("The account gets a new password; tell it to %1 in person.")
            .replace("%1", item.name), parent=self)
        self._open(dialog, self.tr("The operator was enabled."))

    def reset_selected(self) -> None:
        from workstation.county.security import reset_password

        item = self.selected()
        if item is None:
            return
        db, username = self.ctx.db, item.username
        dialog = PasswordDialog(
            self.ctx.runner, lambda new: reset_password(db, username, new),
            title=self.tr("Reset the password of %1").replace("%1", item.name),
            intro=self.tr("The old password stops working at once; a lock after failed "
                          "logins is lifted. Tell the new password to %1 in person.")
            .replace("%1", item.name), parent=self)
        self._open(dialog, self.tr("The password was reset."))

    def renew_recovery_code(self) -> None:
        from workstation.county.security import renew_recovery_code

        if not confirm(self, self.tr("New recovery code"), self.tr(
                "Make a new recovery code? The old code stops working at once; print the new "
                "one and keep it in the safe.") + "\n\n" + self.tr(
                "The county database also gets a new key. This can take a few minutes on a "
                "large county database and cannot be cancelled.")):
            return
        db = self.ctx.db
        self._rekeying(lambda progress: renew_recovery_code(db, progress=progress),
                       self.tr("New recovery code"), self._show_code)

    def _show_code(self, code: str) -> None:
        """The code once, in a dialog closed only after the admin ticked that it is kept."""
        dialog = RecoveryCodeDialog(self.ctx.runner, QCoreApplication.translate(
            "CountyStartup", "County console"), code, self)
        dialog.setObjectName("county_new_recovery_code")
        self._open(dialog, self.tr("The new recovery code is in force."))
