"""The audit trail's vocabulary: action codes and record types with the Chinese labels the
audit view and its CSV export show.

Codes are what services pass to ``UnitOfWork.audit`` and what the ``audit_entry`` table
stores; they never change once written. A code this table does not know (written by a newer
version, or by a module that has not registered its label yet) shows by its family
(``backup.auto`` → 备份) or, failing that, as itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .enums import AidStatus, LabeledEnum, MediationStatus


class AuditAction(LabeledEnum):
    # records
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    STATUS = "status", "状态变更"
    EXTEND = "extend", "延长调解期限"
    JUDICIAL_CONFIRMATION = "judicial_confirmation", "申请司法确认"
    JUDICIAL_RESULT = "judicial_result", "登记司法确认结果"
    PREVENTION = "prevention", "登记防止纠纷激化"
    REVIEW = "review", "复查关注纠纷"
    LINK = "link", "关联办理记录"
    REPLY = "reply", "登记工单回复"
    RATING = "rating", "群众评价"
    RATING_REVIEW = "rating.review", "处理不满意评价"
    RATING_SCREEN_CLOSED = "rating.screen_closed", "凭密码关闭评价屏"
    RATING_SCREEN_CLOSE_FAILED = "rating.screen_close_failed", "关闭评价屏密码错误"
    VOID = "void", "作废"
    CORRECT = "correct", "更正"
    REINSTATE = "reinstate", "恢复（再次登记）"
    VIEW_ID_NUMBER = "view_id_number", "查看完整证件号码"
    # first-inquiry responsibility (services.responsibility)
    HANDOVER = "handover", "移交"
    HANDOVER_ACCEPT = "handover.accept", "接收移交"
    HANDOVER_DECLINE = "handover.decline", "退回移交"
    HANDOVER_CONFIRM = "handover.confirm", "登记对方接收确认"
    HANDOVER_SETTLE = "handover.settle", "登记咨询答复"
    # documents and exports
    PRINT = "print", "打印/生成文书"
    EXPORT = "export", "导出"
    # sessions
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login.failed", "登录失败"
    LOGIN_SUSPICIOUS = "login.suspicious", "登录记录异常"
    LOGOUT = "logout", "退出登录"
    LOCK = "lock", "锁定工作站"
    UNLOCK = "unlock", "解锁"
    UNLOCK_FAILED = "unlock.failed", "解锁失败"
    # station, operators and settings
    STATION_INIT = "station.init", "初始化站点"
    DEMO_GENERATE = "demo.generate", "生成演示数据"
    SETTINGS = "settings", "修改设置"
    OPERATOR_CREATE = "operator.create", "添加操作员"
    OPERATOR_UPDATE = "operator.update", "修改操作员"
    OPERATOR_DISABLE = "operator.disable", "停用操作员"
    OPERATOR_ENABLE = "operator.enable", "启用操作员"
    PASSWORD_CHANGE = "password.change", "修改密码"
    PASSWORD_RESET = "password.reset", "重置密码"
    OPERATOR_RESET_PASSWORD = "operator.reset_password", "重置操作员密码"
    OPERATOR_CHANGE_PASSWORD = "operator.change_password", "修改密码"
    OPERATOR_RECOVER = "operator.recover", "用恢复码重设管理员"
    STATION_RECOVERY_CODE = "station.recovery_code", "生成新的恢复码"
    STATION_REKEY = "station.rekey", "更换数据密钥"
    IMPORT = "import", "导入"
    DELETE = "delete", "删除"
    CONFIRM = "confirm", "确认"
    # backups
    BACKUP = "backup", "备份"
    BACKUP_FAILED = "backup.failed", "备份失败"
    BACKUP_PLAIN_REMOVED = "backup.plain_removed", "粉碎未加密的旧备份"
    RESTORE = "restore", "恢复备份"
    # sync with the county center
    SYNC_KEY = "sync.key", "生成同步密钥"
    SYNC_COUNTY_KEY = "sync.county_key", "导入县级中心公钥"
    SYNC_EXPORT = "sync.export", "导出同步数据包"
    SYNC_ACK = "sync.ack", "导入同步回执"
    SYNC_DECISION = "sync.decision", "同步县级中心援助决定"
    SYNC_BOX_KEY = "sync.box_key", "生成同步加密密钥"
    SYNC_CONFLICT_STATION = "sync.conflict.station", "冲突处理：保留本站版本"
    SYNC_CONFLICT_COUNTY = "sync.conflict.county", "冲突处理：采用县级中心版本"
    SYNC_EPOCH_NEEDED = "sync.epoch_needed", "发现本站数据曾回退（需开始新一轮同步）"
    SYNC_EPOCH = "sync.epoch", "开始新一轮同步"
    SYNC_UPLOAD_SETTINGS = "sync.upload_settings", "修改在线上传设置"
    SYNC_UPLOAD = "sync.upload", "在线上传"
    SYNC_AUDIT_BREAK = "sync.audit_break", "县级中心发现本站操作日志有缺失或改动"


#: Labels of code families, for codes not listed above (``backup.auto``, ``login.locked``).
FAMILY_LABELS: dict[str, str] = {
    "login": "登录",
    "operator": "操作员管理",
    "password": "密码",
    "backup": "备份",
    "restore": "恢复备份",
    "sync": "同步",
    "settings": "修改设置",
    "recovery": "恢复码",
    "key": "密钥",
    "export": "导出",
    "station": "站点",
    "import": "导入",
    "handover": "移交",
}


def action_label(code: str | None) -> str:
    """The Chinese label of an action code: its own, its family's, else the code itself."""
    if not code:
        return ""
    try:
        return AuditAction(code).label
    except ValueError:
        pass
    family = code.split(".", 1)[0]
    return FAMILY_LABELS.get(family, code)


