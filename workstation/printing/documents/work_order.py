"""12348 work order reply (A4): 12348工单办理回复单.

What the station did with an order the 12348 platform dispatched, as it reports back: the
order (number, channel, received and due days, the caller and what was asked), the station's
handling linked to it, and the reply (when, how, by whom, what), with whether it was on time.
The people named are the receiving operator and whoever gave the reply, never the person
printing.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from workstation.domain.work_orders import ORDER_CHANNELS

from ..layout import cn_date, field_grid, section_table, signature_block, title_block
from ..registry import DocumentData, DocumentSpec, register
from .aid import ticks

RECORD_TYPE = "work_order"
CHANNEL_OPTIONS = [(c.value, c.label) for c in ORDER_CHANNELS]


def _handling_text(order: object) -> str:
    handling = getattr(order, "handling", ())
    if not handling:
        return "（未关联办理记录）"
    return "；".join(f"{h.kind_label} {h.number}" for h in handling)


def build_work_order_reply(data: DocumentData) -> list[Flowable]:
    o = data.detail
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("工单编号", o.order_no), ("工单来源", ticks(CHANNEL_OPTIONS, o.channel))],
        [("接收日期", cn_date(o.received_on)), ("办理期限", cn_date(o.due_on))],
        [("诉求人", o.caller_name or "（平台未提供）"), ("联系电话", o.caller_phone)],
        [("接收人", o.received_by)],
    ]))
    story.append(Spacer(1, 2 * mm))
    story += [section_table("诉求内容", o.request), Spacer(1, 2 * mm)]
    story.append(field_grid([[("办理情况", _handling_text(o))],
                             [("办理状态", o.state_label)]]))
    story.append(Spacer(1, 2 * mm))
    timing = f"尚未回复（{o.due_label}）" if o.replied_on is None else o.due_label
    story.append(KeepTogether(field_grid([
        [("回复日期", cn_date(o.replied_on)), ("回复方式", o.reply_method_label)],
        [("回复人", o.replied_by), ("是否按期", timing)],
    ])))
    story.append(Spacer(1, 2 * mm))
    story += [section_table("回复内容", o.reply_content, empty="（尚未回复）"),
              Spacer(1, 8 * mm)]
    story.append(KeepTogether([
        signature_block("回复人", o.replied_by, fingerprint=False, caption="签名",
                        day=o.replied_on),
    ]))
    return story


register(DocumentSpec(
    key="work_order_reply", title="12348工单办理回复单", record_type=RECORD_TYPE, page="A4",
    build=build_work_order_reply,
))
