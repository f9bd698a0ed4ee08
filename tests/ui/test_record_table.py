"""The lazy, sortable list model: Qt's model contract (qtmodeltester), paging and filters."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import select, text

from workstation.demo.generator import generate_demo
from workstation.services.listing import ListQuery
from workstation.storage.models import Consultation
from workstation.ui.models.record_table import PAGE_SIZE, RecordTableModel

WAIT_MS = 15_000


def sql_count(db: Any, sql: str, **params: Any) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def wait_loaded(qtbot: Any, model: RecordTableModel, action: Any) -> None:
    with qtbot.waitSignal(model.loaded, timeout=WAIT_MS):
        action()


def fetch_all(qtbot: Any, model: RecordTableModel) -> None:
    """Fetch page after page (as a view scrolled to the end would) until all are loaded."""
    while True:
        qtbot.waitUntil(lambda: not model.busy, timeout=WAIT_MS)
        if not model.canFetchMore(QModelIndex()):
            return
        model.fetchMore(QModelIndex())


def column_values(model: RecordTableModel, key: str) -> list[str]:
    column = [c.key for c in model.columns].index(key)
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.mark.qt_log_level_fail("WARNING")  # the C++ tester reports failures as warnings
@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
@pytest.mark.parametrize("kind", ["consultations", "mediations", "referrals", "persons"])
def test_model_contract_through_load_fetch_and_sort(qtbot: Any, qtmodeltester: Any, ui_ctx: Any,
                                                     kind: str, force_py: bool) -> None:
    generate_demo(ui_ctx.db, 400, seed=1)
    model = RecordTableModel(ui_ctx, ListQuery(kind=kind))

    def check() -> None:
        # The Python tester stays connected and rechecks after every signal (reset, rows
        # inserted); Qt's tester runs all its checks once more on each call.
        if not force_py or not checked:
            qtmodeltester.check(model, force_py=force_py)
            checked.append(True)

    checked: list[bool] = []
    check()  # empty, before the first load

    wait_loaded(qtbot, model, model.reload)
    total = sql_count(ui_ctx.db, "SELECT count(*) FROM " + {
        "consultations": "consultation", "mediations": "mediation_case",
        "referrals": "aid_referral", "persons": "person"}[kind])
    assert model.total == total > 0
    assert model.rowCount() == min(PAGE_SIZE, total)
    check()

    fetch_all(qtbot, model)
    assert model.rowCount() == total
    assert not model.canFetchMore(QModelIndex())
    check()

    number = [c.key for c in model.columns].index("number")
    wait_loaded(qtbot, model, lambda: model.sort(number, Qt.SortOrder.AscendingOrder))
    assert model.query.sort_key == "number" and not model.query.descending
    check()
    fetch_all(qtbot, model)
    assert model.rowCount() == total
    check()
    ids = [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole)
           for r in range(model.rowCount())]
    assert len(set(ids)) == total  # pages neither overlap nor leave gaps
    if kind != "persons":  # by serial number, as SQL orders them
        table = {"consultations": "consultation", "mediations": "mediation_case",
                 "referrals": "aid_referral"}[kind]
        with ui_ctx.db.engine.connect() as conn:
            expected = [row[0] for row in conn.execute(text(
                f"SELECT id FROM {table} ORDER BY station_id, year, seq, id"))]
        assert ids == expected

def test_consultations_sort_by_date_both_ways(qtbot: Any, ui_ctx: Any) -> None:
    generate_demo(ui_ctx.db, 400, seed=1)
    model = RecordTableModel(ui_ctx, ListQuery(kind="consultations"))
    wait_loaded(qtbot, model, model.reload)
    column = [c.key for c in model.columns].index("date")
    fetch_all(qtbot, model)
    newest_first = [r.when for r in model.rows]
    newest_ids = [r.id for r in model.rows]
    assert newest_first == sorted(newest_first, reverse=True)
    wait_loaded(qtbot, model, lambda: model.sort(column, Qt.SortOrder.AscendingOrder))
    fetch_all(qtbot, model)
    oldest_first = [r.when for r in model.rows]
    assert oldest_first == sorted(oldest_first)
    assert [r.id for r in model.rows] == newest_ids[::-1]  # ties broken by id both ways

@pytest.fixture
def big_list(qtbot: Any, ui_ctx: Any) -> Any:
    """A shown consultations ``RecordList`` over about a thousand consultations."""
    from workstation.ui.widgets.record_list import RecordList

    generate_demo(ui_ctx.db, 1700, seed=2)
    widget = RecordList(ui_ctx, "consultations", status_enum=_enum("HandlingResult"),
                        type_enum=_enum("ConsultationTopic"), new_label="")
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    wait_loaded(qtbot, widget.model, widget.load)
    return widget


def _enum(name: str) -> Any:
    from workstation.domain import enums

    return getattr(enums, name)


def test_only_the_first_page_is_loaded_and_scrolling_fetches_more(qtbot: Any, ui_ctx: Any,
                                                                   big_list: Any) -> None:
    model = big_list.model
    total = sql_count(ui_ctx.db, "SELECT count(*) FROM consultation")
    assert total >= 1000
    assert model.total == total
    assert model.rowCount() == PAGE_SIZE  # lazily: one page, not the whole table
    assert str(total) in big_list.count_label.text()

    bar = big_list.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)
    bar.setValue(bar.maximum())  # the view asks the model for more at the bottom
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE, timeout=WAIT_MS)
    qtbot.wait(100)
    assert model.rowCount() == 2 * PAGE_SIZE  # one more page, not everything
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: model.rowCount() == 3 * PAGE_SIZE, timeout=WAIT_MS)
    ids = [r.id for r in model.rows]
    assert len(set(ids)) == len(ids)


def test_filters_match_sql_counts(qtbot: Any, ui_ctx: Any, big_list: Any) -> None:
    model, db = big_list.model, ui_ctx.db

    def choose(box: Any, index: int) -> None:
        wait_loaded(qtbot, model, lambda: box.setCurrentIndex(index))

    # status (handling result): the most common one and a rarer one
    with db.engine.connect() as conn:  # closed here, not by the garbage collector
        statuses = [row[0] for row in conn.execute(text(
            "SELECT handling_result FROM consultation GROUP BY handling_result "
            "ORDER BY count(*) DESC")).all()]
    assert len(statuses) >= 2
    for code in (statuses[0], statuses[-1]):
        choose(big_list.status_box, big_list.status_box.findData(code))
        expected = sql_count(db, "SELECT count(*) FROM consultation WHERE handling_result = :c",
                             c=code)
        assert model.total == expected > 0
        assert model.rowCount() == min(PAGE_SIZE, expected)
        assert {r.status for r in model.rows} == {code}

    # status and type together
    with db.engine.connect() as conn:
        topic = conn.execute(text(
            "SELECT topic FROM consultation WHERE handling_result = :c GROUP BY topic "
            "ORDER BY count(*) DESC"), {"c": statuses[-1]}).first()[0]
    choose(big_list.type_box, big_list.type_box.findData(topic))
    expected = sql_count(db, "SELECT count(*) FROM consultation WHERE handling_result = :c "
                             "AND topic = :t", c=statuses[-1], t=topic)
    assert model.total == expected > 0

    # type alone
    choose(big_list.status_box, 0)
    expected = sql_count(db, "SELECT count(*) FROM consultation WHERE topic = :t", t=topic)
    assert model.total == expected

    # dates (local days, inclusive): counted here from the stored instants
    choose(big_list.type_box, 0)
    with db.read() as session:
        days = [t.astimezone().date() for t in session.scalars(select(Consultation.occurred_at))]
    start, end = date.today() - timedelta(days=60), date.today() - timedelta(days=20)
    from workstation.ui.widgets.forms import date_to_qdate

    wait_loaded(qtbot, model, lambda: big_list.use_dates.setChecked(True))
    wait_loaded(qtbot, model, lambda: big_list.date_from.setDate(date_to_qdate(start)))
    wait_loaded(qtbot, model, lambda: big_list.date_to.setDate(date_to_qdate(end)))
    expected = sum(1 for d in days if start <= d <= end)
    assert model.total == expected > 0
    fetch_all(qtbot, model)
    assert all(start <= r.date <= end for r in model.rows)

    wait_loaded(qtbot, model, lambda: big_list.use_dates.setChecked(False))
    assert model.total == len(days)
