"""Entry point of the desk application (``python main.py`` / ``workstation-app``).

Kept free of Qt imports at module level so the command line never loads Qt; the GUI lives in
``workstation.ui``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    from workstation.cli.argparse_zh import ChineseArgumentParser

    parser = ChineseArgumentParser(prog="workstation-app", description="公共法律服务工作站")
    parser.add_argument("--db", help="数据库文件（县级控制台：文件路径或 PostgreSQL 地址）")
    parser.add_argument("--demo", action="store_true",
                        help="打开一个临时的演示站点（含演示数据，退出后删除）")
    parser.add_argument("--demo-records", type=int, default=3000,
                        help="演示数据记录数（默认 3000）")
    parser.add_argument("--county", action="store_true",
                        help="打开县级控制台（县级数据库：--db 文件路径或 PostgreSQL 地址）")
    args = parser.parse_args(argv)
    if args.county and args.demo:
        parser.error("--county 与 --demo 不能同时使用")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from workstation.ui.startup import run_app

    return run_app(args)


if __name__ == "__main__":
    raise SystemExit(main())
