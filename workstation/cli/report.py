"""``report``: a station's statistics report for a period as PDF or Excel.

``write_report`` is shared with the county's report command: the format comes from the file
suffix, the file is written atomically, a failure to write is one Chinese line.
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
    from workstation.statistics import parse_period, report_for
    from workstation.statistics.station_source import StationSource

    period = parse_period(args.period)  # refuse bad input before asking for a password
    report_format(args.out)
    with session() as station:
        report = report_for(StationSource(station.db), period)
    out = write_report(report, args.out)
    print(f"已生成{report.scope.name}{period.label}统计报表：{out}")
    return 0
