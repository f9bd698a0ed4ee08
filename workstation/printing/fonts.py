"""CJK fonts for printed documents: which font draws which character, registered lazily.

reportlab embeds TrueType-outline fonts only (as subsets, automatically) and draws a character
its font lacks as a blank **without any error**. So every piece of text is split into runs per
font here: the role's face (Song for body text, Hei for titles) where it has the glyph, else
the first fallback that has it (HanaMinA for Extension A, HanaMinB for Extension B such as 𠮷,
BabelStone Han for U+9FA6..U+9FFF). A character no font has is reported by
``missing_characters`` and drawn as 〓 (the typesetter's mark for a missing character), never
as a silent blank.

On Windows the installed SimSun / SimHei / FangSong / SimSun-ExtB are preferred when present
(they are not redistributable); elsewhere the fonts shipped in ``resources/fonts`` are used.
Fonts are registered with reportlab once per process, each only when a character first needs
it (HanaMinB is 30 MB). Thread-safe: documents are rendered off the GUI thread.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from workstation.paths import resources_dir

BODY = "body"
TITLE = "title"
FANGSONG = "fangsong"
ROLES = (BODY, TITLE, FANGSONG)

#: Drawn in place of a character that no available font has (and reported as missing).
MISSING_MARK = "〓"

#: Characters dropped before layout: variation selectors, zero-width joiners, BOM.
_IGNORABLE = frozenset(
    [chr(c) for c in range(0xFE00, 0xFE10)]
    + [chr(c) for c in range(0xE0100, 0xE01F0)]
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
)


@dataclass(frozen=True)
class FontSource:
    """One TrueType font file (or one face of a collection) reportlab can register."""

    name: str  # reportlab registration name
    path: Path
    subfont_index: int = 0
    label: str = ""


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def system_fonts_dir() -> Path | None:
    """The Windows fonts folder when running on Windows, else None."""
    if os.name != "nt":
        return None
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _bundled() -> dict[str, FontSource]:
    d = fonts_dir()
    return {
        "song": FontSource("WS-UMingCN", d / "uming.ttc", 0, "AR PL UMing CN（文鼎明体）"),
        "hei": FontSource("WS-WQYMicroHei", d / "wqy-microhei.ttc", 0, "文泉驿微米黑"),
        "hana_a": FontSource("WS-HanaMinA", d / "HanaMinA.ttf", 0, "花园明朝A"),
        "hana_b": FontSource("WS-HanaMinB", d / "HanaMinB.ttf", 0, "花园明朝B"),
        "babelstone": FontSource("WS-BabelStoneHan", d / "BabelStoneHan-9FA6.ttf", 0,
                                 "BabelStone Han（U+9FA6–9FFF）"),
    }


def _windows() -> dict[str, FontSource]:
    folder = system_fonts_dir()
    if folder is None:
        return {}
    candidates = {
        "song": FontSource("WS-SimSun", folder / "simsun.ttc", 0, "宋体"),
        "hei": FontSource("WS-SimHei", folder / "simhei.ttf", 0, "黑体"),
        "fangsong": FontSource("WS-FangSong", folder / "simfang.ttf", 0, "仿宋"),
        "song_extb": FontSource("WS-SimSunExtB", folder / "simsunb.ttf", 0, "宋体-ExtB"),
    }
    return {key: src for key, src in candidates.items() if src.path.is_file()}


@dataclass(frozen=True)
class FontPlan:
    """Which font draws each role, and the fallbacks tried in order for a missing glyph."""

    chains: dict[str, tuple[FontSource, ...]]

    def primary(self, role: str) -> FontSource:
        return self.chains[role][0]

    @property
    def sources(self) -> tuple[FontSource, ...]:
        seen: dict[str, FontSource] = {}
        for chain in self.chains.values():
            for src in chain:
                seen.setdefault(src.name, src)
        return tuple(seen.values())


def build_plan() -> FontPlan:
    bundled, system = _bundled(), _windows()
    song = system.get("song", bundled["song"])
    hei = system.get("hei", bundled["hei"])
    fangsong = system.get("fangsong", song)
    fallbacks = [system["song_extb"]] if "song_extb" in system else []
    fallbacks += [bundled["hana_a"], bundled["hana_b"], bundled["babelstone"]]
    # Other faces last: a Hei glyph in Song text beats a blank (symbols mostly).
    extra = [bundled["song"], bundled["hei"]]

    def chain(*head: FontSource) -> tuple[FontSource, ...]:
        out: list[FontSource] = []
        for src in (*head, *fallbacks, *extra):
            if src not in out:
                out.append(src)
        return tuple(out)

    return FontPlan({BODY: chain(song), TITLE: chain(hei, song), FANGSONG: chain(fangsong, song)})


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ``makeToUnicodeCMap`` with characters beyond the BMP written as UTF-16
    surrogate pairs (reportlab writes ``<20BB7>``, an odd-length hex string that PDF readers
    reject, so 𠮷 could not be searched, copied or read back from the PDF)."""
    cmap = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
          for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(cmap)


