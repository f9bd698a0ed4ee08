"""argparse in Chinese: its own words (``usage:``, ``options``, the help option, every error
message) through a gettext translation, and Chinese names for values in the usage lines.

argparse looks each message up with ``gettext`` at the moment it is used (the module's ``_``
and ``ngettext``); :func:`install` points those at :data:`CATALOG`. Messages are the msgids
of Python 3.11-3.13; one missing here simply stays English (the CLI tests list them all).
"""

from __future__ import annotations

import argparse
import gettext
import re
import unicodedata

#: argparse's msgids and their Chinese. ``%`` placeholders are kept (named ones may be left
#: out: argparse formats with a dict).
CATALOG: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示此帮助信息并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "取值 %(value)r 无效，可选：%(choices)s",
    "invalid %(type)s value: %(value)r": "取值 %(value)r 无效",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "argument \"-\" with mode %r": "参数“-”不支持模式 %r",
    "cannot have multiple subparser arguments": "不能有多组子命令",
    "%r is not callable": "%r 不可调用",
}

#: Chinese names of values in usage lines, by the option's ``dest`` (argparse would print the
#: dest in capitals: ``--db DB``); others are called 值.
VALUE_NAMES: dict[str, str] = {
    "db": "数据库", "user": "用户名", "station_name": "名称", "division_code": "区划代码",
    "county": "名称", "admin": "用户名", "admin_name": "姓名", "case_prefix": "前缀",
    "phone": "电话", "records": "条数", "seed": "种子", "limit": "条数", "record": "编号",
    "out": "路径", "period": "时段", "backup_user": "用户名", "recovery_code": "恢复码",
    "key": "公钥文件", "name": "姓名", "role": "角色", "ack_dir": "目录",
    "referral": "申请ID", "decision": "决定", "lawyer": "律师", "reason": "理由",
    "station": "区划代码", "demo_records": "条数", "form": "文书代码", "file": "文件",
    "username": "用户名", "bundles": "数据包", "kind": "类别",
}
OTHER_VALUE = "值"
SUBCOMMANDS = CATALOG["subcommands"]


class ChineseTranslation(gettext.NullTranslations):
    """A gettext translation from :data:`CATALOG` (plural forms: Chinese has none)."""

    def gettext(self, message: str) -> str:
        return CATALOG.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


TRANSLATION = ChineseTranslation()


def install() -> None:
    """Make argparse speak Chinese in this process (idempotent)."""
    argparse._ = TRANSLATION.gettext  # type: ignore[attr-defined]
    argparse.ngettext = TRANSLATION.ngettext  # type: ignore[attr-defined]


def _columns(text: str) -> int:
    """Columns ``text`` takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Usage and help with Chinese value names where no metavar was given, and section
    headings with the full-width colon (argparse writes ``heading:``)."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:  # the help column by terminal columns
            width = _columns(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action: argparse.Action) -> str:
        # argparse pads by characters; a Chinese character takes two columns of a terminal,
        # so the help after a Chinese value name would stand out of line.
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        wide = _columns(header) - len(header)
        first, newline, rest = text.partition("\n")
        at = first.find(header)
        if wide and at >= 0:
            tail = first[at + len(header):]
            spaces = len(tail) - len(tail.lstrip(" "))
            end = at + len(header)
            if tail.strip() and spaces - wide >= 2:
                first = first[:end] + " " * (spaces - wide) + tail.lstrip(" ")
            elif tail.strip():  # too wide in columns: the help goes under it, as argparse does
                column = min(self._action_max_length + 2, self._max_help_position)
                first = first[:end] + "\n" + " " * column + tail.lstrip(" ")
        return first + newline + rest

    def format_help(self) -> str:
        text = super().format_help()
        text = re.sub(r"^(\S[^\n]*?):$", r"\1：", text, flags=re.MULTILINE)
        # The sub-commands' section names its group once, not again as a line of its own.
        return text.replace(f"{SUBCOMMANDS}：\n  {SUBCOMMANDS}\n", f"{SUBCOMMANDS}：\n")

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return VALUE_NAMES.get(action.dest, OTHER_VALUE)

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return VALUE_NAMES.get(action.dest, OTHER_VALUE)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose every word is Chinese (and whose sub-parsers are too)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        install()  # before argparse names its groups and the help option
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def add_argument(self, *args: str, **kwargs: object) -> argparse.Action:  # type: ignore[override]
        action = super().add_argument(*args, **kwargs)  # type: ignore[arg-type]
        if not action.option_strings and action.metavar is None and action.choices is None:
            # Its name in the usage and in errors (argparse would use the dest there).
            action.metavar = VALUE_NAMES.get(action.dest, OTHER_VALUE)
        return action

    def add_subparsers(self, **kwargs: object) -> argparse._SubParsersAction:  # type: ignore[type-arg]
        kwargs.setdefault("parser_class", type(self))
        kwargs.setdefault("title", SUBCOMMANDS)
        kwargs.setdefault("metavar", SUBCOMMANDS)  # its name in usage lines and errors
        return super().add_subparsers(**kwargs)  # type: ignore[arg-type]
