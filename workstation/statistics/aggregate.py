"""Pure aggregation: facts → tables, and the facts behind any cell (drill-down).

Numbers and drill-down lists come from the same rule (``matching`` + the table's dimension),
so a cell showing 7 always opens a list of exactly 7 records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

from workstation.domain.enums import (
    AidMatter,
    AidStatus,
    ConsultationTopic,
    DisputeType,
    HandlingResult,
    MediationStatus,
    Performance,
    Satisfaction,
)

from .catalog import SPECS, TABLES
from .facts import (
    FACT_KINDS,
    CaseFact,
    ConsultationFact,
    Facts,
    FollowUpFact,
    Outcome,
    ReferralFact,
    Scope,
)
from .model import (
    TOTAL,
    Col,
    Column,
    IndicatorSpec,
    Measure,
    RecordLine,
    Report,
    Row,
    Spec,
    Table,
    TableSpec,
    Value,
    always,
)
from .periods import Period

#: ``progress(done, total)``; returning False asks to stop (``collect`` raises Cancelled).
Progress = Callable[[int, int], bool | None]


class FactSource(Protocol):
    """Where facts come from: a station database, the county database, ..."""

    def scope(self) -> Scope: ...

    def fetch(self, kinds: Sequence[str], period: Period, as_of: date,
              progress: Progress | None = None) -> dict[str, Sequence[Any]]:
        """Facts of each of ``kinds`` that may count in ``period``, read in one transaction
        (a superset is fine: measures test their own dates). ``progress(done, total)`` after
        each kind; returning False stops with ``Cancelled``."""
        ...


class Cancelled(Exception):
    """The caller's progress callback asked to stop."""


