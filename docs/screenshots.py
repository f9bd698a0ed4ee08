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

Last, the sync recovery story on the demo county's 海港镇 station (``recovery_story``, real
services throughout): the county reports three records it holds differently, the station
restores a backup after it had sent more bundles (the restore confirmation warns), a clerk
logs in again (同步 page: the new round and the conflicts, the conflicts dialog), the station
sends everything again while the county distributes a newer program version, the admin sets up
online upload (its box, the status bar note), and the county console's 站点 page shows the
station in its second round with open conflicts and an older version. ``--only sync`` takes
just these shots (37-42).

Then 首问负责 and the citizens' rating on the demo station (``handling_screens``, 43-46): a
replied 12348 order with its responsibility panel, a consultation with its 首问责任人 /
当前承办人 and links, the workbench's 我负责的未结事项, and the rating screen (the whole screen)
after 请群众评价……; and on the demo county its login (as its admin, the demo user) and its
操作日志 (47-48).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
#: The whole screen (the citizens' rating screen covers it).
SCREEN_SIZE = (1366, 768)
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
    parser.add_argument("--only", choices=("station", "county", "sync"))
    parser.add_argument("--size", help="screen size, e.g. 1366x768 or 1024x768")
    parser.add_argument("--text", choices=("normal", "large", "larger"),
                        help="text size: 标准 (normal), 大 (large), 特大 (larger)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    app = create_application([])
    global WINDOW_SIZE, SCREEN_SIZE, SUFFIX
    if args.size or args.text:
        from workstation.ui.appearance import apply_text_size

        width, height = (int(n) for n in (args.size or "1366x768").lower().split("x"))
        WINDOW_SIZE = (width, height - TASK_BAR - TITLE_BAR)
        SCREEN_SIZE = (width, height)
        apply_text_size(app, args.text or "normal")
        SUFFIX = f"-{width}x{height}-{args.text or 'normal'}"
    if args.only in (None, "station"):
        station_screenshots(args)
    if args.only in (None, "county", "sync"):
        county_screenshots(args.out, story_only=args.only == "sync")
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
    handling_screens(window, runner, args.out)

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


# --- 首问负责, 12348 orders and the citizens' rating (shots 43-46) ----------------------------


def _scroll_to(widget: QWidget) -> None:
    """Scroll the first scroll area holding ``widget`` so that it shows."""
    from PySide6.QtWidgets import QScrollArea

    area = widget.parent()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parent()
    if area is not None:
        area.ensureWidgetVisible(widget, 0, 0)
        area.horizontalScrollBar().setValue(0)  # a page scrolled sideways shows as it is


def _demo_ids(db: Any) -> tuple[str, str]:
    """A replied 12348 order that answers a consultation, and a consultation of the demo
    that names an order and the case or application it led to (else any linked one)."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        order = conn.execute(text(
            "SELECT w.id FROM work_order w WHERE w.replied_on IS NOT NULL "
            "AND w.consultation_id IS NOT NULL "
            "ORDER BY EXISTS (SELECT 1 FROM handover h WHERE h.record_id = w.id) DESC, "
            "w.replied_on DESC LIMIT 1")).scalar_one()
        consultation = conn.execute(text(
            "SELECT l.from_id FROM record_link l WHERE l.from_type = 'consultation' "
            "ORDER BY EXISTS (SELECT 1 FROM work_order w WHERE w.consultation_id = l.from_id) "
            "DESC, l.created_at DESC LIMIT 1")).scalar_one()
    return str(order), str(consultation)


def handling_screens(window: Any, runner: TaskRunner, out: Path) -> None:
    """12348工单 with a replied order and its responsibility panel; a consultation's
    首问责任人 / 当前承办人 and links; the workbench's 我负责的未结事项; the rating screen."""
    order_id, consultation_id = _demo_ids(window.ctx.db)
    page = window.show_page("work_orders")
    settle(runner, 1.0)
    window.open_record("work_order", order_id)
    wait_until(lambda: page.form.order_id == order_id)
    settle(runner, 1.0)
    _scroll_to(page.form.responsibility)
    settle(runner, 0.3)
    save(window, out, "43-work-orders")

    window.open_record("consultation", consultation_id)
    settle(runner, 1.5)
    view = window.page("consultations").view  # the read-only view of a saved consultation
    _scroll_to(view.responsibility)
    settle(runner, 0.3)
    save(window, out, "44-consultation-responsibility")

    dashboard = window.show_page("dashboard")
    settle(runner, 1.5)
    dashboard.my_work.setCurrentIndex(0)
    _scroll_to(dashboard.my_work)
    settle(runner, 0.3)
    save(window, out, "45-my-work")

    from workstation.ui.rating_screen import RELEASED, RatingScreen

    window.open_record("consultation", consultation_id)
    settle(runner, 1.0)
    view.rate_button.click()  # 请群众评价……
    wait_until(lambda: any(isinstance(w, RatingScreen) and w.isVisible()
                           for w in QApplication.topLevelWidgets()))
    [screen] = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, RatingScreen) and w.isVisible()]
    screen.showNormal()  # the whole screen of the size asked for (offscreen has its own)
    screen.resize(*SCREEN_SIZE)
    settle(runner, 0.8)
    save(screen, out, "46-rating-screen")
    screen.outcome = RELEASED  # as after the operator's password
    screen.finish()
    settle(runner, 0.3)


