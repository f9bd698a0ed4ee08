"""The ``county`` commands' login, first admin and operators.

Every ``county`` command logs in as a county operator, the way station commands do
(``cli.auth``): ``--user NAME``, else ``WORKSTATION_COUNTY_USER``, else ``WORKSTATION_USER``;
the password from ``WORKSTATION_COUNTY_PASSWORD``, else ``WORKSTATION_PASSWORD``, else the
first line of standard input when it is not a terminal, else a prompt that does not echo.
(The county variables come first so that one script, or one shell, can drive a station and
the county as two different people.) ``county init`` makes the first admin (its password
from ``WORKSTATION_COUNTY_PASSWORD``, else read like a new password: the next stdin line, or
asked twice) and prints the recovery code once; on an old plain county it encrypts it on the
way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from .auth import CliError, Secrets, print_recovery_code, username

if TYPE_CHECKING:
    from workstation.county.db import CountyDatabase

_ROLES = ("admin", "clerk", "statistics")
COUNTY_USER_ENV = "WORKSTATION_COUNTY_USER"
COUNTY_PASSWORD_ENV = "WORKSTATION_COUNTY_PASSWORD"


def add_parsers(cty_sub: argparse._SubParsersAction, county_db: argparse.ArgumentParser
                ) -> None:
    """``county operators ...`` and ``county recovery-code``."""
    ops = cty_sub.add_parser("operators",
                             help="县级中心操作员：列出、添加、停用、启用、重置密码（管理员）")
    ops_sub = ops.add_subparsers(dest="county_operators_command", required=True)
    ops_list = ops_sub.add_parser("list", parents=[county_db], help="列出县级中心操作员")
    ops_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    add = ops_sub.add_parser("add", parents=[county_db],
                             help="添加操作员（新账户的密码在管理员密码之后读入）")
    add.add_argument("username", help="新操作员的用户名")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--role", choices=_ROLES, default="clerk",
                     help="角色：admin 管理员、clerk 业务办理员（默认）、"
                          "statistics 统计查询（只读）")
    ops_sub.add_parser("disable", parents=[county_db], help="停用操作员（随即更换数据密钥）"
                       ).add_argument("username", help="用户名")
    ops_sub.add_parser("enable", parents=[county_db], help="重新启用操作员并设置新密码"
                       ).add_argument("username", help="用户名")
    ops_sub.add_parser("reset-password", parents=[county_db], help="重置操作员的密码"
                       ).add_argument("username", help="用户名")
    cty_sub.add_parser("recovery-code", parents=[county_db],
                       help="生成新的县级中心恢复码（原恢复码作废，随即更换数据密钥）")


def log_in(args: argparse.Namespace, secrets: Secrets | None = None) -> CountyDatabase:
    """The county of ``--db`` opened by the operator of ``--user``."""
    from workstation.county.security import CountyState, county_state, refuse_state, unlock_county

    state = county_state(args.db)  # a missing or plain county is said before any password
    if state is not CountyState.LOCKED:
        refuse_state(args.db, state)
    user = _county_user(args)
    return unlock_county(args.db, user, _county_password() or (secrets or Secrets()).current())


def _county_user(args: argparse.Namespace) -> str:
    return username(args.user or os.environ.get(COUNTY_USER_ENV, "").strip() or None)


def _county_password() -> str | None:
    return os.environ.get(COUNTY_PASSWORD_ENV) or None


def run_init(args: argparse.Namespace) -> int:
    from workstation.county import service
    from workstation.county.db import display
    from workstation.county.security import create_county

    user = _county_user(args)
    password = _county_password() or Secrets().new(f"管理员 {user} 的密码")
    created = create_county(args.db, username=user, name=args.name or user, password=password)
    try:
        public = service.load_keys(created.db).public()
        what = "已加密原县级数据库" if created.converted else "已创建县级数据库"
        print(f"{what}：{display(args.db)}（加密公钥指纹 "
              f"{service.keys.fingerprint(public.box)[:16]}；管理员 {user}）")
        print_recovery_code(created.recovery_code)
        if created.converted and created.db.dialect == "sqlite":
            print("原未加密的数据库文件已粉碎；此前另存的副本或备份请自行销毁。", file=sys.stderr)
    finally:
        created.db.dispose()
    return 0


_STATUS = {True: "启用", False: "已停用"}


def _progress(step: str, done: int, total: int) -> None:
    print(f"更换数据密钥：{done}/{total}", file=sys.stderr)


def run_operators(args: argparse.Namespace, county: CountyDatabase, secrets: Secrets) -> int:
    from workstation.county import security

    if args.county_command == "recovery-code":
        print_recovery_code(security.renew_recovery_code(county, progress=_progress))
        return 0
    command = args.county_operators_command
    if command == "list":
        rows = security.list_operators(county)
        if args.json:
            print(json.dumps([{"username": o.username, "name": o.name, "role": o.role.value,
                               "active": o.active} for o in rows],
                             ensure_ascii=False, indent=2))
        else:
            for o in rows:
                print(f"{o.username}\t{o.name}\t{o.role.label}\t{_STATUS[o.active]}")
    elif command == "add":
        security.require_admin(county)
        security.add_operator(county, username=args.username, name=args.name, role=args.role,
                              password=secrets.new(f"{args.username} 的密码"))
        print(f"已添加县级中心操作员 {args.username}")
    elif command == "disable":
        security.disable_operator(county, args.username, progress=_progress)
        print(f"已停用县级中心操作员 {args.username}（数据密钥已更换）")
    elif command == "enable":
        security.require_admin(county)
        security.enable_operator(county, args.username,
                                 secrets.new(f"{args.username} 的新密码"))
        print(f"已重新启用县级中心操作员 {args.username}")
    elif command == "reset-password":
        security.require_admin(county)
        security.reset_password(county, args.username,
                                secrets.new(f"{args.username} 的新密码"))
        print(f"已重置 {args.username} 的密码")
    else:  # pragma: no cover - argparse refuses it
        raise CliError(command)
    return 0
