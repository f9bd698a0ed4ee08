"""The people's mediation committees editor (设置, station admins): the list with add, edit,
deactivate and delete, the confirmation asked after an upgrade made the first committee from
the old settings, and the banner that leads an admin there at login."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.committees import CommitteeInput, CommitteeType

from ..context import AppContext
from ..widgets.forms import ErrorLabel, combo_for, combo_value, error_message, set_combo_value
from ..widgets.shortcuts import confirm


class CommitteeEditDialog(QDialog):
    """Add or edit one committee (name as on its seal, type, area, mediators)."""

    def __init__(self, ctx: AppContext, committee: Any = None, *,
                 division_code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.committee = committee
        self.setWindowTitle(self.tr("Edit mediation committee") if committee is not None
                            else self.tr("Add mediation committee"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("committee_name")
        self.name.setPlaceholderText(self.tr("e.g. Donggang Village People's Mediation "
                                             "Committee"))
        self.kind = combo_for(CommitteeType, searchable=False)
        self.kind.setObjectName("committee_kind")
        self.division_code = QLineEdit()
        self.division_code.setObjectName("committee_division_code")
        self.mediators = QListWidget()
        self.mediators.setObjectName("committee_mediators")
        self.mediators.setMaximumHeight(self.mediators.fontMetrics().lineSpacing() * 5 + 12)
        self.other_mediators = QLineEdit()
        self.other_mediators.setObjectName("committee_other_mediators")
        self.other_mediators.setPlaceholderText(self.tr("Names, separated by 、"))
        self.is_default = QCheckBox(self.tr("Default committee for new cases"))
        self.is_default.setObjectName("committee_default")
        form.addRow(self.tr("Name (as on its seal)"), self.name)
        form.addRow(self.tr("Committee type"), self.kind)
        form.addRow(self.tr("Division code (12 digits)"), self.division_code)
        form.addRow(self.tr("Mediators of this station"), self.mediators)
        form.addRow(self.tr("Other mediators"), self.other_mediators)
        form.addRow("", self.is_default)
        layout.addLayout(form)
        hint = QLabel(self.tr("Documents print this name over the committee's seal: write it "
                              "exactly as the seal reads."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.error = ErrorLabel()
        self.error.setObjectName("committee_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("committee_save")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        chosen: tuple[str, ...] = ()
        if committee is not None:
            self.name.setText(committee.name)
            set_combo_value(self.kind, committee.kind)
            self.division_code.setText(committee.division_code)
            self.other_mediators.setText(committee.other_mediators)
            self.is_default.setChecked(committee.is_default)
            chosen = committee.operator_ids
        else:
            self.division_code.setText(division_code)
        self._load_operators(chosen)

    def _load_operators(self, chosen: tuple[str, ...]) -> None:
        from workstation.services.records import operators

        db = self.ctx.db

        def show(items: list[Any]) -> None:
            for op in items:
                item = QListWidgetItem(op.name)
                item.setData(Qt.ItemDataRole.UserRole, op.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if op.id in chosen
                                   else Qt.CheckState.Unchecked)
                self.mediators.addItem(item)

        self.ctx.runner.run(lambda: operators(db), on_done=show)

    def data(self) -> CommitteeInput:
        ids = tuple(
            str(self.mediators.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.mediators.count())
            if self.mediators.item(i).checkState() == Qt.CheckState.Checked)
        active = self.committee.active if self.committee is not None else True
        return CommitteeInput(
            name=self.name.text(), kind=combo_value(self.kind) or "",
            division_code=self.division_code.text(), operator_ids=ids,
            other_mediators=self.other_mediators.text(), active=active,
            is_default=self.is_default.isChecked())

    def save(self) -> None:
        from workstation.services import committees as com

        ctx, data, committee = self.ctx, self.data(), self.committee
        self.save_button.setEnabled(False)

        def work() -> object:
            if committee is None:
                return com.create_committee(ctx.db, ctx.actor, data)
            return com.update_committee(ctx.db, ctx.actor, committee.id, data,
                                        expected_version=committee.version)

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.error.show_message(error_message(error))

        ctx.runner.run(work, write=True, on_done=lambda _r: self.accept(), on_error=failed)


class CommitteesDialog(QDialog):
    """The station's committees with add / edit / deactivate / delete (admins only; the
    services refuse others anyway). ``confirming``: also ask to confirm the names."""

    changed = Signal()

    def __init__(self, ctx: AppContext, *, confirming: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[Any] = []
        self.editor: CommitteeEditDialog | None = None
        self.division_code = ""
        self.setWindowTitle(self.tr("People's mediation committees"))
        layout = QVBoxLayout(self)
        self.notice = QLabel(self.tr(
            "The program made this committee from the station's settings. Mediation documents "
            "are issued in its name: check that the name is exactly as on the committee's "
            "seal, correct it if needed, then confirm."))
        self.notice.setObjectName("committee_confirm_notice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "notice")
        self.notice.setVisible(confirming)
        layout.addWidget(self.notice)
        self.list = QListWidget()
        self.list.setObjectName("committee_list")
        self.list.itemDoubleClicked.connect(lambda *_: self.edit())
        self.list.currentRowChanged.connect(self._selection_changed)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add..."))
        self.add_button.setObjectName("committee_add")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit..."))
        self.edit_button.setObjectName("committee_edit")
        self.edit_button.clicked.connect(self.edit)
        self.deactivate_button = QPushButton(self.tr("Deactivate"))
        self.deactivate_button.setObjectName("committee_deactivate")
        self.deactivate_button.clicked.connect(self.deactivate)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("committee_delete")
        self.delete_button.clicked.connect(self.delete)
        for button in (self.add_button, self.edit_button, self.deactivate_button,
                       self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = ErrorLabel()
        self.error.setObjectName("committees_error")
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        self.confirm_button = QPushButton(self.tr("The names match the seals: confirm"))
        self.confirm_button.setObjectName("committee_confirm")
        self.confirm_button.setVisible(confirming)
        self.confirm_button.clicked.connect(self.confirm_names)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("committees_close")
        close.clicked.connect(self.accept)
        bottom.addWidget(self.confirm_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.setMinimumWidth(480)
        self._selection_changed(-1)
        self.reload()

    # -- data ---------------------------------------------------------------------------------

    def reload(self) -> None:
        from workstation.services.committees import list_committees
        from workstation.services.stations import get_station

        db = self.ctx.db
        self.ctx.runner.run(lambda: (list_committees(db), get_station(db).division_code),
                            on_done=self._show)

    def _show(self, result: tuple[list[Any], str]) -> None:
        items, self.division_code = result
        current = self.selected()
        self.items = items
        self.list.clear()
        for c in items:
            marks = [c.kind_label, self.tr("%1 cases").replace("%1", str(c.cases))]
            if c.is_default:
                marks.append(self.tr("default"))
            if not c.active:
                marks.append(self.tr("deactivated"))
            if c.mediators:
                marks.append(c.mediators)
            item = QListWidgetItem(f"{c.name}（{'，'.join(marks)}）")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
        ids = [c.id for c in items]
        self.list.setCurrentRow(ids.index(current.id) if current and current.id in ids else 0)

    def selected(self) -> Any:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selection_changed(self, _row: int) -> None:
        c = self.selected()
        self.edit_button.setEnabled(c is not None)
        self.deactivate_button.setEnabled(c is not None and c.active)
        self.delete_button.setEnabled(c is not None and c.cases == 0)

    # -- actions ------------------------------------------------------------------------------

    def _open_editor(self, committee: Any) -> None:
        editor = CommitteeEditDialog(self.ctx, committee, division_code=self.division_code,
                                     parent=self)
        editor.accepted.connect(self._edited)
        editor.finished.connect(lambda *_: setattr(self, "editor", None))
        self.editor = editor
        editor.open()

    def _edited(self) -> None:
        self.error.show_message(None)
        self.changed.emit()
        self.reload()

    def add(self) -> None:
        self._open_editor(None)

    def edit(self) -> None:
        if self.selected() is not None:
            self._open_editor(self.selected())

    def _run(self, work: Any) -> None:
        self.ctx.runner.run(work, write=True, on_done=lambda _r: self._edited(),
                            on_error=lambda e: self.error.show_message(error_message(e)))

    def deactivate(self) -> None:
        from workstation.services.committees import deactivate_committee

        c, ctx = self.selected(), self.ctx
        if c is None or not confirm(
                self, self.tr("Deactivate committee"),
                self.tr("Deactivate %1? New cases can no longer choose it; its cases keep "
                        "it.").replace("%1", c.name)):
            return
        self._run(lambda: deactivate_committee(ctx.db, ctx.actor, c.id))

    def delete(self) -> None:
        from workstation.services.committees import delete_committee

        c, ctx = self.selected(), self.ctx
        if c is None or not confirm(
                self, self.tr("Delete committee"),
                self.tr("Delete %1? Only a committee without cases can be deleted.")
                .replace("%1", c.name)):
            return
        self._run(lambda: delete_committee(ctx.db, ctx.actor, c.id))

    def confirm_names(self) -> None:
        from workstation.services.committees import confirm_committees

        ctx = self.ctx

        def done(_r: object) -> None:
            self.notice.hide()
            self.confirm_button.hide()
            self.changed.emit()
            ctx.signals.status_message.emit(self.tr("The mediation committees are confirmed."))

        ctx.runner.run(lambda: confirm_committees(ctx.db, ctx.actor), write=True,
                       on_done=done,
                       on_error=lambda e: self.error.show_message(error_message(e)))


class CommitteeBanner(QFrame):
    """Shown to an admin while the committees made by the upgrade wait for confirmation."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("committee_banner")
        self.setProperty("role", "notice")
        self.dialog: CommitteesDialog | None = None
        row = QHBoxLayout(self)
        text = QLabel(self.tr("Please check the name of the people's mediation committee: "
                              "documents are issued in its name and must match its seal."))
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self.open_button = QPushButton(self.tr("Check committees..."))
        self.open_button.setObjectName("committee_banner_open")
        self.open_button.clicked.connect(self.open_editor)
        row.addWidget(self.open_button)
        self.hide()

    def check(self) -> None:
        """Show the banner if an admin still has to confirm (looked up in the background)."""
        if not self.ctx.actor.is_admin:
            return
        from workstation.services.committees import needs_confirmation

        db = self.ctx.db
        self.ctx.runner.run(lambda: needs_confirmation(db), on_done=self.setVisible)

    def open_editor(self) -> None:
        dialog = CommitteesDialog(self.ctx, confirming=True, parent=self.window())
        dialog.changed.connect(self.check)
        dialog.finished.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
