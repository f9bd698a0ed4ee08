"""The 12348工单办理回复单: the order, its linked handling and the reply, read back from the PDF;
the print is audited; the people named are the receiver and the replier, not the printer."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.conftest import consultation_input
from workstation.domain.work_orders import ReplyInput, WorkOrderInput
from workstation.services import consultations
from workstation.services import work_orders as wo
from workstation.services.auth import add_operator
from workstation.services.context import Actor
from workstation.services.printing import print_document

from .conftest import flat, pdf_text

TODAY = date(2026, 3, 10)


def test_reply_sheet_prints_order_handling_and_reply(db: Any, actor: Actor, sql: Any) -> None:
    oid = wo.register_order(db, actor, WorkOrderInput(
        order_no="GD20260302-0456", channel="platform_12348", received_on=date(2026, 3, 2),
        due_on=date(2026, 3, 9), request="网民留言：父母年迈，兄弟拒付赡养费，如何处理？",
        caller_name="李四", caller_phone="13900001111"), today=TODAY)
    cid = consultations.register_consultation(db, actor, consultation_input())
    wo.link_handling(db, actor, oid, "consultation", cid)
    number = wo.load_order(db, oid).handling[0].number

    before = flat(pdf_text(print_document(db, actor, "work_order_reply", oid,
                                          today=TODAY).pdf))
    assert "尚未回复（已超期1天）" in before and "（尚未回复）" in before

    mid = add_operator(db, actor, username="zhaotj", name="赵调解", password="mediator-pass-1")
    wo.record_reply(db, actor, oid, ReplyInput(
        replied_on=date(2026, 3, 8), content="已电话联系留言人，告知可申请人民调解或起诉。",
        method="phone", replied_by=mid), today=TODAY)
    doc = print_document(db, actor, "work_order_reply", "GD20260302-0456", today=TODAY)
    assert doc.missing_chars == () and doc.pages == 1
    text = flat(pdf_text(doc.pdf))
    for expected in ("12348工单办理回复单", "GD20260302-0456", "☑12348网络平台", "□12348热线",
                     "2026年3月2日", "2026年3月9日", "李四", "兄弟拒付赡养费",
                     f"法律咨询{number}", "已回复", "2026年3月8日", "电话", "赵调解", "按期回复",
                     "告知可申请人民调解或起诉", "接收人王管理"):
        assert flat(expected) in text, expected
    assert sql.count("audit_entry", "action = 'print' AND record_type = 'work_order'") == 2
