"""The station's statistics as the acting operator may see them: workload per operator.

Every table of the station's report is open to every operator except the workload table
(工作人员工作量和服务质量): an operator sees only their own row, a station admin everyone's and
the total. The rule is applied here, not by hiding widgets: the facts a report is built from
carry the operators the actor may see (``Facts.visible_operators``), so the report, its
PDF/Excel export and the 统计 page show only those rows, and opening another operator's row
(or the total) is refused with a Chinese message.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.storage.engine import Database

from .context import Actor, UnitOfWork
from .permissions import NotPermitted

if TYPE_CHECKING:
    from workstation.statistics import Facts, Period, RecordLine, Report, Table
    from workstation.statistics.aggregate import Progress

WORKLOAD_TABLE = "workload"
OWN_ONLY = "只能查看本人的工作量统计"


def visible_operators(actor: Actor) -> frozenset[str] | None:
    """Whose workload ``actor`` may see: None (everyone's) for an admin, else their own."""
    return None if actor.is_admin else frozenset({actor.operator_id})


def collect_for(db: Database, actor: Actor, period: Period, as_of: date | None = None,
                progress: Progress | None = None) -> Facts:
    """The station's facts of ``period``, restricted to what ``actor`` may see."""
    from workstation.statistics import collect
    from workstation.statistics.station_source import StationSource

    return collect(StationSource(db), period, as_of, progress,
                   visible_operators=visible_operators(actor))


def statistics_for(db: Database, actor: Actor, period: Period, as_of: date | None = None,
                   progress: Progress | None = None) -> tuple[Facts, Report]:
    """Facts and report of ``period`` as ``actor`` may see them (the 统计 page's load)."""
    from workstation.statistics import build_report

    facts = collect_for(db, actor, period, as_of, progress)
    return facts, build_report(facts)


def report_for_actor(db: Database, actor: Actor, period: Period,
                     as_of: date | None = None) -> Report:
    """The report (for PDF/Excel) as ``actor`` may see it."""
    return statistics_for(db, actor, period, as_of)[1]


def _check_row(actor: Actor, table_key: str, row_key: str) -> None:
    allowed = visible_operators(actor)
    if table_key == WORKLOAD_TABLE and allowed is not None and row_key not in allowed:
        raise NotPermitted(OWN_ONLY)


def drill_down_for(actor: Actor, facts: Facts, table_key: str, row_key: str,
                   column_key: str) -> list[RecordLine]:
    """The records behind one cell; another operator's workload (or its total) is refused
    for anyone but an admin, whatever ``facts`` allow."""
    from workstation.statistics import drill_down
    from workstation.statistics.aggregate import NotVisible

    _check_row(actor, table_key, row_key)
    try:
        return drill_down(facts, table_key, row_key, column_key)
    except NotVisible as exc:
        raise NotPermitted(OWN_ONLY) from exc


def workload(db: Database, actor: Actor, period: Period, as_of: date | None = None, *,
             operator_id: str | None = None) -> Table:
    """The workload table of ``period``: everyone's (admin) or the actor's own row; with
    ``operator_id`` that operator's row only, refused when it is not the actor's own and the
    actor is not an admin."""
    from dataclasses import replace

    from workstation.statistics import build_table
    from workstation.statistics.catalog import WORKLOAD

    if operator_id is not None:
        _check_row(actor, WORKLOAD_TABLE, operator_id)
    table = build_table(WORKLOAD, collect_for(db, actor, period, as_of))
    if operator_id is None:
        return table
    return replace(table, rows=tuple(r for r in table.rows if r.key == operator_id),
                   total=None)


def record_report_export(db: Database, actor: Actor, report: Report, path: Path | str) -> None:
    """Audit a statistics report written to a file (``export``, ``statistics_report``) under
    the operator who made it: the file leaves the database's protection."""
    with UnitOfWork(db, actor) as uow:
        uow.audit("export", "statistics_report", "",
                  f"{report.scope.name} {report.period.label}统计报表：{Path(path).name}")
        uow.commit()
