"""Restoring a backup: the password or recovery code a backup from another PC needs, and the
last look at what the backup holds before the current database is replaced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from workstation.services.backup import PreparedRestore, RestoreSecret



class RestoreSecretDialog(QDialog):
    """A user name and the password it had when the backup was made, or the recovery code."""

    def __init__(self, reason: str, error: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_secret")
        self.setWindowTitle(self.tr("Open the backup"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        explain = QLabel(reason)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("backup_username")
        self.password = QLineEdit()
        self.password.setObjectName("backup_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery_code = QLineEdit()
        self.recovery_code.setObjectName("recovery_code")
        self.recovery_code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password at that time"), self.password)
        form.addRow(self.tr("or the recovery code"), self.recovery_code)
        layout.addLayout(form)
        self.error_label = QLabel(error)
        self.error_label.setObjectName("secret_error")
        self.error_label.setProperty("role", "error")
        self.error_label.setVisible(bool(error))
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Open"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for edit in (self.username, self.password, self.recovery_code):
            edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        by_password = bool(self.username.text().strip() and self.password.text())
        self.ok_button.setEnabled(by_password or bool(self.recovery_code.text().strip()))

    def secret(self) -> RestoreSecret:
        from workstation.services.backup import RestoreSecret

        if self.recovery_code.text().strip():
            return RestoreSecret(recovery_code=self.recovery_code.text())
        return RestoreSecret(self.username.text().strip(), self.password.text())


class RestoreConfirmDialog(QDialog):
    """What the backup holds, what happens to the current data; Cancel is the default."""

    def __init__(self, prepared: PreparedRestore, current_station: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_confirm")
        self.setWindowTitle(self.tr("Restore backup"))
        self.setMinimumWidth(640)
        manifest, counts = prepared.manifest, prepared.facts.counts
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Replace all data of this station with this backup?"))
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        form.addRow(self.tr("Backup file"), QLabel(prepared.backup.name))
        form.addRow(self.tr("Station"), QLabel(manifest.station_name))
        form.addRow(self.tr("Made at"),
                    QLabel(manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")))
        for key, caption in (("person", self.tr("Persons")),
                             ("consultation", self.tr("Consultations")),
                             ("mediation_case", self.tr("Mediation cases")),
                             ("aid_referral", self.tr("Legal aid applications")),
                             ("operator", self.tr("Operators"))):
            label = QLabel(str(counts.get(key, 0)))
            label.setObjectName(f"count_{key}")
            form.addRow(caption, label)
        layout.addLayout(form)
        lines = list(prepared.notes)
        if current_station and manifest.station_name != current_station:
            lines.insert(0, self.tr("This backup belongs to another station (%1), not to "
                                    "%2.").replace("%1", manifest.station_name)
                         .replace("%2", current_station))
        lines.append(self.tr("Records entered after this backup was made will no longer be "
                             "shown. The current database is kept as a copy beside it."))
        lines.append(self.tr("After restoring, everyone logs in again."))
        warning = QLabel("\n".join(lines))
        warning.setObjectName("restore_warning")
        warning.setWordWrap(True)
        warning.setProperty("role", "notice")
        layout.addWidget(warning)
        from workstation.services.backup import restore_sync_warning

        sent = restore_sync_warning(prepared)  # bundles already sent to the county
        self.sync_warning = QLabel("\n".join(sent))
        self.sync_warning.setObjectName("restore_sync_warning")
        self.sync_warning.setWordWrap(True)
        self.sync_warning.setProperty("role", "notice")
        self.sync_warning.setVisible(bool(sent))
        layout.addWidget(self.sync_warning)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("confirm_restore")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # The explicit minimum overrides the layout's: keep room for the whole file name.
        self.setMinimumWidth(max(640, layout.minimumSize().width()))
        self.cancel_button.setFocus()
