"""The pages of the main window, in navigation order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workstation.services.context import Actor

from ..context import AppContext
from ..main_window import PageSpec
from .base import Page


def _dashboard(ctx: AppContext) -> Page:
    from .dashboard import DashboardPage

    return DashboardPage(ctx)


def _consultations(ctx: AppContext) -> Page:
    from .consultations import ConsultationsPage

    return ConsultationsPage(ctx)


def _mediation(ctx: AppContext) -> Page:
    from .mediation import MediationPage

    return MediationPage(ctx)


def _aid(ctx: AppContext) -> Page:
    from .aid import AidPage

    return AidPage(ctx)


def _screening(ctx: AppContext) -> Page:
    from .screening import ScreeningPage

    return ScreeningPage(ctx)


def _work_orders(ctx: AppContext) -> Page:
    from .work_orders import WorkOrdersPage

    return WorkOrdersPage(ctx)


def _publicity(ctx: AppContext) -> Page:
    from .publicity import PublicityPage

    return PublicityPage(ctx)


def _providers(ctx: AppContext) -> Page:
    from .providers import ProvidersPage

    return ProvidersPage(ctx)


def _persons(ctx: AppContext) -> Page:
    from .persons import PersonsPage

    return PersonsPage(ctx)


def _search(ctx: AppContext) -> Page:
    from .search import SearchPage

    return SearchPage(ctx)


def _statistics(ctx: AppContext) -> Page:
    from .statistics import StatisticsPage

    return StatisticsPage(ctx)


def _sync(ctx: AppContext) -> Page:
    from .sync import SyncPage

    return SyncPage(ctx)


def _operators(ctx: AppContext) -> Page:
    from .operators import OperatorsPage

    return OperatorsPage(ctx)


def _backup(ctx: AppContext) -> Page:
    from .backup import BackupPage

    return BackupPage(ctx)


def _audit(ctx: AppContext) -> Page:
    from .audit import AuditPage

    return AuditPage(ctx)


def _settings(ctx: AppContext) -> Page:
    from .settings import SettingsPage

    return SettingsPage(ctx)


def default_pages(actor: Actor | None = None) -> list[PageSpec]:
    """The pages ``actor`` sees (admin-only pages — audit log, operators — are left out for
    mediators; the services refuse them anyway); every page when ``actor`` is None."""
    # Literal QCoreApplication.translate() calls, so that lupdate finds every title.
    statistics = QCoreApplication.translate("Pages", "Statistics")
    sync = QCoreApplication.translate("Pages", "Sync")
    pages = [
        PageSpec("dashboard", QCoreApplication.translate("Pages", "Workbench"), _dashboard),
        PageSpec("consultations", QCoreApplication.translate("Pages", "Consultations"),
                 _consultations, ("consultation",)),
        PageSpec("mediation", QCoreApplication.translate("Pages", "Mediation"), _mediation,
                 ("mediation_case",)),
        PageSpec("aid", QCoreApplication.translate("Pages", "Legal aid"), _aid,
                 ("aid_referral",)),
        PageSpec("screening", QCoreApplication.translate("Pages", "Dispute screening"),
                 _screening, ("screening",)),
        PageSpec("work_orders", QCoreApplication.translate("Pages", "12348 orders"),
                 _work_orders, ("work_order",)),
        PageSpec("publicity", QCoreApplication.translate("Pages", "Legal publicity"), _publicity,
                 ("publicity_activity",)),
        PageSpec("persons", QCoreApplication.translate("Pages", "Persons"), _persons,
                 ("person",)),
        PageSpec("providers", QCoreApplication.translate("Pages", "Service directory"),
                 _providers, ("referral_provider",)),
        PageSpec("statistics", statistics, _statistics),
        PageSpec("sync", sync, _sync),
        PageSpec("backup", QCoreApplication.translate("Pages", "Backups"), _backup),
        PageSpec("audit", QCoreApplication.translate("Pages", "Audit log"), _audit,
                 admin_only=True),
        PageSpec("operators", QCoreApplication.translate("Pages", "Operators"), _operators,
                 admin_only=True),
        PageSpec("settings", QCoreApplication.translate("Pages", "Settings"), _settings),
        PageSpec("search", QCoreApplication.translate("Pages", "Search results"), _search,
                 in_nav=False),
    ]
    if actor is not None and not actor.is_admin:
        pages = [page for page in pages if not page.admin_only]
    return pages
