"""The idle lock: after some minutes without keyboard or mouse input (the station's setting,
10 by default) every window of the session is covered and a lock dialog asks the same
operator's password.

Nothing is closed or hidden: open forms and dialogs stay exactly as they were under opaque
covers (a window that opens while locked, e.g. a finished print preview, is covered as it
shows), so unlocking returns to the half-typed form. The password is checked off the GUI
thread (argon2id); each wrong one is audited, and after ``MAX_ATTEMPTS`` the session ends.
切换用户 logs out instead: the record forms are saved as drafts (offered back at the next
login of that operator) and the login window shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import OperatorRole

from .context import AppContext
from .widgets.forms import ErrorLabel, error_message

#: Input that counts as "someone is using the PC".
ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})
#: Wrong passwords in a row before the session is ended (the login takes over).
MAX_ATTEMPTS = 5


class _Cover(QWidget):
    """An opaque sheet over one window while the session is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setProperty("role", "cover")
        self.setGeometry(window.rect())
        self.text = self.tr("Locked")
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parent():
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        elif event.type() == QEvent.Type.ChildAdded:
            self.raise_()
        return False

    def paintEvent(self, event: object) -> None:
        super().paintEvent(event)  # type: ignore[arg-type]
        painter = QPainter(self)
        painter.setPen(Qt.GlobalColor.white)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        painter.setFont(font)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text)
        painter.end()


class LockDialog(QDialog):
    """Who is logged in, the password box, 解锁 and 切换用户. Esc and the close button do
    nothing: the session stays locked until unlocked or logged out."""

    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint
                         | Qt.WindowType.WindowTitleHint)
        self.setObjectName("lock_dialog")
        self.setWindowTitle(self.tr("Workstation locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("The workstation is locked"))
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        actor = ctx.actor
        who = QLabel(self.tr("Logged in: %1 (%2, user name %3)").replace("%1", actor.name)
                     .replace("%2", OperatorRole.label_of(actor.role))
                     .replace("%3", actor.username))
        who.setObjectName("lock_operator")
        who.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(who)
        note = QLabel(self.tr("Enter this operator's password to continue; open forms are "
                              "kept as they were. Another operator: switch user (forms are "
                              "kept as drafts)."))
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        layout.addWidget(note)
        self.password = QLineEdit()
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.returnPressed.connect(self._submit)
        layout.addWidget(self.password)
        self.error = ErrorLabel()
        self.error.setObjectName("lock_error")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.switch_button = QPushButton(self.tr("Switch user"))
        self.switch_button.setObjectName("lock_switch_user")
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.switch_user_requested)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("lock_unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

    def _submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        self.error.show_message(None)
        self.set_busy(True)
        self.unlock_requested.emit(self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.password.setEnabled(not busy)

    def refuse(self, message: str) -> None:
        self.set_busy(False)
        self.password.clear()
        self.error.show_message(message)
        self.password.setFocus()

    def reject(self) -> None:  # Esc: stay locked
        pass

    def closeEvent(self, event: object) -> None:
        event.ignore()  # type: ignore[attr-defined]


class SessionLock(QObject):
    """Watches the application's input; locks the session after ``timeout_ms`` of none."""

    #: True when the session locked, False when it was unlocked.
    locked_changed = Signal(bool)
    #: 切换用户, or too many wrong passwords: the session should end (drafts saved).
    logout_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget, *, timeout_ms: int | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.locked = False
        self.dialog: LockDialog | None = None
        self.covers: dict[QWidget, _Cover] = {}
        self.failures = 0
        self._checking = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.lock("idle"))
        self.timeout_ms = timeout_ms or 10 * 60_000
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start(self.timeout_ms)
        ctx.signals.idle_lock_minutes_changed.connect(self.set_timeout_minutes)
        if timeout_ms is None:
            self._load_setting()

    def _load_setting(self) -> None:
        from workstation.services.session_lock import idle_lock_minutes

        db = self.ctx.db
        self.ctx.runner.run(lambda: idle_lock_minutes(db), on_done=self.set_timeout_minutes)

    def set_timeout_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(int(minutes) * 60_000)

    def set_timeout_ms(self, ms: int) -> None:
        self.timeout_ms = max(1, int(ms))
        if not self.locked:
            self.timer.start(self.timeout_ms)

    def stop(self) -> None:
        """The session ends: stop watching (call before the window goes)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._uncover()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    # -- watching ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.locked:
            if kind in ACTIVITY_EVENTS:
                self.timer.start(self.timeout_ms)
        elif (kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow()
              and self._coverable(watched)):
            self._cover(watched)
            if self.dialog is not None:  # the password box stays on top of it
                self.dialog.raise_()
                self.dialog.activateWindow()
        return False

    def _coverable(self, widget: QWidget) -> bool:
        if widget is self.dialog or widget in self.covers:
            return False
        kind = widget.windowType()
        return kind not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip,
                            Qt.WindowType.SplashScreen) and widget.isVisible()

    # -- locking ----------------------------------------------------------------------------

    def lock(self, reason: str = "manual") -> None:
        """Cover every window and ask for the password (nothing is closed)."""
        if self.locked:
            return
        from workstation.services.session_lock import record_lock

        self.locked = True
        self.failures = 0
        self.timer.stop()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open menu or combo list would stay above the covers
        for widget in QApplication.topLevelWidgets():
            if self._coverable(widget):
                self._cover(widget)
        dialog = LockDialog(self.ctx, self.window)
        dialog.unlock_requested.connect(self._check)
        dialog.switch_user_requested.connect(self._switch_user)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.password.setFocus()
        ctx = self.ctx
        ctx.runner.run(lambda: record_lock(ctx.db, ctx.actor, reason), write=True)
        self.locked_changed.emit(True)

    def _cover(self, widget: QWidget) -> None:
        cover = _Cover(widget)
        self.covers[widget] = cover
        cover.destroyed.connect(lambda *_: self.covers.pop(widget, None))

    def _uncover(self) -> None:
        covers, self.covers = self.covers, {}
        for window, cover in covers.items():
            try:
                window.removeEventFilter(cover)
                cover.hide()
                cover.deleteLater()
            except RuntimeError:  # the window (and its cover) is gone already
                pass

    def _check(self, password: str) -> None:
        from workstation.services.session_lock import unlock

        if self._checking:
            return
        self._checking = True
        ctx = self.ctx
        ctx.runner.run(lambda: unlock(ctx.db, ctx.actor, password), write=True,
                       on_done=lambda _: self._unlocked(), on_error=self._refused)

    def _unlocked(self) -> None:
        self._checking = False
        dialog, self.dialog = self.dialog, None
        self._uncover()
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
        self.locked = False
        self.failures = 0
        self.timer.start(self.timeout_ms)
        self.locked_changed.emit(False)

    def _refused(self, error: BaseException) -> None:
        self._checking = False
        self.failures += 1
        if self.failures >= MAX_ATTEMPTS:
            self._switch_user(forced=True)
            return
        if self.dialog is not None:
            left = MAX_ATTEMPTS - self.failures
            self.dialog.refuse(error_message(error) + "；" + self.tr(
                "%1 more attempts, then you are logged out").replace("%1", str(left)))

    def _switch_user(self, forced: bool = False) -> None:
        from workstation.services.session_lock import record_logout

        ctx = self.ctx
        reason = "解锁失败次数过多" if forced else "锁定后切换用户"
        ctx.runner.run(lambda: record_logout(ctx.db, ctx.actor, reason), write=True)
        self.logout_requested.emit()
