"""A window's pages in a stack beside a navigation list, each built the first time it is shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QSizePolicy, QStackedWidget


class LazyPages:
    """Mixin for a window with ``specs`` (``key``, ``factory(ctx)``), ``pages``, ``stack``
    (one placeholder widget per spec), ``nav`` (items carrying the key) and ``ctx``."""

    #: Object names of the pages: prefix + key (tests find pages by it).
    page_name_prefix = "page_"
    specs: list[Any]
    pages: dict[str, Any]
    stack: QStackedWidget
    nav: QListWidget
    ctx: Any

    def page(self, key: str) -> Any:
        """The page ``key``, built on first use in place of its placeholder."""
        if key not in self.pages:
            index = next(i for i, s in enumerate(self.specs) if s.key == key)
            page = self.specs[index].factory(self.ctx)
            page.setObjectName(f"{self.page_name_prefix}{key}")
            placeholder = self.stack.widget(index)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.insertWidget(index, page)
            if self.stack.currentWidget() is not page:  # only the page shown sets the size
                page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.pages[key] = page
        return self.pages[key]

    def show_page_at(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        page = self.page(item.data(Qt.ItemDataRole.UserRole))
        self.stack.setCurrentWidget(page)
        page.activated()
