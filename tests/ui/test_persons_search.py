"""Persons page (masked ID, audited full ID, history) and the search results page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import text

from workstation.domain.inputs import CaseInput, ConsultationInput, PartyInput
from workstation.services.consultations import register_consultation
from workstation.services.mediation import open_case
from workstation.services.persons import find_persons
from workstation.ui.pages.persons import PersonsPage
from workstation.ui.pages.search import KIND_ROLE, SearchPage


def seed(ctx, make_person):
    zhang = make_person("张三", 7, "male")
    li = make_person("李四", 8, "female")
    register_consultation(ctx.db, ctx.actor, ConsultationInput(
        occurred_at=datetime.now(UTC) - timedelta(hours=3), channel="walk_in", topic="wages",
        question="老板拖欠三个月工资怎么办？", handling_result="answered",
        answer="可以申请劳动仲裁。", person=zhang))
    case_id = open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="两家因排水沟堵塞发生争执。",
        registered_on=date.today() - timedelta(days=1),
        parties=(PartyInput(role="applicant", person=zhang),
                 PartyInput(role="respondent", person=li))))
    person_id = find_persons(ctx.db, zhang.id_number)[0].id
    return person_id, zhang, case_id


def scalar(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_persons_page_full_id_only_after_button_and_audited(qtbot, ui_ctx, ui_make_person):
    person_id, zhang, case_id = seed(ui_ctx, ui_make_person)
    page = PersonsPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=3000)
    assert page.open_record("person", person_id)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.heading.text() == "张三", timeout=3000)
    shown = detail.values["id_number"].text()
    assert shown != zhang.id_number and shown.endswith(zhang.id_number[-4:]) and "*" in shown
    assert scalar(ui_ctx.db, "SELECT count(*) FROM audit_entry WHERE action = 'view_id_number'"
                  ) == 0
    # History: the consultation and the case, newest first; opening emits open_record.
    qtbot.waitUntil(lambda: detail.history.topLevelItemCount() == 2, timeout=3000)
    kinds = {detail.history.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[0]
             for i in range(2)}
    assert kinds == {"consultation", "mediation_case"}
    case_row = next(detail.history.topLevelItem(i) for i in range(2)
                    if detail.history.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[0]
                    == "mediation_case")
    with qtbot.waitSignal(ui_ctx.signals.open_record, timeout=1000) as blocker:
        detail.history.itemActivated.emit(case_row, 0)
    assert blocker.args == ["mediation_case", case_id]

    detail.full_id_button.click()
    qtbot.waitUntil(lambda: detail.values["id_number"].text() == zhang.id_number, timeout=3000)
    assert detail.full_id_shown
    assert scalar(ui_ctx.db, "SELECT count(*) FROM audit_entry WHERE action = 'view_id_number'"
                  " AND record_id = :pid AND operator_id = :op", pid=person_id,
                  op=ui_ctx.actor.operator_id) == 1
    # Choosing another person (or coming back) shows the masked number again.
    other = next(page.list.model.row_at(i).id for i in range(2)
                 if page.list.model.row_at(i).id != person_id)
    page.show_person(other)
    qtbot.waitUntil(lambda: detail.heading.text() == "李四", timeout=3000)
    page.show_person(person_id)
    qtbot.waitUntil(lambda: detail.heading.text() == "张三", timeout=3000)
    assert "*" in detail.values["id_number"].text()


def test_persons_list_selection_shows_person(qtbot, ui_ctx, ui_make_person):
    seed(ui_ctx, ui_make_person)
    page = PersonsPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=3000)
    page.list.view.selectRow(1)
    name = page.list.model.row_at(1).title
    qtbot.waitUntil(lambda: page.detail.heading.text() == name, timeout=3000)


def test_search_page_case_number_and_pinyin(qtbot, ui_ctx, ui_make_person):
    person_id, _zhang, case_id = seed(ui_ctx, ui_make_person)
    number = scalar(ui_ctx.db, "SELECT number FROM mediation_case WHERE id = :id", id=case_id)
    page = SearchPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()

    page.search(number)
    qtbot.waitUntil(lambda: page.result_count() > 0, timeout=3000)
    assert page.hits[0].record_id == case_id
    group = page.results.topLevelItem(0)
    assert group.data(0, KIND_ROLE) == "mediation_case"
    assert group.text(0) == page.kind_label("mediation_case") + "（1）"
    assert group.child(0).text(0) == number
    with qtbot.waitSignal(ui_ctx.signals.open_record, timeout=1000) as blocker:
        qtbot.keyClick(page.results, Qt.Key.Key_Return)
    assert blocker.args == ["mediation_case", case_id]

    page.search("zs")
    qtbot.waitUntil(lambda: page.query == "zs" and any(
        hit.record_type == "person" for hit in page.hits), timeout=3000)
    kinds = [page.results.topLevelItem(i).data(0, KIND_ROLE) for i in
             range(page.results.topLevelItemCount())]
    assert kinds[0] == "person"  # persons first, then the records they appear in
    assert "consultation" in kinds and "mediation_case" in kinds
    person_item = page.results.topLevelItem(0).child(0)
    assert person_item.text(0) == "张三"
    assert "********" in person_item.text(4)  # masked ID only
    with qtbot.waitSignal(ui_ctx.signals.open_record, timeout=1000) as blocker:
        page.results.itemActivated.emit(person_item, 0)
    assert blocker.args == ["person", person_id]


def test_search_page_nothing_found_and_stale_results(qtbot, ui_ctx, ui_make_person):
    seed(ui_ctx, ui_make_person)
    page = SearchPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.search("zs")
    page.search("qqqqzzz")  # issued before the first one's results arrive
    ui_ctx.runner.wait()
    qtbot.waitUntil(lambda: "qqqqzzz" in page.status.text(), timeout=3000)
    assert page.result_count() == 0
    assert page.results.topLevelItemCount() == 0
    # Delivering an old generation's results changes nothing.
    page._show(page._generation - 1, ["stale"])
    assert page.result_count() == 0
