"""How a statistics value reads on screen and paper (the Excel file keeps numbers)."""

from __future__ import annotations

from workstation.domain.wording import EMPTY

from .model import FEN, RATE, Value

MISSING = EMPTY  # a figure that does not exist


def yuan(fen: int) -> str:
    """``1123456`` → ``11,234.56`` (yuan, thousands separated)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def percent(rate: float) -> str:
    """``0.6`` → ``60.0%``."""
    return f"{rate * 100:.1f}%"


def display(value: Value, unit: str) -> str:
    """A cell as text: counts as integers, amounts in yuan, rates in percent, "—" for none."""
    if value is None:
        return MISSING
    if unit == FEN:
        return yuan(int(value))
    if unit == RATE:
        return percent(float(value))
    return str(int(value))
