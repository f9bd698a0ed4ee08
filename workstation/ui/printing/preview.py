"""Preview of a rendered document (QtPdf), then print or save it as a PDF file."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.files import write_atomically

from ..widgets.shortcuts import shortcut
from . import printer as out

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0


def suggested_file_name(doc: Any) -> str:
    """``人民调解协议书-〔2026〕海调字第0001号.pdf`` without characters a file name cannot hold."""
    name = f"{doc.title}-{doc.number}" if doc.number else doc.title
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name) + ".pdf"


class PreviewDialog(QDialog):
    """Shows ``doc`` (a ``RenderedDocument``); 打印… / 另存为PDF… / 关闭."""

    #: Pages were sent to a printer (count).
    printed = Signal(int)
    #: The PDF was written to this path.
    saved = Signal(str)

    def __init__(self, doc: Any, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.page_kind = page
        self.setWindowTitle(self.tr("Print preview: %1").replace("%1", doc.title))
        self._size_to_screen()
        # The buffer must outlive the document that reads from it.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(doc.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf = QPdfDocument(self)
        self.pdf.load(self._buffer)

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(f"{doc.title}　{doc.number}")
        title.setObjectName("preview_title")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setProperty("role", "heading")
        head.addWidget(title, 1)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("preview_pages")
        head.addWidget(self.pages_label)
        layout.addLayout(head)

        zoom = QHBoxLayout()
        self.zoom_out_button = QPushButton(self.tr("Smaller (−)"))
        self.zoom_out_button.setObjectName("zoom_out")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button = QPushButton(self.tr("Larger (+)"))
        self.zoom_in_button.setObjectName("zoom_in")
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button = QPushButton(self.tr("Whole page") if page == out.PAGE_RECEIPT
                                      else self.tr("Fit width"))
        self.fit_button.setObjectName("zoom_fit")
        self.fit_button.clicked.connect(self.fit_width)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            zoom.addWidget(button)
        zoom.addStretch(1)
        layout.addLayout(zoom)

        self.view = QPdfView(self)
        self.view.setObjectName("preview_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.pdf)
        self.view.setProperty("role", "backdrop")
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(self._print_caption())
        self.print_button.setObjectName("preview_print")
        self.print_button.setMinimumHeight(36)
        self.print_button.setProperty("role", "strong")
        self.print_button.clicked.connect(self.start_print)
        self.save_button = QPushButton(self.tr("Save as PDF..."))
        self.save_button.setObjectName("preview_save")
        self.save_button.setMinimumHeight(36)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("preview_close")
        self.close_button.setMinimumHeight(36)
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                           (Qt.Key.Key_Plus, self.zoom_in), (Qt.Key.Key_Equal, self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
                           (Qt.Key.Key_Minus, self.zoom_out),
                           (QKeySequence.StandardKey.Print, self.start_print),
                           (QKeySequence.StandardKey.Save, self.save_pdf)):
            shortcut(keys, self, slot)

        self.fit_width()
        self.pages_label.setText(self.tr("%1 pages").replace("%1", str(self.page_count)))
        self.print_button.setFocus()

    # -- view -------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.pdf.pageCount()

    def _print_caption(self) -> str:
        if self.page_kind == out.PAGE_RECEIPT:
            return self.tr("Print receipt...")
        return self.tr("Print...")

    def _size_to_screen(self) -> None:
        wanted_width = 620 if self.page_kind == out.PAGE_RECEIPT else 900
        width, height = wanted_width, 1000
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width = min(width, int(area.width() * 0.95))
            height = min(height, int(area.height() * 0.92))
        self.resize(width, height)

    def fit_width(self) -> None:
        """A4 pages as wide as the window; a receipt whole in the window."""
        if self.page_kind == out.PAGE_RECEIPT:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def zoom_in(self) -> None:
        self._zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_by(1 / ZOOM_STEP)

    def _zoom_by(self, factor: float) -> None:
        current = self._effective_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, current * factor)))

    def _effective_zoom(self) -> float:
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count == 0:
            return self.view.zoomFactor()
        # Fitted: the factor that makes the page as wide (or as tall) as the viewport.
        page = self.pdf.pagePointSize(0)
        scale = self.logicalDpiX() / 72
        margins = self.view.documentMargins()
        viewport = self.view.viewport()
        width = viewport.width() - margins.left() - margins.right()
        factor = width / (page.width() * scale) if page.width() else 1.0
        if self.view.zoomMode() == QPdfView.ZoomMode.FitInView and page.height():
            height = viewport.height() - margins.top() - margins.bottom()
            factor = min(factor, height / (page.height() * scale))
        return max(ZOOM_MIN, factor)

    # -- saving -----------------------------------------------------------------------------

    def save_pdf(self) -> str:
        """Ask where to save, then write the PDF bytes atomically; returns the path or ""."""
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), suggested_file_name(self.doc),
            self.tr("PDF files (*.pdf)"))
        if not path:
            return ""
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_atomically(path, self.doc.pdf)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Could not save the file"),
                                self.tr("The PDF could not be saved: %1").replace("%1", str(exc)))
            return ""
        self.saved.emit(path)
        return path

    # -- printing ---------------------------------------------------------------------------

    def start_print(self) -> int:
        """Print through the configured printer; returns the pages printed (0 if cancelled)."""
        printer = out.make_printer(self.page_kind)
        if printer is None:  # the setting says: save a PDF file instead
            self.save_pdf()
            return 0
        out.prepare_printer(printer, self.pdf, self.page_kind)
        if self.page_kind == out.PAGE_RECEIPT:
            if not self.confirm_receipt(printer):
                return 0
        elif not self.ask_print_dialog(printer):
            return 0
        return self.print_to(printer)

    def ask_print_dialog(self, printer: QPrinter) -> bool:
        """The system print dialog (copies, pages, printer); True when the user prints."""
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print %1").replace("%1", self.doc.title))
        dialog.setMinMax(1, max(1, self.page_count))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def confirm_receipt(self, printer: QPrinter) -> bool:
        """Receipts go straight to the receipt printer: a short confirmation first."""
        name = printer.printerName() or self.tr("the default printer")
        answer = QMessageBox.question(
            self, self.tr("Print receipt"),
            self.tr("Print the receipt on %1 (80 mm paper)?").replace("%1", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def print_to(self, printer: QPrinter) -> int:
        """Send every page to ``printer`` with a progress dialog (GUI thread)."""
        progress = QProgressDialog(self.tr("Printing..."), self.tr("Cancel"), 0,
                                   max(1, self.page_count), self)
        progress.setWindowTitle(self.tr("Printing"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int, total: int) -> bool:
            progress.setLabelText(self.tr("Printing page %1 of %2...").replace(
                "%1", str(min(done + 1, total))).replace("%2", str(total)))
            progress.setValue(done)
            QCoreApplication.processEvents()
            return not progress.wasCanceled()

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = out.print_pdf(self.pdf, printer, step)
        except OSError:
            QApplication.restoreOverrideCursor()
            progress.close()
            QMessageBox.warning(self, self.tr("Printing failed"),
                                self.tr("The printer could not be opened. Check that it is "
                                        "switched on and chosen in Settings."))
            return 0
        QApplication.restoreOverrideCursor()
        progress.close()
        if pages:
            self.printed.emit(pages)
        return pages