def county_screenshots(out: Path, story_only: bool = False) -> None:
    from workstation.demo.county import create_demo_county
    from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME
    from workstation.ui.county.startup import CountyStartup

    with tempfile.TemporaryDirectory(prefix="workstation-county-") as folder:
        demo = create_demo_county(Path(folder), records=1500)
        demo.county.dispose()
        runner = TaskRunner()
        startup = CountyStartup(runner, demo.path)
        startup.start()
        wait_until(lambda: startup.login_dialog is not None)
        login = startup.login_dialog
        if not story_only:
            save(login, out, "47-county-login")
        login.username.setText(DEMO_USERNAME)  # the demo county's admin
        login.password.setText(DEMO_PASSWORD)
        login.try_login()
        wait_until(lambda: startup.window is not None)
        window = startup.window
        assert window is not None
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*WINDOW_SIZE)
        window.show()
        settle(runner, 1.5)
        if not story_only:
            save(window, out, "30-county-stations")

        page = window.show_page("import")
        page.start([str(demo.inbox)])  # type: ignore[attr-defined]
        wait_until(lambda: page.control is None)  # type: ignore[attr-defined]
        settle(runner, 1.0)
        if not story_only:
            save(window, out, "31-county-import")
            county_pages(window, runner, out)
            window.show_page("audit")  # the admin's own login and the import are in it
            settle(runner, 1.5)
            save(window, out, "48-county-audit-log")

        recovery_story(demo, Path(folder), out)
        stations = window.show_page("stations")
        stations.refresh()  # type: ignore[attr-defined]
        settle(runner, 1.5)
        save(window, out, "42-county-stations-recovery")
        window.close()
        runner.wait()
        startup.cleanup()


def county_pages(window: QWidget, runner: TaskRunner, out: Path) -> None:
    """转介 (with a decision dialog) and 统计 of the demo county."""
    referrals = window.show_page("referrals")  # type: ignore[attr-defined]
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

# --- the sync recovery story (shots 37-42) ----------------------------------------------------

#: The demo station of the story (海港镇), and the address its admin types for online upload
#: (no network here: the upload waits for it, as at a station whose line is down).
STORY_STATION = "130302100000"
STORY_URL = "https://gfzx.haigang.example:8443"
STORY_PIN = "3f9a1c0e7b5d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468"


def _county_holds_differently(county: Any, table: str, record_id: str, bump: int,
                              **changes: Any) -> None:
    """The county's copy of a record differs from the station's (as when the county center
    corrected it): ``bump`` 0 = same version number, other content; 1 = a newer version."""
    import json

    from sqlalchemy import select, update

    from workstation.county.db import RECORDS

    rec = RECORDS[table]
    with county.write() as conn:
        version, data = conn.execute(select(rec.c.version, rec.c.data)
                                     .where(rec.c.id == record_id)).one()
        data = json.loads(data)
        data.update({k: v for k, v in changes.items() if k in data}, version=version + bump)
        conn.execute(update(rec).where(rec.c.id == record_id).values(
            version=version + bump, data=json.dumps(data, ensure_ascii=False)))


