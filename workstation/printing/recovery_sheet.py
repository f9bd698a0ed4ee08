"""The recovery code sheet: printed once at set-up (or when a new code is made) and kept in the
station's safe. Station, date, the code in large monospaced characters, what it is for and how
to keep it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

from . import fonts
from .layout import A4_MARGINS, A4_TEXT_WIDTH, cn_date, para, styles, table_style

TITLE = "数据库恢复码"

INSTRUCTIONS = (
    "本恢复码是忘记站点管理员密码时重新设置密码的唯一凭证。凭它可以打开本站的全部数据，"
    "请像保管公章和保险柜钥匙一样保管本页。",
    "请将本页存放在保险柜或上锁的文件柜中。不要贴在电脑旁，不要拍照，不要存入电脑、手机或U盘。",
    "使用方法：在登录窗口点击“忘记密码？使用恢复码”，输入恢复码（不区分大小写，短横线可省略）、"
    "管理员用户名和新密码。",
    "如怀疑恢复码已泄露，站点管理员可在“操作员”页面生成新的恢复码，原恢复码随即作废，本页应销毁。",
    "恢复码只能与本站的数据库及其密钥文件（与数据库同名、以 .keys 结尾）一同使用；"
    "备份数据库时请连同密钥文件一并备份。",
)


@dataclass(frozen=True)
class RecoverySheet:
    """What the print preview needs (the shape of ``render.RenderedDocument``)."""

    pdf: bytes
    pages: int
    title: str = TITLE
    number: str = ""


def render_recovery_sheet(station_name: str, code: str, today: date | None = None
                          ) -> RecoverySheet:
    s = styles()
    mono = fonts.mono_font_name()
    code_style = ParagraphStyle("recovery-code", fontName=mono, fontSize=24, leading=34,
                                alignment=TA_CENTER)
    day = today or date.today()
    box = Table([[para(code, code_style, role=fonts.BODY)]], colWidths=[A4_TEXT_WIDTH],
                rowHeights=[26 * mm])
    box.setStyle(table_style([("BOX", (0, 0), (-1, -1), 1.6, "black"),
                              ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    flowables = [
        para(station_name, s.station), Spacer(1, 3 * mm), para(TITLE, s.title),
        Spacer(1, 2 * mm), para(f"生成日期：{cn_date(day)}", s.center), Spacer(1, 8 * mm),
        box, Spacer(1, 8 * mm), para("注意事项", s.heading),
        *[para(f"{i}. {line}", s.cell) for i, line in enumerate(INSTRUCTIONS, start=1)],
        Spacer(1, 16 * mm),
        para("保管人（签字）：＿＿＿＿＿＿＿＿　　　存放位置：＿＿＿＿＿＿＿＿＿＿", s.cell),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=A4_MARGINS["left"],
                            rightMargin=A4_MARGINS["right"], topMargin=A4_MARGINS["top"],
                            bottomMargin=A4_MARGINS["bottom"], title=TITLE,
                            author=station_name, creator="workstation 公共法律服务工作站",
                            # reportlab's default initial font is Helvetica, never embedded.
                            initialFontName=fonts.font_name(fonts.BODY))
    doc.build(flowables)
    return RecoverySheet(out.getvalue(), doc.page)
