"""What the main window expects of a page."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ..context import AppContext


class Page(QWidget):
    """A navigation page. Subclasses load their data in ``activated`` (in the background)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def activated(self) -> None:
        """The page became visible: refresh what may have changed."""

    def open_record(self, record_type: str, record_id: str) -> bool:
        """Show the record if this page owns its type; True when it did."""
        return False

    def restore_draft(self, form_key: str, payload: dict[str, Any]) -> bool:
        """Reopen a form from a draft if this page owns ``form_key``; True when it did."""
        return False

    def new_record(self) -> None:
        """Start a new record of this page's kind, if it has one."""

    def shutdown(self) -> None:
        """The window is closing: stop timers, save drafts."""
