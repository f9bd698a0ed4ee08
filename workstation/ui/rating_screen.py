"""The citizens' rating screen (群众评价屏): the operator hands the PC (or the second monitor)
to the citizen at the end of a consultation, a concluded case or an aid application.

A full-screen window, on the second screen when there is one, with three very large buttons
(满意 / 基本满意 / 不满意), optional reasons as large check buttons and a thank-you. It is
application-modal and cannot be closed (Esc, Alt+F4, the window's close button) except after
the citizen's rating is saved or with the operator's password, checked off the GUI thread
(``services.ratings.release_screen``, audited). The rating is the citizen's own: source
群众自评, method 评价屏.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import Satisfaction
from workstation.domain.rating import (
    NEGATIVE_REASONS,
    POSITIVE_REASONS,
    RatingMethod,
    RatingSource,
)

from .context import AppContext
from .widgets.flow_layout import FlowLayout
from .widgets.forms import ErrorLabel, error_message

#: How long the thank-you stays before the screen returns to the operator (ms).
THANKS_MS = 4000
#: Outcomes ``finished`` reports.
RATED, RELEASED = "rated", "released"
#: Screens shown and not yet destroyed (a top-level window without a parent is kept alive
#: here, not by the caller's local variable).
_OPEN: set[QWidget] = set()


class RatingScreen(QWidget):
    """The citizen-facing screen for one record; ``finished(outcome)`` when it closes."""

    finished = Signal(str)

    def __init__(self, ctx: AppContext, record_type: str, record_id: str, number: str,
                 kind_label: str) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.ctx = ctx
        self.record_type, self.record_id = record_type, record_id
        self.setObjectName("rating_screen")
        self.setWindowTitle(self.tr("Rate our service"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._may_close = False
        self._busy = False
        self.outcome = ""
        self.rating_id = ""
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(THANKS_MS)
        self.thanks_timer.timeout.connect(self.finish)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_choose(number, kind_label))
        self.pages.addWidget(self._build_password())
        self.pages.addWidget(self._build_thanks())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.addWidget(self.pages)

    # -- pages -------------------------------------------------------------------------------

    def _build_choose(self, number: str, kind_label: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("Please rate our service"))
        title.setObjectName("rating_question")
        title.setProperty("role", "rating_title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        layout.addWidget(title)
        subject = QLabel(f"{kind_label}  {number}")
        subject.setObjectName("rating_subject")
        subject.setProperty("role", "lead")
        subject.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(subject)
        layout.addStretch(1)

        row = QHBoxLayout()
        self.values = QButtonGroup(self)
        self.values.setExclusive(True)
        self.value_buttons: dict[str, QPushButton] = {}
        for value in Satisfaction:
            button = QPushButton(value.label)
            button.setObjectName(f"rate_{value.value}")
            button.setProperty("role", "rating_choice")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.values.addButton(button)
            self.value_buttons[value.value] = button
            button.toggled.connect(self._value_changed)
            row.addWidget(button, 1)
        layout.addLayout(row)

        self.reasons_hint = QLabel(self.tr("Optional: tap what applies"))
        self.reasons_hint.setObjectName("rating_reasons_hint")
        self.reasons_hint.setProperty("role", "lead")
        self.reasons_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.reasons_hint)
        self.reasons_box = QWidget()
        self.reasons_box.setObjectName("rating_reasons")
        self.reasons_flow = FlowLayout(self.reasons_box, spacing=10)
        self.reason_buttons: dict[str, QPushButton] = {}
        for reason in (*POSITIVE_REASONS, *NEGATIVE_REASONS):
            button = QPushButton(reason.label)
            button.setObjectName(f"reason_{reason.value}")
            button.setProperty("role", "rating_reason")
            button.setCheckable(True)
            self.reasons_flow.addWidget(button)
            self.reason_buttons[reason.value] = button
        layout.addWidget(self.reasons_box)
        self.error = ErrorLabel()
        self.error.setObjectName("rating_error")
        layout.addWidget(self.error)

        self.submit_button = QPushButton(self.tr("Submit rating"))
        self.submit_button.setObjectName("rating_submit")
        self.submit_button.setProperty("role", "rating_choice")
        self.submit_button.setEnabled(False)
        self.submit_button.clicked.connect(self.submit)
        layout.addWidget(self.submit_button)
        layout.addStretch(1)

        staff = QHBoxLayout()
        staff.addStretch(1)
        self.staff_button = QPushButton(self.tr("Staff: return with password"))
        self.staff_button.setObjectName("rating_staff")
        self.staff_button.setProperty("role", "link")
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.ask_password)
        staff.addWidget(self.staff_button)
        layout.addLayout(staff)
        self._value_changed()
        return page

    def _build_password(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        caption = QLabel(self.tr("The operator's login password returns to the operator "
                                 "without a rating."))
        caption.setProperty("role", "subheading")
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(caption)
        self.password = QLineEdit()
        self.password.setObjectName("rating_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.release)
        layout.addWidget(self.password)
        self.password_error = ErrorLabel()
        self.password_error.setObjectName("rating_password_error")
        layout.addWidget(self.password_error)
        buttons = QHBoxLayout()
        self.release_button = QPushButton(self.tr("Return to the operator"))
        self.release_button.setObjectName("rating_release")
        self.release_button.setProperty("role", "big")
        self.release_button.clicked.connect(self.release)
        self.back_button = QPushButton(self.tr("Back to the rating"))
        self.back_button.setObjectName("rating_back")
        self.back_button.setProperty("role", "big")
        self.back_button.clicked.connect(self.back_to_rating)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.release_button)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def _build_thanks(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        thanks = QLabel(self.tr("Thank you for your rating!"))
        thanks.setObjectName("rating_thanks")
        thanks.setProperty("role", "rating_title")
        thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(thanks)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setObjectName("rating_done")
        self.done_button.setProperty("role", "big")
        self.done_button.clicked.connect(self.finish)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        return page

    # -- choosing ----------------------------------------------------------------------------

    def chosen_value(self) -> str | None:
        for value, button in self.value_buttons.items():
            if button.isChecked():
                return value
        return None

    def chosen_reasons(self) -> list[str]:
        return [code for code, button in self.reason_buttons.items()
                if button.isChecked() and button.isVisible()]

    def _value_changed(self, *_: Any) -> None:
        """The reasons that fit the value (praise or complaint); submit once one is chosen."""
        value = self.chosen_value()
        offered = (set(NEGATIVE_REASONS) if value == Satisfaction.DISSATISFIED
                   else set(POSITIVE_REASONS) if value else set())
        for code, button in self.reason_buttons.items():
            button.setVisible(code in offered)
            if code not in offered:
                button.setChecked(False)
        self.reasons_hint.setVisible(bool(offered))
        self.submit_button.setEnabled(value is not None and not self._busy)

    def submit(self) -> None:
        value = self.chosen_value()
        if value is None or self._busy:
            return
        from workstation.services import ratings

        db, actor = self.ctx.db, self.ctx.actor
        record_type, record_id, reasons = self.record_type, self.record_id, self.chosen_reasons()
        self._set_busy(True)
        self.ctx.runner.run(
            lambda: ratings.record_rating(db, actor, record_type=record_type,
                                          record_id=record_id, value=value,
                                          source=RatingSource.CITIZEN,
                                          method=RatingMethod.SCREEN, reasons=reasons),
            on_done=self._rated, on_error=self._failed, write=True)

    def _rated(self, rating_id: str) -> None:
        self._set_busy(False)
        self.rating_id = rating_id
        self.outcome = RATED
        self.ctx.signals.records_changed.emit("rating")
        self.pages.setCurrentIndex(2)
        self.done_button.setFocus()
        self.thanks_timer.start()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error.show_message(error_message(error))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (*self.value_buttons.values(), self.staff_button):
            button.setEnabled(not busy)
        self._value_changed()

    # -- the operator's way back -------------------------------------------------------------

    def ask_password(self) -> None:
        self.password.clear()
        self.password_error.show_message("")
        self.pages.setCurrentIndex(1)
        self.password.setFocus()

    def back_to_rating(self) -> None:
        self.password.clear()
        self.pages.setCurrentIndex(0)

    def release(self) -> None:
        password = self.password.text()
        if self._busy:
            return
        if not password:
            self.password_error.show_message(self.tr("Enter the operator's password."))
            return
        from workstation.services import ratings

        db, actor = self.ctx.db, self.ctx.actor
        record_type, record_id = self.record_type, self.record_id
        self._busy = True
        self.release_button.setEnabled(False)
        self.ctx.runner.run(
            lambda: ratings.release_screen(db, actor, password, record_type, record_id),
            on_done=self._released, on_error=self._release_failed, write=True)

    def _released(self, _result: object) -> None:
        self._busy = False
        self.outcome = RELEASED
        self.finish()

    def _release_failed(self, error: BaseException) -> None:
        self._busy = False
        self.release_button.setEnabled(True)
        self.password.clear()
        self.password_error.show_message(error_message(error))
        self.password.setFocus()

    # -- closing -----------------------------------------------------------------------------

    def finish(self) -> None:
        """Close after the rating (or the operator's password); nothing else closes it."""
        if not self.outcome:
            return
        self.thanks_timer.stop()
        self._may_close = True
        self.finished.emit(self.outcome)
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            super().closeEvent(event)
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc never leaves the screen
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        # A shortcut override for Esc (a dialog's reject) is taken here and dropped.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape):
            event.accept()
            return True
        return super().event(event)

    def show_for_citizen(self) -> None:
        """Full screen: on a second monitor when there is one, else over the operator's."""
        own = QGuiApplication.primaryScreen()
        active = QApplication.activeWindow()
        if active is not None and active is not self and active.screen() is not None:
            own = active.screen()
        target = citizen_screen(QGuiApplication.screens(), own)
        if target is not None:
            self.setScreen(target)
            self.setGeometry(target.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()


def citizen_screen(screens: list[Any], operators: Any) -> Any:
    """The screen the citizen sees: the first one that is not the operator's (a second
    monitor turned to the citizen), else the operator's own (the PC is turned round)."""
    others = [s for s in screens if s is not operators]
    return others[0] if others else operators


def open_rating_screen(ctx: AppContext, record_type: str, record_id: str,
                       on_finished: Any = None) -> None:
    """Look the record up off the GUI thread, then show its rating screen."""
    from workstation.services import ratings

    db = ctx.db

    def shown(record: Any) -> None:
        screen = RatingScreen(ctx, record.record_type, record.record_id, record.number,
                              record.kind_label)
        if on_finished is not None:
            screen.finished.connect(on_finished)
        _OPEN.add(screen)
        screen.destroyed.connect(lambda *_: _OPEN.discard(screen))
        screen.show_for_citizen()

    ctx.runner.run(lambda: ratings.rated_record(db, record_type, record_id), on_done=shown,
                   on_error=lambda exc: ctx.signals.status_message.emit(error_message(exc)))


class RateButton(QPushButton):
    """请群众评价: opens the rating screen for the record set with ``set_record``."""

    def __init__(self, ctx: AppContext, record_type: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_type = record_type
        self.record_id = ""
        self.setObjectName(f"rate_{record_type}")
        self.setText(self.tr("Citizen rates the service……"))
        self.setToolTip(self.tr("Show the rating screen to the citizen (on the second "
                                "monitor if there is one)"))
        self.clicked.connect(self.open_screen)

    def set_record(self, record_id: str, enabled: bool = True) -> None:
        self.record_id = record_id
        self.setEnabled(bool(record_id) and enabled)

    def open_screen(self) -> None:
        if self.record_id:
            open_rating_screen(self.ctx, self.record_type, self.record_id)


def ratings_text(items: list[Any]) -> str:
    """One line per rating: value (source·method, day): reasons; "—" without any."""
    return "\n".join(
        f"{r.value_label}（{r.source_label}·{r.method_label}，{r.rated_at.astimezone():%Y-%m-%d}）"
        + (f"：{r.reason_labels}" if r.reason_labels else "") for r in items) or "—"


class RatingsLabel(QLabel):
    """A record's ratings (``ratings_text``), loaded off the GUI thread for the record set
    with ``set_record`` and again whenever a rating is saved."""

    def __init__(self, ctx: AppContext, record_type: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__("—", parent)
        self.ctx = ctx
        self.record_type = record_type
        self.record_id = ""
        self.setObjectName(f"ratings_{record_type}")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ctx.signals.records_changed.connect(self._changed)

    def set_record(self, record_id: str) -> None:
        self.record_id = record_id
        self.setText("—")
        self.reload()

    def _changed(self, record_type: str) -> None:
        if record_type == "rating" and self.record_id:
            self.reload()

    def reload(self) -> None:
        from workstation.services.ratings import ratings_of

        db, record_type, record_id = self.ctx.db, self.record_type, self.record_id
        if record_id:
            self.ctx.runner.run(lambda: (record_id, ratings_of(db, record_type, record_id)),
                                on_done=self._loaded)

    def _loaded(self, result: tuple[str, list[Any]]) -> None:
        record_id, items = result
        if record_id == self.record_id:
            self.setText(ratings_text(items))