#: What an audit entry's ``record_type`` names, in Chinese.
RECORD_TYPE_LABELS: dict[str, str] = {
    "consultation": "法律咨询",
    "mediation_case": "调解案件",
    "mediation_session": "调解记录",
    "mediation_agreement": "调解协议",
    "follow_up": "回访记录",
    "mediation_step": "案卷记录",
    "mediation_party": "调解当事人",
    "aid_referral": "法律援助申请",
    "person": "当事人",
    "operator": "操作员",
    "station": "站点",
    "sync_state": "同步设置",
    "sync_bundle": "同步数据包",
    "sync_upload": "在线上传",
    "sync_conflict": "同步冲突",
    "audit_entry": "操作日志",
    "statistics_report": "统计报表",
    "backup": "备份",
    "publicity_activity": "普法宣传活动",
    "referral_provider": "法律服务名录",
    "screening": "矛盾纠纷排查",
    "screening_dispute": "排查发现的纠纷",
    "work_order": "12348工单",
    "rating": "群众评价",
    "rating_review": "不满意评价处理",
    "mediation_committee": "人民调解委员会",
    "status_change": "状态变更",
    "publicity_operator": "宣传活动参与人员",
    "publicity_photo": "宣传活动照片",
    "responsibility": "首问责任",
    "handover": "移交记录",
    "record_link": "记录关联",
}

#: Record types an admin can pick in the audit view's record filter (the ones with a number
#: or a person), in display order.
FILTERABLE_RECORD_TYPES: tuple[str, ...] = (
    "consultation", "mediation_case", "aid_referral", "person", "operator",
)


def record_type_label(record_type: str | None) -> str:
    if not record_type:
        return ""
    return RECORD_TYPE_LABELS.get(record_type, record_type)


#: Action families an admin can pick in the audit view's action filter: (code, label).
#: Each matches the code itself and every ``code.*`` below it.
ACTION_FILTERS: tuple[tuple[str, str], ...] = (
    ("create", "新建"),
    ("update", "修改"),
    ("status", "状态变更"),
    ("correct", "更正"),
    ("void", "作废"),
    ("view_id_number", "查看完整证件号码"),
    ("print", "打印/生成文书"),
    ("export", "导出"),
    ("sync", "同步"),
    ("login", "登录与登录失败"),
    ("login.failed", "登录失败"),
    ("unlock", "解锁与解锁失败"),
    ("lock", "锁定工作站"),
    ("logout", "退出登录"),
    ("backup", "备份"),
    ("restore", "恢复备份"),
    ("operator", "操作员管理"),
    ("password", "密码"),
    ("settings", "修改设置"),
)