def _patch_reportlab() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class _Registry:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._plan: FontPlan | None = None
        self._fonts: dict[str, object] = {}  # name -> reportlab TTFont
        self._failed: set[str] = set()
        self._cache: dict[tuple[str, str], str | None] = {}

    @property
    def plan(self) -> FontPlan:
        with self._lock:
            if self._plan is None:
                self._plan = build_plan()
            return self._plan

    def font(self, src: FontSource) -> object | None:
        """The registered reportlab font of ``src`` (registered on first use), else None."""
        font = self._fonts.get(src.name)
        if font is not None or src.name in self._failed:
            return font
        with self._lock:
            if src.name in self._fonts or src.name in self._failed:
                return self._fonts.get(src.name)
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFError, TTFont

            if not self._fonts:
                _patch_reportlab()
            try:
                ttf = TTFont(src.name, str(src.path), subfontIndex=src.subfont_index)
            except (OSError, TTFError):
                self._failed.add(src.name)
                return None
            pdfmetrics.registerFont(ttf)
            self._fonts[src.name] = ttf
            return ttf

    def glyph_font(self, ch: str, role: str) -> str | None:
        key = (role, ch)
        try:
            return self._cache[key]
        except KeyError:
            pass
        code = ord(ch)
        found: str | None = None
        for src in self.plan.chains[role]:
            font = self.font(src)
            if font is not None and code in font.face.charToGlyph:  # type: ignore[attr-defined]
                found = src.name
                break
        self._cache[key] = found
        return found

    def loaded(self) -> tuple[str, ...]:
        return tuple(self._fonts)

    def reset(self) -> None:
        """Forget the plan and cached look-ups (tests that fake a Windows fonts folder)."""
        with self._lock:
            self._plan = None
            self._cache.clear()


_REGISTRY = _Registry()


def plan() -> FontPlan:
    return _REGISTRY.plan


def font_name(role: str = BODY) -> str:
    """The registered name of a role's face (registered now if it was not yet)."""
    src = _REGISTRY.plan.primary(role)
    if _REGISTRY.font(src) is None:
        raise RuntimeError(f"找不到打印字体：{src.path}")
    return src.name


def mono_font_name() -> str:
    """A monospaced face for codes people copy by hand (WenQuanYi Micro Hei Mono, bundled)."""
    src = FontSource("WS-WQYMicroHeiMono", fonts_dir() / "wqy-microhei.ttc", 1,
                     "文泉驿等宽微米黑")
    if _REGISTRY.font(src) is None:
        raise RuntimeError(f"找不到打印字体：{src.path}")
    return src.name


def loaded_fonts() -> tuple[str, ...]:
    """Names of the fonts registered so far in this process."""
    return _REGISTRY.loaded()


def reset() -> None:
    _REGISTRY.reset()


def clean_text(text: str) -> str:
    """``text`` without characters that print nothing (variation selectors, ZWJ, controls).

    Newlines and tabs are kept; other control characters are dropped.
    """
    out = []
    for ch in text:
        if ch in _IGNORABLE:
            continue
        if ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def _needs_glyph(ch: str) -> bool:
    return not ch.isspace() and ch not in _IGNORABLE


def glyph_font(ch: str, role: str = BODY) -> str | None:
    """The registered name of the first font of ``role``'s chain that has a glyph for ``ch``."""
    return _REGISTRY.glyph_font(ch, role)


def font_runs(text: str, role: str = BODY) -> list[tuple[str | None, str]]:
    """Split ``text`` into ``(font name, run)`` pairs; ``None`` marks characters no font has.

    Whitespace joins the run it is in (every face has a space).
    """
    runs: list[tuple[str | None, str]] = []
    primary = _REGISTRY.plan.primary(role).name
    current: str | None = primary
    buf: list[str] = []
    for ch in clean_text(text):
        name = glyph_font(ch, role) if _needs_glyph(ch) else (current or primary)
        if name != current and buf:
            runs.append((current, "".join(buf)))
            buf = []
        current = name
        buf.append(ch)
    if buf:
        runs.append((current, "".join(buf)))
    sink = _COLLECTOR.get()
    if sink is not None:
        for name, run in runs:
            if name is None:
                sink.update(ch for ch in run if _needs_glyph(ch))
    return runs


def missing_characters(text: str) -> set[str]:
    """Characters of ``text`` that no available font can draw (never printed as blanks)."""
    return {ch for ch in set(clean_text(text))
            if _needs_glyph(ch) and _REGISTRY.glyph_font(ch, BODY) is None}


_COLLECTOR: ContextVar[set[str] | None] = ContextVar("missing_collector", default=None)


@contextmanager
def collect_missing() -> Iterator[set[str]]:
    """Collect the characters without a glyph that ``markup``/``font_runs`` meet in the block."""
    found: set[str] = set()
    token = _COLLECTOR.set(found)
    try:
        yield found
    finally:
        _COLLECTOR.reset(token)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ideographic_space(name: str) -> str:
    """No-break spaces as wide as U+3000 in font ``name``: reportlab's paragraph parser
    collapses runs of other whitespace (so "　　年　　月　　日" lines would shrink)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    nbsp = stringWidth("\xa0", name, 10) or 5.0
    return "\xa0" * max(1, round(stringWidth("\u3000", name, 10) / nbsp))


def markup(text: str, role: str = BODY) -> str:
    """Paragraph markup for ``text``: escaped, newlines as ``<br/>``, and every run whose font is
    not the role's face wrapped in ``<font name=...>``; missing characters become 〓."""
    primary = _REGISTRY.plan.primary(role).name
    parts = []
    for name, run in font_runs(text, role):
        if name is None:
            run = MISSING_MARK * len(run)
            name = glyph_font(MISSING_MARK, role) or primary
        body = _escape(run).replace("\n", "<br/>")
        if "\u3000" in body:
            body = body.replace("\u3000", _ideographic_space(name))
        parts.append(body if name == primary else f'<font name="{name}">{body}</font>')
    return "".join(parts)
