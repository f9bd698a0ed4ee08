"""What a statistics table is made of: measures over facts, dimensions, and the results.

A ``Measure`` counts (or sums) the facts of one kind whose event date (``when``) falls in the
period and that pass ``where``; a table crosses a ``Dimension`` (rows) with columns made of
measures, ratios of two columns, or sums of columns. Because every number is "these facts",
the records behind any cell are found by the same rule (``aggregate.cell_facts``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from .facts import Facts, Scope
from .periods import Period

Value = int | float | None
#: Units: a count of facts, a sum of money in fen, a ratio, a sum of counts the records carry
#: (people reached, copies handed out).
COUNT, FEN, RATE, QUANTITY = "count", "fen", "rate", "quantity"
TOTAL = "total"


def always(_fact: Any) -> bool:
    return True


@dataclass(frozen=True)
class Measure:
    """Facts of ``kind`` whose ``when`` date lies in the period and that pass ``where``.

    ``amount`` sums that (in ``amount_unit``: fen, or a ``QUANTITY``) instead of counting;
    ``due_only`` also requires the date to have come (≤ the report's day: a follow-up due
    next week is not yet missed); ``recorded=False`` marks what the application does not
    record yet (value None, "—").
    """

    key: str
    kind: str
    when: Callable[[Any], date | None]
    where: Callable[[Any], bool] = always
    amount: Callable[[Any], int] | None = None
    due_only: bool = False
    recorded: bool = True
    amount_unit: str = FEN

    @property
    def unit(self) -> str:
        return self.amount_unit if self.amount is not None else COUNT


@dataclass(frozen=True)
class Col:
    """A column: what its measures count (summed, each fact in the row its dimension gives
    for that measure), or the ratio of two other columns of the table. ``parts`` names what
    each measure counts, for the records behind a cell whose measures may count one record
    twice (a case concluded and its follow-up due in the same period)."""

    key: str
    label: str
    measures: tuple[Measure, ...] = ()
    ratio: tuple[str, str] | None = None  # (numerator column, denominator column)
    parts: tuple[str, ...] = ()

    @property
    def unit(self) -> str:
        if self.ratio is not None:
            return RATE
        return self.measures[0].unit

    @property
    def recorded(self) -> bool:
        return all(m.recorded for m in self.measures)


@dataclass(frozen=True)
class Dimension:
    """Rows of a table: ``key(fact, measure)`` → row key (None: not counted in any row),
    ``rows(period)`` → the ``(key, label)`` rows always shown, in order; facts with another
    key get a row of their own labelled by ``label_of``.

    ``attr`` names the fact attribute that *is* the key (the quick path; ``key`` is then
    not called): an empty value goes to row ``none_key``, or to no row when that is None.
    ``attr_of(measure)`` does the same per measure, for rows keyed by different attributes
    of different kinds of facts (a case's mediator, a consultation's operator).
    ``rows_of(facts, keys)`` replaces ``rows`` for rows that depend on the facts (the
    operators of the workload table); ``keys`` are the row keys some fact falls in.
    """

    header: str
    key: Callable[[Any, Measure], str | None]
    rows: Callable[[Period], Sequence[tuple[str, str]]]
    label_of: Callable[[str], str] = str
    attr: str | None = None
    none_key: str | None = None
    rows_of: Callable[[Facts, set[str]], Sequence[tuple[str, str]]] | None = None
    attr_of: Callable[[Measure], str] | None = None

    def _attr(self, measure: Measure) -> str | None:
        if self.attr is not None or self.attr_of is None:
            return self.attr
        return self.attr_of(measure)

    def tally(self, facts: Sequence[Any], measure: Measure) -> Counter[str]:
        """Per row key, how many ``facts`` there are (or the sum of ``measure.amount``)."""
        attr = self._attr(measure)
        if measure.amount is None and attr is not None:
            counted: Counter[Any] = Counter(map(attrgetter(attr), facts))
            for empty in (None, ""):
                if empty in counted:
                    n = counted.pop(empty)
                    if self.none_key is not None:
                        counted[self.none_key] += n
            return counted
        keys = self.keys(facts, measure)
        if measure.amount is None:
            counted = Counter(keys)
        else:
            counted = Counter()
            for key, amount in zip(keys, map(measure.amount, facts), strict=True):
                counted[key] += amount
        counted.pop(None, None)
        return counted

    def keys(self, facts: Sequence[Any], measure: Measure) -> Iterable[str | None]:
        """The row key of each fact (in order)."""
        attr = self._attr(measure)
        if attr is None:
            return (self.key(fact, measure) for fact in facts)
        none = self.none_key
        return (none if value is None or value == "" else value
                for value in map(attrgetter(attr), facts))


@dataclass(frozen=True)
class TableSpec:
    """A dimension crossed with columns. ``per_operator``: a row is one operator's figures,
    shown only to those ``Facts.visible_operators`` allows (without the total row when
    restricted)."""

    key: str
    title: str
    dimension: Dimension
    columns: tuple[Col, ...]
    total: bool = True
    note: str = ""
    per_operator: bool = False


@dataclass(frozen=True)
class Indicator:
    """One row of an indicator table: how many were due (``base``) and how many met it."""

    key: str
    label: str
    base: Measure
    met: Measure


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    title: str
    header: str
    indicators: tuple[Indicator, ...]
    base_label: str = "基数"
    met_label: str = "达标"
    rate_label: str = "比率"
    note: str = ""


Spec = TableSpec | IndicatorSpec


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str  # COUNT | FEN | RATE


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    row_header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    note: str = ""

    def column_index(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(f"table {self.key!r} has no column {key!r}")

    def row(self, key: str) -> Row:
        if key == TOTAL and self.total is not None:
            return self.total
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"table {self.key!r} has no row {key!r}")

    def value(self, row_key: str, column_key: str) -> Value:
        return self.row(row_key).values[self.column_index(column_key)]

    def all_rows(self) -> tuple[Row, ...]:
        return self.rows + ((self.total,) if self.total is not None else ())


@dataclass(frozen=True)
class Report:
    """Every table of the report for one scope and period, made on ``as_of``."""

    scope: Scope
    period: Period
    as_of: date
    tables: tuple[Table, ...] = field(default_factory=tuple)
    #: Who made it (a county operator's name on county reports; "" when not named).
    made_by: str = ""

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


@dataclass(frozen=True)
class RecordLine:
    """A record behind a cell, as a drill-down list shows it; opens ``record_type/record_id``."""

    record_type: str
    record_id: str
    number: str
    day: date | None
    category: str
    status: str
    station_id: str
