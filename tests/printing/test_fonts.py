"""Fonts: shipped with licences, GB 18030-2022 level 1 covered, rare characters drawn through a
fallback, registered lazily once per process, Windows fonts preferred when present."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from workstation.printing import fonts

FONTS = fonts.fonts_dir()
REPO = Path(__file__).resolve().parents[2]


def gb18030_level1() -> set[int]:
    """GB 18030-2022 implementation level 1 as defined for this project: the basic block
    U+4E00-9FA5, Extension A U+3400-4DB5, U+9FA6-9FEF, and GBK's other characters."""
    wanted = set(range(0x4E00, 0x9FA6)) | set(range(0x3400, 0x4DB6)) | set(range(0x9FA6, 0x9FF0))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                ch = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            if unicodedata.category(ch) != "Co":
                wanted.add(ord(ch))
    return wanted


def test_gb18030_level1_has_a_glyph_in_the_shipped_fonts() -> None:
    from fontTools.ttLib import TTCollection, TTFont

    covered: set[int] = set()
    for path in sorted(FONTS.glob("*.tt[fc]")):
        faces = TTCollection(str(path)).fonts if path.suffix == ".ttc" else [TTFont(str(path))]
        for face in faces:
            assert "glyf" in face, f"{path.name} is not TrueType-outline (reportlab needs glyf)"
            covered |= set(face.getBestCmap())
    wanted = gb18030_level1()
    assert len(wanted) > 27_500
    missing = sorted(wanted - covered)
    assert not missing, "no glyph for: " + " ".join(f"U+{c:04X} {chr(c)}" for c in missing[:50])


def test_every_shipped_font_has_its_licence() -> None:
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    for path in FONTS.glob("*.tt[fc]"):
        assert f"`{path.name}`" in readme, f"{path.name} not described in README.md"
    for licence in ("wqy-microhei.LICENSE-Apache-2.0", "ARPHICPL.TXT", "uming.COPYRIGHT",
                    "hanazono.COPYRIGHT", "babelstone-han.COPYRIGHT"):
        assert (FONTS / licence).stat().st_size > 1000


@pytest.mark.parametrize(("ch", "expected"), [
    ("张", "WS-UMingCN"), ("𠮷", "WS-HanaMin"), ("䶮", "WS-UMingCN"), ("㑇", "WS-UMingCN"),
    ("鿫", "WS-BabelStoneHan"), ("\U0002A6D6", "WS-HanaMinB"),
])
def test_glyph_font_falls_back_per_character(ch: str, expected: str) -> None:
    name = fonts.glyph_font(ch)
    assert name is not None and name.startswith(expected)
    from reportlab.pdfbase import pdfmetrics

    assert ord(ch) in pdfmetrics.getFont(name).face.charToGlyph


def test_font_runs_and_markup() -> None:
    runs = fonts.font_runs("𠮷祥诉李四")
    assert runs[0] == ("WS-HanaMinA", "𠮷") and runs[1] == ("WS-UMingCN", "祥诉李四")
    assert fonts.markup("a<b>&𠮷\n") == 'a&lt;b&gt;&amp;<font name="WS-HanaMinA">𠮷<br/></font>'
    assert fonts.font_runs("标题", fonts.TITLE) == [("WS-WQYMicroHei", "标题")]


def test_missing_characters_names_what_no_font_has() -> None:
    assert fonts.missing_characters("𠮷祥 李䶮 王㑇 鿫 ‘’·—") == set()
    assert fonts.missing_characters("张\ue000三\U0010fffd") == {"\ue000", "\U0010fffd"}
    # Variation selectors and joiners print nothing and are not missing.
    assert fonts.missing_characters("葛\U000e0100\u200d") == set()
    assert fonts.markup("张\ue000").endswith("〓")


def test_fonts_are_registered_lazily_once_per_process() -> None:
    code = (
        "from workstation.printing import fonts\n"
        "fonts.glyph_font('张'); a = fonts.loaded_fonts()\n"
        "fonts.glyph_font('䶮'); b = fonts.loaded_fonts()\n"
        "fonts.glyph_font('𠮷'); c = fonts.loaded_fonts()\n"
        "fonts.glyph_font('\\U0002A6D6'); d = fonts.loaded_fonts()\n"
        "print(a, b, c, d, sep='\\n')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout.splitlines()
    assert out[0] == "('WS-UMingCN',)" and out[1] == out[0]
    assert "WS-HanaMinA" in out[2] and "WS-HanaMinB" not in out[2]
    assert "WS-HanaMinB" in out[3]


def test_windows_fonts_are_preferred_when_present(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("simsun.ttc", "simhei.ttf", "simfang.ttf", "simsunb.ttf"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(fonts, "system_fonts_dir", lambda: tmp_path)
    plan = fonts.build_plan()
    assert plan.primary(fonts.BODY).name == "WS-SimSun"
    assert plan.primary(fonts.TITLE).name == "WS-SimHei"
    assert plan.primary(fonts.FANGSONG).name == "WS-FangSong"
    body = [s.name for s in plan.chains[fonts.BODY]]
    assert body.index("WS-SimSunExtB") < body.index("WS-HanaMinA") < body.index("WS-HanaMinB")
    monkeypatch.setattr(fonts, "system_fonts_dir", lambda: None)
    assert fonts.build_plan().primary(fonts.BODY).name == "WS-UMingCN"
