"""Chinese line breaking (禁则) for reportlab paragraphs.

reportlab's own CJK wrapping lets a line start with ，；：？！》 (only a few closing marks are
known to it), never checks opening marks at a line end, hangs at most one mark into the margin
and cuts numbers apart. ``CJKParagraph`` replaces it: a line never starts with closing
punctuation nor ends with opening punctuation, ASCII words and numbers (金额, phone and ID
numbers) are not split unless longer than a line, and ——/…… stay whole. A character that
would break a rule is carried to the next line together with its neighbour (推出), so no line
is wider than its frame (no overflow into table borders).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    cjkU,
    makeCJKParaLine,
)
from reportlab.rl_config import _FUZZ

#: May not start a line (closing brackets and quotes, stops, pauses, iteration marks).
CANNOT_START = frozenset(
    "，。、；：？！）」』》〉】〕〗〙〛］｝’”…—·～々〃‰％℃°″′"
    "!%),.:;?]}"
    "﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞．"
)
#: May not end a line (opening brackets and quotes, currency signs before numbers).
CANNOT_END = frozenset("（「『《〈【〔〖〘〚［｛‘“([{￥$£")
#: Characters of an unbreakable Latin word or number.
_WORD = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    ".,-_/@%:+#&*'"
)
#: Marks written doubled (——, ……) that must not be split between lines.
_PAIRED = frozenset("—…")


def can_break(before: str, after: str) -> bool:
    """True if a line may end after ``before`` and the next start with ``after``."""
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if before in _WORD and after in _WORD:
        return False
    return not (before == after and before in _PAIRED)


def break_positions(chars: list[str], widths: list[float], max_widths: list[float]
                    ) -> list[int]:
    """Indices where lines start (after the first), for characters of the given widths.

    Pure function (tested directly): ``"\\n"`` entries force a break after themselves.
    """
    starts: list[int] = []
    start = 0
    n = len(chars)
    while start < n:
        limit = max_widths[min(len(starts), len(max_widths) - 1)]
        used = 0.0
        i = start
        forced = False
        while i < n:
            if chars[i] == "\n":
                i += 1
                forced = True
                break
            w = widths[i]
            if used + w > limit + _FUZZ and i > start:
                break
            used += w
            i += 1
        if i >= n and not forced:
            break
        b = i
        if not forced:
            while b > start + 1 and not can_break(chars[b - 1], chars[b]):
                b -= 1
            if b == start + 1 and not can_break(chars[b - 1], chars[b]):
                b = i  # no legal break in the whole line: cut where it overflows
        starts.append(b)
        start = b
    return starts


def cjk_frag_split(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """A replacement of reportlab's ``cjkFragSplit`` that follows the rules above."""
    units: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text:
            units.extend(cjkU(t, f, "utf8") for t in text)
        else:
            units.append(cjkU(text, f, "utf8"))
    chars = ["\n" if hasattr(u.frag, "lineBreak") else str(u) for u in units]
    widths = [float(u.width) for u in units]
    starts = break_positions(chars, widths, max_widths)
    lines = []
    prev = 0
    for k, b in enumerate([*starts, len(units)]):
        segment = units[prev:b]
        limit = max_widths[min(k, len(max_widths) - 1)]
        line_break = bool(segment) and chars[b - 1] == "\n"
        used = sum(widths[prev:b])
        if segment:
            lines.append(makeCJKParaLine(segment, limit, used, limit - used, line_break,
                                         calc_bounds))
        prev = b
    return ParaLines(kind=1, lines=lines)


class CJKParagraph(Paragraph):
    """A Paragraph (style ``wordWrap='CJK'``) wrapped by Chinese line-breaking rules."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if not self.frags:
            return super().breakLinesCJK(maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        self.height = 0
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return cjk_frag_split(self.frags, list(maxWidths), auto not in ("", "off"))


def line_texts(paragraph: Paragraph) -> list[str]:
    """The text of each line of a wrapped CJK paragraph (for tests and checks)."""
    out = []
    for line in paragraph.blPara.lines:
        words = getattr(line, "words", [])
        out.append("".join(getattr(w, "text", "") for w in words))
    return out
