"""Statistics: one query layer for the 统计 page, the PDF/Excel reports and the county.

Public API (no Qt):

- ``parse_period("2026-10" | "2026-Q4" | "2026" | "2026-01-05..2026-02-10") -> Period``
  (``ValidationError`` on field ``period`` with a Chinese message otherwise)
- ``StationSource(db)`` / ``CountySource(county_db, division_codes=None)``: fact sources
  (``FactSource``: ``scope()`` and ``fetch(kinds, period, as_of, progress)``)
- ``collect(source, period, as_of=None, progress=None) -> Facts`` (fact rows per kind)
- ``build_report(facts) -> Report`` (every ``Table`` of ``catalog.TABLES``);
  ``report_for(source, period, as_of=None)`` does both
- ``Report.table(key).value(row_key, column_key)``; ``"total"`` is the total row
- ``drill_down(facts, table_key, row_key, column_key) -> list[RecordLine]`` (the records
  behind a cell; ``cell_facts`` gives the fact rows themselves)
- ``workstation.printing.reports.save_report(report, path)`` writes .pdf or .xlsx atomically

Modules: ``periods``, ``facts`` (fact rows), ``model`` (measures, tables), ``catalog`` (the
report's measures and tables, 统计口径), ``aggregate`` (pure), ``format`` (display),
``station_source``, ``county_source``.
"""

from __future__ import annotations

from .aggregate import (
    Cancelled,
    FactSource,
    build_report,
    build_table,
    cell_facts,
    collect,
    drill_down,
    report_for,
)
from .facts import Facts, Scope
from .model import TOTAL, RecordLine, Report, Row, Table
from .periods import Period, parse_period

__all__ = [
    "TOTAL", "Cancelled", "FactSource", "Facts", "Period", "RecordLine", "Report", "Row",
    "Scope", "Table", "build_report", "build_table", "cell_facts", "collect", "drill_down",
    "parse_period", "report_for",
]
