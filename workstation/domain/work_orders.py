"""12348 work orders (12348工单): matters the 12348 public legal service platform (热线 or
网络平台) dispatches to a station, their handling and the reply back to the platform.

An order is registered with the platform's own order number (free text as the platform gives
it, unique per station), the channel it came by (one of the two 12348 channels of
``Channel``), what it asks and the day the platform wants the reply by. The station's
handling (a consultation, a mediation case, a legal-aid referral) links to it. The reply back
records when, what, by whom and how.

State (derived, never stored): 已回复 once a reply is recorded; 处理中 while some handling is
linked; 待处理 otherwise. An order not replied by its due day is overdue (超期); a reply
counts as on time when given on or before the due day.

Counting rules (statistics): 受理工单 = orders received in the period (by ``received_on``);
已回复 = those of them replied; 按期回复 = replied on or before the due day; each by channel.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .enums import Channel, LabeledEnum
from .validators import ErrorCollector, check_encodable, require_text

EARLIEST = date(2000, 1, 1)
#: Longest order number accepted (platform numbers are ~20 characters; more is a paste error).
MAX_ORDER_NO = 40
MAX_REQUEST = 4000
MAX_REPLY = 4000
#: The platform's due day may lie this far after receipt at most (a typo guard).
MAX_DUE_DAYS = 366

#: The channels a work order may come by.
ORDER_CHANNELS: tuple[Channel, ...] = (Channel.HOTLINE_12348, Channel.PLATFORM_12348)


class OrderState(LabeledEnum):
    PENDING = "pending", "待处理"
    HANDLING = "handling", "处理中"
    REPLIED = "replied", "已回复"


class ReplyMethod(LabeledEnum):
    """How the station replied back to the 12348 platform."""

    PLATFORM = "platform", "平台录入"
    PHONE = "phone", "电话"
    WRITTEN = "written", "书面"
    OTHER = "other", "其他"


class HandlingKind(LabeledEnum):
    """The station's handling an order may link to (each kind at most once)."""

    CONSULTATION = "consultation", "法律咨询"
    MEDIATION_CASE = "mediation_case", "人民调解"
    AID_REFERRAL = "aid_referral", "法律援助转交"


def order_state(*, replied: bool, linked: bool) -> OrderState:
    if replied:
        return OrderState.REPLIED
    return OrderState.HANDLING if linked else OrderState.PENDING


def is_overdue(due_on: date, replied_on: date | None, today: date) -> bool:
    """Past its due day without a reply."""
    return replied_on is None and today > due_on


def replied_on_time(due_on: date, replied_on: date | None) -> bool:
    return replied_on is not None and replied_on <= due_on


def short_text(text: str, limit: int = 24) -> str:
    """``text`` on one line, cut to ``limit`` characters with the house ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit] + "……"


def order_title(channel: str, request: str) -> str:
    """How lists and reminders name an order: its channel and the start of what it asks."""
    return f"{Channel.label_of(channel)}：{short_text(request)}"


def _normalise_order_no(raw: str | None) -> str:
    # Full-width digits and letters pasted from the platform page become half-width, inner
    # spaces go (the platform shows numbers in groups).
    text = (raw or "").strip()
    text = "".join(chr(ord(ch) - 0xFEE0) if "！" <= ch <= "～" else ch for ch in text)
    return "".join(text.split())


@dataclass(frozen=True)
class WorkOrderInput:
    order_no: str
    channel: str
    received_on: date
    due_on: date
    request: str
    caller_name: str = ""
    caller_phone: str = ""

    def validated(self, today: date | None = None) -> WorkOrderInput:
        """Normalised copy, or ``ValidationError`` naming every bad field."""
        day = today or date.today()
        errors = ErrorCollector()
        order_no = _normalise_order_no(self.order_no)
        if not order_no:
            errors.add("order_no", "请填写工单编号")
        elif len(order_no) > MAX_ORDER_NO:
            errors.add("order_no", f"工单编号不能超过{MAX_ORDER_NO}个字符")
        else:
            errors.check(check_encodable, order_no, "order_no", "工单编号")
        if self.channel not in {c.value for c in ORDER_CHANNELS}:
            errors.add("channel", "请选择工单来源（12348热线或12348网络平台）")
        if self.received_on is None:
            errors.add("received_on", "请填写接收日期")
        elif self.received_on > day:
            errors.add("received_on", "接收日期不能晚于今天")
        elif self.received_on < EARLIEST:
            errors.add("received_on", "接收日期过早，请核对")
        if self.due_on is None:
            errors.add("due_on", "请填写办理期限（平台要求的回复日期）")
        elif self.received_on is not None and not errors.has_error("received_on"):
            if self.due_on < self.received_on:
                errors.add("due_on", "办理期限不能早于接收日期")
            elif (self.due_on - self.received_on).days > MAX_DUE_DAYS:
                errors.add("due_on", "办理期限距接收日期超过一年，请核对")
        request = errors.check(require_text, self.request, "request", "诉求内容",
                               max_len=MAX_REQUEST)
        caller = (self.caller_name or "").strip()
        if len(caller) > 100:
            errors.add("caller_name", "诉求人姓名不能超过100个字")
        errors.check(check_encodable, caller, "caller_name", "诉求人")
        phone = (self.caller_phone or "").strip()
        if len(phone) > 40:
            errors.add("caller_phone", "联系电话不能超过40个字符")
        errors.raise_if_any()
        return replace(self, order_no=order_no, request=request or "", caller_name=caller,
                       caller_phone=phone)


@dataclass(frozen=True)
class ReplyInput:
    """The reply back to the platform: when, what, how (by whom: the operator recording it,
    or ``replied_by`` naming another operator of the station)."""

    replied_on: date
    content: str
    method: str
    replied_by: str | None = None

    def validated(self, received_on: date, today: date | None = None) -> ReplyInput:
        day = today or date.today()
        errors = ErrorCollector()
        if self.replied_on is None:
            errors.add("replied_on", "请填写回复日期")
        elif self.replied_on > day:
            errors.add("replied_on", "回复日期不能晚于今天")
        elif self.replied_on < received_on:
            errors.add("replied_on", "回复日期不能早于工单接收日期")
        content = errors.check(require_text, self.content, "content", "回复内容",
                               max_len=MAX_REPLY)
        if not self.method:
            errors.add("method", "请选择回复方式")
        else:
            try:
                ReplyMethod(self.method)
            except ValueError:
                errors.add("method", f"回复方式的取值“{self.method}”无效")
        errors.raise_if_any()
        return replace(self, content=content or "")
