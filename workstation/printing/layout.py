"""The layout toolkit every document is built from (reportlab platypus).

Pages: ``A4`` (margins for a left binding, footer "第 N 页 共 M 页" and the record number on
every page) and ``receipt80`` (80 mm wide, as tall as its content). Blocks: a title block
(station, title, number, date, QR code), field grids with borders like government forms,
section tables whose heading row repeats when they run onto the next page, Chinese paragraphs
with per-character font fallback, signature / fingerprint blocks, a seal area and a QR code
with the record number and a verification code.

All text goes through ``para()`` which escapes it, switches fonts per run (``fonts.markup``)
and wraps it by Chinese line-breaking rules (``text.CJKParagraph``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workstation.domain.wording import EMPTY

from . import fonts
from .registry import DocumentData
from .text import CJKParagraph

PAGE_A4 = "A4"
PAGE_RECEIPT = "receipt80"
RECEIPT_WIDTH = 80 * mm
RECEIPT_MARGIN = 4 * mm
A4_MARGINS = {"left": 25 * mm, "right": 20 * mm, "top": 20 * mm, "bottom": 22 * mm}
A4_TEXT_WIDTH = A4[0] - A4_MARGINS["left"] - A4_MARGINS["right"]
RECEIPT_TEXT_WIDTH = RECEIPT_WIDTH - 2 * RECEIPT_MARGIN
GRID_LINE = 0.6
LABEL_BACKGROUND = colors.Color(0.94, 0.94, 0.94)
VERIFY_VERSION = "WS1"


# --- text -------------------------------------------------------------------------------


def cn_date(day: date | None, blank: str = "　　　　年　　月　　日") -> str:
    """``2026年5月3日``; ``blank`` (a date line to fill in by hand) for None."""
    if day is None:
        return blank
    return f"{day.year}年{day.month}月{day.day}日"


def yuan(fen: int) -> str:
    """Money in yuan as printed on forms: 12,000.50 → ``12000.50元``."""
    whole, cents = divmod(abs(int(fen)), 100)
    sign = "-" if fen < 0 else ""
    return f"{sign}{whole}元" if cents == 0 else f"{sign}{whole}.{cents:02d}元"


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    cell: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    center: ParagraphStyle
    right: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    station: ParagraphStyle


_STYLES: dict[str, Styles] = {}


def styles(page: str = PAGE_A4) -> Styles:
    """Paragraph styles of a page kind (fonts registered on first call)."""
    cached = _STYLES.get(page)
    if cached is not None:
        return cached
    song, hei = fonts.font_name(fonts.BODY), fonts.font_name(fonts.TITLE)
    size = 12 if page == PAGE_A4 else 9
    lead = 1.55 if page == PAGE_A4 else 1.4

    def style(name: str, font: str, fs: float, align: int = TA_LEFT, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(f"{page}-{name}", fontName=font, fontSize=fs,
                              leading=round(fs * kw.pop("ratio", lead), 1), alignment=align,
                              wordWrap="CJK", **kw)

    s = Styles(
        body=style("body", song, size, firstLineIndent=2 * size),
        cell=style("cell", song, size - (1.5 if page == PAGE_A4 else 0)),
        label=style("label", song, size - (1.5 if page == PAGE_A4 else 0), TA_CENTER),
        small=style("small", song, size - 3 if page == PAGE_A4 else 7, ratio=1.3),
        center=style("center", song, size, TA_CENTER),
        right=style("right", song, size, TA_RIGHT),
        heading=style("heading", hei, size, TA_LEFT, spaceBefore=4, spaceAfter=2),
        title=style("title", hei, 22 if page == PAGE_A4 else 13, TA_CENTER, ratio=1.3),
        station=style("station", song, size if page == PAGE_A4 else 8, TA_CENTER, ratio=1.3),
    )
    _STYLES[page] = s
    return s


def para(text: str, style: ParagraphStyle, *, role: str | None = None) -> CJKParagraph:
    """A paragraph of plain ``text`` (newlines kept) with font fallback per character."""
    if role is None:
        role = fonts.TITLE if style.fontName == fonts.font_name(fonts.TITLE) else fonts.BODY
    return CJKParagraph(fonts.markup(text, role), style)


def paras(text: str, style: ParagraphStyle) -> list[CJKParagraph]:
    """One paragraph per non-empty line of ``text``."""
    return [para(line.strip(), style) for line in text.splitlines() if line.strip()]


# --- verification and QR ----------------------------------------------------------------


def verification_code(key: str, record_id: str, number: str, version: int) -> str:
    """First 16 hex of SHA-256 over ``key|record_id|number|version``."""
    raw = f"{key}|{record_id}|{number}|{version}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def qr_payload(data: DocumentData) -> str:
    """What the QR code carries: scheme, document, record number, verification code."""
    return f"{VERIFY_VERSION}|{data.key}|{data.number}|{data.verification}"


@functools.lru_cache(maxsize=256)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of ``payload`` (UTF-8 bytes, error correction M), encoded once."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(qrencoder.QR8bitByte(payload))
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


class QRFlowable(Flowable):
    """A QR code drawn straight onto the canvas (one path; reportlab's widget encodes the data
    twice and draws a shape per run of modules, which cost most of a document's time)."""

    def __init__(self, payload: str, size: float, border: int = 2) -> None:
        super().__init__()
        self.payload, self.size, self.border = payload, size, border
        self.width = self.height = size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        modules = qr_matrix(self.payload)
        n = len(modules)
        box = self.size / (n + 2 * self.border)
        c = self.canv
        path = c.beginPath()
        for r, row in enumerate(modules):
            y = self.size - (r + self.border + 1) * box
            col = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    path.rect((col + self.border) * box, y, count * box, box)
                col += count
        c.saveState()
        c.setFillColor(colors.black)
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()


def qr_code(payload: str, size: float) -> QRFlowable:
    return QRFlowable(payload, size)


# --- blocks -----------------------------------------------------------------------------


def title_block(data: DocumentData, page: str = PAGE_A4, *, day: date | None = None,
                show_date: bool = False) -> list[Flowable]:
    """Issuer (the station, or a mediation case's committee), document title, number (and
    date), with the QR code at the right; a committee's document names the station as the
    place of service."""
    s = styles(page)
    if page == PAGE_RECEIPT:
        out: list[Flowable] = [
            para(data.issuer, s.station),
            Spacer(1, 1.5 * mm),
            para(data.title, s.title),
            Spacer(1, 1 * mm),
            para(data.number, s.center),
        ]
        if data.place_of_service:
            out.append(para(f"服务地点：{data.place_of_service}", s.center))
        if show_date:
            out.append(para(cn_date(day or data.today), s.center))
        out += [Spacer(1, 1.5 * mm), rule(RECEIPT_TEXT_WIDTH)]
        return out
    qr_size = 22 * mm
    centre = [para(data.issuer, s.station), Spacer(1, 2 * mm), para(data.title, s.title)]
    qr = [qr_code(qr_payload(data), qr_size), para(f"校验码 {data.verification}", s.small)]
    side = qr_size + 6 * mm
    head = Table([[[], centre, qr]], colWidths=[side, A4_TEXT_WIDTH - 2 * side, side])
    head.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (2, 0), (2, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    line = data.number if not show_date else f"{data.number}　　{cn_date(day or data.today)}"
    if not data.place_of_service:
        return [head, Spacer(1, 2 * mm), para(line, s.right), Spacer(1, 3 * mm)]
    place = Table([[para(f"服务地点：{data.place_of_service}", s.cell), para(line, s.right)]],
                  colWidths=[A4_TEXT_WIDTH * 0.6, A4_TEXT_WIDTH * 0.4])
    place.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [head, Spacer(1, 2 * mm), place, Spacer(1, 3 * mm)]


def rule(width: float, *, dash: bool = True) -> Flowable:
    """A horizontal line (dashed by default, as on receipts)."""
    return _Rule(width, dash)


class _Rule(Flowable):
    def __init__(self, width: float, dash: bool) -> None:
        super().__init__()
        self.width, self.dash, self.height = width, dash, 2 * mm

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return min(self.width, aw), self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(0.5)
        if self.dash:
            c.setDash(2, 2)
        c.line(0, self.height / 2, self.width, self.height / 2)
        c.restoreState()


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cells use the body font (Table's default is Helvetica, which would
    sit unembedded in the PDF even for empty cells)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.font_name(fonts.BODY)), *commands])


