"""The county console's main window: a thin coordinator of its pages and the status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from workstation.county.access import Permission

from ..widgets.lazy_pages import LazyPages
from ..window_fit import fit_navigation, place_window, remember_window, scrolling_stack
from .common import FINGERPRINT_DIGITS, CountyPage
from .context import CountyContext

#: Name of the county window's saved geometry.
WINDOW_KEY = "county"


@dataclass(frozen=True)
class CountyPageSpec:
    key: str
    title: str
    factory: Callable[[CountyContext], CountyPage]
    #: Shown only to operators whose role allows this (``county.access``).
    permission: Permission = Permission.STATISTICS


def _stations(ctx: CountyContext) -> CountyPage:
    from .stations import StationsPage

    return StationsPage(ctx)


def _import(ctx: CountyContext) -> CountyPage:
    from .import_page import ImportPage

    return ImportPage(ctx)


def _referrals(ctx: CountyContext) -> CountyPage:
    from .referrals import ReferralsPage

    return ReferralsPage(ctx)


def _statistics(ctx: CountyContext) -> CountyPage:
    from .statistics import CountyStatisticsPage

    return CountyStatisticsPage(ctx)


def _audit(ctx: CountyContext) -> CountyPage:
    from .audit import CountyAuditPage

    return CountyAuditPage(ctx)


def _operators(ctx: CountyContext) -> CountyPage:
    from .operators import CountyOperatorsPage

    return CountyOperatorsPage(ctx)


def county_pages() -> list[CountyPageSpec]:
    # Literal QCoreApplication.translate() calls, so that lupdate finds every title.
    return [
        CountyPageSpec("stations", QCoreApplication.translate("CountyPages", "Stations"),
                       _stations),
        CountyPageSpec("import", QCoreApplication.translate("CountyPages", "Import bundles"),
                       _import, Permission.IMPORT),
        CountyPageSpec("referrals", QCoreApplication.translate("CountyPages",
                                                               "Aid awaiting decision"),
                       _referrals, Permission.DECIDE),
        CountyPageSpec("statistics", QCoreApplication.translate("CountyPages", "Statistics"),
                       _statistics),
        CountyPageSpec("audit", QCoreApplication.translate("CountyPages", "Audit log"),
                       _audit, Permission.AUDIT),
        CountyPageSpec("operators", QCoreApplication.translate("CountyPages", "Operators"),
                       _operators, Permission.OPERATORS),
    ]


class CountyWindow(LazyPages, QMainWindow):
    """Hosts the county pages, built on first use."""

    page_name_prefix = "county_page_"

    def __init__(self, ctx: CountyContext, specs: list[CountyPageSpec] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs = [spec for spec in (specs if specs is not None else county_pages())
                      if ctx.can(spec.permission)]
        self.pages: dict[str, CountyPage] = {}
        self._logged_out = False
        self.setWindowTitle(self.tr("County Public Legal Service Center - %1").replace(
            "%1", ctx.label))

        central = QWidget()
        body = QHBoxLayout(central)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the page on first use
        self.nav.currentRowChanged.connect(self.show_page_at)
        body.addWidget(self.nav)
        body.addWidget(scrolling_stack(self.stack), 1)
        self.setCentralWidget(central)

        # The file name only (the whole path or address in the tooltip and the title): a long
        # path would widen the status bar past a 1024-pixel screen.
        short_label = ctx.label.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or ctx.label
        self.database_label = QLabel(self.tr("County database: %1").replace("%1", short_label))
        self.database_label.setToolTip(ctx.label)
        self.database_label.setObjectName("database_label")
        self.key_label = QLabel(self.tr("County key number %1").replace(
            "%1", ctx.key_fingerprint[:FINGERPRINT_DIGITS]))
        session = ctx.session
        self.operator_label = QLabel(self.tr("Operator: %1").replace(
            "%1", session.name if session else ""))
        self.operator_label.setToolTip(session.role.label if session else "")
        self.operator_label.setObjectName("county_operator")
        for label in (self.operator_label, self.database_label, self.key_label):
            self.statusBar().addPermanentWidget(label)
        ctx.signals.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.nav.setCurrentRow(0)
        fit_navigation(self.nav)
        place_window(self, WINDOW_KEY)

    def show_page(self, key: str) -> CountyPage:
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return self.page(key)

    def closeEvent(self, event: QCloseEvent) -> None:
        remember_window(self, WINDOW_KEY)
        for page in self.pages.values():
            page.shutdown()
        self._record_logout()
        self.ctx.runner.wait()  # bounded (30 s): the logout entry is written by then
        super().closeEvent(event)

    def _record_logout(self) -> None:
        """The county's audit trail records the operator's logout (once; on the write pool,
        after the work already queued; a failure to write it does not keep the window open)."""
        session = self.ctx.session
        if session is None or self._logged_out:
            return
        self._logged_out = True
        from workstation.county.audit import record_logout

        db, name = self.ctx.db, session.name
        self.ctx.runner.run(lambda: record_logout(db, name), write=True,
                            on_error=lambda _error: None)
