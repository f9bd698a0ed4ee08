"""Fonts, text size and the one style layer of the application.

Every size and colour a widget shows comes from here: the application font (the user's text
size, 标准/大/特大) and one application style sheet derived from it. Widgets never set a point
size or an inline style sheet; they name a *role* instead::

    label.setProperty("role", "hint")          # before the widget is shown, or
    set_role(label, "error")                   # at any time (re-polishes the widget)

Switching the text size (``apply_text_size``) sets a new application font and style sheet:
Qt re-polishes every open widget, so pages built before the switch grow at once.

``ROLES`` below lists every role with its meaning: text roles (``heading``, ``subheading``,
``lead``, ``strong``, ``section``, ``hint``, ``error``, ``warning``, ``ok``, ``alert``,
``caution``, ...), boxes and frames (``notice``, ``guidance``, ``urgent``, ``voided``,
``banner_saved``, ``tile``, ``chip`` with a ``tone`` property, ...) and buttons (``big``,
``wide``, ``action``, ``next_step``, ``link``). A ``QTabWidget`` with role ``page_tabs`` gets
roomy tab labels, a ``QTableView`` with role ``statistics`` roomy cells. A new look is a new
entry in ``ROLES``, never a style sheet or a point size on a widget.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from workstation.paths import resources_dir

#: Preferred UI families, first present wins; the bundled font is the last resort.
PREFERRED_FAMILIES = ("Microsoft YaHei", "Microsoft YaHei UI", "PingFang SC", "Noto Sans CJK SC",
                      "Source Han Sans SC")
BUNDLED_FONTS = ("wqy-microhei.ttc",)
#: Body text size in points of 标准 / 大 / 特大.
TEXT_SIZES = {"normal": 10.5, "large": 13.0, "larger": 15.5}
SETTING_TEXT_SIZE = "appearance/text_size"

MONOSPACE = "'Consolas', 'DejaVu Sans Mono', 'Courier New', monospace"

#: The name of the dynamic property that carries a widget's role.
ROLE = "role"
#: A second property, ``tone``, picks the colour of a ``chip``.
TONE = "tone"
TONES = {"amber": "#b9770e", "blue": "#2471a3", "green": "#1e8449", "red": "#922b21",
         "grey": "#566573"}

#: Role → (meaning, scale of the body size or None for body size, extra QSS declarations).
ROLES: dict[str, tuple[str, float | None, str]] = {
    "heading": ("page title", 1.5, "font-weight: bold;"),
    "subheading": ("section title", 1.25, "font-weight: bold;"),
    "lead": ("a line slightly larger than body text", 1.12, ""),
    "strong": ("bold body text", None, "font-weight: bold;"),
    "name": ("a person's name on a card", 1.12, "font-weight: bold;"),
    "section": ("bold caption with room above", None, "font-weight: bold; padding-top: 6px;"),
    "hint": ("grey help text", None, "color: #555555;"),
    "error": ("an error message", None, "color: #c0392b;"),
    "warning": ("a caution", None, "color: #a0522d;"),
    "ok": ("all is well", None, "color: #2e7d32;"),
    "all_clear": ("a slightly larger green line: nothing to do", 1.12, "color: #2e7d32;"),
    "nothing_found": ("a slightly larger amber line: a search found nothing", 1.25,
                      "color: #8a5a00;"),
    "alert": ("bold red: a deadline passed, a failure", None,
              "color: #c0392b; font-weight: bold;"),
    "caution": ("bold amber: a deadline close", None, "color: #b9770e; font-weight: bold;"),
    "number": ("a dashboard tile's number", 2.2, "font-weight: bold; color: #1f3a5f;"),
    "number_alert": ("a tile's number that needs attention", 2.2,
                     "font-weight: bold; color: #a93226;"),
    "count": ("a large bold count", 1.6, "font-weight: bold;"),
    "code": ("a recovery code shown to be copied", 1.9,
             f"font-family: {MONOSPACE}; font-weight: bold; background: #ffffff;"
             " border: 2px solid #333333; padding: 14px; color: #000000;"),
    "code_input": ("a field where a code is typed", 1.15, f"font-family: {MONOSPACE};"),
    "link": ("a flat button that reads as a link", None,
             "color: #1a5fb4; text-decoration: underline; border: none; background: none;"
             " padding: 2px;"),
    "notice": ("a yellow box with a caution", None,
               "color: #7d5a00; background: #fff4d6; border: 1px solid #e9cf8a;"
               " border-radius: 4px; padding: 6px 10px;"),
    "guidance": ("a blue box with advice", None,
                 "background: #eef5fb; color: #1f3b57; padding: 6px 8px;"
                 " border: 1px solid #b7d0e6; border-radius: 4px;"),
    "urgent": ("a red strip with white text", None,
               "background: #c0392b; color: white; font-weight: bold; padding: 8px 10px;"
               " border-radius: 4px;"),
    "voided": ("a red box over a voided record", None,
               "background: #fdecea; color: #a93226; border: 1px solid #e6b0aa;"
               " border-radius: 4px; padding: 6px 10px; font-weight: bold;"),
    "status": ("a status chip", None,
               "background: #e8f0fe; color: #1a4d8f; border-radius: 4px; padding: 2px 8px;"
               " font-weight: bold;"),
    "chip": ("white bold text on a coloured chip; the colour from the ``tone`` property", None,
             "color: white; padding: 4px 10px; border-radius: 4px; font-weight: bold;"
             " background: #566573;"),
    "tile": ("a dashboard tile frame", None,
             "background: #f4f7fb; border: 1px solid #d5dde8; border-radius: 6px;"),
    "tile_alert": ("a tile frame that needs attention", None,
                   "background: #fdecea; border: 1px solid #e6b0aa; border-radius: 6px;"),
    "banner_saved": ("a green frame after saving", None,
                     "background: #e8f5e9; border: 1px solid #a5d6a7; border-radius: 4px;"),
    "banner_conflict": ("a yellow frame with a warning", None,
                        "background: #fff4d6; border: 1px solid #e0a800; border-radius: 4px;"),
    "card": ("a light blue frame", None,
             "background: #f4f8fb; border: 1px solid #c9d6e2; border-radius: 4px;"),
    "cover": ("the dark sheet over a locked window", None, "background: #2c3e50;"),
    "backdrop": ("the grey desk behind pages in a print preview", None,
                 "background: #8a8f96;"),
    "big": ("a large main button", 1.25, "padding: 10px 16px;"),
    "rating_title": ("the question on the citizens' rating screen", 1.8, "font-weight: bold;"),
    "rating_choice": ("a very large 满意 / 基本满意 / 不满意 button on the rating screen", 2.0,
                      "font-weight: bold; padding: 22px 14px; border: 3px solid #9aa7b4;"
                      " border-radius: 10px; background: #f4f7fb;"),
    "rating_reason": ("a large reason a citizen may tick on the rating screen", 1.3,
                      "padding: 12px 14px; border: 2px solid #b7c3cf; border-radius: 8px;"
                      " background: #ffffff;"),
    "wide": ("a roomy button", None, "padding: 6px 12px;"),
    "action": ("a bold header action", None, "padding: 4px 14px; font-weight: bold;"),
    "next_step": ("the suggested next button", None,
                  "padding: 6px 12px; font-weight: bold; border: 2px solid #c9a227;"
                  " border-radius: 4px; background: #fff4d6;"),
}

def register_bundled_fonts() -> list[str]:
    """Register the CJK fonts under ``resources/fonts``; returns their family names."""
    families: list[str] = []
    for name in BUNDLED_FONTS:
        path = resources_dir() / "fonts" / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def ui_font_family(bundled: list[str]) -> list[str]:
    """Family list for the UI font: an installed preferred face, then the bundled one."""
    installed = set(QFontDatabase.families())
    chosen = [f for f in PREFERRED_FAMILIES if f in installed]
    return chosen[:1] + bundled


def text_size(settings: QSettings) -> str:
    value = str(settings.value(SETTING_TEXT_SIZE, "normal"))
    return value if value in TEXT_SIZES else "normal"


def role_point_size(role: str, size: str) -> float:
    """The point size a role's text has at text size ``size``."""
    scale = ROLES[role][1]
    return round(TEXT_SIZES[size] * (scale or 1.0), 1)


