"""Printers from settings, and a PDF's pages drawn onto a ``QPrinter``.

The chosen printers live in QSettings: ``printing/a4_printer`` and ``printing/receipt_printer``
hold a printer name, ``""`` for the system default, or ``"@pdf"`` to save a PDF file instead.
Receipts print on 80 mm paper exactly as long as the receipt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSettings, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

SETTING_A4_PRINTER = "printing/a4_printer"
SETTING_RECEIPT_PRINTER = "printing/receipt_printer"
SYSTEM_DEFAULT = ""
SAVE_AS_PDF = "@pdf"
PAGE_A4 = "A4"
PAGE_RECEIPT = "receipt80"
RECEIPT_WIDTH_MM = 80.0
MAX_DPI = 300
POINTS_PER_MM = 72 / 25.4


def setting_key(page: str) -> str:
    return SETTING_RECEIPT_PRINTER if page == PAGE_RECEIPT else SETTING_A4_PRINTER


def printer_choice(page: str, settings: QSettings | None = None) -> str:
    """The stored choice for ``page``: a printer name, ``SYSTEM_DEFAULT`` or ``SAVE_AS_PDF``."""
    value = (settings or QSettings()).value(setting_key(page), SYSTEM_DEFAULT)
    return str(value or SYSTEM_DEFAULT)


def available_printer_names() -> list[str]:
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def make_printer(page: str, settings: QSettings | None = None) -> QPrinter | None:
    """A printer set to the configured printer for ``page``; None when set to save a PDF."""
    choice = printer_choice(page, settings)
    if choice == SAVE_AS_PDF:
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if choice and choice in available_printer_names():
        printer.setPrinterName(choice)
    if page != PAGE_RECEIPT:
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def receipt_page_size(height_mm: float) -> QPageSize:
    """80 mm roll paper cut to ``height_mm``."""
    return QPageSize(QSizeF(RECEIPT_WIDTH_MM, round(height_mm, 1)), QPageSize.Unit.Millimeter,
                     "Receipt 80 mm", QPageSize.SizeMatchPolicy.ExactMatch)


def prepare_printer(printer: QPrinter, pdf: QPdfDocument, page: str) -> None:
    """Paper and margins for printing ``pdf``: the PDF carries its own margins."""
    printer.setFullPage(True)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    if page == PAGE_RECEIPT:
        heights = [pdf.pagePointSize(i).height() for i in range(pdf.pageCount())] or [0.0]
        printer.setPageSize(receipt_page_size(max(heights) / POINTS_PER_MM))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def render_page(pdf: QPdfDocument, index: int, dpi: int) -> QImage:
    """Page ``index`` at ``dpi`` (capped at 300) on white paper."""
    dpi = max(72, min(dpi, MAX_DPI))
    points = pdf.pagePointSize(index)
    size = QSize(max(1, round(points.width() * dpi / 72)),
                 max(1, round(points.height() * dpi / 72)))
    rendered = pdf.render(index, size)
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page


def print_pdf(pdf: QPdfDocument, printer: QPrinter,
              progress: Callable[[int, int], bool] | None = None) -> int:
    """Draw every page of ``pdf`` on ``printer`` (GUI thread); returns the pages printed.

    ``progress(done, total)`` is called before each page; returning False cancels the job.
    """
    indexes = pages_to_print(printer, pdf.pageCount())
    total = len(indexes)
    if total <= 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer could not be opened")
    done = 0
    try:
        for step, index in enumerate(indexes):
            if progress is not None and not progress(step, total):
                printer.abort()
                break
            if step:
                printer.newPage()
            image = render_page(pdf, index, printer.resolution())
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(_fit(QRectF(target), QSizeF(image.size())), image)
            done += 1
        if progress is not None and done == total:
            progress(total, total)
    finally:
        painter.end()
    return done


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """Page indexes in print order: the range chosen in the print dialog, and the copies
    where the printer cannot make copies itself."""
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(0, printer.fromPage() - 1)
        last = min(last, (printer.toPage() or count) - 1)
    indexes = list(range(first, last + 1))
    if not printer.supportsMultipleCopies() and printer.copyCount() > 1:
        if printer.collateCopies():
            indexes = indexes * printer.copyCount()
        else:
            indexes = [i for i in indexes for _ in range(printer.copyCount())]
    return indexes


def _fit(area: QRectF, size: QSizeF) -> QRectF:
    """The largest rectangle of ``size``'s proportions inside ``area``, top-centred."""
    if size.width() <= 0 or size.height() <= 0:
        return area
    scale = min(area.width() / size.width(), area.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF(QPointF(area.left() + (area.width() - width) / 2, area.top()),
                  QSizeF(width, height))
