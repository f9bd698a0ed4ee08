"""The pages of the main window, in navigation order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workstation.services.context import Actor

from ..context import AppContext
from ..main_window import PageSpec
from .base import Page
from .placeholder import PlaceholderPage


def _placeholder(title: str, text: str):  # type: ignore[no-untyped-def]
    def build(ctx: AppContext) -> Page:
        return PlaceholderPage(ctx, title, text)

    return build


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


def _persons(ctx: AppContext) -> Page:
    from .persons import PersonsPage

    return PersonsPage(ctx)


def _search(ctx: AppContext) -> Page:
    from .search import SearchPage

    return SearchPage(ctx)


def _sync(ctx: AppContext) -> Page:
    from .sync import SyncPage

    return SyncPage(ctx)


def _operators(ctx: AppContext) -> Page:
    from .operators import OperatorsPage

    return OperatorsPage(ctx)


def _settings(ctx: AppContext) -> Page:
    from .settings import SettingsPage

    return SettingsPage(ctx)


def default_pages(actor: Actor | None = None) -> list[PageSpec]:
    """The pages ``actor`` sees (the 操作员 page is for station admins; the services refuse
    anyone else anyway); every page when ``actor`` is None."""
    # Literal QCoreApplication.translate() calls, so that lupdate finds every title.
    later = QCoreApplication.translate(
        "Pages", "This page comes with a later version of workstation.")
    statistics = QCoreApplication.translate("Pages", "Statistics")
    sync = QCoreApplication.translate("Pages", "Sync")
    return [
        PageSpec("dashboard", QCoreApplication.translate("Pages", "Workbench"), _dashboard),
        PageSpec("consultations", QCoreApplication.translate("Pages", "Consultations"),
                 _consultations, ("consultation",)),
        PageSpec("mediation", QCoreApplication.translate("Pages", "Mediation"), _mediation,
                 ("mediation_case",)),
        PageSpec("aid", QCoreApplication.translate("Pages", "Legal aid"), _aid,
                 ("aid_referral",)),
        PageSpec("persons", QCoreApplication.translate("Pages", "Persons"), _persons,
                 ("person",)),
        PageSpec("statistics", statistics, _placeholder(statistics, later)),
        PageSpec("sync", sync, _sync),
        *([PageSpec("operators", QCoreApplication.translate("Pages", "Operators"), _operators)]
          if actor is None or actor.is_admin else []),
        PageSpec("settings", QCoreApplication.translate("Pages", "Settings"), _settings),
        PageSpec("search", QCoreApplication.translate("Pages", "Search results"), _search,
                 in_nav=False),
    ]
