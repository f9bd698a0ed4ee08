"""The main window: a thin coordinator of navigation pages, the search box and the status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import OperatorRole

from .context import AppContext
from .pages.base import Page
from .session_lock import SessionLock
from .widgets.lazy_pages import LazyPages
from .widgets.shortcuts import shortcut
from .window_fit import fit_navigation, place_window, remember_window, scrolling_stack

#: Name of the station window's saved geometry.
WINDOW_KEY = "station"


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[AppContext], Page]
    record_types: tuple[str, ...] = ()
    in_nav: bool = True
    #: Listed for station admins only (the services refuse others anyway).
    admin_only: bool = False


class MainWindow(LazyPages, QMainWindow):
    """Hosts pages built on first use; routes ``open_record`` to the page owning the type."""

    #: The operator switched user from the lock screen: the session should end.
    logout_requested = Signal()

    def __init__(self, ctx: AppContext, specs: list[PageSpec], *,
                 idle_timeout_ms: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs = specs
        self.pages: dict[str, Page] = {}
        self.setWindowTitle(self.tr("Public Legal Service Workstation - %1").replace(
            "%1", ctx.station_name))

        central = QWidget()
        outer = QVBoxLayout(central)
        top = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setObjectName("global_search")
        self.search_box.setPlaceholderText(
            self.tr("Search names, pinyin initials (zs), ID or phone digits, case numbers, "
                    "words... (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.run_search)
        top.addWidget(self.search_box, 1)
        outer.addLayout(top)
        from .dialogs.committees import CommitteeBanner

        self.committee_banner = CommitteeBanner(ctx, central)
        outer.addWidget(self.committee_banner)

        body = QHBoxLayout()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        for spec in specs:
            if spec.in_nav and (ctx.actor.is_admin or not spec.admin_only):
                item = QListWidgetItem(spec.title)
                item.setData(Qt.ItemDataRole.UserRole, spec.key)
                self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the page on first use
        self.nav.currentRowChanged.connect(self.show_page_at)
        body.addWidget(self.nav)
        body.addWidget(scrolling_stack(self.stack), 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.operator_label = QLabel()
        self.station_label = QLabel(ctx.station_name)
        self.unsynced_label = QLabel()
        role = OperatorRole.label_of(ctx.actor.role)
        self.operator_label.setText(self.tr("Operator: %1 (%2)").replace("%1", ctx.actor.name)
                                    .replace("%2", role))
        for label in (self.operator_label, self.station_label, self.unsynced_label):
            self.statusBar().addPermanentWidget(label)
        # In a narrow window (1024×768, 特大) the station's name (also in the title bar) gives
        # way first, so the sync notes beside it stay whole.
        self.station_label.setMinimumWidth(1)
        self.station_label.setToolTip(ctx.station_name)
        # Idle time from the station's setting unless a test injects one.
        self.session_lock = SessionLock(ctx, self, timeout_ms=idle_timeout_ms)
        self.session_lock.logout_requested.connect(self.logout_requested)
        self.lock_button = QPushButton(self.tr("Lock (Ctrl+L)"))
        self.lock_button.setObjectName("lock_now")
        self.lock_button.setFlat(True)
        self.lock_button.clicked.connect(lambda: self.session_lock.lock("manual"))
        self.statusBar().addPermanentWidget(self.lock_button)
        shortcut("Ctrl+L", self, lambda: self.session_lock.lock("manual"),
                 Qt.ShortcutContext.WindowShortcut)

        shortcut(QKeySequence.StandardKey.Find, self, self.focus_search,
                 Qt.ShortcutContext.WindowShortcut)
        ctx.signals.open_record.connect(self.open_record)
        ctx.signals.records_changed.connect(lambda *_: self.refresh_unsynced())
        ctx.signals.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.nav.setCurrentRow(0)
        fit_navigation(self.nav)
        place_window(self, WINDOW_KEY)
        QTimer.singleShot(0, self.refresh_unsynced)
        QTimer.singleShot(0, self.committee_banner.check)

    # -- pages ------------------------------------------------------------------------------

    def show_page(self, key: str) -> Page:
        """Switch to page ``key`` (selecting it in the navigation when it is listed there)."""
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                if self.nav.currentRow() != row:
                    self.nav.setCurrentRow(row)
                return self.page(key)
        page = self.page(key)
        self.nav.clearSelection()
        self.stack.setCurrentWidget(page)
        page.activated()
        return page

    def open_record(self, record_type: str, record_id: str) -> None:
        for spec in self.specs:
            if record_type in spec.record_types:
                page = self.show_page(spec.key)
                page.open_record(record_type, record_id)
                return

    def restore_draft(self, form_key: str, payload: dict) -> None:  # type: ignore[type-arg]
        """Hand a draft to the page that owns its form."""
        for spec in self.specs:
            if any(form_key.startswith(t + ":") for t in spec.record_types):
                page = self.show_page(spec.key)
                if page.restore_draft(form_key, payload):
                    return

    # -- search -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self) -> None:
        text = self.search_box.text().strip()
        if not text or not any(s.key == "search" for s in self.specs):
            return
        page = self.show_page("search")
        page.search(text)  # type: ignore[attr-defined]

    # -- status -----------------------------------------------------------------------------

    def refresh_unsynced(self) -> None:
        from workstation.services.sync_status import unsynced_changes

        db = self.ctx.db
        self.ctx.runner.run(lambda: unsynced_changes(db), on_done=self._show_unsynced)

    def _show_unsynced(self, count: int) -> None:
        self.unsynced_label.setText(self.tr("Changes not yet synced: %1").replace(
            "%1", str(count)))

    def closeEvent(self, event: QCloseEvent) -> None:
        remember_window(self, WINDOW_KEY)
        self.session_lock.stop()
        for page in self.pages.values():
            page.shutdown()
        self.ctx.runner.wait()
        super().closeEvent(event)
