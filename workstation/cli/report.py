"""``report``: a station's statistics report for a period as PDF or Excel.

``write_report`` is shared with the county's report command: the format comes from the file
suffix, the file is written atomically, a failure to write is one Chinese line.
"""

from __future__ import annotations

import argparse
import errno
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


def run_report(args: argparse.Namespace) -> int:
    from workstation.printing.reports import report_format
    from workstation.statistics import parse_period, report_for
    from workstation.statistics.station_source import StationSource
    from workstation.storage.engine import open_database

    period = parse_period(args.period)  # refuse bad input before opening anything
    report_format(args.out)
    db = open_database(args.db)
    try:
        report = report_for(StationSource(db), period)
    finally:
        db.dispose()
    out = write_report(report, args.out)
    print(f"已生成{report.scope.name}{period.label}统计报表：{out}")
    return 0
