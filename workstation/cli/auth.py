"""Logging in on the command line, the same way for every command that opens a station.

User name: ``--user NAME``, else the ``WORKSTATION_USER`` environment variable. Password: the
``WORKSTATION_PASSWORD`` environment variable, else the first line of standard input when it
is not a terminal, else a prompt that does not echo. Commands that also need a new password
(``passwd``, ``operators add`` ...) read it next: the following line of standard input, or a
prompt asked twice. A password is never taken from the command line (it would show in the
process list and the shell history) and never printed.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workstation.services.security import Unlocked

USER_ENV = "WORKSTATION_USER"
PASSWORD_ENV = "WORKSTATION_PASSWORD"


class CliError(Exception):
    """A failure to report as one line."""


class Secrets:
    """Reads the passwords of one command, in order, from the environment, stdin or prompts."""

    def __init__(self) -> None:
        self._env_used = False
        self._preset: str | None = None
        #: The last password given by ``current`` (``passwd`` checks it again).
        self.last_current = ""

    def preset(self, password: str) -> None:
        """Use ``password`` for the next ``current`` (the demo station just made)."""
        self._preset = password

    def _stdin_line(self, what: str) -> str:
        line = sys.stdin.readline()
        if not line:
            raise CliError(f"未从标准输入读到{what}")
        password = line.rstrip("\r\n")
        if not password:
            raise CliError(f"{what}不能为空")
        return password

    def current(self, what: str = "密码") -> str:
        """The logged-in operator's own password."""
        self.last_current = self._current(what)
        return self.last_current

    def _current(self, what: str) -> str:
        if self._preset is not None:
            password, self._preset = self._preset, None
            return password
        env = os.environ.get(PASSWORD_ENV)
        if env and not self._env_used:
            self._env_used = True
            return env
        if not sys.stdin.isatty():
            return self._stdin_line(what)
        password = getpass.getpass(f"{what}：")
        if not password:
            raise CliError(f"{what}不能为空")
        return password

    def new(self, what: str = "新密码") -> str:
        """A new password: the next stdin line, or asked twice at a terminal."""
        if not sys.stdin.isatty():
            return self._stdin_line(what)
        first = getpass.getpass(f"{what}：")
        if first != getpass.getpass("再次输入以确认："):
            raise CliError("两次输入的密码不一致")
        return first


def username(args_user: str | None) -> str:
    name = (args_user or os.environ.get(USER_ENV) or "").strip()
    if not name:
        raise CliError(f"请用 --user 或环境变量 {USER_ENV} 指定登录的用户名")
    return name


def log_in(path: Path, args_user: str | None, secrets: Secrets | None = None) -> Unlocked:
    """Unlock the station at ``path`` as the given operator (an old plain database is
    encrypted on the way; its new recovery code is printed once)."""
    from workstation.services.security import StationStatus, prepare_station, unlock_station
    from workstation.storage.engine import DatabaseError

    if prepare_station(path) is StationStatus.MISSING:
        raise DatabaseError(f"找不到数据库文件：{path}")
    user = username(args_user)
    password = (secrets or Secrets()).current()
    unlocked = unlock_station(path, user, password)
    if unlocked.migrated:
        print("数据库原未加密，现已加密保存（原文件已粉碎）。", file=sys.stderr)
        if unlocked.recovery_code:
            from workstation.services.security import confirm_recovery_recorded

            print_recovery_code(unlocked.recovery_code, file=sys.stderr)
            confirm_recovery_recorded(unlocked.db, unlocked.actor)
    if unlocked.actor.is_admin:
        _remind_plain_backups(unlocked)
    return unlocked


def _remind_plain_backups(unlocked: Unlocked) -> None:
    """Plain backups from before the encryption: asked about at every admin login until
    they are gone (nothing is removed without the admin's word)."""
    from workstation.services.plain_backups import find_plain_backups

    found = find_plain_backups(unlocked.db)
    if found:
        print(f"注意：备份文件夹中还有 {len(found)} 个加密前留下的未加密旧备份；"
              "用 plain-backups --delete 粉碎它们", file=sys.stderr)


def print_recovery_code(code: str, file: object = None) -> None:
    """The recovery code, once, with what to do with it."""
    out = file or sys.stdout
    print(f"恢复码：{code}", file=out)  # type: ignore[call-overload]
    print("（只显示这一次：请抄写或打印，存放在保险柜中。忘记管理员密码时，凭恢复码重设。）",
          file=out)  # type: ignore[call-overload]
