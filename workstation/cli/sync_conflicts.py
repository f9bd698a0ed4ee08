"""``sync conflicts`` and ``sync resolve``: the conflicts the county reported back."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workstation.services.context import Actor
    from workstation.storage.engine import Database

_RESOLUTION = {"station": "已保留本站版本", "county": "已采用县级中心版本",
               "county_closed": "县级中心已不再列出"}


def add_parsers(sub: Any, station: argparse.ArgumentParser) -> None:
    """The two subcommands of ``sync`` (``sub`` is its subparsers)."""
    lst = sub.add_parser("conflicts", parents=[station],
                         help="列出县级中心报告的冲突记录（来自确认文件）")
    lst.add_argument("--all", action="store_true", help="也列出已处理的")
    lst.add_argument("--json", action="store_true", help="以 JSON 输出")
    res = sub.add_parser("resolve", parents=[station], help="处理一条冲突记录")
    res.add_argument("--record", required=True, metavar="ID", help="记录 ID（见 sync conflicts）")
    res.add_argument("--keep", required=True, choices=["station", "county"],
                     help="station 保留本站版本（作为新版本发给县级中心）；county 采用县级中心版本")


def run(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from workstation.sync import station_conflicts as sc

    if args.sync_command == "resolve":
        view = sc.resolve(db, actor, args.record, args.keep)
        print(f"{view.label or view.record_id}：{_RESOLUTION[args.keep]}"
              f"（本站版本 {view.current_version}），下次导出的数据包会带给县级中心")
        return 0
    views = sc.list_conflicts(db, include_resolved=args.all)
    if args.json:
        print(json.dumps([v.as_dict() for v in views], ensure_ascii=False, indent=1))
        return 0
    if not views:
        print("没有待处理的冲突记录")
        return 0
    for v in views:
        state = "待处理" if v.open else _RESOLUTION.get(v.resolution or "", "已处理")
        print(f"{v.record_id}  {v.table}  {v.label or '-'}  县级中心版本 {v.county_version} / "
              f"本站版本 {v.station_version}  {v.reason_text}  [{state}]")
    return 0
