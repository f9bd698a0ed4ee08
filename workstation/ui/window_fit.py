"""Main windows that fit the screen they open on.

``initial_placement`` is the rule, a pure function of the screen's available area (without
the task bar) and the geometry saved when the window last closed: a saved geometry is used only
when it lies wholly on the available area; on a small screen (1366×768 or less, the common
office PC) the window starts maximised; otherwise it opens at a comfortable size, centred.

``place_window`` / ``remember_window`` apply and save it through QSettings; ``scrolling_stack``
puts a window's page stack in a scroll area, so a long page (or 特大 text) scrolls instead of
growing the window past the screen.

Dialogs: ``ContentScroll`` holds a dialog's fields (as tall as they want where there is room,
scrolling where there is not) and ``cap_to_screen`` keeps a dialog within the screen's free
area (with 特大 text on a 1024×768 screen a long step dialog would otherwise open with its
buttons below the task bar).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QListWidget,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

#: Screens with an available area this small or smaller start maximised.
SMALL_SCREEN = (1366, 768)
#: The size a window opens at on a larger screen.
PREFERRED_SIZE = (1280, 800)
#: Room left for the window frame and title bar around the client area.
FRAME = (16, 40)


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    def contains(self, other: Rect) -> bool:
        return (other.x >= self.x and other.y >= self.y and other.width > 0
                and other.height > 0 and other.x + other.width <= self.x + self.width
                and other.y + other.height <= self.y + self.height)


@dataclass(frozen=True)
class Placement:
    #: The window's (client) geometry when not maximised.
    rect: Rect
    maximised: bool


def is_small_screen(available: Rect) -> bool:
    return available.width <= SMALL_SCREEN[0] and available.height <= SMALL_SCREEN[1]


def initial_placement(available: Rect, saved: Rect | None = None,
                      saved_maximised: bool = False) -> Placement:
    """Where a main window opens on a screen whose free area is ``available``."""
    fits = saved is not None and available.contains(
        Rect(saved.x - FRAME[0] // 2, saved.y - FRAME[1] + FRAME[0] // 2,
             saved.width + FRAME[0], saved.height + FRAME[1]))
    if fits:
        assert saved is not None
        rect = saved
    else:
        width = min(PREFERRED_SIZE[0], available.width - FRAME[0])
        height = min(PREFERRED_SIZE[1], available.height - FRAME[1])
        rect = Rect(available.x + (available.width - width) // 2,
                    available.y + (available.height - height + FRAME[1]) // 2, width, height)
    small = is_small_screen(available)
    return Placement(rect, maximised=small or (fits and saved_maximised))


# -- Qt glue ------------------------------------------------------------------------------------

def _setting(key: str) -> str:
    return f"window/{key}"


def _available(window: QWidget) -> Rect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return Rect(area.x(), area.y(), area.width(), area.height())


def _saved(key: str) -> tuple[Rect | None, bool]:
    settings = QSettings()
    value = settings.value(_setting(key) + "/rect")
    maximised = str(settings.value(_setting(key) + "/maximised", "false")).lower() == "true"
    try:
        numbers = [int(v) for v in value] if isinstance(value, list) else []
    except (TypeError, ValueError):
        numbers = []
    return (Rect(*numbers) if len(numbers) == 4 else None), maximised


def place_window(window: QWidget, key: str) -> Placement:
    """Give ``window`` its opening geometry (before it is shown); ``key`` names its saved
    geometry ("station", "county")."""
    saved, maximised = _saved(key)
    placement = initial_placement(_available(window), saved, maximised)
    r = placement.rect
    window.setGeometry(QRect(r.x, r.y, r.width, r.height))
    if placement.maximised:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return placement


def remember_window(window: QWidget, key: str) -> None:
    """Save ``window``'s normal geometry and maximised state for its next opening."""
    r = window.normalGeometry() if window.isMaximized() else window.geometry()
    settings = QSettings()
    settings.setValue(_setting(key) + "/rect", [r.x(), r.y(), r.width(), r.height()])
    settings.setValue(_setting(key) + "/maximised", window.isMaximized())


