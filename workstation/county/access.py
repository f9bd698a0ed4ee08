"""Who may do what at the county: the logged-in operator (``CountySession``) and the checks
every county service makes before it reads or changes anything.

Roles (``domain.enums.CountyRole``): an **admin** does everything (operators, stations,
keys, notices, and all a clerk does); a **clerk** imports bundles, records legal-aid
decisions, reads records and makes reports; a **statistics** operator (read-only) sees
statistics and makes reports only. The console hides what a role may not do, but the check
that counts is here, in the services: a read-only operator calling an import through the
service layer is refused with a Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from workstation.domain.enums import CountyRole
from workstation.services.context import ServiceError

if TYPE_CHECKING:
    from .db import CountyDatabase


class Permission(StrEnum):
    OPERATORS = "operators"    # county operators, the recovery code
    STATIONS = "stations"      # registering and revoking stations
    KEYS = "keys"              # the county's key pairs (showing the public key is free)
    NOTICES = "notices"        # the newest-version notice
    IMPORT = "import"          # importing bundles (files, the HTTP receiver)
    DECIDE = "decide"          # legal-aid decisions, resolving conflicts
    RECORDS = "records"        # reading imported records (names, ID numbers ...)
    REPORTS = "reports"        # report files (PDF / Excel)
    STATISTICS = "statistics"  # counts and statistics on screen
    AUDIT = "audit"            # the county's own audit trail (操作日志)


#: What each role may do: the one declaration the services, the CLI and the console use.
GRANTS: dict[CountyRole, frozenset[Permission]] = {
    CountyRole.ADMIN: frozenset(Permission),
    CountyRole.CLERK: frozenset({Permission.IMPORT, Permission.DECIDE, Permission.RECORDS,
                                 Permission.REPORTS, Permission.STATISTICS}),
    CountyRole.STATISTICS: frozenset({Permission.REPORTS, Permission.STATISTICS}),
}

#: What the refusal names, per permission.
_WHAT = {
    Permission.OPERATORS: "管理县级中心操作员和恢复码",
    Permission.STATIONS: "登记或吊销站点",
    Permission.KEYS: "管理县级中心密钥",
    Permission.NOTICES: "发布新版本提示",
    Permission.IMPORT: "导入数据包",
    Permission.DECIDE: "记录法律援助决定或处理冲突",
    Permission.RECORDS: "查看站点上报的记录",
    Permission.REPORTS: "生成统计报表",
    Permission.STATISTICS: "查看统计",
    Permission.AUDIT: "查看县级中心操作日志",
}


@dataclass(frozen=True)
class CountySession:
    """The county operator logged in: the console and every ``county`` command hold one
    (``CountyDatabase.session``). ``name`` is the display name (what reports and the audit
    trail show as the actor)."""

    username: str
    name: str
    role: CountyRole

    @property
    def role_label(self) -> str:
        return self.role.label

    @property
    def is_admin(self) -> bool:
        return self.role is CountyRole.ADMIN

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]


class CountyAccessDenied(ServiceError):
    """The logged-in county operator's role does not allow the request (or nobody is)."""


def require(db: CountyDatabase, permission: Permission) -> CountySession:
    """The session of ``db`` if its role allows ``permission``; else CountyAccessDenied."""
    session = db.session
    if not isinstance(session, CountySession):
        raise CountyAccessDenied(f"未登录，不能{_WHAT[permission]}：请先以县级中心操作员登录")
    if not session.can(permission):
        raise CountyAccessDenied(f"{session.role.label}“{session.name}”无权{_WHAT[permission]}")
    return session


def can(db: CountyDatabase, permission: Permission) -> bool:
    """Whether the logged-in operator may (the console hides what they may not)."""
    session = db.session
    return isinstance(session, CountySession) and session.can(permission)


def actor_name(db: CountyDatabase) -> str:
    """The logged-in operator's display name ("" when nobody is): the actor of reports and
    of the county's audit trail."""
    session = db.session
    return session.name if isinstance(session, CountySession) else ""
