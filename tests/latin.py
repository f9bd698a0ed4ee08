"""Latin words a Chinese user should not meet: the scanner shared by the tests of window
titles, menus, audit labels and the command line's help."""

from __future__ import annotations

import re

#: Words that stay Latin in Chinese software (abbreviations, key names, formats).
ALLOWED = frozenset({
    "ID", "PDF", "Excel", "CSV", "USB", "U",  # U盘
    "Ctrl", "Shift", "Alt", "Tab", "Enter", "Esc",
    "SQLite", "PostgreSQL", "URL", "HTTP", "HTTPS", "JSON", "UTF", "GBK", "BOM", "MB", "KB",
    *(f"F{n}" for n in range(1, 13)),
})

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def latin_words(text: str, *, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The Latin words of ``text`` outside :data:`ALLOWED` and ``allowed`` (mnemonics such
    as ``(&S)`` and ``&`` markers are not words)."""
    text = re.sub(r"\(&[A-Za-z0-9]\)", "", text).replace("&", "")
    return [w for w in _WORD.findall(text) if w not in ALLOWED and w not in allowed]
