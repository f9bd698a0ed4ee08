"""Command line: ``python -m workstation {init,demo,list,print,report,backup,operators,...}``.

Every command that opens a station database logs in first (``cli/auth.py``: ``--user`` or
``WORKSTATION_USER``, the password from ``WORKSTATION_PASSWORD``, standard input or a prompt).
Bad input prints one clear Chinese line to stderr and exits 2; a refusal (wrong password,
missing database) exits 1; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from workstation.domain.committees import CommitteeType
from workstation.paths import default_database

from .argparse_zh import ChineseArgumentParser
from .auth import PASSWORD_ENV, CliError, Secrets, log_in, print_recovery_code

if TYPE_CHECKING:
    from workstation.services.security import Unlocked

EXIT_USAGE = 2
EXIT_FAILED = 1

class CliParser(ChineseArgumentParser):
    """The command's parser: a usage error is one Chinese line (and exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}：错误：{message}\n")


def _positive(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 10**9:
        raise ValueError(text)
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，应写成 2026-12-01 这样") from exc


def build_parser() -> argparse.ArgumentParser:
    common = CliParser(add_help=False)
    common.add_argument(
        "--db", type=Path, help="数据库文件（默认：环境变量 WORKSTATION_DB 或用户数据目录）"
    )
    station = CliParser(add_help=False, parents=[common])
    station.add_argument(
        "--user", help="登录的用户名（默认：环境变量 WORKSTATION_USER）；密码取自环境变量 "
        "WORKSTATION_PASSWORD，否则读标准输入（非终端时），否则提示输入"
    )

    parser = CliParser(
        prog="workstation", description="公共法律服务工作站 命令行工具",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", parents=[common], help="初始化站点数据库")
    init.add_argument("--station-name", required=True, help="站点名称")
    init.add_argument("--division-code", required=True, help="12位统计用区划代码")
    init.add_argument("--county", required=True, help="县级公共法律服务中心名称")
    init.add_argument("--admin", required=True, help="管理员用户名")
    init.add_argument("--admin-name", default="", help="管理员姓名")
    init.add_argument("--case-prefix", default="", help="案号前缀，如 海调")
    init.add_argument("--phone", default="", help="站点电话")
    init.add_argument("--committee-name", default="", metavar="名称",
                      help="人民调解委员会名称，须与印章一致（默认按站点名称推荐）")
    init.add_argument("--committee-kind", default="", choices=["", *(k.value for k in
                                                                      CommitteeType)],
                      help="人民调解委员会类型（默认按名称推断）")

    demo = sub.add_parser("demo", parents=[station],
                          help="生成演示数据（数据库不存在时新建加密的演示站点）")
    demo.add_argument("--records", type=_positive, required=True, help="记录总数")
    demo.add_argument("--seed", type=int, default=0, help="随机种子")

    stats = sub.add_parser("stats", parents=[station], help="统计记录数")
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")

    lst = sub.add_parser("list", parents=[station], help="列出记录")
    lst.add_argument("kind", metavar="类别",
                     choices=["persons", "consultations", "mediations", "referrals",
                              "activities", "providers", "screenings", "orders"],
                     help="persons 当事人、consultations 咨询、mediations 调解、"
                          "referrals 法律援助、activities 普法活动、providers 服务名录、"
                          "screenings 矛盾纠纷排查、orders 12348工单")
    lst.add_argument("--limit", type=_positive, default=None, help="最多列出条数")
    lst.add_argument("--json", action="store_true", help="以 JSON 输出")

    prt = sub.add_parser("print", parents=[station], help="打印文书（生成 PDF）")
    prt.add_argument("form", nargs="?", help="文书代码，如 mediation_agreement（--list 查看）")
    prt.add_argument("--list", action="store_true", help="列出所有可打印的文书")
    prt.add_argument("--record", help="记录编号（如 〔2026〕海调字第0001号）或 ID")
    prt.add_argument("--out", type=Path, help="输出的 PDF 文件")

    rep = sub.add_parser("report", parents=[station], help="统计报表（PDF 或 Excel）")
    rep_period = rep.add_argument("--period", required=True,
                                  help="统计时段：2026-10（月）、2026-Q4（季度）、2026（年）或 "
                                       "2026-01-05..2026-02-10")
    rep.add_argument("--out", type=Path, required=True, help="输出文件（.pdf 或 .xlsx）")
    prv = sub.add_parser("providers", help="法律服务指引名录：导入、导出 CSV 文件，从县级中心更新")
    prv_sub = prv.add_subparsers(dest="providers_command", required=True)
    prv_import = prv_sub.add_parser("import", parents=[station],
                                    help="从 CSV 文件导入名录（UTF-8 或 GBK，全部导入或不导入）")
    prv_import.add_argument("file", type=Path, metavar="文件.csv", help="名录 CSV 文件")
    prv_export = prv_sub.add_parser("export", parents=[station],
                                    help="把名录导出为 CSV 文件（UTF-8，带 BOM，可用 Excel 打开）")
    prv_export.add_argument("file", type=Path, metavar="文件.csv", help="输出的 CSV 文件")
    prv_update = prv_sub.add_parser("update", parents=[station],
                                    help="从县级中心在线更新名录（管理员；按名称合并，不删除）")
    prv_update.add_argument("--url", help="县级中心地址（默认：同步设置中保存的地址）")
    bak = sub.add_parser("backup", parents=[station], help="备份数据库（加密的备份文件）")
    bak.add_argument("--out", type=Path, required=True, help="备份文件的保存目录（如U盘）")
    plain_bak = sub.add_parser("plain-backups", parents=[station],
                               help="列出或粉碎加密前留下的未加密旧备份（管理员）")
    plain_bak.add_argument("--delete", action="store_true",
                           help="粉碎这些备份（先询问；用 --yes 不再询问）")
    plain_bak.add_argument("--yes", action="store_true", help="不再询问，直接粉碎（用于脚本）")
    rst = sub.add_parser("restore", parents=[station], help="从备份文件恢复数据库")
    rst.add_argument("file", type=Path, help="备份文件（.wsbak）")
    rst.add_argument("--yes", action="store_true", help="不再询问，直接恢复（用于脚本）")
    rst.add_argument("--backup-user", default="",
                     help="备份来自另一台电脑时：做备份时的用户名（密码取自环境变量 "
                          "WORKSTATION_BACKUP_PASSWORD，或标准输入，或提示输入）")
    rst.add_argument("--recovery-code", default="", help="备份来自另一台电脑时：站点恢复码")

    syn = sub.add_parser("sync", help="站点同步：密钥、导出数据包、导入确认文件")
    syn_sub = syn.add_subparsers(dest="sync_command", required=True)
    syn_sub.add_parser("station-key", parents=[station], help="显示本站公钥")
    county_key = syn_sub.add_parser("set-county-key", parents=[station],
                                    help="设置县级中心公钥（管理员）")
    county_key.add_argument("--key", type=Path, required=True, help="县级中心公钥文件")
    sync_export = syn_sub.add_parser("export", parents=[station], help="导出未确认的更改")
    sync_export.add_argument("--out", type=Path, required=True, help="导出目录（如U盘）")
    sync_ack = syn_sub.add_parser("import-ack", parents=[station],
                                  help="导入县级中心的确认文件")
    sync_ack.add_argument("file", type=Path, help="确认文件（.wsa）")
    sync_upload = syn_sub.add_parser("upload", parents=[station],
                                     help="在线上传未确认的更改到县级中心并应用回执")
    sync_upload.add_argument("--url", help="县级中心地址（默认：同步设置中保存的地址）")
    sync_status = syn_sub.add_parser("status", parents=[station],
                                     help="同步状态：未确认的更改、最近的数据包与回执、在线上传")
    sync_status.add_argument("--json", action="store_true", help="以 JSON 输出")
    set_upload = syn_sub.add_parser("set-upload", parents=[station],
                                    help="设置在线上传：县级中心地址、证书指纹、自动上传（管理员）")
    set_upload.add_argument("--url", required=True,
                            help="县级中心地址：县级中心提供的 HTTPS 或 HTTP 网址")
    pin = set_upload.add_mutually_exclusive_group()
    pin.add_argument("--pin", default="", help="县级中心证书的指纹（64位十六进制，HTTPS 网址用）")
    pin.add_argument("--cert", type=Path, help="县级中心的证书文件（.crt/.pem），从中取指纹")
    enable = set_upload.add_mutually_exclusive_group()
    enable.add_argument("--enable", dest="enabled", action="store_true", default=None,
                        help="开启自动上传")
    enable.add_argument("--disable", dest="enabled", action="store_false",
                        help="关闭自动上传")
    from . import sync_conflicts

    sync_conflicts.add_parsers(syn_sub, station)

    sub.add_parser("passwd", parents=[station], help="修改自己的密码（先输入原密码，再输入新密码）")
    ops = sub.add_parser("operators", help="操作员账户：列出、添加、停用、启用、重置密码（管理员）")
    ops_sub = ops.add_subparsers(dest="operators_command", required=True)
    ops_list = ops_sub.add_parser("list", parents=[station], help="列出操作员")
    ops_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    ops_add = ops_sub.add_parser("add", parents=[station],
                                 help="添加操作员（新账户的密码在管理员密码之后读入）")
    ops_add.add_argument("username", help="新操作员的用户名")
    ops_add.add_argument("--name", required=True, help="姓名")
    ops_add.add_argument("--role", choices=["mediator", "admin"], default="mediator",
                         help="角色：mediator 调解员（默认）或 admin 站点管理员")
    ops_sub.add_parser("disable", parents=[station], help="停用操作员").add_argument(
        "username", help="用户名")
    ops_sub.add_parser("enable", parents=[station], help="重新启用操作员并设置新密码"
                       ).add_argument("username", help="用户名")
    ops_sub.add_parser("reset-password", parents=[station], help="重置操作员的密码"
                       ).add_argument("username", help="用户名")
    ops_sub.add_parser("recovery-code", parents=[station],
                       help="生成新的恢复码（原恢复码作废）")

    com = sub.add_parser("committees", help="人民调解委员会：列出、添加、修改（管理员）")
    com_sub = com.add_subparsers(dest="committees_command", required=True)
    com_list = com_sub.add_parser("list", parents=[station], help="列出人民调解委员会")
    com_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    com_add = com_sub.add_parser("add", parents=[station], help="添加人民调解委员会")
    com_update = com_sub.add_parser("update", parents=[station],
                                    help="修改人民调解委员会（只改给出的项目）")
    com_update.add_argument("committee", metavar="调解委员会",
                            help="调解委员会的名称或编号（list --json 中的编号）")
    for part, required in ((com_add, True), (com_update, False)):
        part.add_argument("--name", required=required, metavar="名称",
                          help="名称，须与印章一致，如 东港村人民调解委员会")
        part.add_argument("--kind", choices=[k.value for k in CommitteeType],
                          help="类型（添加时默认按名称推断）：" + "、".join(
                              f"{k.value} {k.label}" for k in CommitteeType))
        part.add_argument("--division-code", help="所服务区域的12位区划代码（默认：本站的）")
        part.add_argument("--mediators", metavar="用户名", help="本站调解员的用户名，用逗号分隔")
        part.add_argument("--other-mediators", metavar="姓名",
                          help="其他调解员的姓名，用顿号或逗号分隔")
        part.add_argument("--default", action="store_true", help="设为新案件默认的调解委员会")
    com_update.add_argument("--deactivate", action="store_true", help="停用（已有案件的保留）")
    com_update.add_argument("--activate", action="store_true", help="重新启用")

    county_db = CliParser(add_help=False)
    county_db.add_argument("--db", required=True,
                           help="县级数据库：文件路径或数据库地址（URL）")
    county_db.add_argument("--user",
                           help="县级中心操作员的用户名（默认取环境变量 WORKSTATION_USER）")
    cty = sub.add_parser("county", help="县级中心：导入数据包、登记站点、决定、统计")
    cty_sub = cty.add_subparsers(dest="county_command", required=True)
    cty_init = cty_sub.add_parser(
        "init", parents=[county_db],
        help="创建县级数据库、密钥和第一个管理员（旧的未加密县级数据库随即加密）")
    cty_init.add_argument("--name", help="管理员姓名（默认同用户名）")
    cty_sub.add_parser("key", parents=[county_db], help="显示县级中心公钥")
    reg = cty_sub.add_parser("register-station", parents=[county_db], help="登记站点公钥")
    reg.add_argument("--division-code", required=True, help="站点的12位区划代码")
    reg.add_argument("--key", type=Path, required=True, help="站点公钥文件")
    imp = cty_sub.add_parser("import", parents=[county_db], help="导入数据包")
    imp.add_argument("bundles", nargs="+", type=Path, metavar="数据包", help="数据包（.wsb）")
    imp.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入")
    imp.add_argument("--ack-dir", type=Path, help="确认文件的输出目录（默认：数据包所在目录）")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出导入摘要")
    dec = cty_sub.add_parser("decide", parents=[county_db], help="记录法律援助决定")
    dec.add_argument("--referral", required=True, help="法律援助申请 ID")
    dec.add_argument("--decision", required=True, choices=["granted", "denied"])
    dec.add_argument("--lawyer", default="", help="承办律师")
    dec.add_argument("--reason", default="", help="理由")
    ntc = cty_sub.add_parser("set-notice", parents=[county_db],
                             help="发布最新程序版本：此后的确认文件提示运行旧版本的站点升级")
    ntc_what = ntc.add_mutually_exclusive_group(required=True)
    ntc_what.add_argument("--version", dest="newest_version", metavar="版本号",
                          help="县级中心分发的最新程序版本，例如 0.2.0")
    ntc_what.add_argument("--clear", action="store_true", help="不再提示")
    ntc.add_argument("--text", default="", metavar="说明",
                     help="一行说明，例如到哪里领取安装程序")
    cst = cty_sub.add_parser("stats", parents=[county_db], help="各站点各类记录数")
    cst.add_argument("--json", action="store_true", help="以 JSON 输出")
    crep = cty_sub.add_parser("report", parents=[county_db],
                              help="统计报表（全县或一个站点；PDF 或 Excel）")
    crep.add_argument("--period", required=True, help=rep_period.help)
    crep.add_argument("--out", type=Path, required=True, help="输出文件（.pdf 或 .xlsx）")
    crep.add_argument("--station", metavar="区划代码",
                      help="只统计这个站点（12位区划代码；默认全县）")
    from . import county_cli

    county_cli.add_parsers(cty_sub, county_db)
    srv = cty_sub.add_parser("serve", parents=[county_db],
                             help="县级中心接收服务：站点通过网络上传数据包（HTTP）")
    srv.add_argument("--bind", required=True, metavar="主机:端口",
                     help="监听地址，例如 0.0.0.0:8443（端口 0 表示由系统选择）")
    srv.add_argument("--tls-cert", type=Path, metavar="文件",
                     help="加密传输用的证书文件（需同时给出 --tls-key）")
    srv.add_argument("--tls-key", type=Path, metavar="文件", help="加密传输用的私钥文件")
    srv.add_argument("--workers", type=_positive, default=1, help="工作进程数（默认 1）")
    srv.add_argument("--spool", type=Path, metavar="目录",
                     help="接收中数据包的暂存目录（默认：系统临时目录下）")
    srv.add_argument("--rate-limit", type=_positive, default=60, metavar="次数",
                     help="每个站点每分钟最多请求数（默认 60）")
    aud = cty_sub.add_parser("audit", parents=[county_db],
                             help="县级中心的操作日志（核对是否完整，从旧到新列出）")
    aud.add_argument("--since", type=_day, metavar="日期",
                     help="只列出这一天（含）以后的记录，例如 2026-12-01")
    aud.add_argument("--json", action="store_true", help="以 JSON 输出")
    bench = sub.add_parser("bench", help="性能基准（与同次运行的基线比较）")
    bench.add_argument("--records", type=_positive, default=100_000,
                       help="演示数据记录数（默认 100000）")
    bench.add_argument("--json", action="store_true", help="以 JSON 输出")
    bench.set_defaults(db=None)
    return parser


def _read_new_password() -> str:
    import os

    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    try:
        return Secrets().new("管理员密码")
    except CliError as exc:
        raise CliError(str(exc).replace("新密码", "管理员密码")) from None


@contextlib.contextmanager
def _session(args: argparse.Namespace, secrets: Secrets | None = None) -> Iterator[Unlocked]:
    """Log in to the station of ``args.db``; the database is closed at the end."""
    unlocked = log_in(Path(args.db), getattr(args, "user", None), secrets)
    try:
        yield unlocked
    finally:
        unlocked.db.dispose()


def cmd_init(args: argparse.Namespace) -> int:
    from workstation.services.security import confirm_recovery_recorded, create_station
    from workstation.services.stations import StationSetup, validate_setup

    password = _read_new_password()
    setup = StationSetup(
        station_name=args.station_name, division_code=args.division_code,
        county_center=args.county, case_prefix=args.case_prefix,
        admin_username=args.admin, admin_name=args.admin_name or args.admin,
        admin_password=password, phone=args.phone, committee_name=args.committee_name,
        committee_kind=args.committee_kind,
    )
    setup = validate_setup(setup)  # refuse before a file is created
    made = create_station(args.db, setup)
    try:
        print(f"已初始化站点“{setup.station_name}”（数据库已加密）：{args.db}")
        print(f"人民调解委员会：{setup.committee_name}（请核对与印章一致；"
              "可用 committees update 修改）")
        assert made.recovery_code is not None
        print_recovery_code(made.recovery_code)
        confirm_recovery_recorded(made.db, made.actor)
    finally:
        made.db.dispose()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from workstation.demo.generator import (
        DEMO_PASSWORD,
        DEMO_USERNAME,
        create_demo_station,
        generate_demo,
    )

    secrets = Secrets()
    if not Path(args.db).exists():
        create_demo_station(Path(args.db), 0).dispose()
        print(f"已新建加密的演示站点：{args.db}（用户名 {DEMO_USERNAME}，密码 {DEMO_PASSWORD}）")
        if not args.user:  # log in as the demo admin just made
            args.user = DEMO_USERNAME
            secrets.preset(DEMO_PASSWORD)
    with _session(args, secrets) as station:
        summary = generate_demo(station.db, args.records, seed=args.seed)
    print(
        f"已生成演示数据：当事人 {summary.persons}，咨询 {summary.consultations}，"
        f"调解 {summary.mediation_cases}，法律援助 {summary.aid_referrals}，"
        f"普法宣传 {summary.activities}，"
        f"用时 {summary.seconds:.1f} 秒"
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from workstation.domain.enums import AidStatus, HandlingResult, MediationStatus
    from workstation.services.queries import station_stats

    with _session(args) as station:
        stats = station_stats(station.db)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"当事人：{stats['persons']}")
    print(f"法律咨询：{stats['consultations']}")
    for code, n in stats["consultations_by_result"].items():
        print(f"  {HandlingResult.label_of(code)}：{n}")
    print(f"人民调解：{stats['mediation_cases']}")
    for code, n in stats["mediation_by_status"].items():
        print(f"  {MediationStatus.label_of(code)}：{n}")
    print(f"法律援助转交：{stats['aid_referrals']}")
    for code, n in stats["aid_by_status"].items():
        print(f"  {AidStatus.label_of(code)}：{n}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from workstation.services.queries import list_records

    with _session(args) as station:
        rows = list_records(station.db, args.kind, limit=args.limit)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row.values()))
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from workstation.printing.registry import RECORD_TYPE_LABELS
    from workstation.services.printing import list_documents, print_document

    specs = list_documents()
    if args.list:
        for spec in specs:
            print(f"{spec.key}\t{spec.title}\t{RECORD_TYPE_LABELS[spec.record_type]}")
        return 0
    if not args.form:
        raise CliError("请指定要打印的文书（用 --list 查看）")
    if args.form not in {spec.key for spec in specs}:
        raise CliError(f"没有名为“{args.form}”的文书（用 --list 查看）")
    if not args.record:
        raise CliError("请用 --record 指定记录编号或 ID")
    if args.out is None:
        raise CliError("请用 --out 指定输出的 PDF 文件")
    with _session(args) as station:
        doc = print_document(station.db, station.actor, args.form, args.record)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(doc.pdf)
        tmp.replace(out)
    except OSError as exc:
        with contextlib.suppress(OSError):  # e.g. EROFS: the .part was never created
            tmp.unlink(missing_ok=True)
        raise CliError(f"无法写入文件 {out}：{exc.strerror or exc}") from exc
    if doc.missing_chars:
        print(f"警告：以下字符没有可用字体，已印为〓：{''.join(doc.missing_chars)}",
              file=sys.stderr)
    print(f"已生成{doc.title}（{doc.number}，{doc.pages}页）：{out}")
    return 0


def cmd_providers(args: argparse.Namespace) -> int:
    from workstation.services import providers

    with _session(args) as station:  # only admins may change the directory (service check)
        if args.providers_command == "import":
            result = providers.import_providers_file(station.db, station.actor, args.file)
            print(result.message())
        elif args.providers_command == "update":
            from workstation.sync import directory

            providers.require_admin(station.actor)  # before anything is fetched
            result = directory.update(station.db, station.actor, args.url)
            print(f"已从县级中心更新名录：新增{result.added}家，更新{result.updated}家，"
                  f"未变{result.unchanged}家")
        else:
            count = providers.export_providers_file(station.db, station.actor, args.file)
            print(f"已导出{count}家机构：{args.file}")
    return 0


def _read_key_file(path: Path) -> bytes:
    from workstation.sync.errors import SyncError
    from workstation.sync.keys import read_key_file

    try:
        return read_key_file(path)
    except SyncError as exc:
        cause = exc.__cause__
        reason = getattr(cause, "strerror", None) or cause or exc
        raise CliError(f"无法读取密钥文件 {path}：{reason}") from exc


def cmd_sync(args: argparse.Namespace) -> int:
    from workstation.sync import station as sync

    with _session(args) as station:
        db = station.db
        if args.sync_command == "station-key":
            print(sync.station_public_key(db, station.actor), end="")
        elif args.sync_command == "set-county-key":
            fingerprint = sync.set_county_key(db, station.actor, _read_key_file(args.key))
            print(f"已设置县级中心公钥（指纹 {fingerprint[:16]}）")
        elif args.sync_command in ("conflicts", "resolve"):
            from . import sync_conflicts

            return sync_conflicts.run(args, db, station.actor)
        elif args.sync_command == "export":
            paths = sync.export(db, args.out, actor=station.actor)
            if not paths:
                print(sync.NOTHING_NEW)
            for path in paths:
                print(path)
            epoch = sync.epoch_status(db)
            if paths and epoch.awaiting_county:
                print(f"注意：这是第 {epoch.epoch} 轮同步的数据包，含本站全部记录"
                      "（数据曾从备份恢复或回退），县级中心会逐条合并", file=sys.stderr)
        elif args.sync_command in ("upload", "status", "set-upload"):
            return _sync_online(args, station)
        else:
            result = sync.import_ack(db, args.file, actor=station.actor)
            if result.stale_epoch:
                print(f"该确认文件属于本站上一轮同步（第 {result.bundle_seq} 号），只应用了其中的"
                      f"决定 {result.decisions_applied} 项")
            else:
                print(f"已导入确认：县级中心已收到第 {result.bundle_seq} 号及之前的数据包；"
                      f"新确认 {result.newly_acked} 个，应用决定 {result.decisions_applied} 项")
            if result.conflicts_open:
                print(f"县级中心报告 {result.conflicts_open} 条冲突记录待处理"
                      "（sync conflicts 查看，sync resolve 处理）")
            for note in result.decisions_skipped:
                print(f"未应用的决定：{note}", file=sys.stderr)
            if result.notice:
                print(result.notice)
            for line in result.audit_findings:
                print(f"{line}（已记入本站操作日志）")
    return 0


def _sync_online(args: argparse.Namespace, station: Unlocked) -> int:
    """``sync upload``, ``sync status`` and ``sync set-upload`` (online upload)."""
    from workstation.sync import uploader

    db = station.db
    if args.sync_command == "status":
        report = uploader.status(db)
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            for line in uploader.status_lines(report):
                print(line)
        return 0
    if args.sync_command == "set-upload":
        current = uploader.load_state(db)
        pin = args.pin
        if args.cert is not None:
            try:
                with open(args.cert, "rb") as fh:
                    pin = uploader.certificate_fingerprint(fh.read(256 * 1024))
            except OSError as exc:
                raise CliError(f"无法读取证书文件 {args.cert}：{exc.strerror or exc}") from exc
            except ValueError as exc:
                raise CliError(str(exc)) from exc
        enabled = current.enabled if args.enabled is None else args.enabled
        state = uploader.save_settings(db, station.actor, enabled=enabled, url=args.url,
                                       pin_sha256=pin)
        print(f"已保存县级中心地址：{state.url}"
              + (f"（证书指纹 {state.pin_sha256[:16]}…）" if state.pin_sha256 else ""))
        print("已开启自动上传" if state.enabled else "自动上传未开启（可用 --enable 开启）")
        return 0
    if not (args.url or uploader.load_state(db).url):
        raise CliError("尚未设置县级中心地址：请用 --url 指定，或先运行 sync set-upload")
    attempt = uploader.Uploader(db, actor=station.actor).run(manual=True, url=args.url)
    for line in uploader.attempt_lines(attempt):
        print(line, file=sys.stderr if attempt.failed else sys.stdout)
    return EXIT_FAILED if attempt.failed else 0


def cmd_passwd(args: argparse.Namespace) -> int:
    from workstation.services.operators import change_own_password

    secrets = Secrets()
    with _session(args, secrets) as station:
        # The password just used to log in is the current one.
        old = secrets.last_current
        change_own_password(station.db, station.actor, old, secrets.new())
    print("密码已修改")
    return 0


_STATUS = {True: "在用", False: "已停用"}


def _rekey_progress() -> Callable[[str, int, int], None]:
    """A rekey's progress on standard output (a large station takes minutes): each step once,
    and the copy's share every 10 %."""
    from workstation.services.revocation import REKEY_STEPS, STEP_LABELS

    seen: dict[str, int] = {}

    def report(step: str, done: int, total: int) -> None:
        if done >= total:
            print("数据库密钥已更换", flush=True)
            return
        if step not in seen:
            number = REKEY_STEPS.index(step) + 1 if step in REKEY_STEPS else 0
            print(f"更换数据库密钥（{number}/{len(REKEY_STEPS)}）：{STEP_LABELS.get(step, step)}"
                  "……（不能中途取消，请勿关机）", flush=True)
            seen[step] = 0
        tenth = done * 10 // max(1, total)
        if step == "copy" and tenth > seen[step]:
            seen[step] = tenth
            print(f"  已完成 {tenth * 10}%", flush=True)

    return report


def _report_rekey(result: Any) -> None:
    if result.deferred:
        print("注意：另一个工作站程序正在使用本站数据库，暂时无法更换数据库密钥；"
              "将在下次登录时自动更换")
    if result.needs_reset:
        print("以下账户未能获得新的密钥，需由站点管理员重置密码后才能登录："
              + "、".join(result.needs_reset))
    if result.recovery_code:
        print("原恢复码的密钥槽无法转换，已生成新的恢复码：")
        print_recovery_code(result.recovery_code)


def cmd_operators(args: argparse.Namespace) -> int:
    from workstation.services import operators as ops
    from workstation.services.security import renew_recovery_code

    secrets = Secrets()
    command = args.operators_command
    with _session(args, secrets) as station:
        db, actor = station.db, station.actor
        if command == "recovery-code":
            code = renew_recovery_code(db, actor, progress=_rekey_progress())
            print_recovery_code(code)
            from workstation.services.security import confirm_recovery_recorded

            confirm_recovery_recorded(db, actor)
            return 0
        rows = ops.list_operators(db, actor)
        if command == "list":
            if args.json:
                print(json.dumps([{
                    "id": o.id, "username": o.username, "name": o.name, "role": o.role,
                    "active": o.active, "can_log_in": o.can_log_in,
                    "locked_until": o.locked_until.isoformat() if o.locked_until else None,
                } for o in rows], ensure_ascii=False, indent=2))
                return 0
            for o in rows:
                state = _STATUS[o.active] + ("，已锁定" if o.locked_until else "")
                print(f"{o.username}\t{o.name}\t{o.role_label}\t{state}")
            return 0
        if command == "add":
            ops.add_operator(db, actor, username=args.username, name=args.name,
                             password=secrets.new(f"{args.username} 的密码"), role=args.role)
            print(f"已添加操作员 {args.username}")
            return 0
        target = next((o for o in rows if o.username == args.username), None)
        if target is None:
            raise CliError(f"没有用户名为“{args.username}”的操作员")
        if command == "disable":
            result = ops.disable_operator(db, actor, target.id, progress=_rekey_progress())
            print(f"已停用操作员 {target.username}")
            _report_rekey(result)
        elif command == "enable":
            ops.enable_operator(db, actor, target.id, secrets.new(f"{target.username} 的新密码"))
            print(f"已重新启用操作员 {target.username}")
        else:
            ops.reset_password(db, actor, target.id, secrets.new(f"{target.username} 的新密码"))
            print(f"已重置 {target.username} 的密码")
    return 0


def cmd_committees(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from workstation.domain.committees import CommitteeInput, suggest_committee
    from workstation.services import committees as com
    from workstation.services import operators as ops
    from workstation.services.stations import get_station

    command = args.committees_command
    with _session(args) as station:
        db, actor = station.db, station.actor
        com.require_admin(actor)
        if command == "list":
            rows = com.committee_rows(db)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
                return 0
            for r in rows:
                marks = "，".join(x for x in ("默认" if r["is_default"] else "",
                                             "在用" if r["active"] else "已停用") if x)
                print(f"{r['name']}\t{r['kind_label']}\t{r['division_code']}\t"
                      f"{r['mediators'] or '—'}\t{r['cases']}件\t{marks}\t{r['id']}")
            return 0

        def operator_ids(text: str | None) -> tuple[str, ...] | None:
            if text is None:
                return None
            by_username = {o.username: o.id for o in ops.list_operators(db, actor)}
            wanted = [u.strip() for u in text.replace("，", ",").split(",") if u.strip()]
            unknown = [u for u in wanted if u not in by_username]
            if unknown:
                raise CliError(f"没有用户名为“{'、'.join(unknown)}”的操作员")
            return tuple(by_username[u] for u in wanted)

        if command == "add":
            home = get_station(db)
            kind = args.kind or suggest_committee(args.name)[1].value
            data = CommitteeInput(
                name=args.name, kind=kind, division_code=args.division_code or home.division_code,
                operator_ids=operator_ids(args.mediators) or (),
                other_mediators=args.other_mediators or "", is_default=args.default)
            com.create_committee(db, actor, data)
            print(f"已添加人民调解委员会 {data.name.strip()}")
            return 0
        found = [c for c in com.list_committees(db) if args.committee in (c.id, c.name)]
        if not found:
            raise CliError(f"没有名为“{args.committee}”的人民调解委员会")
        current = found[0]
        if args.deactivate and args.activate:
            raise CliError("--deactivate 和 --activate 不能同时使用")
        data = current.as_input()
        changes: dict[str, object] = {}
        for key, value in (("name", args.name), ("kind", args.kind),
                           ("division_code", args.division_code),
                           ("operator_ids", operator_ids(args.mediators)),
                           ("other_mediators", args.other_mediators)):
            if value is not None:
                changes[key] = value
        if args.default:
            changes["is_default"] = True
        if args.deactivate:
            changes.update(active=False, is_default=False)
        if args.activate:
            changes["active"] = True
        if not changes:
            raise CliError("请给出要修改的项目（如 --name、--kind、--deactivate）")
        data = replace(data, **changes)  # type: ignore[arg-type]
        com.update_committee(db, actor, current.id, data, expected_version=current.version)
        print(f"已修改人民调解委员会 {data.name.strip()}")
    return 0


def _terminal_progress(label: str):  # type: ignore[no-untyped-def]
    """A percentage on stderr when it is a terminal (else no progress at all)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{label} {100 * done // max(total, 1)}%", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)

    return show


def cmd_backup(args: argparse.Namespace) -> int:
    from workstation.services.backup import backup_now

    with _session(args) as station:
        made = backup_now(station.db, station.actor, args.out,
                          progress=_terminal_progress("正在备份"), reason="命令行备份")
    print(made.path)
    return 0


def cmd_plain_backups(args: argparse.Namespace) -> int:
    from workstation.services.plain_backups import find_plain_backups, remove_plain_backups

    with _session(args) as station:
        found = find_plain_backups(station.db)
        if not found:
            print("备份文件夹中没有未加密的旧备份")
            return 0
        print(f"备份文件夹中有 {len(found)} 个加密前留下的未加密旧备份"
              "（含全部当事人信息和旧密码的散列值）：")
        for path in found:
            print(f"  {path}")
        if not args.delete:
            print("用 plain-backups --delete 粉碎它们")
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError("粉碎无法撤销：非交互方式运行时请加 --yes 确认")
            answer = input("确定粉碎以上文件吗？本站加密后的数据库已包含其中全部内容。"
                           "输入 yes 确认，直接回车取消：").strip().lower()
            if answer != "yes":
                print("未作改动")
                return 0
        removed = remove_plain_backups(station.db, station.actor)
        print(f"已粉碎 {len(removed)} 个未加密的旧备份；如曾复制到U盘等处，请一并销毁")
    return 0


def _restore_secret(args: argparse.Namespace, reason: str) -> Any:
    """A password valid when the backup was made, or the recovery code."""
    import os

    from workstation.services.backup import RestoreSecret

    if args.recovery_code:
        return RestoreSecret(recovery_code=args.recovery_code)
    user = args.backup_user
    if not user and not sys.stdin.isatty():
        raise CliError(f"{reason}（用 --backup-user 或 --recovery-code 提供）")
    if not user:
        print(reason, file=sys.stderr)
        user = input("做备份时的用户名（直接回车改用恢复码）：").strip()
        if not user:
            return RestoreSecret(recovery_code=getpass.getpass("恢复码："))
    password = os.environ.get("WORKSTATION_BACKUP_PASSWORD")
    if password is None:
        password = (sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty()
                    else getpass.getpass(f"{user} 做备份时的密码："))
    return RestoreSecret(username=user, password=password)


def _describe_restore(prepared: Any) -> str:
    m, counts = prepared.manifest, prepared.facts.counts
    lines = [f"备份文件：{prepared.backup}",
             f"站点：{m.station_name}（{m.division_code}）",
             f"备份时间：{m.created_at.astimezone():%Y-%m-%d %H:%M:%S}",
             f"记录：当事人 {counts['person']}，法律咨询 {counts['consultation']}，"
             f"人民调解 {counts['mediation_case']}，法律援助 {counts['aid_referral']}，"
             f"操作员 {counts['operator']}"]
    from workstation.services.backup import restore_sync_warning

    return "\n".join(lines + list(prepared.notes)
                     + [f"注意：{line}" for line in restore_sync_warning(prepared)])


def cmd_restore(args: argparse.Namespace) -> int:
    from workstation.services.backup import NeedsSecret, prepare_restore, restore_backup
    from workstation.storage.engine import DatabaseError
    from workstation.storage.keyslots import KeySlotError, WrongSecret

    if not args.yes and not sys.stdin.isatty():
        raise CliError("恢复会替换当前数据库：非交互方式运行时请加 --yes 确认")
    db, actor, key = None, None, None
    if Path(args.db).exists():
        try:
            station = log_in(Path(args.db), args.user)
            db, actor, key = station.db, station.actor, station.db.key
        except WrongSecret:
            raise
        except (DatabaseError, KeySlotError) as exc:  # a damaged database is why one restores
            print(f"注意：当前数据库无法正常打开（{exc}），将用备份替换它", file=sys.stderr)
    try:
        progress = _terminal_progress("正在校验备份")
        try:
            prepared = prepare_restore(args.db, key, actor, args.file, progress=progress)
        except NeedsSecret as exc:
            secret = _restore_secret(args, str(exc))
            prepared = prepare_restore(args.db, key, actor, args.file, secret=secret,
                                       progress=progress)
        print(_describe_restore(prepared))
        if not args.yes:
            answer = input(f"将用此备份替换 {args.db}（当前数据库会保留一份）。输入 yes 确认：")
            if answer.strip().lower() not in {"yes", "y", "是"}:
                prepared.discard()
                print("已取消，数据库没有改动")
                return EXIT_FAILED
        done = restore_backup(prepared, actor, key, db=db)
    finally:
        if db is not None:
            db.dispose()
    print(f"已恢复：{args.db}")
    for note in done.notes[len(prepared.notes):]:
        print(note)
    return 0


def cmd_county(args: argparse.Namespace) -> int:
    from workstation.county import service

    if args.county_command == "report":
        from .report import run_county_report

        return run_county_report(args)
    if args.county_command == "serve":
        return _county_serve(args)
    from workstation.county.access import actor_name

    from . import county_cli

    if args.county_command == "init":
        return county_cli.run_init(args)
    secrets = Secrets()
    county = county_cli.log_in(args, secrets)
    actor = actor_name(county)  # who the county's audit trail names
    try:
        command = args.county_command
        if command in ("operators", "recovery-code"):
            return county_cli.run_operators(args, county, secrets)
        if command == "key":
            print(service.export_public_key(county, "命令行输出", actor=actor), end="")
        elif command == "register-station":
            fingerprint = service.register_station(county, args.division_code,
                                                   _read_key_file(args.key), actor=actor)
            print(f"已登记站点 {args.division_code}（公钥指纹 {fingerprint[:16]}）")
        elif command == "import":
            return _county_import(county, args, actor)
        elif command == "audit":
            return _county_audit(county, args)
        elif command == "decide":
            number = service.decide(county, args.referral, args.decision, args.lawyer,
                                    args.reason, actor=actor)
            print(f"已记录对 {number} 的决定；下一次确认文件将把它带回站点")
        elif command == "set-notice":
            if args.clear:
                service.clear_notice(county, actor=actor)
                print("已取消新版本提示")
            else:
                version = service.set_notice(county, args.newest_version, args.text,
                                             actor=actor)
                print(f"已发布最新版本 {version}：此后的确认文件将提示运行旧版本的站点升级")
        else:
            print(json.dumps(service.stats(county), ensure_ascii=False, indent=2))
    finally:
        county.dispose()
    return 0


_IMPORT_STATUS = {"imported": "已导入", "dry_run": "试导入（未写入）",
                  "replay": "已导入过，未作改动", "superseded": "已被后续数据包包含，未作改动"}


def _county_audit(county: Any, args: argparse.Namespace) -> int:
    """The county's audit trail, oldest first, after checking its whole chain; exit 1 when
    the chain is broken."""
    from workstation.county import audit

    state = audit.verify(county)
    query = audit.CountyAuditQuery(date_from=args.since, oldest_first=True)
    if args.json:
        print(json.dumps({
            "chain": {"intact": state.intact, "entries": state.count,
                      "breaks": audit.breaks_as_dicts(state.breaks),
                      "text": audit.chain_text(state)},
            "entries": [e.as_dict() for e in audit.iter_entries(county, query)],
        }, ensure_ascii=False, indent=2))
    else:
        print(audit.chain_text(state))
        for e in audit.iter_entries(county, query):
            where = "　".join(p for p in (e.station_label, e.target_label) if p)
            print("\t".join((e.when, e.actor_label, e.action_label, where, e.detail)))
    return 0 if state.intact else EXIT_FAILED


def _county_import(county: Any, args: argparse.Namespace, actor: str = "") -> int:
    from workstation.county.importer import import_bundle
    from workstation.services.context import ServiceError

    results: list[dict[str, Any]] = []
    refused = 0
    for path in args.bundles:
        try:
            summary = import_bundle(county, path, dry_run=args.dry_run, ack_dir=args.ack_dir,
                                    actor=actor)
        except ServiceError as exc:
            refused += 1
            results.append({"file": path.name, "status": "refused", "error": str(exc)})
            print(f"workstation: 错误：{exc}", file=sys.stderr)
            continue
        results.append(summary.as_dict())
        if not args.json:
            totals = summary.as_dict()["totals"]
            print(f"{path.name}：{_IMPORT_STATUS[summary.status]}；新增 {totals['imported']}，"
                  f"更新 {totals['updated']}，忽略 {totals['ignored']}，"
                  f"冲突 {totals['conflicts']}")
            for note in (summary.epoch_note, summary.audit_note):
                if note:
                    print(f"  {note}")
            if summary.ack_path:
                print(f"  确认文件：{summary.ack_path}")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return EXIT_FAILED if refused else 0


def _county_serve(args: argparse.Namespace) -> int:
    import tempfile

    from workstation.county import server

    if server.missing():
        raise CliError(server.INSTALL_HINT)
    from workstation.county.server.app import Settings
    from workstation.county.server.run import Bind, Tls, serve

    try:
        bind = Bind.parse(args.bind)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    if (args.tls_cert is None) != (args.tls_key is None):
        raise CliError("--tls-cert 和 --tls-key 需要同时给出")
    if not 1 <= args.workers <= 32:
        raise CliError("--workers 应在 1 到 32 之间")
    if args.rate_limit < 1:
        raise CliError("--rate-limit 至少为 1")
    spool = args.spool or Path(tempfile.gettempdir()) / "workstation-county-spool"
    tls = Tls(args.tls_cert, args.tls_key) if args.tls_cert else None
    from . import county_cli

    county = county_cli.log_in(args)  # the service runs as this operator (clerk or admin)
    try:
        session = county.session
        serve(Settings(db=str(args.db), spool=str(spool), rate_per_minute=args.rate_limit,
                       operator=session.username, operator_name=session.name,
                       role=session.role.value),
              bind, tls=tls, workers=args.workers, db=county)
    finally:
        county.dispose()
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import run_report

    return run_report(args, lambda: _session(args))


def cmd_bench(args: argparse.Namespace) -> int:
    from workstation.bench.runner import format_table, run_bench, to_json

    figures = run_bench(args.records)
    print(to_json(figures) if args.json else format_table(figures))
    return 0 if all(f.ok for f in figures) else EXIT_FAILED


COMMANDS = {"bench": cmd_bench, "init": cmd_init, "demo": cmd_demo,
            "backup": cmd_backup, "restore": cmd_restore, "plain-backups": cmd_plain_backups,
            "stats": cmd_stats, "list": cmd_list,
            "print": cmd_print, "report": cmd_report, "providers": cmd_providers,
            "sync": cmd_sync, "county": cmd_county,
            "passwd": cmd_passwd, "operators": cmd_operators, "committees": cmd_committees}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db is None:
        args.db = default_database()
    from workstation.domain.errors import ValidationError
    from workstation.services.context import ServiceError
    from workstation.storage.engine import DatabaseError
    from workstation.storage.keyslots import KeySlotError

    try:
        return COMMANDS[args.command](args)
    except (ValidationError, ServiceError, DatabaseError, KeySlotError, CliError) as exc:
        print(f"workstation: 错误：{exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, ValidationError | CliError) else EXIT_FAILED
    except KeyboardInterrupt:
        print("workstation: 已取消", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
