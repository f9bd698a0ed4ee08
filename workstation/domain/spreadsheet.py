"""Text that a spreadsheet must not run: the one rule every CSV and Excel writer applies.

Excel, LibreOffice and WPS treat a cell typed or imported as ``=…``, ``+…``, ``-…`` or ``@…``
as a formula (``=HYPERLINK(…)`` and DDE payloads included), and a leading tab or carriage
return is stripped before that check by some of them. User text (a name, an address, an
operator's name in the workload sheet) can begin with any of these, so exports follow OWASP's
"CSV injection" advice: such a text gets a leading single quote in CSV files (the programs
show the text and never evaluate it), and is written as a string cell with Excel's quote
prefix in workbooks (``printing.reports.excel``). Numbers are written as numbers and are
never touched. An importer of a file this program wrote removes the quote again
(``unneutralise``).
"""

from __future__ import annotations

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """``text`` as a CSV field a spreadsheet shows and never runs: a leading ``'`` when it
    begins like a formula, otherwise unchanged."""
    return "'" + text if is_formula_like(text) else text


def unneutralise(text: str) -> str:
    """The text ``neutralise`` was given (for importers of files this program exported)."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text