def _grid_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return table_style([
        ("GRID", (0, 0), (-1, -1), GRID_LINE, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        *extra,
    ])


Field = tuple[str, str]
#: Close a table's border where it breaks across pages (also inside a split row).
SPLIT_LINES = (
    ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), GRID_LINE, colors.black),
    ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), GRID_LINE, colors.black),
)


def field_grid(rows: Sequence[Sequence[Field]], width: float = A4_TEXT_WIDTH, *,
               page: str = PAGE_A4, label_width: float = 22 * mm,
               side_label: str = "", side_width: float = 14 * mm) -> Table:
    """A bordered label/value grid like a government form.

    ``rows`` are lists of ``(label, value)`` pairs; the grid has as many pairs per row as the
    longest row and a shorter row's last value spans the rest. ``side_label`` adds a left
    column spanning all rows (e.g. the party's role).
    """
    s = styles(page)
    pairs = max(len(r) for r in rows)
    offset = 1 if side_label else 0
    value_width = (width - side_width * offset - pairs * label_width) / pairs
    widths = [side_width] * offset + [label_width, value_width] * pairs
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    for r, row in enumerate(rows):
        cells: list[Any] = [""] * offset
        for label, value in row:
            cells += [para(label, s.label), para(value, s.cell)]
        cells += [""] * (len(widths) - len(cells))
        data.append(cells)
        last = offset + 2 * len(row) - 1
        if last < len(widths) - 1:
            commands.append(("SPAN", (last, r), (-1, r)))
        for p in range(len(row)):
            commands.append(("BACKGROUND", (offset + 2 * p, r), (offset + 2 * p, r),
                             LABEL_BACKGROUND))
    if side_label:
        data[0][0] = para("\n".join(side_label), s.label)
        commands += [("SPAN", (0, 0), (0, len(rows) - 1)),
                     ("BACKGROUND", (0, 0), (0, -1), LABEL_BACKGROUND)]
    table = Table(data, colWidths=widths)
    table.setStyle(_grid_style(commands))
    return table