def scrolling_stack(stack: QStackedWidget) -> QScrollArea:
    """``stack`` in a frameless scroll area; only the page shown counts for the stack's
    minimum size (a long page scrolls instead of growing the window)."""
    scroll = QScrollArea()
    scroll.setObjectName("page_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(stack)

    def current_only(index: int) -> None:
        for i in range(stack.count()):
            policy = (QSizePolicy.Policy.Preferred if i == index
                      else QSizePolicy.Policy.Ignored)
            stack.widget(i).setSizePolicy(policy, policy)
        stack.updateGeometry()

    stack.currentChanged.connect(current_only)
    return scroll


class ListBesideForm:
    """Mixin for a page with a ``list`` and a ``form`` (inside ``form_scroll``) in a
    ``splitter``: side by side where both fit, the form under the list on a narrow screen."""

    def _form_width(self) -> int:
        """The form's room: its widest row and a scroll bar (grows with the text size)."""
        return (self.form.minimumSizeHint().width()  # type: ignore[attr-defined]
                + self.form_scroll.verticalScrollBar().sizeHint().width() + 4)  # type: ignore[attr-defined]

    def minimumSizeHint(self) -> QSize:
        """As narrow as the list or the form alone (``resizeEvent`` stacks them below that)."""
        hint = super().minimumSizeHint()  # type: ignore[misc]
        margins = self.layout().contentsMargins()  # type: ignore[attr-defined]
        narrow = max(self.list.minimumSizeHint().width(),  # type: ignore[attr-defined]
                     self._form_width())
        return QSize(narrow + margins.left() + margins.right(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.form_scroll.setMinimumWidth(self._form_width())  # type: ignore[attr-defined]
        splitter = self.splitter  # type: ignore[attr-defined]
        side_by_side = (self.list.minimumSizeHint().width()  # type: ignore[attr-defined]
                        + self._form_width() + splitter.handleWidth() + 8)
        orientation = (Qt.Orientation.Horizontal if self.width() >= side_by_side  # type: ignore[attr-defined]
                       else Qt.Orientation.Vertical)
        if splitter.orientation() != orientation:
            splitter.setOrientation(orientation)
            self.updateGeometry()  # type: ignore[attr-defined]
        super().resizeEvent(event)  # type: ignore[misc]


class ContentScroll(QScrollArea):
    """A frameless scroll area around a dialog's fields that asks for the fields' full size
    (no scroll bar where the screen has room) but lets the dialog shrink to a few lines (it
    scrolls then; the dialog's buttons stay on screen)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self._bar(), hint.height())

    def minimumSizeHint(self) -> QSize:
        need = self.widget().minimumSizeHint()
        return QSize(need.width() + self._bar(),
                     min(need.height(), self.fontMetrics().lineSpacing() * 6))


def cap_to_screen(window: QWidget) -> None:
    """Shrink ``window`` (a dialog) to the free area of its screen, less its title bar."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = min(window.width(), area.width() - FRAME[0])
    height = min(window.height(), area.height() - FRAME[1])
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)


def fit_navigation(nav: QListWidget) -> None:
    """Make the navigation list just wide enough for its longest title at the current size,
    its items as tall as their text and padding; again whenever the style or font changes."""
    metrics = nav.fontMetrics()
    texts = [nav.item(i).text() for i in range(nav.count())]
    widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
    nav.setFixedWidth(max(120, widest + 2 * nav.frameWidth() + 32))
    nav.doItemsLayout()  # the items' height follows the new font and padding
    if getattr(nav, "refit", None) is None:
        nav.refit = _Refit(nav)  # type: ignore[attr-defined]


class _Refit(QObject):
    """Fits the navigation again once it is polished (the style sheet's padding known) and
    after every font or style change: a list view keeps the item sizes it measured first."""

    EVENTS = (QEvent.Type.Polish, QEvent.Type.PolishRequest, QEvent.Type.StyleChange,
              QEvent.Type.FontChange, QEvent.Type.Show)

    def __init__(self, nav: QListWidget) -> None:
        super().__init__(nav)
        self.nav = nav
        self._pending = False
        nav.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.nav and event.type() in self.EVENTS and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._refit)  # dropped if the list is deleted
        return False

    def _refit(self) -> None:
        self._pending = False
        fit_navigation(self.nav)
