"""Settings: text size for readability, the A4 and receipt printers (kept in QSettings), the
idle lock (a station setting, admins only), and the station's identity."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..appearance import SETTING_TEXT_SIZE, TEXT_SIZES, apply_text_size, text_size
from ..context import AppContext
from .base import Page


class SettingsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        size_box = QGroupBox(self.tr("Text size"))
        size_layout = QVBoxLayout(size_box)
        self.size_group = QButtonGroup(self)
        labels = {"normal": self.tr("Normal"), "large": self.tr("Large"),
                  "larger": self.tr("Extra large")}
        self.size_buttons: dict[str, QRadioButton] = {}
        current = text_size(QSettings())
        for key in TEXT_SIZES:
            button = QRadioButton(labels[key])
            button.setObjectName(f"text_size_{key}")
            button.setChecked(key == current)
            button.toggled.connect(lambda on, k=key: on and self.set_text_size(k))
            self.size_group.addButton(button)
            self.size_buttons[key] = button
            size_layout.addWidget(button)
        layout.addWidget(size_box)
        layout.addWidget(self._printers_box())
        layout.addWidget(self._lock_box())
        layout.addWidget(self._aid_box())

        station_box = QGroupBox(self.tr("Station"))
        form = QFormLayout(station_box)
        form.addRow(self.tr("Station name"), QLabel(ctx.station_name))
        form.addRow(self.tr("Operator"), QLabel(ctx.actor.name))
        self.password_button = QPushButton(self.tr("Change my password..."))
        self.password_button.setObjectName("change_password")
        self.password_button.clicked.connect(self.change_password)
        form.addRow("", self.password_button)
        # 首问负责: the consultation time limit (admin; its own widget).
        from ..widgets.responsibility import ConsultationDaysField

        self.consultation_days = ConsultationDaysField(ctx)
        form.addRow(self.tr("Consultations answered within"), self.consultation_days)
        self.password_dialog: QDialog | None = None
        layout.addWidget(station_box)
        layout.addWidget(self._committees_box())
        note = QLabel(self.tr("Backups are on the Backups page: a backup is made every day and "
                              "when the program closes, and you can back up to a USB stick "
                              "or restore a backup there."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def _printers_box(self) -> QGroupBox:
        from ..printing.printer import (
            SAVE_AS_PDF,
            SETTING_A4_PRINTER,
            SETTING_RECEIPT_PRINTER,
            SYSTEM_DEFAULT,
            available_printer_names,
        )

        box = QGroupBox(self.tr("Printers"))
        form = QFormLayout(box)
        names = available_printer_names()
        self.printer_combos: dict[str, QComboBox] = {}
        for key, caption in ((SETTING_A4_PRINTER, self.tr("A4 printer")),
                             (SETTING_RECEIPT_PRINTER, self.tr("Receipt printer (80 mm)"))):
            combo = QComboBox()
            combo.setObjectName(key.replace("/", "_"))
            combo.addItem(self.tr("System default"), SYSTEM_DEFAULT)
            combo.addItem(self.tr("Save as PDF"), SAVE_AS_PDF)
            for name in names:
                combo.addItem(name, name)
            stored = str(QSettings().value(key, SYSTEM_DEFAULT) or SYSTEM_DEFAULT)
            if combo.findData(stored) < 0:
                combo.addItem(self.tr("%1 (not connected)").replace("%1", stored), stored)
            combo.setCurrentIndex(combo.findData(stored))
            combo.currentIndexChanged.connect(
                lambda _i, k=key, c=combo: QSettings().setValue(k, c.currentData()))
            self.printer_combos[key] = combo
            form.addRow(caption, combo)
        note = QLabel(self.tr("Receipts print straight to the receipt printer on 80 mm paper; "
                              "forms open the print dialog with the A4 printer chosen."))
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        form.addRow(note)
        return box

    def _committees_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("People's mediation committees"))
        row = QHBoxLayout(box)
        self.committees_summary = QLabel()
        self.committees_summary.setObjectName("committees_summary")
        self.committees_summary.setWordWrap(True)
        row.addWidget(self.committees_summary, 1)
        self.committees_button = QPushButton(self.tr("Manage committees..."))
        self.committees_button.setObjectName("manage_committees")
        self.committees_button.clicked.connect(self.open_committees)
        self.committees_button.setVisible(self.ctx.actor.is_admin)
        row.addWidget(self.committees_button)
        self.committees_dialog: QDialog | None = None
        self._load_committees()
        return box

    def _load_committees(self) -> None:
        from workstation.services.committees import list_committees

        db = self.ctx.db

        def show(items: list) -> None:  # type: ignore[type-arg]
            names = "、".join(c.name for c in items if c.active)
            self.committees_summary.setText(names or self.tr("No committee yet."))

        self.ctx.runner.run(lambda: list_committees(db, active_only=True), on_done=show)

    def open_committees(self) -> None:
        """The committee editor (admins; the services refuse others anyway)."""
        from ..dialogs.committees import CommitteesDialog

        dialog = CommitteesDialog(self.ctx, parent=self)
        dialog.changed.connect(self._load_committees)
        dialog.finished.connect(lambda *_: setattr(self, "committees_dialog", None))
        self.committees_dialog = dialog
        dialog.open()

    def change_password(self) -> None:
        """Everyone may change their own password (the current one is asked first)."""
        from workstation.services.operators import change_own_password

        from ..security.password_dialog import PasswordDialog

        db, actor = self.ctx.db, self.ctx.actor
        dialog = PasswordDialog(
            self.ctx.runner, lambda old, new: change_own_password(db, actor, old, new),
            title=self.tr("Change my password"), ask_current=True, parent=self)
        dialog.accepted.connect(lambda: self.ctx.signals.status_message.emit(
            self.tr("Your password was changed.")))
        dialog.finished.connect(lambda *_: setattr(self, "password_dialog", None))
        self.password_dialog = dialog
        dialog.open()

    def _lock_box(self) -> QGroupBox:
        from workstation.services.session_lock import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES

        box = QGroupBox(self.tr("Automatic lock"))
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Lock after")))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idle_lock_minutes")
        self.idle_minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(self.tr(" minutes without use"))
        self.idle_minutes.setEnabled(False)  # until the current value is loaded
        row.addWidget(self.idle_minutes)
        self.idle_save = QPushButton(self.tr("Apply"))
        self.idle_save.setObjectName("idle_lock_apply")
        self.idle_save.setEnabled(False)
        self.idle_save.clicked.connect(self.save_idle_minutes)
        row.addWidget(self.idle_save)
        row.addStretch(1)
        column.addLayout(row)
        admin = self.ctx.actor.is_admin
        self.idle_note = QLabel(
            self.tr("Personal data is hidden until the same operator's password is entered; "
                    "open forms are kept.") if admin else
            self.tr("Only the station admin can change this."))
        self.idle_note.setObjectName("idle_lock_note")
        self.idle_note.setWordWrap(True)
        self.idle_note.setProperty("role", "hint")
        column.addWidget(self.idle_note)
        from workstation.services.session_lock import idle_lock_minutes

        db = self.ctx.db
        self.ctx.runner.run(lambda: idle_lock_minutes(db), on_done=self._show_idle_minutes)
        return box

    def _show_idle_minutes(self, minutes: int) -> None:
        self.idle_minutes.setValue(minutes)
        admin = self.ctx.actor.is_admin
        self.idle_minutes.setEnabled(admin)
        self.idle_save.setEnabled(admin)

    def save_idle_minutes(self) -> None:
        """Store the idle time (background; the service checks the role) and apply it."""
        from workstation.services.session_lock import set_idle_lock_minutes

        ctx, minutes = self.ctx, self.idle_minutes.value()
        self.idle_save.setEnabled(False)

        def done(value: int) -> None:
            self.idle_save.setEnabled(True)
            self.idle_note.setText(self.tr("Saved: the workstation locks after %1 minutes "
                                           "without use.").replace("%1", str(value)))
            ctx.signals.idle_lock_minutes_changed.emit(value)

        def failed(error: BaseException) -> None:
            from ..widgets.forms import error_message

            self.idle_save.setEnabled(True)
            self.idle_note.setText(error_message(error))

        ctx.runner.run(lambda: set_idle_lock_minutes(ctx.db, ctx.actor, minutes), write=True,
                       on_done=done, on_error=failed)

    def _aid_box(self) -> QGroupBox:
        """Art. 44: how soon the station forwards an urgent legal aid application."""
        from workstation.services.aid import urgent_forward_days

        box = QGroupBox(self.tr("Urgent legal aid applications"))
        row = QHBoxLayout(box)
        row.addWidget(QLabel(self.tr("Forward on")))
        self.urgent_days = QComboBox()
        self.urgent_days.setObjectName("urgent_forward_days")
        self.urgent_days.addItem(self.tr("the same day"), 0)
        self.urgent_days.addItem(self.tr("the next working day"), 1)
        self.urgent_days.setEnabled(False)  # until the current value is loaded
        row.addWidget(self.urgent_days)
        self.urgent_save = QPushButton(self.tr("Apply"))
        self.urgent_save.setObjectName("urgent_forward_apply")
        self.urgent_save.setEnabled(False)
        self.urgent_save.clicked.connect(self.save_urgent_days)
        row.addWidget(self.urgent_save)
        self.urgent_note = QLabel()
        self.urgent_note.setObjectName("urgent_forward_note")
        self.urgent_note.setWordWrap(True)
        self.urgent_note.setProperty("role", "hint")
        row.addWidget(self.urgent_note, 1)
        db = self.ctx.db
        self.ctx.runner.run(lambda: urgent_forward_days(db),
                            on_done=self._show_urgent_days)
        return box

    def _show_urgent_days(self, days: int) -> None:
        self.urgent_days.setCurrentIndex(max(0, self.urgent_days.findData(days)))
        admin = self.ctx.actor.is_admin
        self.urgent_days.setEnabled(admin)
        self.urgent_save.setEnabled(admin)
        self.urgent_note.setText(
            self.tr("Printed on the receipt of an urgent application.") if admin else
            self.tr("Only the station admin can change this."))

    def save_urgent_days(self) -> None:
        from workstation.services.aid import set_urgent_forward_days

        ctx, days = self.ctx, int(self.urgent_days.currentData())
        self.urgent_save.setEnabled(False)

        def done(_value: int) -> None:
            self.urgent_save.setEnabled(True)
            self.urgent_note.setText(self.tr("Saved."))

        def failed(error: BaseException) -> None:
            from ..widgets.forms import error_message

            self.urgent_save.setEnabled(True)
            self.urgent_note.setText(error_message(error))

        ctx.runner.run(lambda: set_urgent_forward_days(ctx.db, ctx.actor, days), write=True,
                       on_done=done, on_error=failed)

    def set_text_size(self, key: str) -> None:
        """Store and apply the text size at once."""
        QSettings().setValue(SETTING_TEXT_SIZE, key)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_text_size(app, key)
