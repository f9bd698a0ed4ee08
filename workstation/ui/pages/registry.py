"""The pages of the main window, in navigation order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..context import AppContext
from ..main_window import PageSpec
from .base import Page
from .placeholder import PlaceholderPage


def _tr(text: str) -> str:
    return QCoreApplication.translate("Pages", text)


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


def _settings(ctx: AppContext) -> Page:
    from .settings import SettingsPage

    return SettingsPage(ctx)


def default_pages() -> list[PageSpec]:
    later = _tr("This page comes with a later version of workstation.")
    return [
        PageSpec("dashboard", _tr("Workbench"), _dashboard),
        PageSpec("consultations", _tr("Consultations"), _consultations, ("consultation",)),
        PageSpec("mediation", _tr("Mediation"), _mediation, ("mediation_case",)),
        PageSpec("aid", _tr("Legal aid"), _aid, ("aid_referral",)),
        PageSpec("persons", _tr("Persons"), _persons, ("person",)),
        PageSpec("statistics", _tr("Statistics"), _placeholder(_tr("Statistics"), later)),
        PageSpec("sync", _tr("Sync"), _placeholder(_tr("Sync"), later)),
        PageSpec("settings", _tr("Settings"), _settings),
        PageSpec("search", _tr("Search results"), _search, in_nav=False),
    ]