def _recent(db: Any, table: str, after: int) -> str:
    """A record of ``table`` changed after change-log entry ``after`` (sent, not confirmed)."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return str(conn.execute(text(
            "SELECT record_id FROM change_log WHERE table_name = :t AND seq > :s "
            "ORDER BY seq DESC LIMIT 1"), {"t": table, "s": after}).scalar_one())


def _newer_version() -> str:
    from packaging.version import Version

    from workstation.version import program_version

    try:
        running = Version(program_version())
    except ValueError:
        return "1.0.0"
    return f"{running.major}.{running.minor + 1}.0"


def recovery_story(demo: Any, folder: Path, out: Path) -> None:
    """海港镇: conflicts, a restore after bundles were sent, a new round, online upload."""
    from sqlalchemy import text

    from workstation.county import service
    from workstation.county.importer import import_bundle
    from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME, generate_demo
    from workstation.services import backup
    from workstation.services.printing import first_admin
    from workstation.storage.engine import open_database
    from workstation.sync import station as sync
    from workstation.ui.dialogs.restore import RestoreConfirmDialog

    county = demo.county
    sent, acks, backups = folder / "story-sent", folder / "story-acks", folder / "backups"
    for path in (sent, acks, backups):
        path.mkdir(exist_ok=True)
    path = demo.stations[STORY_STATION]
    db = open_database(path)
    actor = first_admin(db)

    def round_trip() -> Any:
        [bundle_path] = sync.export(db, sent)
        summary = import_bundle(county, bundle_path, ack_dir=acks)
        assert summary.ack_path is not None
        return sync.import_ack(db, summary.ack_path)

    # The county center already holds the bundle with the station's latest work (imported on
    # the console's 导入 page) and corrected three of its records: the next bundle of the
    # station, which repeats them (not yet confirmed), meets them as conflicts.
    with db.engine.connect() as conn:
        acked = int(conn.execute(text("SELECT last_acked_change_seq FROM sync_state"))
                    .scalar_one())
    _county_holds_differently(county, "person", _recent(db, "person", acked), 0,
                              phone="13803351762", address="海港镇东港村三组 12 号")
    _county_holds_differently(county, "consultation", _recent(db, "consultation", acked), 1,
                              answer="已告知可向镇人民调解委员会申请调解。",
                              reply="已告知可向镇人民调解委员会申请调解。")
    _county_holds_differently(county, "mediation_case", _recent(db, "mediation_case", acked),
                              1, facts="双方因宅基地界线发生争执，县级中心补充了现场勘查情况。")
    assert round_trip().conflicts_open >= 2
    made = backup.backup_now(db, actor, backups)  # the evening's automatic backup
    generate_demo(db, 12, seed=31)  # the next days' work, sent to the county
    round_trip()
    generate_demo(db, 6, seed=32)
    round_trip()
    # The PC is replaced; the station restores last week's backup.
    prepared = backup.prepare_restore(path, db.key, actor, made.path)
    runner = TaskRunner()
    dialog = RestoreConfirmDialog(prepared, prepared.manifest.station_name)
    dialog.show()
    settle(runner, 0.5)
    save(dialog, out, "37-restore-confirm")
    dialog.reject()
    backup.restore_backup(prepared, actor, db.key, db=db)
    service.set_notice(county, _newer_version(),
                       "新版本改进了在线上传，请到县级中心领取安装包。")

    startup = Startup(runner, argparse.Namespace(db=path, demo=False, demo_records=0))
    startup.start()
    wait_until(lambda: startup.login is not None)
    login = startup.login
    assert login is not None
    login.username.setText(DEMO_USERNAME)
    login.password.setText(DEMO_PASSWORD)
    login.try_login()
    wait_until(lambda: startup.window is not None)
    window = startup.window
    assert window is not None
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*WINDOW_SIZE)
    page = window.show_page("sync")
    settle(runner, 1.5)
    save(window, out, "38-sync-recovery")

    conflicts = page.conflicts_panel.open_dialog()
    wait_until(lambda: conflicts.model.rowCount() > 0)
    settle(runner, 0.5)
    save(conflicts, out, "39-sync-conflicts")
    conflicts.close()

    # The station sends everything again (round 2); the county's acknowledgement carries
    # the conflicts still open and the newest program version.
    station_db = window.ctx.db
    [full] = sync.export(station_db, sent)
    summary = import_bundle(county, full, ack_dir=acks)
    assert summary.ack_path is not None
    result = sync.import_ack(station_db, summary.ack_path)
    page.version_notice.show_notice(result.version_notice)
    window.refresh_unsynced()  # the page refreshes itself; the status bar on a save

    from workstation.sync import uploader

    uploader.save_settings(station_db, window.ctx.actor, enabled=True, url=STORY_URL,
                           pin_sha256=STORY_PIN)
    page.activated()
    settle(runner, 1.0)
    box = page.upload_box
    box.upload()
    wait_until(lambda: not box.busy, timeout=120)
    settle(runner, 1.5)
    from PySide6.QtWidgets import QScrollArea

    area = page.parent()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parent()
    if area is not None:
        area.ensureWidgetVisible(box, 0, 0)
    settle(runner, 0.5)
    save(window, out, "40-sync-upload")
    save(window.statusBar(), out, "41-status-upload")
    window.close()
    runner.wait()
    startup.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
