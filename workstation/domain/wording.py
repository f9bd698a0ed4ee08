"""The few words every screen and printed form share, declared once: the placeholder of a
choice not made yet, the value nobody entered, and the ellipsis.

Chinese typography writes the ellipsis as two ``…`` (``……``); a text cut short to fit ends
with one (:data:`ELIDED`, as Qt elides): a mark, not an ellipsis. A value not entered is
one dash ``—`` everywhere (a detail pane, a list, a printed form, an empty statistic),
whatever the reason it is empty, so nobody has to wonder whether （未登记） and （未填写）
differ.
"""

from __future__ import annotations

#: A choice not made yet (the first entry of an optional drop-down list).
CHOOSE = "请选择"
#: A value nobody entered (or that does not exist yet).
EMPTY = "—"
#: The ellipsis, as in 正在保存…… (also a value still loading).
ELLIPSIS = "……"
#: The mark of a text cut short to fit (one character, as Qt's own elided text).
ELIDED = "…"


def or_empty(value: object) -> str:
    """``value`` as text, or :data:`EMPTY` when there is nothing to show (None, "", 0)."""
    if value is None or value == "" or value == 0:
        return EMPTY
    return str(value)
