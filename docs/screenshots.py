"""Screenshots of the main screens, taken from the real application on demo data.

    QT_QPA_PLATFORM=offscreen python docs/screenshots.py [--out docs/screenshots] [--records 3000]
        [--only station|county] [--size 1366x768] [--text normal|large|larger]

``--size`` is the screen: the window gets its room under a task bar and a title bar (as a
maximised window on Windows); ``--text`` the text size (标准/大/特大). With either, the files are
named ``NN-page-<size>-<text>.png``.

It opens a demo station exactly as ``python main.py --demo`` does, logs in as the demo user,
visits each page, opens a mediation case and an aid referral, the statistics, publicity,
audit and operator pages, the lock screen and the forgotten-password dialog, then sets up
a new (encrypted) station through the wizard up to its recovery code, and saves PNG files.
Then it builds a demo county (``workstation.demo.county``: demo stations, real bundles) and
opens the county console on it as ``python main.py --county --db county.db`` does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workstation.ui.startup import Startup, create_application  # noqa: E402
from workstation.ui.tasks import TaskRunner  # noqa: E402


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not settle")
        QCoreApplication.processEvents()
        time.sleep(0.02)


def settle(runner: TaskRunner, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        runner.wait(5_000)
        QCoreApplication.processEvents()
        time.sleep(0.02)


#: Task bar and title bar of a maximised window on Windows.
TASK_BAR, TITLE_BAR = 40, 32
#: The window's size and the file name suffix (set from the command line).
WINDOW_SIZE = (1366, 800)
SUFFIX = ""


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}{SUFFIX}.png"
    widget.grab().save(str(path))
    print(path)


def setup_wizard_screens(out: Path, runner: TaskRunner) -> None:
    """The first start: the wizard creates an encrypted station and shows its recovery code."""
    import tempfile

    from PySide6.QtWidgets import QWizard

    folder = Path(tempfile.mkdtemp(prefix="workstation-shots-"))
    first = Startup(runner, argparse.Namespace(db=folder / "station.db", demo=False,
                                               demo_records=0))
    first.start()
    wizard = first.wizard
    assert wizard is not None
    values = {"station_name": "海港镇公共法律服务工作站", "division_code": "130302100000",
              "county_center": "海港区公共法律服务中心", "admin_username": "admin",
              "admin_name": "王芳", "admin_password": "secret-pass-1",
              "admin_password2": "secret-pass-1"}
    for page in (wizard.station_page, wizard.admin_page):
        for field, value in values.items():
            if field in page.edits:
                page.edits[field].setText(value)
    wizard.next()  # → the mediation committee, suggested from the station's name
    wizard.next()  # → the first admin
    wizard.next()  # → the station is created, its recovery code shown
    wait_until(lambda: wizard.currentPage() is wizard.recovery_page)
    settle(runner)
    save(wizard, out, "24-setup-recovery-code")
    wizard.recovery_page.panel.confirm.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_until(lambda: first.window is not None)
    settle(runner)
    assert first.window is not None
    first.window.close()
    runner.wait()
    first.cleanup()
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def voided_and_locked(window: QWidget, runner: TaskRunner, out: Path, case_id: str) -> None:
    """A voided case, the 操作日志 page, and the lock screen over a half-typed form."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    from workstation.services.voiding import void_record

    ctx = window.ctx  # type: ignore[attr-defined]
    void_record(ctx.db, ctx.actor, "mediation_case", case_id, "与同一纠纷的另一案件重复登记")
    window.open_record("mediation_case", case_id)  # type: ignore[attr-defined]
    settle(runner, 1.2)
    save(window, out, "15-voided-case")
    window.show_page("audit")  # type: ignore[attr-defined]
    settle(runner, 1.2)
    save(window, out, "16-audit-log")
    window.open_record("consultation", "new")  # type: ignore[attr-defined]
    form = window.pages["consultations"].form  # type: ignore[attr-defined]
    form.question.setPlainText("邻居占用我家宅基地怎么办？")
    lock = window.session_lock  # type: ignore[attr-defined]
    lock.lock("idle")
    settle(runner, 0.8)
    image = window.grab()
    dialog = lock.dialog.grab()
    painter = QPainter(image)
    painter.drawPixmap(QPoint((image.width() - dialog.width()) // 2,
                              (image.height() - dialog.height()) // 2), dialog)
    painter.end()
    path = out / f"17-lock-screen{SUFFIX}.png"
    image.save(str(path))
    print(path)
    lock.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--only", choices=("station", "county"))
    parser.add_argument("--size", help="screen size, e.g. 1366x768 or 1024x768")
    parser.add_argument("--text", choices=("normal", "large", "larger"),
                        help="text size: 标准 (normal), 大 (large), 特大 (larger)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    app = create_application([])
    global WINDOW_SIZE, SUFFIX
    if args.size or args.text:
        from workstation.ui.appearance import apply_text_size

        width, height = (int(n) for n in (args.size or "1366x768").lower().split("x"))
        WINDOW_SIZE = (width, height - TASK_BAR - TITLE_BAR)
        apply_text_size(app, args.text or "normal")
        SUFFIX = f"-{width}x{height}-{args.text or 'normal'}"
    if args.only != "county":
        station_screenshots(args)
    if args.only != "station":
        county_screenshots(args.out)
    app = QApplication.instance()
    if app is not None:
        app.quit()
    return 0


def station_screenshots(args: argparse.Namespace) -> None:
    runner = TaskRunner()
    startup = Startup(runner, argparse.Namespace(db=None, demo=True, demo_records=args.records))
    startup.start()
    wait_until(lambda: startup.login is not None, timeout=300)
    login = startup.login
    assert login is not None
    settle(runner)
    save(login, args.out, "01-login")

    from workstation.demo.generator import DEMO_PASSWORD

    login.password.setText(DEMO_PASSWORD)
    login.try_login()
    wait_until(lambda: startup.window is not None)
    window = startup.window
    assert window is not None
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*WINDOW_SIZE)
    settle(runner, 1.5)
    save(window, args.out, "02-dashboard")

    for name, key in (("03-consultations", "consultations"), ("04-mediation", "mediation"),
                      ("05-aid", "aid"), ("06-persons", "persons")):
        window.show_page(key)
        settle(runner, 1.2)
        save(window, args.out, name)

    mediation = window.page("mediation")
    mediation.list.view.selectRow(0) if hasattr(mediation, "list") else None
    window.show_page("mediation")
    model = mediation.findChild(QWidget, "mediations_table").model()  # type: ignore[union-attr]
    case_id = model.row_at(0).id
    window.open_record("mediation_case", case_id)
    settle(runner, 1.2)
    save(window, args.out, "07-mediation-case")

    window.open_record("mediation_case", "new")
    settle(runner, 0.8)
    save(window, args.out, "08-mediation-new")

    aid = window.page("aid")
    aid_model = aid.findChild(QWidget, "referrals_table").model()  # type: ignore[union-attr]
    window.show_page("aid")
    settle(runner, 0.8)
    window.open_record("aid_referral", aid_model.row_at(0).id)
    settle(runner, 1.2)
    save(window, args.out, "09-aid-referral")

    window.search_box.setText("zs")
    window.run_search()
    settle(runner, 1.2)
    save(window, args.out, "10-search-pinyin")

    from datetime import date

    from workstation.statistics.periods import Period

    window.search_box.clear()
    stats = window.show_page("statistics").view  # type: ignore[attr-defined]
    stats.picker.set_period(Period.year(date.today().year))
    stats.reload()
    settle(runner, 2.5)
    save(window, args.out, "11-statistics")
    stats.tabs.setCurrentIndex(1)
    settle(runner, 0.5)
    save(window, args.out, "12-statistics-tables")
    stats.tabs.setCurrentIndex(2)
    settle(runner, 0.5)
    save(window, args.out, "14-statistics-workload")
    stats.tabs.setCurrentIndex(0)
    stats.open_cell("mediation_by_type", "neighbour", "cases_succeeded")
    settle(runner, 1.0)
    if stats.drill_dialog is not None:
        save(stats.drill_dialog, args.out, "13-statistics-records")
        stats.drill_dialog.close()

    window.search_box.clear()
    publicity = window.show_page("publicity")
    settle(runner, 1.2)
    window.open_record("publicity_activity", publicity.list.model.row_at(0).id)  # type: ignore[attr-defined]
    settle(runner, 1.2)
    save(window, args.out, "20-publicity")

    window.show_page("screening")  # the demo holds no screening: a new one's form
    settle(runner, 0.8)
    save(window, args.out, "19-screening-new")

    directory = window.show_page("providers")
    settle(runner, 0.8)
    directory.table.selectRow(2)  # type: ignore[attr-defined]
    settle(runner, 0.5)
    save(window, args.out, "21-service-directory")

    voided_and_locked(window, runner, args.out, case_id)

    window.show_page("operators")
    settle(runner, 1.0)
    save(window, args.out, "22-operators")

    for name, key in (("25-sync", "sync"), ("26-backup", "backup"), ("27-settings", "settings")):
        window.show_page(key)
        settle(runner, 1.0)
        save(window, args.out, name)
    window.open_record("aid_referral", "new")
    settle(runner, 1.0)
    save(window, args.out, "28-aid-new")
    window.open_record("consultation", "new")
    settle(runner, 1.0)
    save(window, args.out, "29-consultation-new")

    login_again = Startup(runner, argparse.Namespace(db=startup.path, demo=False,
                                                     demo_records=0))
    login_again.start()
    wait_until(lambda: login_again.login is not None)
    settle(runner)
    assert login_again.login is not None
    login_again.login.username.setText("demo")
    login_again.login.forgot_button.click()
    recover = login_again.login.recover_dialog
    assert recover is not None
    recover.code.setText("7KQ2M-")
    settle(runner, 0.3)
    save(recover, args.out, "23-recover-password")
    recover.reject()
    login_again.login.hide()

    window.close()
    runner.wait()
    startup.cleanup()
    setup_wizard_screens(args.out, runner)
    app = QApplication.instance()
    if app is not None:
        app.quit()
    return 0


def county_screenshots(out: Path) -> None:
    from workstation.demo.county import create_demo_county
    from workstation.ui.county.startup import CountyStartup

    with tempfile.TemporaryDirectory(prefix="workstation-county-") as folder:
        demo = create_demo_county(Path(folder), records=1500)
        demo.county.dispose()
        runner = TaskRunner()
        startup = CountyStartup(runner, demo.path)
        startup.start()
        wait_until(lambda: startup.window is not None)
        window = startup.window
        assert window is not None
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*WINDOW_SIZE)
        window.show()
        settle(runner, 1.5)
        save(window, out, "30-county-stations")

        page = window.show_page("import")
        page.start([str(demo.inbox)])  # type: ignore[attr-defined]
        wait_until(lambda: page.control is None)  # type: ignore[attr-defined]
        settle(runner, 1.0)
        save(window, out, "31-county-import")

        referrals = window.show_page("referrals")
        settle(runner, 1.2)
        save(window, out, "32-county-referrals")
        referrals.table.selectRow(0)  # type: ignore[attr-defined]
        referrals.decide_selected()  # type: ignore[attr-defined]
        dialog = referrals.decision_dialog  # type: ignore[attr-defined]
        dialog.choices["granted"].setChecked(True)
        dialog.save_button.click()  # no lawyer yet: the error shows under the field
        settle(runner, 0.6)
        save(dialog, out, "33-county-decision")
        dialog.reject()
        county_statistics(window, runner, out)

        window.show_page("stations")
        settle(runner, 1.0)
        window.close()
        runner.wait()
        startup.cleanup()


def county_statistics(window: QWidget, runner: TaskRunner, out: Path) -> None:
    """统计 over all stations of the demo county (this year), the records behind a bar with
    their stations, and one record read only."""
    from datetime import date

    from workstation.statistics.periods import Period

    page = window.show_page("statistics")  # type: ignore[attr-defined]
    settle(runner, 1.0)
    stats = page.view
    stats.picker.set_period(Period.year(date.today().year))
    stats.reload()
    wait_until(lambda: stats.report is not None and stats.report.period.kind == "year")
    settle(runner, 1.5)
    save(window, out, "34-county-statistics")
    stats.open_cell("mediation_by_type", "total", "cases_succeeded")
    wait_until(lambda: stats.drill_dialog is not None)
    settle(runner, 0.5)
    dialog = stats.drill_dialog
    dialog.resize(1180, 520)
    save(dialog, out, "35-county-statistics-records")
    dialog.open_row(0)
    wait_until(lambda: page.record_dialog is not None)
    settle(runner, 0.5)
    save(page.record_dialog, out, "36-county-record")
    page.record_dialog.close()
    dialog.close()


if __name__ == "__main__":
    raise SystemExit(main())