#: The status codes of each record type that has a status.
_STATUSES: dict[str, type[LabeledEnum]] = {
    "mediation_case": MediationStatus, "aid_referral": AidStatus,
}
_CHANGE = re.compile(r"^(\w+)->(\w+)(?: lawyer=(.*))?$")
_EXTEND = re.compile(r"^\+(\d+): ?(.*)$", re.DOTALL)
_DOCUMENT = re.compile(r"^(\w+)( 另存为PDF：.*?)? sha256=([0-9a-f]+)$", re.DOTALL)
#: Details stored as a code.
DETAIL_LABELS: dict[str, str] = {"materials": "材料清单"}


def detail_text(action: str, record_type: str, detail: str,
                document_title: Callable[[str], str] | None = None) -> str:
    """An entry's detail as a person reads it: status codes as their labels
    (``registered->accepted`` → 已登记 → 已受理), a document code as its title (given by
    ``document_title``), days of an extension in words. Other details are already Chinese."""
    if not detail:
        return ""
    statuses = _STATUSES.get(record_type)
    change = _CHANGE.match(detail)
    if change and statuses is not None:
        text = f"{statuses.label_of(change.group(1))} → {statuses.label_of(change.group(2))}"
        if change.group(3):
            text += f"，承办律师：{change.group(3)}"
        return text
    extend = _EXTEND.match(detail)
    if action == AuditAction.EXTEND and extend:
        return f"延长 {extend.group(1)} 天：{extend.group(2)}"
    document = _DOCUMENT.match(detail)
    if document and action in (AuditAction.PRINT, AuditAction.EXPORT):
        title = document_title(document.group(1)) if document_title else document.group(1)
        return f"{title}{document.group(2) or ''}（校验值 {document.group(3)}）"
    return DETAIL_LABELS.get(detail, detail)


# --- the county's own audit trail ------------------------------------------------------------
# What county operators (and stations uploading online) did at the county center: written by
# ``county.audit`` in the same transaction as the work, shown on the console's 操作日志 page
# and by ``county audit``. Codes never change once written.

#: What an actor of "" (nobody logged in) shows as.
NOBODY = "未登录"


class CountyAuditAction(LabeledEnum):
    INIT = "county.init", "创建县级数据库"
    IMPORT = "import", "导入数据包"
    IMPORT_REFUSED = "import.refused", "拒绝数据包"
    IMPORT_FAILED = "import.failed", "导入失败"
    CONFLICT_RESOLVED = "conflict.resolved", "同步冲突已解决"
    STATION_REGISTER = "station.register", "登记站点"
    STATION_REVOKE = "station.revoke", "撤销站点登记"
    DECISION = "decision", "法律援助决定"
    NOTICE_SET = "notice.set", "发布新版本提示"
    NOTICE_CLEAR = "notice.clear", "取消新版本提示"
    KEY_EXPORT = "key.export", "导出县级中心公钥"
    REPORT_EXPORT = "report.export", "导出统计报表"
    RECORD_VIEW = "record.view", "查看记录"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login.failed", "登录失败"
    LOGIN_SUSPICIOUS = "login.suspicious", "登录记录异常"
    LOGOUT = "logout", "退出登录"


#: What a county audit entry's ``target_type`` names (record tables: ``record_type_label``).
COUNTY_TARGET_LABELS: dict[str, str] = {
    "station": "站点",
    "bundle": "数据包",
    "report": "统计报表",
    "county_key": "县级中心公钥",
    "notice": "新版本提示",
    "conflict": "同步冲突",
    "operator": "县级操作员",
    "database": "县级数据库",
}


def county_actor_label(actor: str | None) -> str:
    return actor or NOBODY


def upload_actor(division_code: str) -> str:
    """The actor of a bundle a station uploaded through ``county serve``."""
    return f"站点 {division_code}（网络上传）"


def county_target_label(target_type: str | None) -> str:
    if not target_type:
        return ""
    return COUNTY_TARGET_LABELS.get(target_type) or record_type_label(target_type)