def report_progress(progress: Progress | None, done: int, total: int) -> None:
    """Call ``progress``; raise ``Cancelled`` when it returns False."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled


def collect(source: FactSource, period: Period, as_of: date | None = None,
            progress: Progress | None = None) -> Facts:
    """Every fact kind of ``period`` from ``source``."""
    day = as_of or date.today()
    facts = Facts(period, day, source.scope())
    facts.by_kind.update(source.fetch(FACT_KINDS, period, day, progress))
    return facts


def _in_period(facts: Facts, measure: Measure) -> list[Any]:
    """Facts of the measure's kind whose event date lies in the period (shared by every
    measure with the same kind, date and ``due_only``)."""
    key = f"{measure.kind}/{id(measure.when)}/{measure.due_only}"
    found = facts._matches.get(key)
    if found is None:
        start, end = facts.period.start, facts.period.end
        if measure.due_only:
            end = min(end, facts.as_of)
        when = measure.when
        found = [f for f in facts.of(measure.kind)
                 if (day := when(f)) is not None and start <= day <= end]
        facts._matches[key] = found
    return found


def matching(facts: Facts, measure: Measure) -> list[Any]:
    """The facts ``measure`` counts in the period (computed once per measure and facts)."""
    found = facts._matches.get(measure.key)
    if found is None:
        base = _in_period(facts, measure)
        where = measure.where
        found = base if where is always else [f for f in base if where(f)]
        facts._matches[measure.key] = found
    return found


def _ratio(numerator: Value, denominator: Value) -> float | None:
    if not denominator or numerator is None:
        return None
    return float(numerator) / float(denominator)


def _values(columns: Sequence[Col], sums: dict[str, int]) -> tuple[Value, ...]:
    by_key: dict[str, Value] = {}
    for col in columns:
        if col.ratio is None:
            by_key[col.key] = sums.get(col.key, 0) if col.recorded else None
    for col in columns:
        if col.ratio is not None:
            by_key[col.key] = _ratio(by_key[col.ratio[0]], by_key[col.ratio[1]])
    return tuple(by_key[col.key] for col in columns)


def _columns(spec: TableSpec) -> tuple[Column, ...]:
    return tuple(Column(c.key, c.label, c.unit) for c in spec.columns)


def _build_dimension_table(spec: TableSpec, facts: Facts) -> Table:
    dim = spec.dimension
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for col in spec.columns:
        for measure in col.measures:
            for key, value in dim.tally(matching(facts, measure), measure).items():
                sums[key][col.key] += value
    rows_def = list(dim.rows(facts.period))
    known = {key for key, _ in rows_def}
    rows_def += [(key, dim.label_of(key)) for key in sorted(sums) if key not in known]
    rows = tuple(Row(key, label, _values(spec.columns, sums.get(key, {})))
                 for key, label in rows_def)
    total = None
    if spec.total:
        totals: dict[str, int] = defaultdict(int)
        for per_row in sums.values():
            for key, value in per_row.items():
                totals[key] += value
        total = Row(TOTAL, "合计", _values(spec.columns, totals))
    return Table(spec.key, spec.title, dim.header, _columns(spec), rows, total, spec.note)


def _indicator_columns(spec: IndicatorSpec) -> tuple[Column, ...]:
    return (Column("base", spec.base_label, "count"), Column("met", spec.met_label, "count"),
            Column("rate", spec.rate_label, "rate"))


def _build_indicator_table(spec: IndicatorSpec, facts: Facts) -> Table:
    rows = []
    for ind in spec.indicators:
        base, met = len(matching(facts, ind.base)), len(matching(facts, ind.met))
        rows.append(Row(ind.key, ind.label, (base, met, _ratio(met, base))))
    return Table(spec.key, spec.title, spec.header, _indicator_columns(spec), tuple(rows),
                 None, spec.note)


def build_table(spec: Spec, facts: Facts) -> Table:
    if isinstance(spec, IndicatorSpec):
        return _build_indicator_table(spec, facts)
    return _build_dimension_table(spec, facts)


def build_report(facts: Facts, specs: Sequence[Spec] = TABLES) -> Report:
    """Every table of the report over ``facts``."""
    return Report(facts.scope, facts.period, facts.as_of,
                  tuple(build_table(spec, facts) for spec in specs))


def report_for(source: FactSource, period: Period, as_of: date | None = None) -> Report:
    """Collect and aggregate in one call."""
    return build_report(collect(source, period, as_of))


# --- drill-down -------------------------------------------------------------------------------


def _cell_pairs(facts: Facts, table_key: str, row_key: str,
                column_key: str) -> list[tuple[Any, Measure]]:
    spec = SPECS.get(table_key)
    if spec is None:
        raise KeyError(f"unknown table {table_key!r}")
    if isinstance(spec, IndicatorSpec):
        ind = next((i for i in spec.indicators if i.key == row_key), None)
        if ind is None:
            raise KeyError(f"table {table_key!r} has no row {row_key!r}")
        measure = ind.met if column_key == "met" else ind.base
        return [(f, measure) for f in matching(facts, measure)]
    col = next((c for c in spec.columns if c.key == column_key), None)
    if col is None:
        raise KeyError(f"table {table_key!r} has no column {column_key!r}")
    if col.ratio is not None:  # the records a rate is taken over
        col = next(c for c in spec.columns if c.key == col.ratio[1])
    if not col.recorded:
        return []
    pairs: list[tuple[Any, Measure]] = []
    seen: set[int] = set()
    for measure in col.measures:
        found = matching(facts, measure)
        for fact, key in zip(found, spec.dimension.keys(found, measure), strict=True):
            if key is None or (row_key != TOTAL and key != row_key) or id(fact) in seen:
                continue
            seen.add(id(fact))
            pairs.append((fact, measure))
    return pairs


def cell_facts(facts: Facts, table_key: str, row_key: str, column_key: str) -> list[Any]:
    """The facts behind one cell (``row_key`` ``"total"`` for the total row); a rate's
    cell gives the records it is taken over (its denominator)."""
    return [fact for fact, _ in _cell_pairs(facts, table_key, row_key, column_key)]


def _case_status(f: CaseFact) -> str:
    if f.outcome != Outcome.OPEN:
        return Outcome.label_of(f.outcome)
    return MediationStatus.label_of(f.status)


def _line(fact: Any, day: date | None) -> RecordLine:
    if isinstance(fact, ConsultationFact):
        category = ConsultationTopic.label_of(fact.topic)
        status = HandlingResult.label_of(fact.handling)
    elif isinstance(fact, CaseFact):
        category, status = DisputeType.label_of(fact.dispute_type), _case_status(fact)
    elif isinstance(fact, FollowUpFact):
        category = "调解回访"
        status = "，".join(x for x in (Performance.label_of(fact.performance),
                                      Satisfaction.label_of(fact.satisfaction)) if x)
    elif isinstance(fact, ReferralFact):
        category, status = AidMatter.label_of(fact.matter), AidStatus.label_of(fact.status)
    else:  # a later fact kind: whatever it offers
        category = str(getattr(fact, "category", ""))
        status = str(getattr(fact, "status", ""))
    return RecordLine(fact.record_type, fact.record_id, fact.number, day, category, status,
                      fact.station_id)


def drill_down(facts: Facts, table_key: str, row_key: str, column_key: str) -> list[RecordLine]:
    """The records behind one cell, oldest first (by the date the cell counts them on)."""
    lines = [_line(fact, measure.when(fact))
             for fact, measure in _cell_pairs(facts, table_key, row_key, column_key)]
    lines.sort(key=lambda ln: (ln.day or date.min, ln.number, ln.record_id))
    return lines
