"""``report`` and ``county report``: the statistics report for a period as PDF or Excel, of
a station, or of a county (all stations, or one with ``--station``).

Both go through ``write_report``: the format comes from the file suffix, the file is written
atomically, a failure to write is one Chinese line.
"""

from __future__ import annotations

import argparse
import errno
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

_REASONS = {errno.ENOENT: "文件夹不存在", errno.EACCES: "没有写入权限",
            errno.EPERM: "没有写入权限", errno.EROFS: "磁盘为只读", errno.ENOSPC: "磁盘空间不足",
            errno.EISDIR: "这是一个文件夹"}


def write_report(report: Any, out: Path) -> Path:
    """Render ``report`` into ``out`` (.pdf or .xlsx), atomically."""
    from workstation.printing.reports import save_report

    from .main import CliError

    try:
        return save_report(report, out)
    except OSError as exc:
        reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        raise CliError(f"无法写入文件 {out}：{reason}") from exc


def run_report(args: argparse.Namespace,
               session: Callable[[], AbstractContextManager[Any]]) -> int:
    """``session()`` logs in and yields the unlocked station (``.db``)."""
    from workstation.printing.reports import report_format
    from workstation.services.workload import report_for_actor
    from workstation.statistics import parse_period

    period = parse_period(args.period)  # refuse bad input before asking for a password
    report_format(args.out)
    from workstation.services.workload import record_report_export

    with session() as station:
        # The logged-in operator's report: an admin's holds every operator's workload.
        report = report_for_actor(station.db, station.actor, period)
        code = _written(report, args.out)
        record_report_export(station.db, station.actor, report, args.out)
    return code


def _written(report: Any, out: Path) -> int:
    path = write_report(report, out)
    print(f"已生成{report.scope.name}{report.period.label}统计报表：{path}")
    return 0


def run_county_report(args: argparse.Namespace, actor: str = "") -> int:
    """``actor``: the logged-in county operator the export's audit entry names (by default
    the operator logged in for this command)."""
    from dataclasses import replace

    from workstation.county.access import actor_name
    from workstation.county.audit import record_report_export
    from workstation.printing.reports import report_format
    from workstation.statistics import parse_period, report_for
    from workstation.statistics.county_source import CountySource

    from .main import CliError

    period = parse_period(args.period)  # refuse bad input before opening anything
    report_format(args.out)
    from .county_cli import log_in

    county = log_in(args)
    try:
        source = CountySource(county)
        if args.station is not None:
            code = args.station.strip()
            source = CountySource(county, [code])
            if not source.stations():
                raise CliError(f"县级数据库中没有区划代码为 {code} 的站点")
        report = replace(report_for(source, period), made_by=actor_name(county))
        written = _written(report, args.out)
        record_report_export(county, report, args.out, actor=actor or actor_name(county),
                             station_code=(args.station or "").strip())
    finally:
        county.dispose()
    return written
