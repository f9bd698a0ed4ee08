"""Printing in the app: the 打印 menu of each record kind, the background PDF with its audit
row, the missing-character warning, the QtPdf preview, saving and printing to a QPrinter."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import text

from workstation.domain.inputs import AgreementInput, SessionInput
from workstation.services import aid, consultations, records
from workstation.services import mediation as m
from workstation.services import printing as printing_service
from workstation.ui.printing import printer as out
from workstation.ui.printing.preview import PreviewDialog
from workstation.ui.printing.print_menu import PrintButton

TODAY = date.today()
RECEIPT_WIDTH_PT = 80 / 25.4 * 72  # 226.77


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def print_settings(chinese_settings: Path) -> Path:
    """Every test here runs with isolated QSettings and the Chinese translation."""
    return chinese_settings


def open_case(ctx: Any, make: SimpleNamespace, *, agree: bool) -> str:
    db, actor = ctx.db, ctx.actor
    case_id = m.open_case(db, actor, make.case(registered_on=TODAY - timedelta(days=5)))
    m.accept_case(db, actor, case_id, TODAY - timedelta(days=4))
    if agree:
        m.record_session(db, actor, case_id, SessionInput(
            held_at=datetime.now(UTC) - timedelta(hours=2), place="海港镇调解室",
            attendees="双方当事人", record="双方陈述意见后达成一致。"))
        m.record_agreement(db, actor, case_id, AgreementInput(
            form="written", terms="一、被申请人于十日内疏通排水沟；二、申请人不再追究。",
            effective_on=TODAY, responsibility="被申请人负主要责任。",
            performance_manner="自行雇工疏通", performance_place="申请人住所",
            performance_deadline=TODAY + timedelta(days=10), amount_agreed_fen=150_000))
    return case_id


@pytest.fixture
def records_made(ui_ctx: Any, make: SimpleNamespace) -> SimpleNamespace:
    db, actor = ui_ctx.db, ui_ctx.actor
    return SimpleNamespace(
        agreed=open_case(ui_ctx, make, agree=True),
        pending=open_case(ui_ctx, make, agree=False),
        consultation=consultations.register_consultation(db, actor, make.consultation()),
        referral=aid.create_referral(db, actor, make.referral()),
    )


def button_for(qtbot: Any, ctx: Any, record_type: str, record_id: str) -> PrintButton:
    loaders = {"mediation_case": records.load_case, "aid_referral": records.load_referral,
               "consultation": records.load_consultation}
    detail = loaders[record_type](ctx.db, record_id)
    button = PrintButton(ctx, record_type)
    qtbot.addWidget(button)
    with qtbot.waitSignal(button.menu_ready, timeout=20_000):
        button.set_record(record_id, detail)
    return button


def choose(qtbot: Any, button: PrintButton, key: str) -> PreviewDialog:
    action = button.actions_by_key()[key]
    assert action.isEnabled(), action.toolTip()
    action.trigger()
    qtbot.waitUntil(lambda: button.preview is not None, timeout=20_000)
    dialog = button.preview
    qtbot.addWidget(dialog)
    return dialog


def audit_rows(ctx: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT action, record_type, record_id, detail FROM audit_entry "
            "WHERE action = 'print' ORDER BY id")))


def pdf_pages(data: bytes) -> list[Any]:
    return list(PdfReader(io.BytesIO(data)).pages)


# -- the menu ----------------------------------------------------------------------------------


@pytest.mark.parametrize("record_type, attr", [
    ("mediation_case", "agreed"), ("consultation", "consultation"), ("aid_referral", "referral"),
])
def test_menu_lists_every_registered_document_of_the_record_kind(
        qtbot: Any, ui_ctx: Any, records_made: SimpleNamespace, record_type: str,
        attr: str) -> None:
    button = button_for(qtbot, ui_ctx, record_type, getattr(records_made, attr))
    expected = [spec.key for spec in printing_service.list_documents(record_type)]
    assert expected, record_type
    assert list(button.actions_by_key()) == expected
    assert button.isEnabled()
    assert button.text() == "打印"
    titles = {spec.key: spec.title for spec in printing_service.list_documents(record_type)}
    for key, action in button.actions_by_key().items():
        assert titles[key] in action.text()


def test_documents_that_do_not_fit_are_disabled_with_the_reason(
        qtbot: Any, ui_ctx: Any, records_made: SimpleNamespace) -> None:
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.pending)
    detail = records.load_case(ui_ctx.db, records_made.pending)
    actions = button.actions_by_key()
    agreement = actions["mediation_agreement"]
    assert not agreement.isEnabled()
    assert agreement.toolTip() == "该案件尚无调解协议"
    assert button.menu_.toolTipsVisible()
    # Every entry follows its spec's verdict, whatever documents are registered.
    for spec in printing_service.list_documents("mediation_case"):
        reason = spec.accepts(detail)
        assert actions[spec.key].isEnabled() == (reason is None), spec.key
        if reason:
            assert actions[spec.key].toolTip() == reason
    assert actions["mediation_receipt"].isEnabled()
    assert "收据打印机" in actions["mediation_receipt"].text()


def test_record_views_carry_the_print_button(qtbot: Any, ui_ctx: Any,
                                             records_made: SimpleNamespace) -> None:
    from workstation.ui.aid.view import ReferralView
    from workstation.ui.mediation.case_view import CaseView
    from workstation.ui.pages.consultations import ConsultationView

    case_view = CaseView(ui_ctx)
    qtbot.addWidget(case_view)
    with qtbot.waitSignal(case_view.print_button.menu_ready, timeout=20_000):
        case_view.load(records_made.agreed)
    assert case_view.print_button.actions_by_key()["mediation_agreement"].isEnabled()

    referral_view = ReferralView(ui_ctx)
    qtbot.addWidget(referral_view)
    with qtbot.waitSignal(referral_view.print_button.menu_ready, timeout=20_000):
        referral_view.load(records_made.referral)
    assert "aid_receipt" in referral_view.print_button.actions_by_key()

    consultation_view = ConsultationView(ui_ctx)
    qtbot.addWidget(consultation_view)
    assert not consultation_view.print_button.isEnabled()  # nothing shown yet
    detail = records.load_consultation(ui_ctx.db, records_made.consultation)
    with qtbot.waitSignal(consultation_view.print_button.menu_ready, timeout=20_000):
        consultation_view.show_detail(detail)
    assert "consultation_receipt" in consultation_view.print_button.actions_by_key()
    assert consultation_view.print_button.isEnabled()


# -- making the PDF ----------------------------------------------------------------------------


def test_choosing_a_document_audits_the_print_and_opens_the_preview(
        qtbot: Any, ui_ctx: Any, records_made: SimpleNamespace) -> None:
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.agreed)
    made: list[Any] = []
    button.document_ready.connect(made.append)
    dialog = choose(qtbot, button, "mediation_agreement")
    assert dialog.isVisible()
    doc = made[0]
    assert doc.pages >= 1
    qtbot.waitUntil(lambda: dialog.page_count == doc.pages)
    assert dialog.pages_label.text() == f"共{doc.pages}页"
    assert dialog.print_button.text() == "打印……"
    rows = audit_rows(ui_ctx)
    assert len(rows) == 1
    action, record_type, record_id, detail = rows[0]
    assert (action, record_type, record_id) == ("print", "mediation_case", records_made.agreed)
    assert detail == f"mediation_agreement sha256={doc.sha256}"
    # Zoom: fit width by default, then + and −.
    from PySide6.QtPdfWidgets import QPdfView

    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.view.pageMode() == QPdfView.PageMode.MultiPage
    dialog.zoom_in_button.click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    bigger = dialog.view.zoomFactor()
    dialog.zoom_out_button.click()
    assert dialog.view.zoomFactor() < bigger
    dialog.fit_button.click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    dialog.close_button.click()
    qtbot.waitUntil(lambda: button.preview is None)


def test_a_refusal_is_shown_in_chinese(qtbot: Any, ui_ctx: Any, records_made: SimpleNamespace,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.pending)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, message, *a: shown.append(message))
    # The menu keeps it disabled; ask anyway (e.g. the agreement was removed meanwhile).
    button.print_document("mediation_agreement")
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown == ["该案件尚无调解协议"]
    assert button.preview is None
    assert button.isEnabled() and button.busy is None
    assert audit_rows(ui_ctx) == []


def _with_missing_chars(monkeypatch: pytest.MonkeyPatch, chars: tuple[str, ...]) -> None:
    real = printing_service.print_document

    def fake(*args: Any, **kwargs: Any) -> Any:
        return dataclasses.replace(real(*args, **kwargs), missing_chars=chars)

    monkeypatch.setattr(printing_service, "print_document", fake)


def test_missing_characters_are_named_before_the_preview(
        qtbot: Any, ui_ctx: Any, records_made: SimpleNamespace,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _with_missing_chars(monkeypatch, ("\U00030000", "\U0003134a"))
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.agreed)
    button.actions_by_key()["mediation_agreement"].trigger()
    qtbot.waitUntil(lambda: button.missing_box is not None, timeout=20_000)
    box = button.missing_box
    assert box.isVisible()
    assert box.text().startswith("以下字符没有可用字体，将印为〓：")
    assert "\U00030000" in box.text() and "U+30000" in box.text()
    assert "\U0003134a" in box.text()
    assert button.preview is None  # not before the user decides
    continue_button = next(b for b in box.buttons() if b.text() == "继续")
    continue_button.click()
    qtbot.waitUntil(lambda: button.preview is not None)
    qtbot.addWidget(button.preview)
    button.preview.close()


def test_cancelling_the_missing_character_warning_opens_no_preview(
        qtbot: Any, ui_ctx: Any, records_made: SimpleNamespace,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _with_missing_chars(monkeypatch, ("\U00030000",))
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.agreed)
    button.actions_by_key()["mediation_receipt"].trigger()
    qtbot.waitUntil(lambda: button.missing_box is not None, timeout=20_000)
    box = button.missing_box
    next(b for b in box.buttons() if b.text() == "取消").click()
    qtbot.waitUntil(lambda: button.missing_box is None)
    qtbot.wait(50)
    assert button.preview is None


# -- saving and printing -----------------------------------------------------------------------


def test_save_as_pdf_writes_the_same_bytes(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                           records_made: SimpleNamespace,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.agreed)
    dialog = choose(qtbot, button, "mediation_agreement")
    target = tmp_path / "协议书"  # the .pdf suffix is added
    asked: list[str] = []

    def fake_save(parent: Any, caption: str, name: str, filters: str) -> tuple[str, str]:
        asked.append(name)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    dialog.save_button.click()
    written = tmp_path / "协议书.pdf"
    assert written.read_bytes() == dialog.doc.pdf
    assert asked[0].startswith("人民调解协议书-") and asked[0].endswith(".pdf")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".print-")]
    dialog.close()


def _printer_to_pdf(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[QPrinter]:
    """make_printer as configured, then redirected into a PDF file (no real printer here)."""
    real = out.make_printer
    made: list[QPrinter] = []

    def to_pdf(page: str, settings: Any = None) -> QPrinter | None:
        printer = real(page, settings)
        if printer is not None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(path))
            made.append(printer)
        return printer

    monkeypatch.setattr(out, "make_printer", to_pdf)
    return made


def test_printing_a4_sends_every_page_to_the_printer(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                                     records_made: SimpleNamespace,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.agreed)
    dialog = choose(qtbot, button, "mediation_agreement")
    output = tmp_path / "printed.pdf"
    made = _printer_to_pdf(monkeypatch, output)
    asked: list[QPrinter] = []
    monkeypatch.setattr(PreviewDialog, "ask_print_dialog",
                        lambda self, printer: asked.append(printer) or True)
    printed: list[int] = []
    dialog.printed.connect(printed.append)
    dialog.print_button.click()
    assert asked == made  # the print dialog got the configured printer
    assert printed == [dialog.doc.pages]
    pages = pdf_pages(output.read_bytes())
    assert len(pages) == dialog.doc.pages
    assert float(pages[0].mediabox.width) == pytest.approx(595.3, abs=1)
    assert float(pages[0].mediabox.height) == pytest.approx(841.9, abs=1)
    dialog.close()


def test_a_cancelled_print_dialog_prints_nothing(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                                 records_made: SimpleNamespace,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.agreed)
    dialog = choose(qtbot, button, "mediation_agreement")
    output = tmp_path / "printed.pdf"
    _printer_to_pdf(monkeypatch, output)
    monkeypatch.setattr(PreviewDialog, "ask_print_dialog", lambda self, printer: False)
    assert dialog.start_print() == 0
    assert not output.exists()
    dialog.close()


def test_receipts_print_on_80_mm_paper(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                       records_made: SimpleNamespace,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    button = button_for(qtbot, ui_ctx, "consultation", records_made.consultation)
    dialog = choose(qtbot, button, "consultation_receipt")
    assert dialog.print_button.text() == "打印回执……"
    output = tmp_path / "receipt.pdf"
    _printer_to_pdf(monkeypatch, output)
    confirmed: list[QPrinter] = []
    monkeypatch.setattr(PreviewDialog, "confirm_receipt",
                        lambda self, printer: confirmed.append(printer) or True)
    monkeypatch.setattr(PreviewDialog, "ask_print_dialog",
                        lambda self, printer: pytest.fail("no print dialog for receipts"))
    dialog.print_button.click()
    assert len(confirmed) == 1
    pages = pdf_pages(output.read_bytes())
    assert len(pages) == dialog.doc.pages
    source = pdf_pages(dialog.doc.pdf)[0]
    assert float(pages[0].mediabox.width) == pytest.approx(RECEIPT_WIDTH_PT, abs=1)
    assert float(pages[0].mediabox.height) == pytest.approx(float(source.mediabox.height), abs=1)
    dialog.close()


def test_receipt_confirmation_names_the_receipt_printer(qtbot: Any, ui_ctx: Any,
                                                        records_made: SimpleNamespace,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    button = button_for(qtbot, ui_ctx, "aid_referral", records_made.referral)
    dialog = choose(qtbot, button, "aid_receipt")
    asked: list[str] = []

    def question(parent: Any, title: str, message: str, *args: Any) -> Any:
        asked.append(message)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    assert dialog.start_print() == 0
    assert asked and "80毫米" in asked[0]
    dialog.close()


def test_printer_set_to_save_as_pdf_saves_instead(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                                  records_made: SimpleNamespace,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    QSettings().setValue(out.SETTING_RECEIPT_PRINTER, out.SAVE_AS_PDF)
    assert out.make_printer(out.PAGE_RECEIPT) is None
    assert out.make_printer(out.PAGE_A4) is not None
    button = button_for(qtbot, ui_ctx, "mediation_case", records_made.agreed)
    dialog = choose(qtbot, button, "mediation_receipt")
    target = tmp_path / "r.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    dialog.print_button.click()
    assert target.read_bytes() == dialog.doc.pdf
    dialog.close()


# -- settings ----------------------------------------------------------------------------------


def test_settings_choose_the_printers(qtbot: Any, ui_ctx: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(out, "available_printer_names", lambda: ["EPSON TM-T82", "HP LaserJet"])
    QSettings().setValue(out.SETTING_A4_PRINTER, "Gone Printer")
    from workstation.ui.pages.settings import SettingsPage

    page = SettingsPage(ui_ctx)
    qtbot.addWidget(page)
    receipt = page.printer_combos[out.SETTING_RECEIPT_PRINTER]
    a4 = page.printer_combos[out.SETTING_A4_PRINTER]
    items = [receipt.itemText(i) for i in range(receipt.count())]
    assert items == ["系统默认", "另存为PDF", "EPSON TM-T82", "HP LaserJet"]
    assert receipt.currentData() == out.SYSTEM_DEFAULT
    assert a4.currentText() == "Gone Printer（未连接）"
    receipt.setCurrentIndex(receipt.findData("EPSON TM-T82"))
    assert QSettings().value(out.SETTING_RECEIPT_PRINTER) == "EPSON TM-T82"
    assert out.printer_choice(out.PAGE_RECEIPT) == "EPSON TM-T82"
    a4.setCurrentIndex(a4.findData(out.SAVE_AS_PDF))
    assert out.printer_choice(out.PAGE_A4) == out.SAVE_AS_PDF


def test_receipt_page_size_is_80_mm_wide() -> None:
    size = out.receipt_page_size(126.4)
    from PySide6.QtGui import QPageSize

    points = size.size(QPageSize.Unit.Point)
    assert points.width() == pytest.approx(RECEIPT_WIDTH_PT, abs=0.5)
    assert points.height() == pytest.approx(126.4 / 25.4 * 72, abs=0.5)


def test_pages_to_print_follow_the_chosen_range(qapp: QApplication) -> None:
    printer = QPrinter()
    assert out.pages_to_print(printer, 3) == [0, 1, 2]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert out.pages_to_print(printer, 3) == [1, 2]