def section_table(heading: str, body: str | Sequence[Flowable | str], *,
                  width: float = A4_TEXT_WIDTH, page: str = PAGE_A4,
                  empty: str = "（无）") -> Table:
    """A one-column bordered section: a shaded heading row, then one row per paragraph.

    Long text splits between rows and inside a row across pages; the heading row repeats at
    the top of every page the section runs onto.
    """
    s = styles(page)
    items: list[Any]
    if isinstance(body, str):
        items = paras(body, s.body) or [para(empty, s.cell)]
    else:
        items = [para(x, s.body) if isinstance(x, str) else x for x in body] or [
            para(empty, s.cell)]
    data = [[para(heading, s.heading)]] + [[x] for x in items]
    table = Table(data, colWidths=[width], repeatRows=1, splitInRow=1)
    n = len(data)
    table.setStyle(table_style([
        ("BOX", (0, 0), (-1, -1), GRID_LINE, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), GRID_LINE, colors.black),
        *SPLIT_LINES,
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BACKGROUND),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 1), (-1, 1), 4), ("BOTTOMPADDING", (0, n - 1), (-1, n - 1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def data_table(header: Sequence[str], rows: Sequence[Sequence[str]], col_widths: Sequence[float],
               *, page: str = PAGE_A4) -> Table:
    """A bordered table with a shaded header row repeated on every page it runs onto."""
    s = styles(page)
    data = [[para(h, s.label) for h in header]]
    data += [[para(str(v), s.cell) for v in row] for row in rows]
    table = Table(data, colWidths=list(col_widths), repeatRows=1, splitInRow=1)
    table.setStyle(_grid_style([("BACKGROUND", (0, 0), (-1, 0), LABEL_BACKGROUND), *SPLIT_LINES]))
    return table


def kv_lines(rows: Sequence[Field], width: float = RECEIPT_TEXT_WIDTH, *,
             page: str = PAGE_RECEIPT, label_width: float = 17 * mm) -> Table:
    """Borderless ``label：value`` lines (receipts). The label column is ``label_width``, or
    as wide as the longest label when that is wider (a label never wraps: 首问责任人：)."""
    s = styles(page)
    labels = [f"{label}：" for label, _value in rows]
    widest = max((stringWidth(text, s.cell.fontName, s.cell.fontSize) for text in labels),
                 default=0.0)
    label_width = max(label_width, widest + 0.5 * mm)
    data = [[para(text, s.cell), para(value or EMPTY, s.cell)]
            for text, (_label, value) in zip(labels, rows, strict=True)]
    table = Table(data, colWidths=[label_width, width - label_width])
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8),
    ]))
    return table