def style_sheet(size: str) -> str:
    """The application style sheet for text size ``size`` ("normal", "large", "larger")."""
    base = TEXT_SIZES[size]
    rules: list[str] = []
    for role, (_meaning, scale, declarations) in ROLES.items():
        font = f" font-size: {base * scale:.1f}pt;" if scale else ""
        rules.append(f'*[role="{role}"] {{{font} {declarations} }}')
    rules += [f'*[role="chip"][tone="{tone}"] {{ background: {colour}; }}'
              for tone, colour in TONES.items()]
    rules += [
        "QListWidget#navigation::item { padding: 10px 6px; }",
        'QTabWidget[role="page_tabs"] > QTabBar::tab { padding: 8px 18px; }',
        "QTableView[role=\"statistics\"]::item { padding: 2px 10px; }",
        # The rating screen: a chosen value or reason stands out (colour and border).
        '*[role="rating_choice"]:checked { background: #1f6f43; color: white;'
        ' border-color: #14532d; }',
        '*[role="rating_reason"]:checked { background: #dff0e5; border-color: #1f6f43; }',
    ]
    return "\n".join(rules) + "\n"


def set_role(widget: QWidget, role: str | None, tone: str | None = None) -> None:
    """Give ``widget`` a style role (None or "" for none; a ``tone`` for a chip) and restyle
    it at once."""
    if ((widget.property(ROLE) or None) == (role or None)
            and (widget.property(TONE) or None) == (tone or None)):
        return
    widget.setProperty(ROLE, role or "")
    widget.setProperty(TONE, tone or "")
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def apply_text_size(app: QApplication, size: str) -> None:
    """Apply text size ``size`` to the font and the style sheet: every open widget follows."""
    font = app.font()
    font.setPointSizeF(TEXT_SIZES[size])
    app.setFont(font)
    app.setStyleSheet(style_sheet(size))


def apply_appearance(app: QApplication, settings: QSettings, bundled: list[str]) -> None:
    """Set the application font (family chain) and the user's text size."""
    font = QFont()
    families = ui_font_family(bundled)
    if families:
        font.setFamilies(families)
    app.setFont(font)
    apply_text_size(app, text_size(settings))
    # The keyboard focus ring (a frame that follows the focus; no style sheet involved).
    from .widgets.focus_ring import install_focus_ring

    install_focus_ring(app)