class _Box(Flowable):
    """An empty square with a caption inside (fingerprint box)."""

    def __init__(self, size: float, caption: str) -> None:
        super().__init__()
        self.size, self.caption = size, caption

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(0.5)
        c.setDash(1.5, 1.5)
        c.rect(0, 0, self.size, self.size)
        c.setFont(fonts.font_name(fonts.BODY), 7)
        c.setFillGray(0.45)
        c.drawCentredString(self.size / 2, 2 * mm, self.caption)
        c.restoreState()


def signature_block(role: str, name: str, *, fingerprint: bool = True,
                    caption: str = "签名（盖章/按指印）", day: date | None = None,
                    width: float = A4_TEXT_WIDTH) -> Table:
    """One signer: role and printed name, a line to sign on, a fingerprint box and a date."""
    s = styles(PAGE_A4)
    box = 17 * mm
    left = [para(f"{role}：{name}", s.cell), Spacer(1, 3 * mm),
            para(f"{caption}：＿＿＿＿＿＿＿＿＿＿", s.cell)]
    mid: Any = _Box(box, "指印") if fingerprint else ""
    right = para(cn_date(day), s.cell)
    table = Table([[left, mid, right]],
                  colWidths=[width - box - 50 * mm, box + 8 * mm, 42 * mm], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("ALIGN", (1, 0), (1, 0), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


class _SealArea(Flowable):
    """The issuing body's name and date at the right, a dashed circle over them where the seal
    goes (a seal is stamped over the name and date), its caption inside the circle."""

    def __init__(self, width: float, org_name: str, date_text: str, caption: str) -> None:
        super().__init__()
        self.width, self.org_name, self.date_text, self.caption = width, org_name, date_text, \
            caption
        self.d = 40 * mm
        self.height = self.d

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return min(self.width, aw), self.height

    def draw(self) -> None:
        c = self.canv
        r = self.d / 2
        cx = self.width - r - 6 * mm
        cy = r
        c.saveState()
        c.setLineWidth(0.4)
        c.setStrokeGray(0.55)
        c.setDash(2, 2)
        c.circle(cx, cy, r)
        c.setFillGray(0.5)
        draw_text(c, cx, cy - 2, self.caption, 8, align="center")
        c.setFillGray(0)
        draw_text(c, cx, cy + 9 * mm, self.org_name, 12, align="center")
        draw_text(c, cx, cy - 12 * mm, self.date_text, 12, align="center")
        c.restoreState()


def seal_area(org_name: str, day: date | None, *, caption: str = "（人民调解委员会印）",
              width: float = A4_TEXT_WIDTH) -> Flowable:
    """The issuing body's name and date at the right, over a marked area for its seal."""
    return _SealArea(width, org_name, cn_date(day), caption)


def keep_space(height: float) -> Spacer:
    return Spacer(1, height)


# --- pages ------------------------------------------------------------------------------


def _numbered_canvas(footer_left: str, page_width: float = A4[0]) -> type[Canvas]:
    """A canvas that, when saved, draws "第 N 页 共 M 页" on every page (M known only then)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            number = self._pageNumber
            self.saveState()
            y = A4_MARGINS["bottom"] - 10 * mm
            draw_text(self, page_width / 2, y, f"第 {number} 页 共 {total} 页", 9,
                      align="center")
            if footer_left:
                draw_text(self, A4_MARGINS["left"], y, footer_left, 8)
            self.restoreState()

    return NumberedCanvas


def _doc_meta(data: DocumentData) -> dict[str, Any]:
    return document_meta(f"{data.title} {data.number}", data.issuer, data.title)


def document_meta(title: str, author: str, subject: str) -> dict[str, Any]:
    """PDF metadata and settings of every document (fonts embedded, reproducible bytes)."""
    return {"title": title, "author": author, "subject": subject,
            "creator": "workstation 公共法律服务工作站", "invariant": True,
            # reportlab's default initial font is Helvetica, which is never embedded.
            "initialFontName": fonts.font_name(fonts.BODY)}


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, *,
              align: str = "left", role: str = fonts.BODY) -> None:
    """Draw one line of plain text on a canvas, switching fonts per run like ``para``."""
    runs = [(name or fonts.font_name(role), run if name else fonts.MISSING_MARK * len(run))
            for name, run in fonts.font_runs(text, role)]
    width = sum(canvas.stringWidth(run, name, size) for name, run in runs)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += canvas.stringWidth(run, name, size)


def build_a4(flowables: list[Flowable], data: DocumentData) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    return build_pages(flowables, meta=_doc_meta(data), footer=f"{data.title}　{data.number}")


def build_pages(flowables: list[Flowable], *, meta: dict[str, Any], footer: str = "",
                pagesize: tuple[float, float] = A4) -> tuple[bytes, int]:
    """Flowables on numbered A4 pages (``pagesize`` may be ``landscape(A4)``) with the form
    margins; ``meta`` as made by ``document_meta``. The PDF and its number of pages."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=pagesize, leftMargin=A4_MARGINS["left"], rightMargin=A4_MARGINS["right"],
        topMargin=A4_MARGINS["top"], bottomMargin=A4_MARGINS["bottom"], **meta,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    doc.build(flowables, canvasmaker=_numbered_canvas(footer, pagesize[0]))
    return buf.getvalue(), doc.page


class PageMark(Flowable):
    """Zero-size flowable recording the page it lands on (``sink`` gets the page number):
    a document laid out once on trial can see where its parts fell."""

    def __init__(self, sink: list[int]) -> None:
        super().__init__()
        self.sink = sink

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.sink.append(self.canv.getPageNumber())


class _EndMarker(Flowable):
    """Zero-size flowable recording how far down the page the content reached."""

    def __init__(self, sink: list[float]) -> None:
        super().__init__()
        self.sink = sink

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.sink.append(self.canv.absolutePosition(0, 0)[1])


RECEIPT_MAX_HEIGHT = 2000 * mm


def build_receipt(make: Callable[[], list[Flowable]], data: DocumentData) -> tuple[bytes, int]:
    """An 80 mm wide receipt exactly as tall as its content (laid out twice: measure, draw)."""
    sink: list[float] = []
    _receipt_pass([*make(), _EndMarker(sink)], data, RECEIPT_MAX_HEIGHT)
    used = RECEIPT_MAX_HEIGHT - (sink[-1] if sink else 0) + RECEIPT_MARGIN
    return _receipt_pass(make(), data, max(used, 60 * mm))


def _receipt_pass(flowables: list[Flowable], data: DocumentData, height: float
                  ) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=(RECEIPT_WIDTH, height), leftMargin=RECEIPT_MARGIN,
                          rightMargin=RECEIPT_MARGIN, topMargin=RECEIPT_MARGIN,
                          bottomMargin=RECEIPT_MARGIN, **_doc_meta(data))
    frame = Frame(RECEIPT_MARGIN, RECEIPT_MARGIN, RECEIPT_TEXT_WIDTH,
                  height - 2 * RECEIPT_MARGIN, id="receipt", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="receipt", frames=[frame])])
    doc.build(flowables)
    return buf.getvalue(), doc.page
